package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"closer"
)

// The dashboard: on one screen, how the team's opportunities end over a
// period — key figures beside the previous period and the same period a
// year earlier, a table per salesperson whose numbers link to the
// opportunities behind them, charts (ui_dashboard_charts.go) and the
// diagnostics. Every member reads it, consultants included.

// dashData is the dashboard page.
type dashData struct {
	Picker     dashPeriod
	Kinds      []string
	Previous   closer.Period
	YearAgo    closer.Period
	ShowAgo    bool // the year-earlier column, unless it is the previous period (a year's)
	Team       dashRow
	People     []dashRow
	Key        []keyFigure
	Funnel     *closer.Funnel
	Losses     *closer.Losses
	Vanishings *closer.Vanishings
	HoldAges   []closer.AgeBucket
	Findings   []closer.FindingView
	Thresholds closer.Thresholds
	Trend      *trend
	PrevURL    string
	NextURL    string
	ChartQuery string                   // the picker's query, for the charts' URLs
	Notes      []*closer.ConsultantNote // the consultants' notes on the period
	orgURL     string
}

// dashRow is one line of the team table: a salesperson, or the team.
type dashRow struct {
	OwnerID   int64
	Name      string
	IsTeam    bool
	Figures   closer.Figures
	OnHold    closer.OnHold
	Target    closer.Money
	HasTarget bool
}

// TargetShare is the won amount as a fraction of the target, nil without one.
func (r dashRow) TargetShare() *float64 {
	if !r.HasTarget || r.Target <= 0 {
		return nil
	}
	f := float64(r.Figures.WonAmount) / float64(r.Target)
	return &f
}

// Days formats a number of days (a median), "—" when undefined.
func (v *view) Days(d *float64) string {
	if d == nil {
		return "—"
	}
	return formatInt(v.Lang, int(*d+0.5))
}

// List returns the link to the opportunities behind a number of row r:
// what is won, lost, vanished or closed (in the period, by close date),
// or on_hold (now).
func (d *dashData) List(r dashRow, what string) string {
	q := url.Values{}
	if !r.IsTeam {
		q.Set("owner", strconv.FormatInt(r.OwnerID, 10))
	}
	switch what {
	case "closed":
		q["status"] = []string{"won", "lost", "vanished"}
	default:
		q.Set("status", what)
	}
	if what != "on_hold" {
		q.Set("closed_from", d.Picker.Period.From.String())
		q.Set("closed_to", d.Picker.Period.To.String())
		q.Set("sort", "closed_on")
	}
	return d.orgURL + "opportunities?" + q.Encode()
}

// Orders returns the link to the orders of kind placed in the period by row r.
func (d *dashData) Orders(r dashRow, kind string) string {
	q := url.Values{"kind": {kind}, "from": {d.Picker.Period.From.String()}, "to": {d.Picker.Period.To.String()}}
	if !r.IsTeam {
		q.Set("owner", strconv.FormatInt(r.OwnerID, 10))
	}
	return d.orgURL + "orders?" + q.Encode()
}

// The columns of the team's two tables, and every figure the page defines.
var (
	outcomeCols   = []string{"won", "won_amount", "lost", "lost_amount", "vanished", "vanished_amount", "closed", "win_rate", "competitive_win_rate", "loss_rate", "vanish_rate"}
	portfolioCols = []string{"on_hold", "on_hold_amount", "on_hold_age", "overdue", "orders_linked", "orders_direct", "orders_recurring", "apparent_win_rate", "win_rate", "cycle_won", "cycle_lost", "cycle_vanished", "won_amount", "target", "target_share"}
	definedCols   = append(append([]string{}, outcomeCols...), portfolioCols[:8]...)
)

// OutcomeCols lists the columns of the outcomes table.
func (d *dashData) OutcomeCols() []string { return outcomeCols }

// PortfolioCols lists the columns of the portfolio table.
func (d *dashData) PortfolioCols() []string { return portfolioCols }

// DefinedCols lists every figure of the definitions, once.
func (d *dashData) DefinedCols() []string {
	return append(append([]string{}, definedCols...), "cycle_won", "cycle_lost", "cycle_vanished", "target", "target_share")
}

