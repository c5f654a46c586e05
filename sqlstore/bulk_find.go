package sqlstore

import (
	"strconv"
	"strings"
)

// What an import looks up among the org's records besides accounts: the
// contacts it names (so that a second import does not add them again) and
// the opportunities its orders name. Both are read from the database once
// the bulk's writes are done, as every statement it runs itself.

// ContactID finds a contact of the org at an account (0: at none) by name,
// ignoring case (the first one made, when several are named alike); 0 when
// there is none. An account the import is creating (a negative id) has none.
func (b *bulk) ContactID(accountID int64, name string) (int64, error) {
	if accountID < 0 {
		return 0, nil
	}
	if err := b.wait(); err != nil {
		return 0, err
	}
	q, args := `SELECT id, name FROM contacts WHERE org_id = $1 AND account_id = $2 ORDER BY id`, []any{b.org.ID, accountID}
	if accountID == 0 {
		q, args = `SELECT id, name FROM contacts WHERE org_id = $1 AND account_id IS NULL ORDER BY id`, args[:1]
	}
	rows, err := b.tx.QueryContext(b.ctx, q, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return 0, err
		}
		if strings.EqualFold(strings.TrimSpace(n), name) {
			return id, nil
		}
	}
	return 0, rows.Err()
}

// oppRef is an opportunity an order may name.
type oppRef struct {
	id, account int64
	title       string
}

// OpportunityID finds an opportunity of the org by id, else by title:
// exactly, else ignoring case. Among several of that title, the one at
// accountID is taken when it is alone there. It returns the id, or 0 and
// how many opportunities the reference matched (0: none; more: it is
// ambiguous). The titles are read once, on the first call.
func (b *bulk) OpportunityID(ref string, accountID int64) (int64, int, error) {
	if err := b.wait(); err != nil {
		return 0, 0, err
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil && id > 0 {
		var n int
		if err := b.tx.QueryRowContext(b.ctx, `SELECT COUNT(*) FROM opportunities WHERE org_id = $1 AND id = $2`, b.org.ID, id).Scan(&n); err != nil {
			return 0, 0, err
		} else if n == 1 {
			return id, 1, nil
		}
	}
	if b.oppTitles == nil {
		if err := b.loadOpportunityTitles(); err != nil {
			return 0, 0, err
		}
	}
	same := b.oppTitles[strings.ToLower(ref)]
	var found []oppRef
	for _, o := range same {
		if o.title == ref {
			found = append(found, o)
		}
	}
	if len(found) == 0 {
		found = same
	}
	if len(found) > 1 && accountID > 0 {
		var at []oppRef
		for _, o := range found {
			if o.account == accountID {
				at = append(at, o)
			}
		}
		if len(at) == 1 {
			found = at
		}
	}
	if len(found) != 1 {
		return 0, len(found), nil
	}
	return found[0].id, 1, nil
}

func (b *bulk) loadOpportunityTitles() error {
	rows, err := b.tx.QueryContext(b.ctx, `SELECT id, COALESCE(account_id, 0), title FROM opportunities WHERE org_id = $1`, b.org.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	b.oppTitles = map[string][]oppRef{}
	for rows.Next() {
		var o oppRef
		if err := rows.Scan(&o.id, &o.account, &o.title); err != nil {
			return err
		}
		key := strings.ToLower(o.title)
		b.oppTitles[key] = append(b.oppTitles[key], o)
	}
	return rows.Err()
}
