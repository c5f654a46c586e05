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
	org, err := findOrg(ctx, db.db, orgID)
	if err != nil {
		return nil, err
	}
	ms, err := members(ctx, db.db, orgID)
	if err != nil {
		return nil, err
	}
	lists, err := loadLists(ctx, db.db, orgID)
	if err != nil {
		return nil, err
	}
	earliest := p
	for range periods {
		earliest = earliest.Previous()
	}
	history := closer.Period{From: earliest.From, To: p.From.AddDays(-1)}
	s := statsScope{orgID: orgID, period: p}
	cur, err := db.figures(ctx, s, closer.GroupOwner, false)
	if err != nil {
		return nil, err
	}
	past, err := db.figures(ctx, statsScope{orgID: orgID, period: history}, closer.GroupOwner, false)
	if err != nil {
		return nil, err
	}
	losses, err := db.breakdowns(ctx, s, closer.StatusLost, lists, breakCompetitor, breakLossReason)
	if err != nil {
		return nil, err
	}
	comp, reasons := losses[0], losses[1]
	in := &closer.DiagnosisInput{Period: p, Currency: org.Currency}
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
	for key, f := range past.figs {
		id, _ := strconv.ParseInt(key, 10, 64)
		card(id).History = *f
		in.Team.History.Add(*f)
	}
	for id, b := range comp {
		card(id).Competitors = b
	}
	for id, b := range reasons {
		card(id).LossReasons = b
	}
	in.Team.Competitors, in.Team.LossReasons = comp.merged(), reasons.merged()
	if err := db.portfolios(ctx, orgID, db.today(org), card, &in.Team); err != nil {
		return nil, err
	}
	if err := db.targets(ctx, orgID, p, card, &in.Team); err != nil {
		return nil, err
	}
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

// portfolios counts the open and on-hold opportunities of each owner now,
// and the on-hold ones whose review date is past: the open ones from the
// index opportunities_status_owner, the on-hold ones from the partial index
// opportunities_on_hold, neither visiting the table rows. (owner_id + 0:
// grouped by the bare column, SQLite walks opportunities_status_owner for
// its order and reads every on-hold row from the table.)
func (db *DB) portfolios(ctx context.Context, orgID int64, today closer.Date, card func(int64) *closer.Scorecard, team *closer.Scorecard) error {
	rows, err := db.db.QueryContext(ctx, `SELECT owner_id, status, COUNT(*), 0
		FROM opportunities WHERE org_id = $1 AND status = 'open' GROUP BY owner_id, status
		UNION ALL
		SELECT owner_id + 0, status, COUNT(*), COALESCE(SUM(CASE WHEN review_on < $2 THEN 1 ELSE 0 END), 0)
		FROM opportunities WHERE org_id = $1 AND status = 'on_hold' GROUP BY owner_id + 0, status`, orgID, today)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var owner int64
		var status string
		var n, overdue int
		if err := rows.Scan(&owner, &status, &n, &overdue); err != nil {
			return err
		}
		c := card(owner)
		switch closer.Status(status) {
		case closer.StatusOpen:
			c.Open += n
			team.Open += n
		case closer.StatusOnHold:
			c.OnHold, c.Overdue = c.OnHold+n, c.Overdue+overdue
			team.OnHold, team.Overdue = team.OnHold+n, team.Overdue+overdue
		case closer.StatusWon, closer.StatusLost, closer.StatusVanished:
		}
	}
	return rows.Err()
}

// targets sets each person's and the team's target for p: the team's own
// targets, or else the sum of its members'.
func (db *DB) targets(ctx context.Context, orgID int64, p closer.Period, card func(int64) *closer.Scorecard, team *closer.Scorecard) error {
	rows, err := db.db.QueryContext(ctx, `SELECT user_id, period, starts_on, amount FROM targets
		WHERE org_id = $1 AND starts_on >= $2 AND starts_on <= $3`, orgID, p.From, p.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	per := map[int64][]closer.Target{}
	for rows.Next() {
		var t closer.Target
		var period string
		if err := rows.Scan(&t.UserID, &period, &t.StartsOn, &t.Amount); err != nil {
			return err
		}
		t.Period = closer.PeriodKind(period)
		per[t.UserID] = append(per[t.UserID], t)
	}
	if err := rows.Err(); err != nil {
		return err
	}
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
	return nil
}
