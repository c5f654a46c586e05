package sqlstore

import (
	"context"
	"strings"

	"closer"
)

var _ closer.LookupService = (*DB)(nil)

// maxLookup bounds the ids of one lookup: a page never shows more rows.
const maxLookup = 1000

// idList adds "col IN ($n, ...)" for the distinct non-zero ids to w; it
// reports false when there is no id to look up.
func idList(w *where, col string, ids []int64) bool {
	seen := map[int64]bool{}
	var ph []string
	for _, id := range ids {
		if id == 0 || seen[id] || len(ph) >= maxLookup {
			continue
		}
		seen[id] = true
		ph = append(ph, w.arg(id))
	}
	if len(ph) == 0 {
		return false
	}
	w.conds = append(w.conds, col+" IN ("+strings.Join(ph, ", ")+")")
	return true
}

// AccountNames returns the names of the accounts of the actor's org among ids.
func (db *DB) AccountNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	var w where
	// +org_id keeps the planner on the primary key: the ids select the rows.
	w.add("+org_id = ?", a.OrgID)
	if !idList(&w, "id", ids) {
		return out, nil
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, name FROM accounts`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// AccountRefs returns the accounts of the actor's org among ids, with
// their city and phone.
func (db *DB) AccountRefs(ctx context.Context, ids []int64) (map[int64]closer.AccountRef, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]closer.AccountRef{}
	var w where
	w.add("+org_id = ?", a.OrgID)
	if !idList(&w, "id", ids) {
		return out, nil
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, name, city, phone FROM accounts`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r closer.AccountRef
		if err := rows.Scan(&r.ID, &r.Name, &r.City, &r.Phone); err != nil {
			return nil, err
		}
		out[r.ID] = r
	}
	return out, rows.Err()
}

// OpportunityRefs returns the opportunities of the actor's org among ids.
func (db *DB) OpportunityRefs(ctx context.Context, ids []int64) (map[int64]closer.OpportunityRef, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]closer.OpportunityRef{}
	var w where
	w.add("+org_id = ?", a.OrgID)
	if !idList(&w, "id", ids) {
		return out, nil
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, title, owner_id, account_id, status, detected_on, closed_on, amount FROM opportunities`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r closer.OpportunityRef
		var status string
		var amount int64
		if err := rows.Scan(&r.ID, &r.Title, &r.OwnerID, nz(&r.AccountID), &status, &r.DetectedOn, &r.ClosedOn, &amount); err != nil {
			return nil, err
		}
		r.Status, r.Amount = closer.Status(status), closer.Money(amount)
		out[r.ID] = r
	}
	return out, rows.Err()
}

// OrderTotals counts and sums per kind the orders of the actor's org that f
// selects (account, opportunity, owner, kind, order date), every kind present.
func (db *DB) OrderTotals(ctx context.Context, f closer.SalesFilter) ([]closer.OrderTotal, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	w.add("org_id = ?", a.OrgID)
	if f.AccountID != 0 {
		w.add("account_id = ?", f.AccountID)
	}
	if f.OpportunityID != 0 {
		w.add("opportunity_id = ?", f.OpportunityID)
	}
	if f.OwnerID != 0 {
		w.add("owner_id = ?", f.OwnerID)
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	} else if f.AccountID == 0 && f.OpportunityID == 0 {
		// Naming every kind lets the index by kind then date serve a date
		// range: one range per kind, summed from the index alone. An account
		// or an opportunity has an index of its own, and few orders.
		marks, kinds := make([]string, len(closer.OrderKinds)), make([]any, len(closer.OrderKinds))
		for i, k := range closer.OrderKinds {
			marks[i], kinds[i] = "?", string(k)
		}
		w.add("kind IN ("+strings.Join(marks, ", ")+")", kinds...)
	}
	if !f.From.IsZero() {
		w.add("ordered_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("ordered_on <= ?", f.To)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT kind, COUNT(*), COALESCE(SUM(amount), 0) FROM orders`+w.String()+` GROUP BY kind`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byKind := map[closer.OrderKind]closer.OrderTotal{}
	for rows.Next() {
		var t closer.OrderTotal
		var kind string
		var amount int64
		if err := rows.Scan(&kind, &t.Count, &amount); err != nil {
			return nil, err
		}
		t.Kind, t.Amount = closer.OrderKind(kind), closer.Money(amount)
		byKind[t.Kind] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]closer.OrderTotal, 0, len(closer.OrderKinds))
	for _, k := range closer.OrderKinds {
		t := byKind[k]
		t.Kind = k
		out = append(out, t)
	}
	return out, nil
}
