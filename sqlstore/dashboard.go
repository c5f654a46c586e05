package sqlstore

import (
	"context"

	"closer"
)

var _ closer.DashboardService = (*DB)(nil)

// MonthlyClosures counts the closures of p per owner, month and status in
// one pass over the period's range of the index opportunities_closures
// (which holds org_id, closed_on, status, owner_id and amount): the
// dashboard's outcome mix and win-rate trends without a query per person.
func (db *DB) MonthlyClosures(ctx context.Context, p closer.Period) ([]closer.MonthClosures, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := p.Validate(); err != nil {
		return nil, err
	}
	// owner_id + 0 keeps SQLite on the closed_on range (see breakdowns).
	rows, err := db.db.QueryContext(ctx, `SELECT owner_id + 0, substr(closed_on, 1, 7), status, COUNT(*),
		COALESCE(CAST(SUM(amount) AS BIGINT), 0)
		FROM opportunities WHERE org_id = $1 AND closed_on >= $2 AND closed_on <= $3
		GROUP BY 1, 2, 3`, a.OrgID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []closer.MonthClosures{}
	for rows.Next() {
		var m closer.MonthClosures
		var status string
		if err := rows.Scan(&m.OwnerID, &m.Month, &status, &m.Count, &m.Amount); err != nil {
			return nil, err
		}
		// A close date belongs to a closure; any other status is dropped.
		if m.Status = closer.Status(status); m.Status.IsClosure() {
			out = append(out, m)
		}
	}
	return out, rows.Err()
}

// HeldGroups counts the opportunities on hold now per owner and day put on
// hold, from the partial index opportunities_on_hold alone. Overdue reviews
// are those before today in the org's time zone.
func (db *DB) HeldGroups(ctx context.Context) ([]closer.HeldGroup, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	org, err := findOrg(ctx, db.db, a.OrgID)
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT owner_id, held_on, COUNT(*), COALESCE(CAST(SUM(amount) AS BIGINT), 0),
		COALESCE(SUM(CASE WHEN review_on < $2 THEN 1 ELSE 0 END), 0)
		FROM opportunities WHERE org_id = $1 AND status = 'on_hold' GROUP BY held_on, owner_id`, a.OrgID, db.today(org))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []closer.HeldGroup{}
	for rows.Next() {
		var g closer.HeldGroup
		if err := rows.Scan(&g.OwnerID, &g.HeldOn, &g.Count, &g.Amount, &g.Overdue); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
