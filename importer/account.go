package importer

import (
	"context"
	"fmt"
	"strings"

	"closer"
)

// importAccounts checks every row of an accounts file and returns what
// writes them.
//
// One company is one account however many rows name it (a file of contacts
// repeats it on each of theirs), and whatever its phone on each: rows of the
// same name (case aside) whose cities are the same (case and accents aside)
// or of which one has no city are one account, with the first city and the
// first phone the rows give; a different phone on a later row is counted as
// not kept. Homonyms in two different cities are two accounts. A repeating
// row that gives another website, note or owner is listed in the report
// (noteRepeated): two customers of one name and town, without a phone, are
// one account to an import, and the user must hear of it. An account of
// the org found so is left as it is (Unchanged); a row without a city that
// could be any of several homonyms in different cities is a problem.
//
// As importOpportunities does, the accounts are built again from their rows
// to be written rather than kept between the check and the write (a
// million rows would hold an Account each beside the table): the check
// keeps, per account to create, the lines that give it its name, its city
// and its phone.
func importAccounts(ctx context.Context, c *columns, res *resolver, t *Table, rep *Report, progress func(Progress)) func() error {
	f := c.fields
	known := map[string][]*accountGroup{} // name's closer.NameKey → the org's and the file's accounts of that name
	var created []accountRows
	check := newPace(ctx, progress, PhaseChecking, len(t.Rows))
	for i := range t.Rows {
		if check.stop(i) {
			return nil
		}
		r := &t.Rows[i]
		a := closer.Account{Name: f["name"].text(r), City: f["city"].text(r), Phone: f["phone"].text(r),
			Website: f["website"].text(r), Note: f["note"].note(r)}
		if err := a.Validate(); err != nil {
			rep.problem(*rowProblem(r, f[closer.ErrorField(err)], err))
			continue
		}
		key := closer.NameKey(a.Name)
		groups, seen := known[key]
		if !seen {
			for _, x := range res.b.AccountsNamed(a.Name) {
				groups = append(groups, &accountGroup{city: x.City, phone: x.Phone, existing: true})
			}
		}
		g, others := sameAccount(groups, a.City, a.Phone)
		switch {
		case others != nil:
			rep.problem(Problem{Line: r.Line, Field: "city", Value: a.Name}.because(
				"%d accounts are named «%s» (%s): give the row its city", len(others), a.Name, strings.Join(others, ", ")))
			continue
		case g == nil:
			var err error
			if a.OwnerID, err = res.rowOwner(c, r); err != nil {
				rep.problem(*ownerProblem(c, r, err))
				continue
			}
			g = &accountGroup{city: a.City, phone: a.Phone, created: len(created)}
			created = append(created, accountRows{first: int32(i), city: int32(i), phone: int32(i)})
			known[key] = append(groups, g)
			continue
		}
		known[key] = groups
		switch {
		case g.existing && !g.used:
			rep.Unchanged++ // nor is its owner created
		default:
			rep.Repeated++
		}
		g.used = true
		if g.existing {
			continue // left as it is
		}
		noteRepeated(c, &t.Rows[created[g.created].first], r, rep)
		if cr := &created[g.created]; g.city == "" {
			g.city, cr.city = a.City, int32(i)
		}
		if cr := &created[g.created]; g.phone == "" {
			g.phone, cr.phone = a.Phone, int32(i)
		}
	}
	check.done()
	return func() error {
		write := newPace(ctx, progress, PhaseWriting, len(created))
		var a closer.Account
		for i, cr := range created {
			if write.stop(i) {
				return ctx.Err()
			}
			r := &t.Rows[cr.first]
			a = closer.Account{Name: f["name"].text(r), City: f["city"].text(&t.Rows[cr.city]), Phone: f["phone"].text(&t.Rows[cr.phone]),
				Website: f["website"].text(r), Note: f["note"].note(r)}
			owner, err := res.rowOwner(c, r)
			if err == nil {
				err = a.Validate()
			}
			if err != nil {
				return fmt.Errorf("line %d: checked, then refused: %w", r.Line, err)
			}
			a.OwnerID = res.id(owner)
			if err := res.b.AddAccount(&a); err != nil {
				return fmt.Errorf("account %q: %w", a.Name, err)
			}
			rep.Imported++
		}
		write.done()
		return nil
	}
}

// accountRows are the rows of an account the import creates, indexes in
// the table: the first that names it (its name, owner, website and note),
// and those that give its city and its phone, the first rows of its name
// that fill them.
type accountRows struct {
	first, city, phone int32
}

// accountGroup is one account of a name: the org's (existing) or one the
// file creates (account).
type accountGroup struct {
	city, phone string
	existing    bool
	used        bool // a row named it already
	created     int  // of an account the file creates: its index among those
}

// sameAccount returns the account among groups that a row of city and
// phone names: the first of that city (case and accents aside), else the
// only one whose city or the row's is empty; nil when none is (a homonym
// elsewhere, or a new name). Only an account whose phone is the row's
// (samePhone: however written) or that either leaves empty can be it: two
// households named alike in one town are two customers, one company whose
// phone is written two ways is one. A row without a city that several
// accounts of different cities could be returns their cities in others
// instead.
func sameAccount(groups []*accountGroup, city, phone string) (g *accountGroup, others []string) {
	key := closer.SortKey(strings.TrimSpace(city))
	var loose []*accountGroup
	for _, x := range groups {
		if x.phone != "" && strings.TrimSpace(phone) != "" && !samePhone(x.phone, phone) {
			continue
		}
		switch xk := closer.SortKey(strings.TrimSpace(x.city)); {
		case xk == key:
			return x, nil
		case xk == "" || key == "":
			loose = append(loose, x)
		}
	}
	switch {
	case len(loose) == 0:
		return nil, nil
	case len(loose) == 1 || key != "":
		return loose[0], nil // several without a city: the first, as the org's own homonyms
	}
	for _, x := range loose {
		others = append(others, x.city)
	}
	return nil, others
}

// samePhone reports whether two phone numbers are one: the same digits,
// whatever the spaces, dots and dashes, or the same national number with
// and without its country code ("+33 1 23 45 67 89", "01.23.45.67.89").
func samePhone(a, b string) bool {
	da, db := phoneDigits(a), phoneDigits(b)
	if len(da) < len(db) {
		da, db = db, da
	}
	if da == db {
		return true
	}
	// da is the longer: a country code of 1 to 3 digits before the
	// number db writes without its leading trunk 0.
	national := strings.TrimPrefix(db, "0")
	return len(national) >= 6 && strings.HasSuffix(da, national) && len(da)-len(national) <= 3
}

// phoneDigits returns the digits of a phone number, without the 00 that
// dials abroad.
func phoneDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return strings.TrimPrefix(b.String(), "00")
}
