package sqlstore

import (
	"context"

	"closer"
)

var _ closer.DashboardService = (*DB)(nil)

// MonthlyClosures counts the closures of p per owner, month and status:
// the whole months from the summaries (eachMonthTotal), the days outside
// them in one pass over their range of the index opportunities_closed:
// the dashboard's outcome mix and win-rate trends without a query per
// person.
func (db *DB) MonthlyClosures(ctx context.Context, p closer.Period) ([]closer.MonthClosures, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := p.Validate(); err != nil {
		return nil, err
	}
	out := []closer.MonthClosures{}
	edges, months, whole := splitMonths(p)
	for _, e := range edges {
		if err := db.edgeMonthClosures(ctx, &out, a.OrgID, e); err != nil {
			return nil, err
		}
	}
	if whole {
		err := db.eachMonthTotal(ctx, a.OrgID, 0, months, func(month, owner int64, st closer.Status, n int, amount closer.Money) {
			out = append(out, closer.MonthClosures{OwnerID: owner, Month: groupLabel(closer.GroupMonth, month), Status: st, Count: n, Amount: amount})
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// edgeMonthClosures appends to out the closures of e (the days of a month
// cut by the period's edge) per owner, month and status, from the
// opportunities.
func (db *DB) edgeMonthClosures(ctx context.Context, out *[]closer.MonthClosures, orgID int64, e closer.Period) error {
	// owner_id + 0 keeps SQLite on the closed_on range (see breakdowns).
	rows, err := db.db.QueryContext(ctx, `SELECT owner_id + 0, `+closureMonthSQL+`, status, COUNT(*),
		COALESCE(CAST(SUM(amount) AS BIGINT), 0)
		FROM opportunities WHERE org_id = $1 AND closed_on >= $2 AND closed_on <= $3
		GROUP BY 1, 2, 3`, orgID, e.From, e.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m closer.MonthClosures
		var month int64
		var status string
		if err := rows.Scan(&m.OwnerID, &month, &status, &m.Count, &m.Amount); err != nil {
			return err
		}
		m.Month = groupLabel(closer.GroupMonth, month)
		// A close date belongs to a closure; any other status is dropped.
		if m.Status = closer.Status(status); m.Status.IsClosure() {
			*out = append(*out, m)
		}
	}
	return rows.Err()
}

// HeldNow takes the on-hold snapshot now of the team and of each owner,
// from hold_days; overdue reviews are those before today in the org's time
// zone.
func (db *DB) HeldNow(ctx context.Context) (closer.HeldNow, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return closer.HeldNow{}, err
	}
	return db.heldNow(ctx, a.OrgID, 0, true)
}
