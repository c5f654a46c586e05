package sqlstore

import (
	"context"
	"strconv"

	"closer"
)

var _ closer.ExportService = (*DB)(nil)

// The exports read each table of an org by ranges of its primary key:
// "id > last ORDER BY id LIMIT n" costs the same for the last batch of a
// million rows as for the first, where OFFSET would rescan every row before
// the page. The "+org_id" keeps SQLite on the primary key (a bare org_id
// would pick an org_id index and sort the whole org for each batch).

// maxExportBatch bounds a batch: the caller's memory is a batch at a time.
const maxExportBatch = 5000

// exportBatch runs the keyset query of one batch and scans each row with
// scan; alias is the table's alias in from ("o.", "q.") or "".
func exportBatch[T any](ctx context.Context, db *DB, columns, from, alias string, after int64, limit int, scan func(row interface{ Scan(...any) error }) (*T, error)) ([]*T, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > maxExportBatch {
		limit = maxExportBatch
	}
	query := `SELECT ` + columns + from + ` WHERE +` + alias + `org_id = $1 AND ` + alias + `id > $2 ORDER BY ` + alias + `id LIMIT ` + strconv.Itoa(limit)
	rows, err := db.db.QueryContext(ctx, query, a.OrgID, after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]*T, 0, limit)
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ExportOpportunities returns the next batch of the org's opportunities,
// with the names of their owner, account and contact.
func (db *DB) ExportOpportunities(ctx context.Context, after int64, limit int) ([]*closer.Opportunity, error) {
	return exportBatch(ctx, db, opportunityColumns, opportunityFrom, "o.", after, limit, scanOpportunity)
}

// ExportAccounts returns the next batch of the org's accounts.
func (db *DB) ExportAccounts(ctx context.Context, after int64, limit int) ([]*closer.Account, error) {
	return exportBatch(ctx, db, accountColumns, ` FROM accounts`, "", after, limit, scanAccount)
}

// ExportContacts returns the next batch of the org's contacts (not to a
// consultant: closer.Actor.CanExportContacts).
func (db *DB) ExportContacts(ctx context.Context, after int64, limit int) ([]*closer.Contact, error) {
	if a, err := closer.CurrentActor(ctx); err != nil {
		return nil, err
	} else if err := a.CanExportContacts(); err != nil {
		return nil, err
	}
	return exportBatch(ctx, db, contactColumns, ` FROM contacts`, "", after, limit, scanContact)
}

// ExportQuotes returns the next batch of the org's quotes.
func (db *DB) ExportQuotes(ctx context.Context, after int64, limit int) ([]*closer.Quote, error) {
	return exportBatch(ctx, db, quoteColumns, ` FROM quotes q`, "q.", after, limit, scanQuote)
}

// ExportOrders returns the next batch of the org's orders.
func (db *DB) ExportOrders(ctx context.Context, after int64, limit int) ([]*closer.Order, error) {
	return exportBatch(ctx, db, orderColumns, ` FROM orders`, "", after, limit, scanOrder)
}

// ExportActivities returns the next batch of the org's activities.
func (db *DB) ExportActivities(ctx context.Context, after int64, limit int) ([]*closer.Activity, error) {
	return exportBatch(ctx, db, activityColumns, ` FROM activities`, "", after, limit, scanActivity)
}

// ExportOrg returns the actor's org.
func (db *DB) ExportOrg(ctx context.Context) (*closer.Org, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	return findOrg(ctx, db.db, a.OrgID)
}

// ExportContactEmails returns the e-mails of the org's contacts among ids
// that have one; an empty map to a consultant, who exports no personal
// data (closer.Actor.CanExportContacts).
func (db *DB) ExportContactEmails(ctx context.Context, ids []int64) (map[int64]string, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	if a.CanExportContacts() != nil {
		return out, nil
	}
	var w where
	w.add("+org_id = ?", a.OrgID)
	w.add("email <> ?", "")
	if !idList(&w, "id", ids) {
		return out, nil
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, email FROM contacts`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var email string
		if err := rows.Scan(&id, &email); err != nil {
			return nil, err
		}
		out[id] = email
	}
	return out, rows.Err()
}
