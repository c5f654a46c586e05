package sqlstore

import (
	"context"
	"strconv"

	"closer"
)

// Funnel counts the opportunities closed in p by furthest stage reached and
// outcome, and lets the domain build the funnel over the org's stages.
func (db *DB) Funnel(ctx context.Context, p closer.Period, ownerID int64) (*closer.Funnel, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := p.Validate(); err != nil {
		return nil, err
	}
	var lists *closer.Lists
	var counts []closer.StageCount
	err = together(
		func() (err error) { lists, err = loadLists(ctx, db.db, a.OrgID); return err },
		func() (err error) {
			counts, err = db.stageCounts(ctx, statsScope{orgID: a.OrgID, period: p, ownerID: ownerID})
			return err
		},
	)
	if err != nil {
		return nil, err
	}
	return closer.BuildFunnel(p, lists.Stages, counts), nil
}

// stageCounts counts the closures of the scope per furthest stage and
// outcome: the whole months from closure_breakdown, the days outside them
// from the opportunities (stageCountsOfDays). Stage ids only: the funnel
// applies the org's current stages (order, retirement) to them.
func (db *DB) stageCounts(ctx context.Context, s statsScope) ([]closer.StageCount, error) {
	type key struct {
		stage int64
		st    closer.Status
	}
	sum := map[key]int{}
	var order []key
	add := func(stage int64, st closer.Status, n int) {
		k := key{stage, st}
		if _, ok := sum[k]; !ok {
			order = append(order, k)
		}
		sum[k] += n
	}
	edges, months, whole := splitMonths(s.period)
	for _, e := range edges {
		es := s
		es.period = e
		if err := db.stageCountsOfDays(ctx, es, add); err != nil {
			return nil, err
		}
	}
	if whole {
		err := db.breakdownRows(ctx, s, months, kindStage, "", func(_ int64, st closer.Status, item int64, n int, _ closer.Money) {
			if st.IsClosure() {
				add(item, st, n)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	counts := make([]closer.StageCount, 0, len(order))
	for _, k := range order {
		counts = append(counts, closer.StageCount{StageID: k.stage, Status: k.st, Count: sum[k]})
	}
	return counts, nil
}

// stageCountsOfDays counts the closures of the scope per furthest stage and
// outcome from the opportunities, grouped by one packed integer
// (stats_key.go). No status term, as for closures: a row of another status
// is dropped.
func (db *DB) stageCountsOfDays(ctx context.Context, s statsScope, add func(stage int64, st closer.Status, n int)) error {
	w := s.closedWhere("")
	stage := "COALESCE(furthest_stage_id, 0)"
	rows, err := db.db.QueryContext(ctx, `SELECT `+packedKey(stage, statusCode, "")+`, COUNT(*)
		FROM opportunities`+w.String()+` GROUP BY `+db.dialect.groupByPacked(stage, "status"), w.args...)
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
		stage, code, _ := unpack(key, false)
		if st := codeStatus[code]; st != "" {
			add(stage, st, n)
		}
	}
	return rows.Err()
}

// Losses ranks the opportunities lost in p by who won and by reason.
func (db *DB) Losses(ctx context.Context, p closer.Period, ownerID int64) (*closer.Losses, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := p.Validate(); err != nil {
		return nil, err
	}
	lists, err := loadLists(ctx, db.db, a.OrgID)
	if err != nil {
		return nil, err
	}
	s := statsScope{orgID: a.OrgID, period: p, ownerID: ownerID}
	b, err := db.breakdowns(ctx, s, closer.StatusLost, lists, breakCompetitor, breakLossReason)
	if err != nil {
		return nil, err
	}
	out := &closer.Losses{Period: p, ByCompetitor: b[0].merged(), ByReason: b[1].merged()}
	for _, r := range out.ByReason {
		out.Lost += r.Count
		out.Amount += r.Amount
	}
	return out, nil
}

// Vanishings ranks the opportunities vanished in p by reason.
func (db *DB) Vanishings(ctx context.Context, p closer.Period, ownerID int64) (*closer.Vanishings, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := p.Validate(); err != nil {
		return nil, err
	}
	lists, err := loadLists(ctx, db.db, a.OrgID)
	if err != nil {
		return nil, err
	}
	b, err := db.breakdowns(ctx, statsScope{orgID: a.OrgID, period: p, ownerID: ownerID}, closer.StatusVanished, lists, breakVanishReason)
	if err != nil {
		return nil, err
	}
	out := &closer.Vanishings{Period: p, ByReason: b[0].merged()}
	for _, r := range out.ByReason {
		out.Vanished += r.Count
		out.Amount += r.Amount
	}
	return out, nil
}

// breakBy names what a breakdown splits closures by.
type breakBy int

const (
	breakCompetitor breakBy = iota
	breakLossReason
	breakVanishReason
)

// byOwner holds a breakdown per owner, to merge for the team or to read
// per salesperson for the diagnostics.
type byOwner map[int64]closer.Breakdown

// breakdowns counts the closures of status st in the scope by owner and by
// competitor or reason, labelled from the org's lists: one breakdown per
// element of bys. The whole months are read from closure_breakdown, the
// days outside them from the opportunities (breakdownsOfDays).
func (db *DB) breakdowns(ctx context.Context, s statsScope, st closer.Status, lists *closer.Lists, bys ...breakBy) ([]byOwner, error) {
	out := make([]byOwner, len(bys))
	for i := range out {
		out[i] = byOwner{}
	}
	edges, months, whole := splitMonths(s.period)
	for _, e := range edges {
		es := s
		es.period = e
		if err := db.breakdownsOfDays(ctx, es, st, lists, bys, out); err != nil {
			return nil, err
		}
	}
	if whole {
		for i, by := range bys {
			kind := kindLossReason
			switch by {
			case breakCompetitor:
				kind = kindCompetitor
			case breakVanishReason:
				kind = kindVanishReason
			case breakLossReason:
			}
			err := db.breakdownRows(ctx, s, months, kind, st, func(owner int64, _ closer.Status, item int64, n int, amount closer.Money) {
				id, unknown := item, false
				if item == unknownItem {
					id, unknown = 0, true
				}
				out[i][owner] = append(out[i][owner], breakdownRow(by, id, unknown, n, amount, lists))
			})
			if err != nil {
				return nil, err
			}
		}
	}
	for _, b := range out {
		for owner, rows := range b {
			b[owner] = mergeRows(rows).Rank()
		}
	}
	return out, nil
}

// breakdownsOfDays adds the closures of status st in the scope to out, read
// from the opportunities in one pass over the period's range of the index
// opportunities_closed.
func (db *DB) breakdownsOfDays(ctx context.Context, s statsScope, st closer.Status, lists *closer.Lists, bys []breakBy, out []byOwner) error {
	w := s.closedWhere(st)
	// owner_id + 0: grouped by the bare column, SQLite walks the whole org
	// in the order of opportunities_owner once the period is long (a year:
	// seven times slower) instead of the period's range of the index.
	rows, err := db.db.QueryContext(ctx, `SELECT owner_id + 0, competitor_id, competitor_unknown, loss_reason_id, vanish_reason_id,
		COUNT(*), COALESCE(CAST(SUM(amount) AS BIGINT), 0)
		FROM opportunities`+w.String()+` GROUP BY 1, 2, 3, 4, 5`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var owner, competitor, lossReason, vanishReason int64
		var unknown bool
		var n int
		var amount closer.Money
		if err := rows.Scan(&owner, nz(&competitor), &unknown, nz(&lossReason), nz(&vanishReason), &n, &amount); err != nil {
			return err
		}
		for i, by := range bys {
			id := lossReason
			switch by {
			case breakCompetitor:
				id = competitor
			case breakVanishReason:
				id = vanishReason
			case breakLossReason:
			}
			out[i][owner] = append(out[i][owner], breakdownRow(by, id, unknown, n, amount, lists))
		}
	}
	return rows.Err()
}

// breakdownRow labels n closures worth amount split by by into item id
// (0: none; for a competitor, unknown says whether nobody knows who won).
func breakdownRow(by breakBy, id int64, unknown bool, n int, amount closer.Money, lists *closer.Lists) closer.BreakdownRow {
	kind := closer.ListLossReasons
	switch by {
	case breakCompetitor:
		kind = closer.ListCompetitors
	case breakVanishReason:
		kind = closer.ListVanishReasons
	case breakLossReason:
	}
	r := closer.BreakdownRow{Count: n, Amount: amount}
	switch {
	case id != 0:
		it, _ := lists.Get(kind, id)
		r.Key, r.Label, r.Price = strconv.FormatInt(id, 10), it.Name, it.Price
	case by == breakCompetitor && unknown:
		r.Key, r.Label = closer.CompetitorUnknown, closer.CompetitorUnknown
	default:
		r.Key, r.Label = "none", ""
	}
	return r
}

// merged returns the team's breakdown: every owner's rows added by key.
func (b byOwner) merged() closer.Breakdown {
	var all closer.Breakdown
	for _, rows := range b {
		all = append(all, rows...)
	}
	return mergeRows(all).Rank()
}

// mergeRows adds up the rows that share a key.
func mergeRows(rows closer.Breakdown) closer.Breakdown {
	out := closer.Breakdown{}
	at := map[string]int{}
	for _, r := range rows {
		if i, ok := at[r.Key]; ok {
			out[i].Count += r.Count
			out[i].Amount += r.Amount
			continue
		}
		at[r.Key] = len(out)
		out = append(out, r)
	}
	return out
}
