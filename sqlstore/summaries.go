package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"closer"
)

// The statistics read summary tables that the store keeps in the same
// transaction as every write, as it keeps opportunity_counts. From the
// opportunities: closure_months, closure_quarters and closure_breakdown
// (the closures of each month or quarter) and hold_days (the opportunities
// on hold now); from the orders: order_months. For the opportunities':
//
//   - CreateOpportunity adds the new row (addSummaries), DeleteOpportunity
//     removes it;
//   - change (update, hold, resume, close, reopen) and ReassignOpportunities
//     move it from the row before to the row after (moveSummaries);
//   - these gather their changes in a summaryWrites, written in one fixed
//     order before the transaction's events (summary_writes.go);
//   - Bulk (import, demo) gathers what it adds (summaryDeltas) and adds it
//     before commit in multi-row upserts (bulkSummaries);
//   - rows written around the store are recounted with RebuildSummaries.
//
// order_months is kept by CreateOrder, UpdateOrder, DeleteOrder (moveOrder)
// and Bulk. An org's deletion removes the rows of all five (ON DELETE
// CASCADE).

// addSummaries counts o sign times (1: added, -1: removed) in s: in
// opportunity_counts and in the summaries of the opportunities.
func addSummaries(s *summaryWrites, o *closer.Opportunity, sign int) {
	addCount(s, o, sign)
	addClosure(s, o, sign)
	addHold(s, o, sign)
}

// moveSummaries records in s that an opportunity changed from before to
// after: in opportunity_counts and in the summaries of the opportunities.
func moveSummaries(s *summaryWrites, before, after *closer.Opportunity) {
	moveCount(s, before, after)
	moveClosure(s, before, after)
	moveHold(s, before, after)
}

// summaryDeltas gathers what a bulk adds to each summary table, per row.
type summaryDeltas struct {
	months     map[closureKey]summaryDelta
	breakdowns map[breakdownKey]summaryDelta
	holds      map[holdKey]summaryDelta
	orders     map[orderMonthKey]int
}

// summaryDelta is what a bulk adds to one summary row.
type summaryDelta struct {
	n      int
	amount closer.Money
}

// add counts an added opportunity.
func (d *summaryDeltas) add(o *closer.Opportunity) {
	if d.months == nil {
		d.months, d.breakdowns, d.holds = map[closureKey]summaryDelta{}, map[breakdownKey]summaryDelta{}, map[holdKey]summaryDelta{}
	}
	if k, amount, ok := closureOf(o); ok {
		d.months[k] = d.months[k].plusOne(amount)
	}
	ks, amount := breakdownsOf(o)
	for _, k := range ks {
		d.breakdowns[k] = d.breakdowns[k].plusOne(amount)
	}
	hs, amount := holdsOf(o)
	for _, k := range hs {
		d.holds[k] = d.holds[k].plusOne(amount)
	}
}

// plusOne adds one opportunity worth amount.
func (c summaryDelta) plusOne(amount closer.Money) summaryDelta {
	return summaryDelta{n: c.n + 1, amount: c.amount + amount}
}

// plus adds d.
func (c summaryDelta) plus(d summaryDelta) summaryDelta {
	return summaryDelta{n: c.n + d.n, amount: c.amount + d.amount}
}

// addOrder counts an added order.
func (d *summaryDeltas) addOrder(o *closer.Order) {
	if d.orders == nil {
		d.orders = map[orderMonthKey]int{}
	}
	d.orders[orderMonthOf(o)]++
}

// summaryTable describes a summary table: its key's columns after org_id,
// then n, and amount when it has one.
type summaryTable struct {
	name   string
	key    []string
	amount bool
}

// The summary tables.
var (
	closureMonthsTable    = summaryTable{"closure_months", []string{"month", "owner_id", "status", "cycle_days"}, true}
	closureQuartersTable  = summaryTable{"closure_quarters", []string{"quarter", "owner_id", "status", "cycle_days"}, true}
	closureBreakdownTable = summaryTable{"closure_breakdown", []string{"kind", "month", "status", "owner_id", "item_id"}, true}
	holdDaysTable         = summaryTable{"hold_days", []string{"kind", "day", "owner_id"}, true}
	orderMonthsTable      = summaryTable{"order_months", []string{"month", "owner_id", "kind"}, false}
)

