package sqlstore

import (
	"database/sql"
	"strings"

	"closer"
)

// What an import of Closer's own exports looks up to find a record again
// in another org: the opportunities of one title (an order names its
// opportunity by title, and a move's orders tell same-titled ones apart by
// their detection and close dates and amount), and the contacts by e-mail
// (a contact of the org is not imported twice).

// OpportunitiesTitled lists the org's opportunities whose title is title,
// case aside, the oldest first, with their close date and amount. They
// are read by their stored title key, then compared as names are
// (closer.SameName: case aside, however written).
func (b *bulk) OpportunitiesTitled(title string) ([]closer.OpportunityRef, error) {
	if err := b.wait(); err != nil {
		return nil, err
	}
	rows, err := b.tx.QueryContext(b.ctx, `SELECT id, COALESCE(account_id, 0), owner_id, title, status, detected_on, closed_on, amount
		FROM opportunities WHERE org_id = $1 AND title_key = $2 ORDER BY id`, b.org.ID, closer.SortKey(title))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []closer.OpportunityRef
	for rows.Next() {
		var o closer.OpportunityRef
		var amount int64
		if err := rows.Scan(&o.ID, &o.AccountID, &o.OwnerID, &o.Title, &o.Status, &o.DetectedOn, &o.ClosedOn, &amount); err != nil {
			return nil, err
		}
		o.Amount = closer.Money(amount)
		if closer.SameName(o.Title, title) {
			out = append(out, o)
		}
	}
	return out, rows.Err()
}

// ContactByEmail finds a contact of the org by e-mail, trimmed and case
// aside (the first one made, when several share it): the one at accountID,
// or, with accountID 0, the one at any account or none. 0 when there is
// none, for an account the import is creating (a negative id), or when the
// e-mail is empty (an erased contact's is: it matches nobody). One e-mail
// may be a contact's at several accounts (a property manager, an
// architect, one household's member): each is another contact. The
// e-mails are read once, on the first call; the bulk's own contacts are
// added as they come (AddContact), whether written yet or still buffered.
func (b *bulk) ContactByEmail(email string, accountID int64) (int64, error) {
	key := contactEmailKey(email)
	if key == "" || accountID < 0 {
		return 0, nil
	}
	if b.contactEmails == nil {
		if err := b.wait(); err != nil {
			return 0, err
		}
		rows, err := b.tx.QueryContext(b.ctx, `SELECT id, email, account_id FROM contacts WHERE org_id = $1 AND email <> '' ORDER BY id`, b.org.ID)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		emails := map[string][]emailContact{}
		for rows.Next() {
			var c emailContact
			var e string
			var account sql.NullInt64
			if err := rows.Scan(&c.id, &e, &account); err != nil {
				return 0, err
			}
			k := contactEmailKey(e)
			c.account = account.Int64
			emails[k] = append(emails[k], c)
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
		for k, added := range b.addedEmails { // added after every stored one
			emails[k] = append(emails[k], added...)
		}
		b.contactEmails, b.addedEmails = emails, nil
	}
	for _, c := range b.contactEmails[key] {
		if accountID == 0 || c.account == accountID {
			return c.id, nil
		}
	}
	return 0, nil
}

// emailContact is a contact of an e-mail: its id and its account's (0:
// none).
type emailContact struct{ id, account int64 }

// noteContactEmail remembers a contact the bulk adds with an e-mail.
func (b *bulk) noteContactEmail(email string, id, accountID int64) {
	key := contactEmailKey(email)
	if key == "" {
		return
	}
	if b.contactEmails != nil {
		b.contactEmails[key] = append(b.contactEmails[key], emailContact{id, accountID})
		return
	}
	if b.addedEmails == nil { // not read yet: kept for when they are
		b.addedEmails = map[string][]emailContact{}
	}
	b.addedEmails[key] = append(b.addedEmails[key], emailContact{id, accountID})
}

// contactEmailKey is how contacts' e-mails compare: trimmed, case aside.
func contactEmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
