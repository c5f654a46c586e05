package sqlstore

import (
	"context"
	"slices"

	"closer"
)

// closure_breakdown (migration 0051) holds the closures of each month per
// owner and outcome, split by what the funnel (furthest stage), the losses
// (competitor, loss reason) and the vanishings (vanish reason) rank them by:
// their whole months read a few hundred rows a month instead of every
// closure of the period. It is kept at the same write points as
// closure_months, by the same functions (summaries.go): an opportunity's latest closure counts
// once per kind that applies to its outcome.

// Kinds of closure_breakdown rows: what item_id is.
const (
	kindStage        = 1 // furthest stage reached, 0 for none; every closure
	kindCompetitor   = 2 // lost: the competitor, 0 for none, -1 unknown
	kindLossReason   = 3 // lost: the loss reason, 0 for none
	kindVanishReason = 4 // vanished: the vanish reason, 0 for none
)

// unknownItem is the item of a lost closure whose competitor is unknown.
const unknownItem = -1

// breakdownKey is a row of closure_breakdown.
type breakdownKey struct {
	kind   int
	month  int
	status closer.Status
	owner  int64
	item   int64
}

// breakdownsOf returns the rows of closure_breakdown o's closure counts in
// (none when o is not closed, as closureOf), and its amount.
func breakdownsOf(o *closer.Opportunity) (ks []breakdownKey, amount closer.Money) {
	if !o.Status.IsClosure() || o.ClosedOn.IsZero() {
		return nil, 0
	}
	base := breakdownKey{month: monthNumber(o.ClosedOn), status: o.Status, owner: o.OwnerID}
	at := func(kind int, item int64) breakdownKey {
		k := base
		k.kind, k.item = kind, item
		return k
	}
	ks = append(ks, at(kindStage, o.FurthestStageID))
	switch o.Status {
	case closer.StatusLost:
		competitor := o.CompetitorID
		if competitor == 0 && o.CompetitorUnknown {
			competitor = unknownItem
		}
		ks = append(ks, at(kindCompetitor, competitor), at(kindLossReason, o.LossReasonID))
	case closer.StatusVanished:
		ks = append(ks, at(kindVanishReason, o.VanishReasonID))
	case closer.StatusOpen, closer.StatusOnHold, closer.StatusWon:
	}
	return ks, o.Amount
}

// adjustBreakdown adds n closures worth amount to the row of k in s (n may
// be negative).
func adjustBreakdown(s *summaryWrites, k breakdownKey, n int, amount closer.Money) {
	s.adjust(&closureBreakdownTable, summaryDelta{n, amount}, k.kind, k.month, string(k.status), k.owner, k.item)
}

// addBreakdowns counts o's closure, if any, in closure_breakdown sign times.
func addBreakdowns(s *summaryWrites, o *closer.Opportunity, sign int) {
	ks, amount := breakdownsOf(o)
	for _, k := range ks {
		adjustBreakdown(s, k, sign, closer.Money(sign)*amount)
	}
}

// moveBreakdowns moves an opportunity's closure from its rows before to
// its rows after, when they or its amount changed.
func moveBreakdowns(s *summaryWrites, before, after *closer.Opportunity) {
	k0, a0 := breakdownsOf(before)
	k1, a1 := breakdownsOf(after)
	if a0 == a1 && slices.Equal(k0, k1) {
		return
	}
	addBreakdowns(s, before, -1)
	addBreakdowns(s, after, 1)
}

// breakdownRebuild is the SQL that recounts an org's closure_breakdown,
// one statement per kind.
var breakdownRebuild = []string{
	breakdownInsert("1", "COALESCE(furthest_stage_id, 0)", "status IN ('won', 'lost', 'vanished')"),
	breakdownInsert("2", "CASE WHEN competitor_id IS NOT NULL THEN competitor_id WHEN competitor_unknown THEN -1 ELSE 0 END", "status = 'lost'"),
	breakdownInsert("3", "COALESCE(loss_reason_id, 0)", "status = 'lost'"),
	breakdownInsert("4", "COALESCE(vanish_reason_id, 0)", "status = 'vanished'"),
}

func breakdownInsert(kind, item, status string) string {
	return `INSERT INTO closure_breakdown (org_id, kind, month, status, owner_id, item_id, n, amount)
		SELECT org_id, ` + kind + `, ` + closureMonthSQL + `, status, owner_id, ` + item + `, COUNT(*), SUM(amount)
		FROM opportunities WHERE org_id = $1 AND closed_on IS NOT NULL AND ` + status + `
		GROUP BY org_id, 3, status, owner_id, 6`
}

// rebuildBreakdowns recounts an org's closure_breakdown from its
// opportunities.
func rebuildBreakdowns(ctx context.Context, q querier, orgID int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM closure_breakdown WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	for _, s := range breakdownRebuild {
		if _, err := q.ExecContext(ctx, s, orgID); err != nil {
			return err
		}
	}
	return nil
}

// breakdownRows reads the rows of closure_breakdown of the given kind and
// status (any closure status when empty) in the scope's whole months m:
// fn gets each owner, status, item, count and amount.
func (db *DB) breakdownRows(ctx context.Context, s statsScope, m monthRange, kind int, st closer.Status, fn func(owner int64, st closer.Status, item int64, n int, amount closer.Money)) error {
	var w where
	w.add("org_id = ?", s.orgID)
	w.add("kind = ?", kind)
	w.add("month >= ? AND month <= ?", m.first, m.last)
	if st != "" {
		w.add("status = ?", string(st))
	}
	if s.ownerID != 0 {
		w.add("owner_id = ?", s.ownerID)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT owner_id, status, item_id, CAST(SUM(n) AS BIGINT), CAST(SUM(amount) AS BIGINT)
		FROM closure_breakdown`+w.String()+` GROUP BY owner_id, status, item_id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var owner, item int64
		var status string
		var n int
		var amount closer.Money
		if err := rows.Scan(&owner, &status, &item, &n, &amount); err != nil {
			return err
		}
		fn(owner, closer.Status(status), item, n, amount)
	}
	return rows.Err()
}