// Share formats a share 0..1 as a percentage.
func (v *view) Share(f float64) string { return v.Percent(&f) }

// Selected reports whether kind is the picker's.
func (d *dashData) Selected(kind string) bool { return d.Picker.Kind == kind }

// keyFigure is one line of the key figures: its name, its definition, and
// its value in the period, the previous one and a year earlier.
type keyFigure struct {
	Name, Def             string
	Now, Previous, YearAg string
}

// dashboardPage shows the dashboard of the picked period.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "dash.title", nil)
	d, err := s.dashboard(r.Context(), r.URL.Query(), v)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "dashboard", v)
}

// dashboard gathers the page's figures: one grouped Stats call for the
// period (team and every owner), two for the comparisons, and one call per
// other kind of figure — never a call per salesperson. The calls are
// independent reads: they run together, each on its own connection.
func (s *Server) dashboard(ctx context.Context, q url.Values, v *view) (*dashData, error) {
	d := &dashData{Picker: parseDashPeriod(q, v.Today, v.Lang), Kinds: periodKinds, orgURL: v.OrgURL("")}
	p := d.Picker.Period
	d.Previous, d.YearAgo = p.Previous(), p.YearEarlier()
	d.ShowAgo = d.YearAgo != d.Previous
	d.ChartQuery = periodQuery(d.Picker.Kind, p).Encode()
	if d.Picker.Kind == "custom" {
		d.PrevURL = "?" + periodQuery("custom", d.Previous).Encode()
		d.NextURL = "?" + periodQuery("custom", closer.Period{From: p.To.AddDays(1), To: p.To.AddDays(p.Days())}).Encode()
	} else {
		d.PrevURL = "?" + periodQuery(d.Picker.Kind, d.Previous).Encode()
		d.NextURL = "?" + periodQuery(d.Picker.Kind, closer.Period{From: p.To.AddDays(1)}).Encode()
	}
	var err error
	if d.Thresholds, err = s.Thresholds.Thresholds(ctx); err != nil {
		return nil, err
	}
	if d.Notes, err = s.periodNotes(ctx, p); err != nil {
		return nil, err
	}
	var (
		cur, prev, ago *closer.Stats
		held           closer.HeldNow
		targets        []*closer.Target
		members        []closer.Member
		diag           *closer.Diagnosis
		monthly        []closer.MonthClosures
	)
	err = together(
		func() (err error) {
			// The on-hold figures come from HeldNow, per owner.
			cur, err = s.Stats.Stats(ctx, closer.StatsQuery{Period: p, Group: closer.GroupOwner, NoOnHold: true})
			return
		},
		func() (err error) {
			prev, err = s.Stats.Stats(ctx, closer.StatsQuery{Period: d.Previous, NoOnHold: true, NoMedians: true})
			return
		},
		func() (err error) {
			if d.ShowAgo {
				ago, err = s.Stats.Stats(ctx, closer.StatsQuery{Period: d.YearAgo, NoOnHold: true, NoMedians: true})
			}
			return
		},
		func() (err error) { held, err = s.Dashboard.HeldNow(ctx); return },
		func() (err error) { targets, err = s.Sales.FindTargets(ctx, 0, p.From, p.To); return },
		func() (err error) { members, err = s.Orgs.Members(ctx); return },
		func() (err error) { d.Funnel, err = s.Stats.Funnel(ctx, p, 0); return },
		func() (err error) { d.Losses, err = s.Stats.Losses(ctx, p, 0); return },
		func() (err error) { d.Vanishings, err = s.Stats.Vanishings(ctx, p, 0); return },
		func() (err error) { diag, err = s.Stats.Diagnose(ctx, p, d.Thresholds); return },
		func() (err error) { monthly, err = s.Dashboard.MonthlyClosures(ctx, trendWindow(p)); return },
	)
	if err != nil {
		return nil, err
	}
	d.Team, d.People = teamRows(cur, held, targets, members, p)
	d.HoldAges = held.Ages
	if !d.ShowAgo {
		ago = prev
	}
	d.Key = keyFigures(v, cur.Total, prev.Total, ago.Total)
	d.Findings = diag.In(v.Lang)
	d.Trend = buildTrend(trendWindow(p), monthly, d.People)
	return d, nil
}

