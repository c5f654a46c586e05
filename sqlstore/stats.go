package sqlstore

import (
	"context"
	"strconv"

	"closer"
)

var _ closer.StatsService = (*DB)(nil)

// The statistics of SPEC section 3 are counted in SQL (aggregates over the
// index opportunities_closed and orders_ordered, never rows loaded into Go)
// and turned into figures by the domain's functions (closer.Figures).

// statsScope is what every statistics query filters on: the org, the
// period (both days included) and optionally one owner.
type statsScope struct {
	orgID   int64
	period  closer.Period
	ownerID int64
}

// closedWhere selects the closures of the scope: opportunities whose latest
// closure date falls in the period (a reopened one has no close date).
func (s statsScope) closedWhere(extra string) where {
	var w where
	w.add("org_id = ?", s.orgID)
	w.add("closed_on >= ? AND closed_on <= ?", s.period.From, s.period.To)
	if extra != "" {
		// status || '' keeps the planners on the closed_on range: on the bare
		// column they may pick the (org_id, status) index and read every closure.
		w.add("status || '' " + extra)
	}
	if s.ownerID != 0 {
		w.add("owner_id = ?", s.ownerID)
	}
	return w
}

// groupKey returns the SQL expression of a group's key (text) over the date
// column col; the key of GroupNone is the empty text.
func groupKey(g closer.Grouping, col string) string {
	switch g {
	case closer.GroupOwner:
		return "CAST(COALESCE(owner_id, 0) AS TEXT)"
	case closer.GroupMonth:
		return "substr(" + col + ", 1, 7)"
	case closer.GroupQuarter:
		return "substr(" + col + ", 1, 4) || '-Q' || CAST((CAST(substr(" + col + ", 6, 2) AS INTEGER) + 2) / 3 AS TEXT)"
	case closer.GroupNone:
	}
	return "CAST('' AS TEXT)"
}

// figureSet holds the figures of each group key, in the order keys appear.
type figureSet struct {
	keys []string
	figs map[string]*closer.Figures
}

func newFigureSet() *figureSet { return &figureSet{figs: map[string]*closer.Figures{}} }

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

// Stats computes the figures of a period for the team or one owner, and
// per owner, month or quarter when grouped. The on-hold snapshot is now.
func (db *DB) Stats(ctx context.Context, q closer.StatsQuery) (*closer.Stats, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := q.Period.Validate(); err != nil {
		return nil, err
	} else if _, err := closer.ParseGrouping(string(q.Group)); err != nil {
		return nil, err
	}
	org, err := findOrg(ctx, db.db, a.OrgID)
	if err != nil {
		return nil, err
	}
	s := statsScope{orgID: a.OrgID, period: q.Period, ownerID: q.OwnerID}
	total, err := db.figures(ctx, s, closer.GroupNone, true)
	if err != nil {
		return nil, err
	}
	out := &closer.Stats{Total: *total.at("")}
	if out.Total.OnHold, err = db.onHold(ctx, s, db.today(org)); err != nil {
		return nil, err
	}
	if q.Group == closer.GroupNone {
		return out, nil
	}
	groups, err := db.figures(ctx, s, q.Group, true)
	if err != nil {
		return nil, err
	}
	out.Groups, err = db.labelGroups(ctx, s, q.Group, groups)
	return out, err
}

// figures counts closures and orders, and the median cycle times when
// medians is set, of the scope per group key.
func (db *DB) figures(ctx context.Context, s statsScope, g closer.Grouping, medians bool) (*figureSet, error) {
	fs := newFigureSet()
	if err := db.closures(ctx, s, g, fs); err != nil {
		return nil, err
	} else if err := db.orders(ctx, s, g, fs); err != nil {
		return nil, err
	} else if medians {
		if err := db.medianCycles(ctx, s, g, fs); err != nil {
			return nil, err
		}
	}
	return fs, nil
}

// closures counts the won, lost and vanished opportunities and their amounts.
func (db *DB) closures(ctx context.Context, s statsScope, g closer.Grouping, fs *figureSet) error {
	w := s.closedWhere("IN ('won', 'lost', 'vanished')")
	key := groupKey(g, "closed_on")
	rows, err := db.db.QueryContext(ctx, `SELECT `+key+` AS k, status, COUNT(*), COALESCE(CAST(SUM(amount) AS BIGINT), 0)
		FROM opportunities`+w.String()+` GROUP BY `+key+`, status`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, status string
		var n int
		var amount closer.Money
		if err := rows.Scan(&k, &status, &n, &amount); err != nil {
			return err
		}
		fs.at(k).AddClosures(closer.Status(status), n, amount)
	}
	return rows.Err()
}

