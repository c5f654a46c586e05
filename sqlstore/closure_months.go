package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"closer"
)

// closure_months (migration 0042) holds the closures of each month per
// owner, outcome and cycle time: the statistics of whole months read it
// instead of every closure of the period (a few thousand rows a quarter,
// whatever the org's size), and read the opportunities only for the days
// of a period that do not make a whole month. Every write of an
// opportunity keeps it in its own transaction (summaries.go).

// closureKey is the row of closure_months an opportunity's latest closure
// counts in.
type closureKey struct {
	month  int // year * 12 + month - 1 of the close date
	owner  int64
	status closer.Status
	days   int // cycleDays: detection to closure
}

// closureOf returns where o counts in closure_months, and its amount; ok is
// false when o is not closed (open, on hold, or no close date), as the
// statistics see it: a close date with a closure status.
func closureOf(o *closer.Opportunity) (k closureKey, amount closer.Money, ok bool) {
	if !o.Status.IsClosure() || o.ClosedOn.IsZero() {
		return closureKey{}, 0, false
	}
	c := o.ClosedOn
	return closureKey{
		month:  monthNumber(c),
		owner:  o.OwnerID,
		status: o.Status,
		days:   o.DetectedOn.DaysUntil(c),
	}, o.Amount, true
}

// monthNumber numbers the month of d as closure_months does.
func monthNumber(d closer.Date) int { return d.Year()*12 + int(d.Month()) - 1 }

// adjustClosures adds n closures worth amount to the row of k (n may be
// negative) in s, and to its row of closure_quarters.
func adjustClosures(s *summaryWrites, k closureKey, n int, amount closer.Money) {
	c := summaryDelta{n, amount}
	s.adjust(&closureMonthsTable, c, k.month, k.owner, string(k.status), k.days)
	s.adjust(&closureQuartersTable, c, quarterOfMonth(k.month), k.owner, string(k.status), k.days)
}

// addClosure counts o's closure, if any, sign times (1: added, -1: removed),
// in closure_months and closure_breakdown.
func addClosure(s *summaryWrites, o *closer.Opportunity, sign int) {
	addMonthClosure(s, o, sign)
	addBreakdowns(s, o, sign)
}

// addMonthClosure counts o's closure, if any, in closure_months sign times.
func addMonthClosure(s *summaryWrites, o *closer.Opportunity, sign int) {
	if k, amount, ok := closureOf(o); ok {
		adjustClosures(s, k, sign, closer.Money(sign)*amount)
	}
}

// moveClosure records that an opportunity changed from before to after:
// its closure leaves its old rows and joins its new ones, in closure_months
// and in closure_breakdown (nothing happens to a table when neither is
// closed, or when the closure's rows and amount there are the same).
func moveClosure(s *summaryWrites, before, after *closer.Opportunity) {
	k0, a0, ok0 := closureOf(before)
	k1, a1, ok1 := closureOf(after)
	if ok0 != ok1 || k0 != k1 || a0 != a1 {
		addMonthClosure(s, before, -1)
		addMonthClosure(s, after, 1)
	}
	moveBreakdowns(s, before, after)
}

// monthSQL is the SQL of monthNumber over a YYYY-MM-DD text column.
func monthSQL(col string) string {
	return "CAST(substr(" + col + ", 1, 4) AS INTEGER) * 12 + CAST(substr(" + col + ", 6, 2) AS INTEGER) - 1"
}

// closureMonthSQL is the SQL of closure_months.month over the close date.
var closureMonthSQL = monthSQL("closed_on")

