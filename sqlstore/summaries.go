package sqlstore

import (
	"context"
	"database/sql"

	"closer"
)

// The statistics read summary tables that the store keeps in the same
// transaction as every write, as it keeps opportunity_counts:
// closure_months and closure_breakdown (the closures of each month),
// hold_days (the opportunities on hold now) from the opportunities, and
// order_months (the orders of each month) from the orders. For the
// opportunities' three:
//
//   - CreateOpportunity adds the new row (addSummaries), DeleteOpportunity
//     removes it;
//   - change (update, hold, resume, close, reopen) and ReassignOpportunities
//     move it from the row before to the row after (moveSummaries);
//   - Bulk (import, demo) gathers what it adds (summaryDeltas) and writes it
//     before commit, or rebuilds the org's rows with grouped
//     INSERT ... SELECT when it added many (bulkSummaries);
//   - rows written around the store are recounted with RebuildSummaries.
//
// order_months is kept by CreateOrder, UpdateOrder, DeleteOrder (moveOrder)
// and Bulk. An org's deletion removes the rows of all four (ON DELETE CASCADE).

// addSummaries counts o sign times (1: added, -1: removed) in the summaries
// of the opportunities.
func addSummaries(ctx context.Context, q querier, orgID int64, o *closer.Opportunity, sign int) error {
	if err := addClosure(ctx, q, orgID, o, sign); err != nil {
		return err
	}
	return addHold(ctx, q, orgID, o, sign)
}

// moveSummaries records that an opportunity changed from before to after in
// the summaries of the opportunities.
func moveSummaries(ctx context.Context, q querier, orgID int64, before, after *closer.Opportunity) error {
	if err := moveClosure(ctx, q, orgID, before, after); err != nil {
		return err
	}
	return moveHold(ctx, q, orgID, before, after)
}

// summaryDeltas gathers what a bulk adds to each summary table, per row.
type summaryDeltas struct {
	months     map[closureKey]closureDelta
	breakdowns map[breakdownKey]closureDelta
	holds      map[holdKey]closureDelta
	orders     map[orderMonthKey]int
}

// closureDelta is what a bulk adds to one summary row.
type closureDelta struct {
	n      int
	amount closer.Money
}

// add counts an added opportunity.
func (d *summaryDeltas) add(o *closer.Opportunity) {
	if d.months == nil {
		d.months, d.breakdowns, d.holds = map[closureKey]closureDelta{}, map[breakdownKey]closureDelta{}, map[holdKey]closureDelta{}
	}
	if k, amount, ok := closureOf(o); ok {
		d.months[k] = d.months[k].plus(amount)
	}
	ks, amount := breakdownsOf(o)
	for _, k := range ks {
		d.breakdowns[k] = d.breakdowns[k].plus(amount)
	}
	hs, amount := holdsOf(o)
	for _, k := range hs {
		d.holds[k] = d.holds[k].plus(amount)
	}
}

func (c closureDelta) plus(amount closer.Money) closureDelta {
	return closureDelta{n: c.n + 1, amount: c.amount + amount}
}

// addOrder counts an added order.
func (d *summaryDeltas) addOrder(o *closer.Order) {
	if d.orders == nil {
		d.orders = map[orderMonthKey]int{}
	}
	d.orders[orderMonthOf(o)]++
}

// bulkRebuildRows is how many rows of a summary table a bulk adds to one by
// one at most; above, it rebuilds the org's rows of that table in grouped
// statements, which costs a few passes over the org's rows.
var bulkRebuildRows = 2000

// bulkSummaries brings the summary tables up to date after a bulk that
// added d.
func bulkSummaries(ctx context.Context, q querier, orgID int64, d summaryDeltas) error {
	if len(d.months) > bulkRebuildRows || len(d.breakdowns) > bulkRebuildRows {
		if err := rebuildClosures(ctx, q, orgID); err != nil {
			return err
		}
	} else {
		for k, c := range d.months {
			if err := adjustClosures(ctx, q, orgID, k, c.n, c.amount); err != nil {
				return err
			}
		}
		for k, c := range d.breakdowns {
			if err := adjustBreakdown(ctx, q, orgID, k, c.n, c.amount); err != nil {
				return err
			}
		}
	}
	if len(d.holds) > bulkRebuildRows {
		if err := rebuildHolds(ctx, q, orgID); err != nil {
			return err
		}
	} else {
		for k, c := range d.holds {
			if err := adjustHold(ctx, q, orgID, k, c.n, c.amount); err != nil {
				return err
			}
		}
	}
	if len(d.orders) > bulkRebuildRows {
		return rebuildOrderMonths(ctx, q, orgID)
	}
	for k, n := range d.orders {
		if err := adjustOrderMonth(ctx, q, orgID, k, n); err != nil {
			return err
		}
	}
	return nil
}

// rebuildSummaries recounts every summary table of an org.
func rebuildSummaries(ctx context.Context, q querier, orgID int64) error {
	if err := rebuildClosures(ctx, q, orgID); err != nil {
		return err
	} else if err := rebuildHolds(ctx, q, orgID); err != nil {
		return err
	}
	return rebuildOrderMonths(ctx, q, orgID)
}

// RebuildSummaries recounts an org's summary tables from its opportunities
// and orders, for rows written around the store (test fixtures, a repair by
// hand): the store's own writes keep them up to date.
func (db *DB) RebuildSummaries(ctx context.Context, orgID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error { return rebuildSummaries(ctx, tx, orgID) })
}
