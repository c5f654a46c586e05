package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"closer"
)

var _ closer.StatsService = (*DB)(nil)

// The statistics of SPEC section 3 are counted in SQL and turned into
// figures by the domain's functions (closer.Figures). Whole months and
// quarters, and the on-hold snapshot, are read from the summary tables the
// writes keep (summaries.go); only the days of a period that do not make a
// whole month are counted from the opportunities and orders (grouped
// aggregates over the period's range of opportunities_closed and
// orders_ordered, never rows loaded into Go). Medians are read in Go from
// counts per number of days, which stay small whatever the org's size: no
// window over every closure, no query per group.

// statsScope is what every statistics query filters on: the org, the
// period (both days included) and optionally one owner.
type statsScope struct {
	orgID   int64
	period  closer.Period
	ownerID int64
}

// closedWhere selects the closures of the scope: opportunities whose latest
// closure date falls in the period (a reopened one has no close date), and
// with status those of that status only. Both read the period's range of
// the index opportunities_closed (migration 0061).
func (s statsScope) closedWhere(status closer.Status) where {
	var w where
	w.add("org_id = ?", s.orgID)
	if status != "" {
		w.add("status = ?", string(status))
	}
	w.add("closed_on >= ? AND closed_on <= ?", s.period.From, s.period.To)
	if s.ownerID != 0 {
		w.add("owner_id = ?", s.ownerID)
	}
	return w
}

// figureSet holds the figures of each group key, in the order keys appear,
// and the cycle days of each key's closures per outcome, from which the
// medians are read once every row is in.
type figureSet struct {
	keys   []string
	figs   map[string]*closer.Figures
	cycles map[string]map[closer.Status]dayCounts
}

func newFigureSet() *figureSet {
	return &figureSet{figs: map[string]*closer.Figures{}, cycles: map[string]map[closer.Status]dayCounts{}}
}

// at returns the figures of key, adding them when new.
func (fs *figureSet) at(key string) *closer.Figures {
	f, ok := fs.figs[key]
	if !ok {
		f = &closer.Figures{}
		fs.figs[key] = f
		fs.keys = append(fs.keys, key)
	}
	return f
}

// addCycles records n closures of status st that took days days.
func (fs *figureSet) addCycles(key string, st closer.Status, days, n int) {
	c, ok := fs.cycles[key]
	if !ok {
		c = map[closer.Status]dayCounts{}
		fs.cycles[key] = c
	}
	if c[st] == nil {
		c[st] = dayCounts{}
	}
	c[st][days] += n
}

// setMedians sets each key's median cycle days from its counts.
func (fs *figureSet) setMedians() {
	for key, c := range fs.cycles {
		setMedians(fs.at(key), c)
	}
}

// total returns the figures of the whole set: the groups' counts added up
// and the medians of all their closures together (a median is not the sum
// of the groups' medians, but the day counts do add up).
func (fs *figureSet) total() closer.Figures {
	var t closer.Figures
	all := map[closer.Status]dayCounts{}
	for _, key := range fs.keys {
		t.Add(*fs.figs[key])
		for st, h := range fs.cycles[key] {
			if all[st] == nil {
				all[st] = dayCounts{}
			}
			for d, n := range h {
				all[st][d] += n
			}
		}
	}
	setMedians(&t, all)
	return t
}

func setMedians(f *closer.Figures, c map[closer.Status]dayCounts) {
	for st, h := range c {
		if m := h.median(); m != nil {
			f.SetMedianCycle(st, *m)
		}
	}
}

// dayCounts counts opportunities per number of days (a cycle time, an age
// on hold): a few hundred rows at most whatever the org's size, from which
// the median is exact.
type dayCounts map[int]int

// median returns the median of the days counted (closer.MedianOfCounts);
// nil when nothing is counted.
func (h dayCounts) median() *float64 { return closer.MedianOfCounts(h) }