// orders counts the orders placed in the period by kind (per owner through
// orders.owner_id).
func (db *DB) orders(ctx context.Context, s statsScope, g closer.Grouping, fs *figureSet) error {
	var w where
	w.add("org_id = ?", s.orgID)
	w.add("ordered_on >= ? AND ordered_on <= ?", s.period.From, s.period.To)
	if s.ownerID != 0 {
		w.add("owner_id = ?", s.ownerID)
	}
	key := groupKey(g, "ordered_on")
	rows, err := db.db.QueryContext(ctx, `SELECT `+key+` AS k, kind, COUNT(*) FROM orders`+w.String()+` GROUP BY `+key+`, kind`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, kind string
		var n int
		if err := rows.Scan(&k, &kind, &n); err != nil {
			return err
		}
		fs.at(k).AddOrders(closer.OrderKind(kind), n)
	}
	return rows.Err()
}

// medianCycles computes the median days from detection to closure per group
// and outcome: the window numbers the closures by duration and the query
// returns the sum and count of the one or two middle ones.
func (db *DB) medianCycles(ctx context.Context, s statsScope, g closer.Grouping, fs *figureSet) error {
	w := s.closedWhere("IN ('won', 'lost', 'vanished')")
	rows, err := db.db.QueryContext(ctx, `SELECT k, status, SUM(d), COUNT(*) FROM (
			SELECT k, status, d, ROW_NUMBER() OVER (PARTITION BY k, status ORDER BY d) AS rn,
				COUNT(*) OVER (PARTITION BY k, status) AS n
			FROM (SELECT `+groupKey(g, "closed_on")+` AS k, status, `+db.dialect.daysBetween("detected_on", "closed_on")+` AS d
				FROM opportunities`+w.String()+`) c
		) r WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2 GROUP BY k, status`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, status string
		var sum int64
		var n int
		if err := rows.Scan(&k, &status, &sum, &n); err != nil {
			return err
		}
		fs.at(k).SetMedianCycle(closer.Status(status), *closer.Median(float64(sum), n))
	}
	return rows.Err()
}

// onHold takes the snapshot of the opportunities on hold now: count, value,
// overdue reviews (review date before today in the org's time zone), and the
// median age, read from the one or two middle put-on-hold dates.
func (db *DB) onHold(ctx context.Context, s statsScope, today closer.Date) (*closer.OnHold, error) {
	held := func() where {
		var w where
		w.add("org_id = ?", s.orgID)
		w.add("status = 'on_hold'")
		if s.ownerID != 0 {
			w.add("owner_id = ?", s.ownerID)
		}
		return w
	}
	h := &closer.OnHold{}
	var dated int
	w := held()
	todayArg := w.arg(today)
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(CAST(SUM(amount) AS BIGINT), 0),
		COALESCE(SUM(CASE WHEN review_on < `+todayArg+` THEN 1 ELSE 0 END), 0), COUNT(held_on)
		FROM opportunities`+w.String(), w.args...).Scan(&h.Count, &h.Amount, &h.OverdueReviews, &dated)
	if err != nil || dated == 0 {
		return h, err
	}
	w = held()
	w.add("held_on IS NOT NULL")
	limit, offset := w.arg(2-dated%2), w.arg((dated-1)/2)
	rows, err := db.db.QueryContext(ctx, `SELECT held_on FROM opportunities`+w.String()+
		` ORDER BY held_on LIMIT `+limit+` OFFSET `+offset, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sum, n := 0, 0
	for rows.Next() {
		var on closer.Date
		if err := rows.Scan(&on); err != nil {
			return nil, err
		}
		sum += on.DaysUntil(today)
		n++
	}
	h.MedianAgeDays = closer.Median(float64(sum), n)
	return h, rows.Err()
}

// labelGroups orders and labels the groups: every month or quarter of the
// period (empty ones too, for charts), or the owners by name.
func (db *DB) labelGroups(ctx context.Context, s statsScope, g closer.Grouping, fs *figureSet) ([]closer.Group, error) {
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
		ms, err := members(ctx, db.db, s.orgID)
		if err != nil {
			return nil, err
		}
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
	return out, nil
}
