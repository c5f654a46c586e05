package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// A write transaction does not upsert the summary tables (opportunity_counts
// and those of summaries.go) as it goes: it gathers what it adds to each of
// their rows in a summaryWrites, and writes them all at once after its own
// rows and before its events, in one fixed order: the tables in
// summaryOrder, each table's rows by key (compareKeys). On PostgreSQL every
// upsert locks its row until commit, and two transactions that take two
// rows in opposite orders wait for each other until one is killed (SQLSTATE
// 40P01): a close moves an opportunity from (open, owner) to (lost, owner)
// while a reopen of another of the owner's opportunities moves one from
// (lost, owner) to (open, owner). In one order, the later one waits for the
// earlier one's commit, then goes on. Bulk's multi-row upserts (summaryRows)
// write their rows in the same order.

// summaryOrder is the order in which a transaction writes the summary tables.
var summaryOrder = []*summaryTable{
	&opportunityCountsTable, &closureMonthsTable, &closureQuartersTable,
	&closureBreakdownTable, &holdDaysTable, &orderMonthsTable,
}

// summaryKeyMax is the most key columns a summary table has (after org_id).
const summaryKeyMax = 5

// summaryRow names one row of a summary table.
type summaryRow struct {
	table *summaryTable
	key   [summaryKeyMax]any // the key's values (int, int64 or string), then nil
}

// summaryWrites gathers what one transaction adds to the rows of the
// summary tables of an org.
type summaryWrites struct {
	orgID int64
	rows  map[summaryRow]summaryDelta
}

// newSummaryWrites returns an empty set of writes to orgID's summaries.
func newSummaryWrites(orgID int64) *summaryWrites {
	return &summaryWrites{orgID: orgID, rows: map[summaryRow]summaryDelta{}}
}

// adjust adds c to the row of t of key values key (c.n may be negative).
func (s *summaryWrites) adjust(t *summaryTable, c summaryDelta, key ...any) {
	if len(key) != len(t.key) {
		panic(fmt.Sprintf("%s: %d key values for %d columns", t.name, len(key), len(t.key)))
	}
	r := summaryRow{table: t}
	copy(r.key[:], key)
	s.rows[r] = s.rows[r].plus(c)
}

// write upserts the gathered rows in the fixed order, skipping those whose
// changes cancel out (an opportunity that left a row and came back to it).
func (s *summaryWrites) write(ctx context.Context, q querier) error {
	rows := make([]summaryRow, 0, len(s.rows))
	for r, c := range s.rows {
		if c != (summaryDelta{}) {
			rows = append(rows, r)
		}
	}
	slices.SortFunc(rows, func(a, b summaryRow) int {
		if c := cmp.Compare(slices.Index(summaryOrder, a.table), slices.Index(summaryOrder, b.table)); c != 0 {
			return c
		}
		return compareKeys(a.key[:], b.key[:])
	})
	for _, r := range rows {
		if err := r.table.adjust(ctx, q, s.orgID, s.rows[r], r.key[:len(r.table.key)]...); err != nil {
			return err
		}
	}
	return nil
}

// compareKeys orders two keys of one summary table, value by value: the
// order in which every transaction locks a table's rows.
func compareKeys(a, b []any) int {
	for i := range min(len(a), len(b)) {
		if c := compareKeyValue(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// compareKeyValue orders two values of a key column: nil first, then
// numbers, then text.
func compareKeyValue(a, b any) int {
	rank := func(v any) (int, int64, string) {
		switch v := v.(type) {
		case nil:
			return 0, 0, ""
		case int:
			return 1, int64(v), ""
		case int64:
			return 1, v, ""
		case string:
			return 2, 0, v
		}
		panic(fmt.Sprintf("summary key value of type %T", v))
	}
	ra, na, sa := rank(a)
	rb, nb, sb := rank(b)
	if c := cmp.Compare(ra, rb); c != 0 {
		return c
	} else if c := cmp.Compare(na, nb); c != 0 {
		return c
	}
	return strings.Compare(sa, sb)
}