// Stats computes the figures of a period for the team or one owner, and
// per owner, month or quarter when grouped. The on-hold snapshot is now.
// The closures and the orders are each read in one grouped pass; the total
// is the sum of the groups.
func (db *DB) Stats(ctx context.Context, q closer.StatsQuery) (*closer.Stats, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := q.Period.Validate(); err != nil {
		return nil, err
	} else if _, err := closer.ParseGrouping(string(q.Group)); err != nil {
		return nil, err
	}
	s := statsScope{orgID: a.OrgID, period: q.Period, ownerID: q.OwnerID}
	var fs *figureSet
	var hold *closer.OnHold
	var ms []closer.Member
	err = together(
		func() (err error) {
			fs, err = db.figures(ctx, s, q.Group, !q.NoMedians)
			return err
		},
		func() error {
			if q.NoOnHold {
				return nil
			}
			h, err := db.heldNow(ctx, s.orgID, s.ownerID, false)
			hold = &h.Team
			return err
		},
		func() (err error) {
			if q.Group == closer.GroupOwner {
				ms, err = members(ctx, db.db, a.OrgID)
			}
			return err
		},
	)
	if err != nil {
		return nil, err
	}
	out := &closer.Stats{Total: fs.total()}
	out.Total.OnHold = hold
	if q.Group != closer.GroupNone {
		out.Groups = labelGroups(s, q.Group, fs, ms)
	}
	return out, nil
}

// figures counts closures and orders, and the median cycle times when
// medians is set, of the scope per group key.
func (db *DB) figures(ctx context.Context, s statsScope, g closer.Grouping, medians bool) (*figureSet, error) {
	fs, placed := newFigureSet(), newFigureSet()
	err := together(
		func() error { return db.closures(ctx, s, g, medians, fs) },
		func() error { return db.orders(ctx, s, g, placed) },
	)
	if err != nil {
		return nil, err
	}
	for _, k := range placed.keys {
		fs.at(k).Add(*placed.figs[k])
	}
	fs.setMedians()
	return fs, nil
}

// closures counts the won, lost and vanished opportunities and their
// amounts, and with medians their number per cycle days (detection to
// closure), all in one pass over the period's range of the index
// opportunities_closed, grouped by one packed integer (stats_key.go).
//
// The query does not filter on status: a close date belongs to a closure
// (reopening clears it), and a row of another status would be dropped here
// all the same. A status term would only mislead the planners (SQLite into
// the (org_id, status) index, PostgreSQL into a row estimate a hundred times
// too low and a sort).
//
// The whole months of the period are read from the summaries instead
// (closuresOfMonths); only the days before the first whole month and after
// the last one are counted from the opportunities.
func (db *DB) closures(ctx context.Context, s statsScope, g closer.Grouping, medians bool, fs *figureSet) error {
	edges, months, ok := splitMonths(s.period)
	for _, e := range edges {
		es := s
		es.period = e
		if err := db.closuresOfDays(ctx, es, g, medians, fs); err != nil {
			return err
		}
	}
	if !ok {
		return nil
	}
	return db.closuresOfMonths(ctx, s, months, g, medians, fs)
}