// rebuildClosures recounts an org's closure_months and closure_breakdown
// from its opportunities in grouped statements (after a large bulk).
func rebuildClosures(ctx context.Context, q querier, orgID int64) error {
	if err := rebuildBreakdowns(ctx, q, orgID); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM closure_months WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO closure_months (org_id, month, owner_id, status, cycle_days, n, amount)
		SELECT org_id, `+closureMonthSQL+`, owner_id, status, `+cycleDays+`, COUNT(*), SUM(amount)
		FROM opportunities WHERE org_id = $1 AND closed_on IS NOT NULL AND status IN ('won', 'lost', 'vanished')
		GROUP BY org_id, 2, owner_id, status, 5`, orgID)
	if err != nil {
		return err
	}
	return rebuildQuarters(ctx, q, orgID)
}

// monthRange is a range of whole months, numbered as monthNumber does.
type monthRange struct{ first, last int }

// splitMonths splits p into the whole calendar months it covers and the
// days outside them (none, one or two edge periods); ok is false when p
// covers no whole month (edges is then p alone).
func splitMonths(p closer.Period) (edges []closer.Period, months monthRange, ok bool) {
	first := closer.MonthOf(p.From).From
	if first != p.From {
		first = first.AddMonths(1)
	}
	end := closer.MonthOf(p.To)
	lastEnd := end.To
	if lastEnd != p.To {
		lastEnd = end.From.AddDays(-1)
	}
	if lastEnd.Before(first) {
		return []closer.Period{p}, monthRange{}, false
	}
	if first != p.From {
		edges = append(edges, closer.Period{From: p.From, To: first.AddDays(-1)})
	}
	if lastEnd != p.To {
		edges = append(edges, closer.Period{From: lastEnd.AddDays(1), To: p.To})
	}
	return edges, monthRange{monthNumber(first), monthNumber(lastEnd)}, true
}

// closuresOfMonths counts the closures of the scope's whole months m, per
// group, and with medians per cycle days (cycleCounts): the whole quarters
// from closure_quarters (unless grouped by month), the other months from
// closure_months. Without medians, from closureTotalsOfMonths.
func (db *DB) closuresOfMonths(ctx context.Context, s statsScope, m monthRange, g closer.Grouping, medians bool, fs *figureSet) error {
	if !medians {
		return db.closureTotalsOfMonths(ctx, s, m, g, fs)
	}
	if g == closer.GroupMonth {
		return db.cycleCounts(ctx, s, "closure_months", "month", m, g, fs)
	}
	edges, quarters, ok := splitQuarters(m)
	for _, e := range edges {
		if err := db.cycleCounts(ctx, s, "closure_months", "month", e, g, fs); err != nil {
			return err
		}
	}
	if !ok {
		return nil
	}
	return db.cycleCounts(ctx, s, "closure_quarters", "quarter", quarters, g, fs)
}

// cycleCounts counts the closures of the scope in the rows of table
// (closure_months, or closure_quarters) whose period (month, or quarter) is
// in r, per group and cycle days. Each period, owner and outcome comes out
// as one row, in the table's order (no database sorts), with its cycle days
// as a text "days:count,days:count" (string_agg): a few dozen rows a
// quarter instead of a thousand or more, whatever the org's size. The
// periods and owners are folded into the groups here.
func (db *DB) cycleCounts(ctx context.Context, s statsScope, table, period string, r monthRange, g closer.Grouping, fs *figureSet) error {
	var w where
	w.add("org_id = ?", s.orgID)
	w.add(period+" >= ? AND "+period+" <= ?", r.first, r.last)
	if s.ownerID != 0 {
		w.add("owner_id = ?", s.ownerID)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT `+period+`, owner_id, status, CAST(SUM(n) AS BIGINT), CAST(SUM(amount) AS BIGINT),
		string_agg(concat_ws(':', cycle_days, n), ',')
		FROM `+table+w.String()+` GROUP BY `+period+`, owner_id, status`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var at, owner int64
		var status, cycles string
		var n int
		var amount closer.Money
		if err := rows.Scan(&at, &owner, &status, &n, &amount, &cycles); err != nil {
			return err
		}
		month := at
		if period == "quarter" {
			month = at * 3 // its first month
		}
		key := groupLabel(g, monthsGroupNumber(g, month, owner))
		st := closer.Status(status)
		fs.at(key).AddClosures(st, n, amount)
		for cycles != "" {
			var pair, days, count string
			pair, cycles, _ = strings.Cut(cycles, ",")
			days, count, _ = strings.Cut(pair, ":")
			d, err := strconv.Atoi(days)
			if err != nil {
				return fmt.Errorf("stats: %s cycle days %q: %w", table, pair, err)
			}
			c, err := strconv.Atoi(count)
			if err != nil {
				return fmt.Errorf("stats: %s cycle days %q: %w", table, pair, err)
			}
			fs.addCycles(key, st, d, c)
		}
	}
	return rows.Err()
}

// closureTotalsOfMonths counts the closures of the scope's whole months m
// per group, without their cycle times (eachMonthTotal).
func (db *DB) closureTotalsOfMonths(ctx context.Context, s statsScope, m monthRange, g closer.Grouping, fs *figureSet) error {
	return db.eachMonthTotal(ctx, s.orgID, s.ownerID, m, func(month, owner int64, st closer.Status, n int, amount closer.Money) {
		fs.at(groupLabel(g, monthsGroupNumber(g, month, owner))).AddClosures(st, n, amount)
	})
}

// eachMonthTotal calls fn with the closures of each month of m, owner
// (ownerID's only when set) and outcome, and their amount. It reads
// closure_breakdown's rows of the furthest stage reached (kindStage), which
// count every closure once as closure_months does, but split by stage
// instead of by cycle days: a few dozen rows a month instead of a thousand.
// They are grouped in the table's order (kind, month, status, owner), so
// that no database sorts them.
func (db *DB) eachMonthTotal(ctx context.Context, orgID, ownerID int64, m monthRange, fn func(month, owner int64, st closer.Status, n int, amount closer.Money)) error {
	var w where
	w.add("org_id = ?", orgID)
	w.add("kind = ?", kindStage)
	w.add("month >= ? AND month <= ?", m.first, m.last)
	if ownerID != 0 {
		w.add("owner_id = ?", ownerID)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT month, status, owner_id, CAST(SUM(n) AS BIGINT), CAST(SUM(amount) AS BIGINT)
		FROM closure_breakdown`+w.String()+` GROUP BY month, status, owner_id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var month, owner int64
		var n int
		var status string
		var amount closer.Money
		if err := rows.Scan(&month, &status, &owner, &n, &amount); err != nil {
			return err
		}
		fn(month, owner, closer.Status(status), n, amount)
	}
	return rows.Err()
}

// monthsGroupNumber is the group number of a summary row of one month and
// owner, as groupNumber computes it in SQL over the opportunities.
func monthsGroupNumber(g closer.Grouping, month, owner int64) int64 {
	switch g {
	case closer.GroupOwner:
		return owner
	case closer.GroupMonth:
		return month
	case closer.GroupQuarter:
		return month / 3
	case closer.GroupNone:
	}
	return 0
}