// together runs the functions at the same time and returns the first
// error, once all have returned.
func together(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = fn() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// teamRows builds the team's row and one row per salesperson: the owners
// with figures in the period, then the active salespeople without any (a
// row of zeros says something too) and anyone else with opportunities on hold.
func teamRows(st *closer.Stats, held closer.HeldNow, targets []*closer.Target, members []closer.Member, p closer.Period) (dashRow, []dashRow) {
	onHold := held.Owners
	perUser := map[int64][]closer.Target{}
	for _, t := range targets {
		perUser[t.UserID] = append(perUser[t.UserID], *t)
	}
	team := dashRow{IsTeam: true, Figures: st.Total, OnHold: held.Team}
	team.Target, team.HasTarget = closer.TargetFor(p, perUser[0])
	var people []dashRow
	seen := map[int64]bool{}
	var sum closer.Money
	summed := false
	add := func(id int64, name string, f closer.Figures) {
		r := dashRow{OwnerID: id, Name: name, Figures: f, OnHold: onHold[id]}
		r.Target, r.HasTarget = closer.TargetFor(p, perUser[id])
		if r.HasTarget {
			sum, summed = sum+r.Target, true
		}
		seen[id] = true
		people = append(people, r)
	}
	for _, g := range st.Groups {
		id, _ := strconv.ParseInt(g.Key, 10, 64)
		if id == 0 {
			continue // orders without an owner: in the team's row only
		}
		add(id, g.Label, g.Figures)
	}
	for _, m := range members {
		if !seen[m.UserID] && m.Active && (m.Role == closer.RoleSales || onHold[m.UserID].Count > 0) {
			add(m.UserID, m.Name, closer.Figures{})
		}
	}
	if !team.HasTarget && summed {
		team.Target, team.HasTarget = sum, true
	}
	return team, people
}

// keyFigures lays out the main figures beside their comparisons.
func keyFigures(v *view, now, prev, ago closer.Figures) []keyFigure {
	row := func(name string, f func(closer.Figures) string) keyFigure {
		return keyFigure{Name: v.T("dash.col." + name), Def: v.T("dash.def." + name), Now: f(now), Previous: f(prev), YearAg: f(ago)}
	}
	count := func(get func(closer.Figures) int) func(closer.Figures) string {
		return func(f closer.Figures) string { return v.Int(get(f)) }
	}
	rate := func(get func(closer.Figures) *float64) func(closer.Figures) string {
		return func(f closer.Figures) string { return v.Percent(get(f)) }
	}
	return []keyFigure{
		row("closed", count(func(f closer.Figures) int { return f.Closed })),
		row("won", count(func(f closer.Figures) int { return f.Won })),
		row("won_amount", func(f closer.Figures) string { return v.MoneyShort(f.WonAmount) }),
		row("lost", count(func(f closer.Figures) int { return f.Lost })),
		row("vanished", count(func(f closer.Figures) int { return f.Vanished })),
		row("win_rate", rate(func(f closer.Figures) *float64 { return f.WinRate })),
		row("competitive_win_rate", rate(func(f closer.Figures) *float64 { return f.CompetitiveWinRate })),
		row("apparent_win_rate", rate(func(f closer.Figures) *float64 { return f.ApparentWinRate })),
	}
}

// dashboardPageRoutes lists the dashboard's pages.
func (s *Server) dashboardPageRoutes() []Route {
	return []Route{
		{"GET", "/o/{slug}/dashboard", OrgPage, s.dashboardPage},
		{"GET", "/o/{slug}/dashboard/charts/{name}", OrgPage, s.dashboardChart},
		{"GET", "/o/{slug}/dashboard/thresholds", OrgPage, s.thresholdsPage},
		{"POST", "/o/{slug}/dashboard/thresholds", OrgPage, s.postThresholds},
	}
}