// closuresOfDays counts the closures of the scope from the opportunities.
func (db *DB) closuresOfDays(ctx context.Context, s statsScope, g closer.Grouping, medians bool, fs *figureSet) error {
	if !medians && db.dialect.groupsWhileScanning() {
		return db.closuresByDay(ctx, s, g, fs)
	}
	w := s.closedWhere("")
	days := ""
	if medians {
		days = cycleDays
	}
	terms := []string{groupNumber(g, "closed_on"), "status"}
	if medians {
		terms = append(terms, days)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT `+packedKey(terms[0], statusCode, days)+`, COUNT(*), COALESCE(CAST(SUM(amount) AS BIGINT), 0)
		FROM opportunities`+w.String()+` GROUP BY `+db.dialect.groupByPacked(terms...), w.args...)
	if err != nil {
		return err
	}
	return addPackedClosures(rows, g, medians, fs)
}

// addPackedClosures adds rows of (packed key of group, status and, with
// medians, cycle days; count; amount) to fs, and closes rows. Rows of a
// status that is not a closure are dropped.
func addPackedClosures(rows *sql.Rows, g closer.Grouping, medians bool, fs *figureSet) error {
	defer rows.Close()
	for rows.Next() {
		var key int64
		var n int
		var amount closer.Money
		if err := rows.Scan(&key, &n, &amount); err != nil {
			return err
		}
		group, code, d := unpack(key, medians)
		st := codeStatus[code]
		if st == "" {
			continue
		}
		k := groupLabel(g, group)
		fs.at(k).AddClosures(st, n, amount)
		if medians {
			fs.addCycles(k, st, d, n)
		}
	}
	return rows.Err()
}

// closuresByDay counts the closures without their cycle times, grouped by
// day, status and owner: the order of the index opportunities_closed, so
// that SQLite aggregates as it walks the index instead of sorting every
// closure (a few hundred rows per month come out, whatever the org's size),
// and the days are folded into the groups here. PostgreSQL hashes the
// packed key of closures instead (dialect.groupsWhileScanning).
func (db *DB) closuresByDay(ctx context.Context, s statsScope, g closer.Grouping, fs *figureSet) error {
	w := s.closedWhere("")
	rows, err := db.db.QueryContext(ctx, `SELECT closed_on, status, COALESCE(owner_id, 0), COUNT(*), COALESCE(CAST(SUM(amount) AS BIGINT), 0)
		FROM opportunities`+w.String()+` GROUP BY closed_on, status, owner_id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var day, status string
		var owner int64
		var n int
		var amount closer.Money
		if err := rows.Scan(&day, &status, &owner, &n, &amount); err != nil {
			return err
		}
		st := closer.Status(status)
		if !st.IsClosure() {
			continue
		}
		key, err := dayGroup(g, day, owner)
		if err != nil {
			return err
		}
		fs.at(key).AddClosures(st, n, amount)
	}
	return rows.Err()
}

// cycleDays is the SQL expression of an opportunity's cycle time: the days
// from detected_on to closed_on (YYYY-MM-DD text), as the difference of
// their day numbers. It is written with integer arithmetic only, the same
// text on both databases (PostgreSQL refuses its text-to-date cast in an
// index, as not immutable; migrations 0008 to 0060 indexed this expression).
var cycleDays = "(" + dayNumber("closed_on") + " - " + dayNumber("detected_on") + ")"

// dayNumber returns an SQL integer expression numbering the day of a
// YYYY-MM-DD text column: days since a fixed origin, counting years from
// March so that a leap day ends its year (the civil-from-days algorithm).
func dayNumber(col string) string {
	year := "CAST(substr(" + col + ", 1, 4) AS INTEGER)"
	month := "CAST(substr(" + col + ", 6, 2) AS INTEGER)"
	day := "CAST(substr(" + col + ", 9, 2) AS INTEGER)"
	y := "(12 * " + year + " + " + month + " - 3) / 12" // the year, from March
	return "(365 * (" + y + ") + (" + y + ") / 4 - (" + y + ") / 100 + (" + y + ") / 400 + (153 * ((" + month + " + 9) % 12) + 2) / 5 + " + day + ")"
}

// orders counts the orders placed in the period by kind (per owner through
// orders.owner_id). The whole months of the period are read from
// order_months (ordersOfMonths); only the days before the first whole month
// and after the last one are counted from the orders.
func (db *DB) orders(ctx context.Context, s statsScope, g closer.Grouping, fs *figureSet) error {
	edges, months, ok := splitMonths(s.period)
	for _, e := range edges {
		es := s
		es.period = e
		if err := db.ordersOfDays(ctx, es, g, fs); err != nil {
			return err
		}
	}
	if !ok {
		return nil
	}
	return db.ordersOfMonths(ctx, s, months, g, fs)
}

