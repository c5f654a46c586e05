package importer

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"closer"
)

// importContacts checks every row of a contacts file and returns what
// writes them. The account is found by name (and city and phone, when the
// row gives them: see accountAt), created when unknown; an owner by name or
// e-mail, created when unknown.
//
// A contact the org already has, at the same account under the same name
// (case aside; among homonyms, the one of the row's e-mail or one without
// any) or with the same e-mail, is left as it is and counted as unchanged:
// the import never writes over a contact's personal data, nor fills again
// what an erasure blanked. A row that names no account finds its contact
// by e-mail at any account. One e-mail at two accounts is two contacts, as
// the domain has them (a property manager, an architect, one household's
// member is the contact of several accounts), and two contacts of one name
// at one account with different e-mails are two people (a household,
// namesakes), as the API allows: a file of them (the org's own export)
// imports as they are. The same contact twice in the file (same account
// and e-mail, or same account and name with the same e-mail or one
// missing) is a problem, and so is an erased contact's row that gives an
// e-mail, a phone or a job title: the export of an erased contact holds
// none.
//
// As importOpportunities does, the contacts are built again from their rows
// to be written rather than kept between the check and the write: the
// check keeps the rows' indexes, and the resolver answers the same owner
// and account for the same row.
func importContacts(ctx context.Context, c *columns, res *resolver, t *Table, rep *Report, progress func(Progress)) func() error {
	f := c.fields
	byName := map[contactKey][]namedContact{} // account and name → the rows of that name
	byEmail := map[contactKey]int{}           // account and lower-case e-mail → line
	var rows []int32                          // of the contacts to write
	check := newPace(ctx, progress, PhaseChecking, len(t.Rows))
	for i := range t.Rows {
		if check.stop(i) {
			return nil
		}
		r := &t.Rows[i]
		ct := closer.Contact{Name: f["name"].text(r), Email: f["email"].text(r), Phone: f["phone"].text(r), JobTitle: f["job_title"].text(r)}
		if err := ct.Validate(); err != nil {
			rep.problem(*rowProblem(r, f[closer.ErrorField(err)], err))
			continue
		}
		if closer.IsErasedContactName(ct.Name) && (ct.Email != "" || ct.Phone != "" || ct.JobTitle != "") {
			rep.problem(Problem{Line: r.Line, Field: "name", Value: ct.Name}.because("an erased contact keeps no e-mail, phone or job title: leave them empty, or give the contact a name"))
			continue
		}
		var err error
		if ct.OwnerID, err = res.rowOwner(c, r); err != nil {
			rep.problem(*ownerProblem(c, r, err))
			continue
		}
		if ct.AccountID, err = res.accountAt(f["account"].text(r), f["account_city"].text(r), f["account_phone"].text(r), c.locatesAccounts(), ct.OwnerID); err != nil {
			rep.problem(*rowProblem(r, f["account"], err))
			continue
		}
		if ct.Email != "" {
			key := contactKey{account: ct.AccountID, email: strings.ToLower(ct.Email)}
			if line, dup := byEmail[key]; dup {
				rep.problem(Problem{Line: r.Line, Field: "email", Value: ct.Email}.because("the contact is already on line %d (same account, same e-mail)", line))
				continue
			}
			byEmail[key] = r.Line
		}
		key := contactKey{account: ct.AccountID, name: closer.NameKey(ct.Name)}
		if line := sameContact(byName[key], ct.Email); line != 0 {
			rep.problem(Problem{Line: r.Line, Field: "name", Value: ct.Name}.because("the contact is already on line %d (same account, same name)", line))
			continue
		}
		byName[key] = append(byName[key], namedContact{strings.ToLower(ct.Email), r.Line})
		// The org's contact of that e-mail at that account, or anywhere
		// for a row that names no account.
		if id, err := res.b.ContactByEmail(ct.Email, ct.AccountID); err != nil {
			return func() error { return err }
		} else if id != 0 {
			rep.Unchanged++
			continue
		}
		if id, err := res.b.ContactAt(ct.AccountID, ct.Name, ct.Email); err != nil {
			return func() error { return err }
		} else if id != 0 {
			rep.Unchanged++
			continue
		}
		rows = append(rows, int32(i))
	}
	check.done()
	return func() error {
		write := newPace(ctx, progress, PhaseWriting, len(rows))
		var ct closer.Contact
		for i, row := range rows {
			if write.stop(i) {
				return ctx.Err()
			}
			r := &t.Rows[row]
			ct = closer.Contact{Name: f["name"].text(r), Email: f["email"].text(r), Phone: f["phone"].text(r), JobTitle: f["job_title"].text(r)}
			err := ct.Validate()
			if err == nil {
				ct.OwnerID, err = res.rowOwner(c, r)
			}
			if err == nil {
				ct.AccountID, err = res.accountAt(f["account"].text(r), f["account_city"].text(r), f["account_phone"].text(r), c.locatesAccounts(), ct.OwnerID)
			}
			if err != nil {
				return fmt.Errorf("line %d: checked, then refused: %w", r.Line, err)
			}
			ct.AccountID, ct.OwnerID = res.id(ct.AccountID), res.id(ct.OwnerID)
			if err := res.b.AddContact(&ct); err != nil {
				return fmt.Errorf("contact %s: %w", strconv.Quote(ct.Name), err)
			}
			rep.Imported++
		}
		write.done()
		return nil
	}
}

// namedContact is a row of the file that names a contact, by its e-mail.
type namedContact struct {
	email string // lower case
	line  int
}

// sameContact returns the line of the row among rows (of one name at one
// account) that names the contact a row of that e-mail does: the same
// address, or no address on either; 0 when none does.
func sameContact(rows []namedContact, email string) int {
	email = strings.ToLower(email)
	for _, x := range rows {
		if x.email == email || x.email == "" || email == "" {
			return x.line
		}
	}
	return 0
}
