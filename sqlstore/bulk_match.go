package sqlstore

import (
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
// aside (the first one made, when several share it); 0 when there is none
// or the e-mail is empty (an erased contact's is: it matches nobody). The
// e-mails are read once, on the first call; the bulk's own contacts are
// added as they come (AddContact), whether written yet or still buffered.
func (b *bulk) ContactByEmail(email string) (int64, error) {
	key := contactEmailKey(email)
	if key == "" {
		return 0, nil
	}
	if b.contactEmails == nil {
		if err := b.wait(); err != nil {
			return 0, err
		}
		rows, err := b.tx.QueryContext(b.ctx, `SELECT id, email FROM contacts WHERE org_id = $1 AND email <> '' ORDER BY id`, b.org.ID)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		emails := map[string]int64{}
		for rows.Next() {
			var id int64
			var e string
			if err := rows.Scan(&id, &e); err != nil {
				return 0, err
			}
			if k := contactEmailKey(e); emails[k] == 0 {
				emails[k] = id
			}
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
		for k, id := range b.addedEmails { // added after every stored one
			if emails[k] == 0 {
				emails[k] = id
			}
		}
		b.contactEmails, b.addedEmails = emails, nil
	}
	return b.contactEmails[key], nil
}

// noteContactEmail remembers the contact the bulk adds with an e-mail,
// unless one has it already.
func (b *bulk) noteContactEmail(email string, id int64) {
	key := contactEmailKey(email)
	if key == "" {
		return
	}
	m := b.contactEmails
	if m == nil { // not read yet: kept for when they are
		if b.addedEmails == nil {
			b.addedEmails = map[string]int64{}
		}
		m = b.addedEmails
	}
	if m[key] == 0 {
		m[key] = id
	}
}

// contactEmailKey is how contacts' e-mails compare: trimmed, case aside.
func contactEmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
