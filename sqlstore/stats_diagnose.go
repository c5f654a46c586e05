package sqlstore

import (
	"context"
	"strconv"

	"closer"
)

// Diagnose gathers what closer.Diagnose reads — the figures of p and of the
// earlier periods per owner, the portfolio now, the losses ranked, the
// targets — in a fixed number of queries grouped by owner (never one query
// per person), and returns the findings.
func (db *DB) Diagnose(ctx context.Context, p closer.Period, th closer.Thresholds) (*closer.Diagnosis, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := p.Validate(); err != nil {
		return nil, err
	}
	th = th.WithDefaults()
	in, err := db.diagnosisInput(ctx, a.OrgID, p, th.HistoryPeriods)
	if err != nil {
		return nil, err
	}
	return &closer.Diagnosis{Period: p, Thresholds: th, Findings: closer.Diagnose(*in, th)}, nil
}

// diagnosisInput builds the team's and each salesperson's scorecard.
func (db *DB) diagnosisInput(ctx context.Context, orgID int64, p closer.Period, periods int) (*closer.DiagnosisInput, error) {
	// The history is counted period by period (from the summary tables, a
	// few rows each), so that a finding can say in how many of them its
	// comparison's closures fall.
	earlier := make([]closer.Period, periods)
	for i, e := 0, p; i < periods; i++ {
		e = e.Previous()
		earlier[i] = e
	}
	s := statsScope{orgID: orgID, period: p}
	var org *closer.Org
	var ms []closer.Member
	var cur *figureSet
	past := make([]*figureSet, periods)
	var losses []byOwner
	var held []portfolioRow
	var goals map[int64][]closer.Target
	work := []func() error{
		func() (err error) {
			if org, err = findOrg(ctx, db.db, orgID); err == nil {
				held, err = db.portfolios(ctx, orgID, db.today(org))
			}
			return err
		},
		func() (err error) { ms, err = members(ctx, db.db, orgID); return err },
		func() error {
			lists, err := loadLists(ctx, db.db, orgID)
			if err == nil {
				losses, err = db.breakdowns(ctx, s, closer.StatusLost, lists, breakCompetitor, breakLossReason)
			}
			return err
		},
		func() (err error) { cur, err = db.figures(ctx, s, closer.GroupOwner, false); return err },
		func() (err error) { goals, err = db.targets(ctx, orgID, p); return err },
	}
	for i, e := range earlier {
		work = append(work, func() error {
			// The closures only: the findings compare the history's closure
			// shares (closer.Diagnose), never its orders.
			past[i] = newFigureSet()
			return db.closures(ctx, statsScope{orgID: orgID, period: e}, closer.GroupOwner, false, past[i])
		})
	}
	if err := together(work...); err != nil {
		return nil, err
	}
	comp, reasons := losses[0], losses[1]
	in := &closer.DiagnosisInput{Period: p, Today: db.today(org), Currency: org.Currency}
	cards := map[int64]*closer.Scorecard{}
	card := func(id int64) *closer.Scorecard {
		if c, ok := cards[id]; ok {
			return c
		}
		c := &closer.Scorecard{OwnerID: id}
		cards[id] = c
		return c
	}
	for key, f := range cur.figs {
		id, _ := strconv.ParseInt(key, 10, 64)
		card(id).Current = *f
		in.Team.Current.Add(*f)
	}
	for _, fs := range past {
		var team closer.Figures
		for key, f := range fs.figs {
			id, _ := strconv.ParseInt(key, 10, 64)
			c := card(id)
			c.History.Add(*f)
			if f.Closed > 0 {
				c.HistoryActive++
			}
			team.Add(*f)
		}
		in.Team.History.Add(team)
		if team.Closed > 0 {
			in.Team.HistoryActive++
		}
	}
	for id, b := range comp {
		card(id).Competitors = b
	}
	for id, b := range reasons {
		card(id).LossReasons = b
	}
	in.Team.Competitors, in.Team.LossReasons = comp.merged(), reasons.merged()
	for _, r := range held {
		c := card(r.owner)
		switch r.status {
		case closer.StatusOpen:
			c.Open += r.n
			in.Team.Open += r.n
		case closer.StatusOnHold:
			c.OnHold, c.Overdue = c.OnHold+r.n, c.Overdue+r.overdue
			in.Team.OnHold, in.Team.Overdue = in.Team.OnHold+r.n, in.Team.Overdue+r.overdue
		case closer.StatusWon, closer.StatusLost, closer.StatusVanished:
		}
	}
	setTargets(p, goals, card, &in.Team)
	for _, m := range ms { // by name: active salespeople, and anyone with figures
		c, ok := cards[m.UserID]
		if !ok && (!m.Active || m.Role == closer.RoleConsultant) {
			continue
		}
		c = card(m.UserID)
		c.Name = m.Name
		in.People = append(in.People, *c)
	}
	return in, nil
}

// portfolioRow is how many opportunities of one owner are in status now
// (open or on hold), and how many of those on hold have a review date past.
type portfolioRow struct {
	owner      int64
	status     closer.Status
	n, overdue int
}

// portfolios counts the open and on-hold opportunities of each owner now,
// from opportunity_counts (kept by every write in its transaction) instead
// of counting their index entries, and the on-hold ones whose review date is
// past from hold_days: a row per review day and owner. An owner may have
// several rows; they add up.
func (db *DB) portfolios(ctx context.Context, orgID int64, today closer.Date) ([]portfolioRow, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT owner_id, status, n, 0 FROM opportunity_counts
		WHERE org_id = $1 AND status IN ('open', 'on_hold') AND n <> 0
		UNION ALL
		SELECT owner_id, 'on_hold', 0, CAST(n AS BIGINT)
		FROM hold_days WHERE org_id = $1 AND kind = $3 AND day <> '' AND day < $2`, orgID, today, holdReview)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []portfolioRow
	for rows.Next() {
		var r portfolioRow
		var status string
		if err := rows.Scan(&r.owner, &status, &r.n, &r.overdue); err != nil {
			return nil, err
		}
		r.status = closer.Status(status)
		out = append(out, r)
	}
	return out, rows.Err()
}

// targets reads the targets that start within p, per person (0: the team).
func (db *DB) targets(ctx context.Context, orgID int64, p closer.Period) (map[int64][]closer.Target, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT user_id, period, starts_on, amount FROM targets
		WHERE org_id = $1 AND starts_on >= $2 AND starts_on <= $3`, orgID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	per := map[int64][]closer.Target{}
	for rows.Next() {
		var t closer.Target
		var period string
		if err := rows.Scan(&t.UserID, &period, &t.StartsOn, &t.Amount); err != nil {
			return nil, err
		}
		t.Period = closer.PeriodKind(period)
		per[t.UserID] = append(per[t.UserID], t)
	}
	return per, rows.Err()
}

// setTargets sets each person's and the team's target for p: the team's
// own targets, or else the sum of its members'.
func setTargets(p closer.Period, per map[int64][]closer.Target, card func(int64) *closer.Scorecard, team *closer.Scorecard) {
	var sum closer.Money
	found := false
	for id, ts := range per {
		amount, ok := closer.TargetFor(p, ts)
		if !ok {
			continue
		}
		if id == 0 {
			team.Target, team.HasTarget = amount, true
			continue
		}
		c := card(id)
		c.Target, c.HasTarget = amount, true
		sum += amount
		found = true
	}
	if !team.HasTarget && found {
		team.Target, team.HasTarget = sum, true
	}
}