// ordersOfDays counts the orders of the scope from the orders.
func (db *DB) ordersOfDays(ctx context.Context, s statsScope, g closer.Grouping, fs *figureSet) error {
	var w where
	w.add("org_id = ?", s.orgID)
	w.add("ordered_on >= ? AND ordered_on <= ?", s.period.From, s.period.To)
	if s.ownerID != 0 {
		w.add("owner_id = ?", s.ownerID)
	}
	if db.dialect.groupsWhileScanning() {
		return db.ordersByDay(ctx, w, g, fs)
	}
	group := groupNumber(g, "ordered_on")
	rows, err := db.db.QueryContext(ctx, `SELECT `+packedKey(group, kindCode, "")+`, COUNT(*) FROM orders`+w.String()+
		` GROUP BY `+db.dialect.groupByPacked(group, "kind"), w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key int64
		var n int
		if err := rows.Scan(&key, &n); err != nil {
			return err
		}
		group, code, _ := unpack(key, false)
		k, err := knownKind(string(codeKind[code]), n)
		if err != nil {
			return err
		}
		fs.at(groupLabel(g, group)).AddOrders(k, n)
	}
	return rows.Err()
}

// ordersByDay counts the orders w selects grouped by day, kind and owner:
// the order of the index orders_ordered, so that SQLite aggregates as it
// walks the index instead of sorting every order of the period (at most a
// dozen rows a day come out), and the days are folded into the groups here.
func (db *DB) ordersByDay(ctx context.Context, w where, g closer.Grouping, fs *figureSet) error {
	rows, err := db.db.QueryContext(ctx, `SELECT ordered_on, kind, COALESCE(owner_id, 0), COUNT(*)
		FROM orders`+w.String()+` GROUP BY ordered_on, kind, owner_id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var day, kind string
		var owner int64
		var n int
		if err := rows.Scan(&day, &kind, &owner, &n); err != nil {
			return err
		}
		k, err := knownKind(kind, n)
		if err != nil {
			return err
		}
		key, err := dayGroup(g, day, owner)
		if err != nil {
			return err
		}
		fs.at(key).AddOrders(k, n)
	}
	return rows.Err()
}

// dayGroup returns the group key of a row counted for one day (YYYY-MM-DD)
// and owner.
func dayGroup(g closer.Grouping, day string, owner int64) (string, error) {
	switch g {
	case closer.GroupOwner:
		return strconv.FormatInt(owner, 10), nil
	case closer.GroupMonth:
		return day[:7], nil
	case closer.GroupQuarter:
		d, err := closer.ParseDate(day)
		if err != nil {
			return "", err
		}
		return closer.QuarterOf(d).Label(), nil
	case closer.GroupNone:
	}
	return "", nil
}

// labelGroups orders and labels the groups: every month or quarter of the
// period (empty ones too, for charts), or the owners by name (ms, the org's
// members in name order).
func labelGroups(s statsScope, g closer.Grouping, fs *figureSet, ms []closer.Member) []closer.Group {
	out := []closer.Group{}
	switch g {
	case closer.GroupMonth, closer.GroupQuarter:
		periods := s.period.Months()
		if g == closer.GroupQuarter {
			periods = s.period.Quarters()
		}
		for _, p := range periods {
			out = append(out, closer.Group{Key: p.Label(), Label: p.Label(), Figures: *fs.at(p.Label())})
		}
	case closer.GroupOwner:
		for _, m := range ms { // by name
			key := strconv.FormatInt(m.UserID, 10)
			if f, ok := fs.figs[key]; ok {
				out = append(out, closer.Group{Key: key, Label: m.Name, Figures: *f})
				delete(fs.figs, key)
			}
		}
		for _, key := range fs.keys { // orders without an owner, or a former owner
			if f, ok := fs.figs[key]; ok {
				out = append(out, closer.Group{Key: key, Label: "—", Figures: *f})
			}
		}
	case closer.GroupNone:
	}
	return out
}