// upsertSQL returns the upsert of rows rows into t, with placeholder
// numbering its parameters: a row that exists gets the counts added, a new
// one is inserted.
func (t summaryTable) upsertSQL(rows int, placeholder func(int) string) string {
	cols := append(append([]string{"org_id"}, t.key...), "n")
	set := "n = " + t.name + ".n + excluded.n"
	if t.amount {
		cols = append(cols, "amount")
		set += ", amount = " + t.name + ".amount + excluded.amount"
	}
	var text strings.Builder
	text.WriteString("INSERT INTO " + t.name + " (" + strings.Join(cols, ", ") + ") VALUES ")
	arg := 0
	for i := range rows {
		if i > 0 {
			text.WriteString(", ")
		}
		text.WriteString("(")
		for j := range cols {
			if j > 0 {
				text.WriteString(", ")
			}
			arg++
			text.WriteString(placeholder(arg))
		}
		text.WriteString(")")
	}
	text.WriteString(" ON CONFLICT (org_id, " + strings.Join(t.key, ", ") + ") DO UPDATE SET " + set)
	return text.String()
}

// row returns the parameters of the row of key values key adding c.
func (t summaryTable) row(orgID int64, c summaryDelta, key ...any) []any {
	row := append(append([]any{orgID}, key...), c.n)
	if t.amount {
		row = append(row, int64(c.amount))
	}
	return row
}

// adjust adds c to the row of key values key (c.n may be negative), and
// deletes the row when none is left.
func (t summaryTable) adjust(ctx context.Context, q querier, orgID int64, c summaryDelta, key ...any) error {
	if _, err := q.ExecContext(ctx, t.upsertSQL(1, numbered), t.row(orgID, c, key...)...); err != nil {
		return fmt.Errorf("%s: %w", t.name, err)
	}
	if c.n > 0 {
		return nil
	}
	cond := "org_id = $1"
	for i, col := range t.key {
		cond += " AND " + col + " = " + numbered(i+2)
	}
	_, err := q.ExecContext(ctx, `DELETE FROM `+t.name+` WHERE `+cond+` AND n = 0`, append([]any{orgID}, key...)...)
	return err
}

// numbered returns the n-th (from 1) parameter as $N, for statements of a
// few parameters on either database.
func numbered(n int) string { return "$" + strconv.Itoa(n) }

// bulkSummaries brings the summary tables up to date after a bulk that
// added d: its rows are added to the tables' in multi-row upserts (a bulk
// only adds, so no row falls to zero), a few statements per ten thousand
// rows whatever the org already holds. closure_quarters gets the months'
// rows added up per quarter.
func bulkSummaries(ctx context.Context, q querier, dl dialect, orgID int64, d summaryDeltas) error {
	months, quarters := summaryRows{table: closureMonthsTable}, summaryRows{table: closureQuartersTable}
	perQuarter := map[closureKey]summaryDelta{}
	for k, c := range d.months {
		months.add(orgID, c, k.month, k.owner, string(k.status), k.days)
		k.month = quarterOfMonth(k.month)
		perQuarter[k] = perQuarter[k].plus(c)
	}
	for k, c := range perQuarter {
		quarters.add(orgID, c, k.month, k.owner, string(k.status), k.days)
	}
	breakdowns := summaryRows{table: closureBreakdownTable}
	for k, c := range d.breakdowns {
		breakdowns.add(orgID, c, k.kind, k.month, string(k.status), k.owner, k.item)
	}
	holds := summaryRows{table: holdDaysTable}
	for k, c := range d.holds {
		holds.add(orgID, c, k.kind, k.day, k.owner)
	}
	orders := summaryRows{table: orderMonthsTable}
	for k, n := range d.orders {
		orders.add(orgID, summaryDelta{n: n}, k.month, k.owner, string(k.kind))
	}
	for _, u := range []*summaryRows{&months, &quarters, &breakdowns, &holds, &orders} {
		if err := u.write(ctx, q, dl); err != nil {
			return err
		}
	}
	return nil
}

// summaryRows gathers rows to add to a summary table.
type summaryRows struct {
	table summaryTable
	rows  [][]any
}

// add gathers the row of key values key adding c.
func (u *summaryRows) add(orgID int64, c summaryDelta, key ...any) {
	u.rows = append(u.rows, u.table.row(orgID, c, key...))
}

// summaryBatch is how many rows one upsert statement adds at most.
const summaryBatch = 500

// write adds the gathered rows to the table in the order of their keys (as
// summaryWrites does), summaryBatch at a time, with the dialect's
// placeholders for long statements.
func (u *summaryRows) write(ctx context.Context, q querier, dl dialect) error {
	keys := len(u.table.key)
	slices.SortFunc(u.rows, func(a, b []any) int { return compareKeys(a[1:1+keys], b[1:1+keys]) })
	for start := 0; start < len(u.rows); start += summaryBatch {
		batch := u.rows[start:min(start+summaryBatch, len(u.rows))]
		args := make([]any, 0, len(batch)*len(batch[0]))
		for _, row := range batch {
			args = append(args, row...)
		}
		if _, err := q.ExecContext(ctx, u.table.upsertSQL(len(batch), dl.placeholder), args...); err != nil {
			return fmt.Errorf("%s: %w", u.table.name, err)
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
