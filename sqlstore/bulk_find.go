package sqlstore

import (
	"database/sql"
	"errors"
	"strconv"

	"closer"
)

// What an import looks up among the org's records besides accounts: the
// contacts it names (so that a second import does not add them again) and
// the opportunities its orders name. Both are read from the database once
// the bulk's writes are done, as every statement it runs itself.

// ContactID finds a contact of the org at an account (0: at none) by name,
// ignoring case and how it is written (closer.SameName; the first one made, when several are named alike); 0 when
// there is none. An account the import is creating (a negative id) has none.
func (b *bulk) ContactID(accountID int64, name string) (int64, error) {
	return b.ContactAt(accountID, name, "")
}

// ContactAt finds a contact of the org at an account by name, as ContactID
// does, and by e-mail among those of that name when email is given: the
// one with that address (case aside), else the first without any address;
// 0 when every one of that name has another address, a homonym.
func (b *bulk) ContactAt(accountID int64, name, email string) (int64, error) {
	if accountID < 0 {
		return 0, nil
	}
	if err := b.wait(); err != nil {
		return 0, err
	}
	q, args := `SELECT id, name, email FROM contacts WHERE org_id = $1 AND account_id = $2 ORDER BY id`, []any{b.org.ID, accountID}
	if accountID == 0 {
		q, args = `SELECT id, name, email FROM contacts WHERE org_id = $1 AND account_id IS NULL ORDER BY id`, args[:1]
	}
	rows, err := b.tx.QueryContext(b.ctx, q, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	email = contactEmailKey(email)
	var unaddressed int64
	for rows.Next() {
		var id int64
		var n, e string
		if err := rows.Scan(&id, &n, &e); err != nil {
			return 0, err
		}
		if !closer.SameName(n, name) {
			continue
		}
		switch e = contactEmailKey(e); {
		case email == "" || e == email:
			return id, nil
		case e == "" && unaddressed == 0:
			unaddressed = id
		}
	}
	return unaddressed, rows.Err()
}

// Opportunity finds an opportunity of the org that an order names: by
// title, exactly, else ignoring case, among them those at accountID when
// there are some (an order is at its opportunity's account); else by id,
// at that account first.
// It returns the opportunity, or a zero one and how many the reference
// matched (0: none; more: it is ambiguous). The titles are read once, on
// the first call, without a lock; the one opportunity found is then held
// (see hold), and returned as it is once held: the order that links to it
// is checked against a status that cannot change before the bulk ends.
func (b *bulk) Opportunity(ref string, accountID int64) (closer.OpportunityRef, int, error) {
	o, n, err := b.findOpportunity(ref, accountID)
	if err != nil || o.ID == 0 {
		return o, n, err
	}
	held, ok, err := b.hold(o)
	if err != nil || !ok { // deleted since the titles were read
		return closer.OpportunityRef{}, 0, err
	}
	return held, 1, nil
}

// hold locks the opportunity o that an order of the bulk links to until
// the bulk ends, and returns it as it is then; false when it is gone.
//
// On PostgreSQL the lock is a share lock (FOR SHARE), as CreateOrder takes
// (resolveOrder): a reopen, a close or any change of the opportunity (FOR
// NO KEY UPDATE), and its deletion (FOR UPDATE), wait for the bulk's
// commit, and the deletion then finds the linked orders and is refused. It
// takes the latest committed row, whatever the bulk read before. Without
// it, an opportunity reopened or deleted by another transaction between
// the read and the commit left the bulk's order linked to an opportunity
// no longer won, or to none at all: the bulk's transaction runs without
// foreign key checks when the database role may (newPostgresWriter), and a
// foreign key check would not see a reopen anyway.
//
// SQLite needs no lock: the bulk's transaction is immediate (BEGIN
// IMMEDIATE, the DSN's _txlock), so it holds the database's write lock
// from its first statement, before it reads anything; no other transaction
// writes until it ends, whatever foreign_keys says (sqliteBulkConn turns
// them off), and what the bulk read stays true until its commit: o is
// returned as it is.
func (b *bulk) hold(o closer.OpportunityRef) (closer.OpportunityRef, bool, error) {
	if b.dialect != postgres {
		return o, true, nil
	}
	if h, ok := b.held[o.ID]; ok {
		return h, true, nil
	}
	var h closer.OpportunityRef
	err := b.tx.QueryRowContext(b.ctx, `SELECT id, COALESCE(account_id, 0), owner_id, title, status, detected_on FROM opportunities WHERE org_id = $1 AND id = $2`+b.dialect.shareRows(),
		b.org.ID, o.ID).Scan(&h.ID, &h.AccountID, &h.OwnerID, &h.Title, &h.Status, &h.DetectedOn)
	if errors.Is(err, sql.ErrNoRows) {
		return h, false, nil
	} else if err != nil {
		return h, false, err
	}
	if b.held == nil {
		b.held = map[int64]closer.OpportunityRef{}
	}
	b.held[o.ID] = h
	b.known[tOpportunities][o.ID] = true // its key locked too: inOrg has nothing to add
	return h, true, nil
}

// findOpportunity finds what Opportunity returns, as the titles read show it.
func (b *bulk) findOpportunity(ref string, accountID int64) (closer.OpportunityRef, int, error) {
	if err := b.wait(); err != nil {
		return closer.OpportunityRef{}, 0, err
	}
	if b.oppTitles == nil {
		if err := b.loadOpportunityTitles(); err != nil {
			return closer.OpportunityRef{}, 0, err
		}
	}
	same := b.oppTitles[closer.NameKey(ref)]
	ref = closer.NormalizeName(ref)
	var found []closer.OpportunityRef
	for _, o := range same {
		if closer.NormalizeName(o.Title) == ref {
			found = append(found, o)
		}
	}
	if len(found) == 0 {
		found = same
	}
	if accountID != 0 {
		var at []closer.OpportunityRef
		for _, o := range found {
			if o.AccountID == accountID {
				at = append(at, o)
			}
		}
		if len(at) > 0 {
			found = at
		}
	}
	if len(found) == 0 || accountID != 0 && found[0].AccountID != accountID {
		// No title at the order's account: an id, of one there, or of any
		// when no title matched at all.
		o, ok, err := b.opportunityByID(ref)
		if err != nil || ok && (len(found) == 0 || o.AccountID == accountID) {
			return o, 1, err
		}
	}
	if len(found) != 1 {
		return closer.OpportunityRef{}, len(found), nil
	}
	return found[0], 1, nil
}

// opportunityByID finds the opportunity whose id ref is, if it is one.
func (b *bulk) opportunityByID(ref string) (closer.OpportunityRef, bool, error) {
	var o closer.OpportunityRef
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil || id <= 0 {
		return o, false, nil
	}
	err = b.tx.QueryRowContext(b.ctx, `SELECT id, COALESCE(account_id, 0), owner_id, title, status, detected_on FROM opportunities WHERE org_id = $1 AND id = $2`,
		b.org.ID, id).Scan(&o.ID, &o.AccountID, &o.OwnerID, &o.Title, &o.Status, &o.DetectedOn)
	if errors.Is(err, sql.ErrNoRows) {
		return o, false, nil
	}
	return o, err == nil, err
}

func (b *bulk) loadOpportunityTitles() error {
	rows, err := b.tx.QueryContext(b.ctx, `SELECT id, COALESCE(account_id, 0), owner_id, title, status, detected_on FROM opportunities WHERE org_id = $1`, b.org.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	b.oppTitles = map[string][]closer.OpportunityRef{}
	for rows.Next() {
		var o closer.OpportunityRef
		if err := rows.Scan(&o.ID, &o.AccountID, &o.OwnerID, &o.Title, &o.Status, &o.DetectedOn); err != nil {
			return err
		}
		key := closer.NameKey(o.Title)
		b.oppTitles[key] = append(b.oppTitles[key], o)
	}
	return rows.Err()
}

// OrderExists reports whether the org has an order of that reference,
// trimmed and case aside ("F-001" is "f-001 "): an import of orders leaves
// it as it is. The references are read once, on the first call.
func (b *bulk) OrderExists(reference string) (bool, error) {
	reference = orderRefKey(reference)
	if reference == "" {
		return false, nil
	}
	if b.orderRefs == nil {
		if err := b.wait(); err != nil {
			return false, err
		}
		rows, err := b.tx.QueryContext(b.ctx, `SELECT reference FROM orders WHERE org_id = $1 AND reference <> ''`, b.org.ID)
		if err != nil {
			return false, err
		}
		defer rows.Close()
		b.orderRefs = map[string]bool{}
		for rows.Next() {
			var ref string
			if err := rows.Scan(&ref); err != nil {
				return false, err
			}
			b.orderRefs[orderRefKey(ref)] = true
		}
		if err := rows.Err(); err != nil {
			return false, err
		}
	}
	return b.orderRefs[reference], nil
}

// OpportunityKeys lists the org's opportunities by account, title key and
// detection date (closer.OpportunityKey), with their status, stage, owner,
// amount and close date, the oldest first, for an import that leaves the
// rows it finds again as they are and says which differ. It reads those
// columns alone (the title's closer.SortKey is stored beside it:
// title_key), and returns nil when the org has no opportunity: an import
// into an empty org pays one index probe. It reads the database, after the
// bulk's writes in flight: an import calls it before adding any
// opportunity.
//
// Of two imports of one file at the same moment, the second reads the keys
// once the first committed, and finds its opportunities again: bulks of
// one org run one after the other (lockImports).
func (b *bulk) OpportunityKeys() ([]closer.KnownOpportunity, error) {
	if err := b.wait(); err != nil {
		return nil, err
	}
	rows, err := b.tx.QueryContext(b.ctx, `SELECT COALESCE(account_id, 0), title_key, detected_on, status, COALESCE(stage_id, 0), owner_id, amount, closed_on
		FROM opportunities WHERE org_id = $1 ORDER BY id`, b.org.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var known []closer.KnownOpportunity
	for rows.Next() {
		var o closer.KnownOpportunity
		if err := rows.Scan(&o.Key.AccountID, &o.Key.Title, &o.Key.DetectedOn, &o.Status, &o.StageID, &o.OwnerID, &o.Amount, &o.ClosedOn); err != nil {
			return nil, err
		}
		known = append(known, o)
	}
	return known, rows.Err()
}

// orderRefKey is how order references compare: trimmed, case aside.
func orderRefKey(ref string) string { return closer.NameKey(ref) }
