package web

import (
	"context"
	"math"
	"net/http"
	"strconv"

	"github.com/go-analyze/charts"

	"closer"
)

// The dashboard's charts, server-rendered SVG (github.com/go-analyze/charts),
// each served as an image at its own URL: the library writes inline style
// attributes, which the page's Content-Security-Policy would block inline,
// but which an image may carry. Each chart takes the page's period query;
// the page shows the same numbers as text beside it.

// chartWidth and chartHeight size every chart; the page scales them.
const chartWidth, chartHeight = 720, 360

// chartCSP lets the SVG style itself and do nothing else.
const chartCSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"

// The outcomes' colours: won green, lost red, vanished purple (as the status badges).
var outcomeColors = []charts.Color{charts.ColorRGB(0x1e, 0x7a, 0x3c), charts.ColorRGB(0xb3, 0x26, 0x1e), charts.ColorRGB(0x6b, 0x5b, 0x95)}

// chartNames are the charts the dashboard serves.
var chartNames = []string{"outcomes.svg", "winrate.svg", "funnel.svg", "competitors.svg", "reasons.svg", "vanish_reasons.svg", "onhold.svg", "revenue.svg"}

// dashboardChart answers one chart of the picked period.
func (s *Server) dashboardChart(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !contains(chartNames, name) {
		s.failPage(w, r, closer.Errorf(closer.ENOTFOUND, "No such chart."))
		return
	}
	v := s.newView(w, r, "dash.title", nil)
	pick := parseDashPeriod(r.URL.Query(), v.Today, v.Lang)
	svg, err := s.chart(r.Context(), name, pick.Period, v)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Content-Security-Policy", chartCSP)
	h.Set("Cache-Control", "private, no-cache")
	w.Write(svg)
}

// chart renders the chart name over period p.
func (s *Server) chart(ctx context.Context, name string, p closer.Period, v *view) ([]byte, error) {
	switch name {
	case "outcomes.svg", "winrate.svg":
		return s.trendChart(ctx, name, p, v)
	case "funnel.svg":
		f, err := s.Stats.Funnel(ctx, p, 0)
		if err != nil {
			return nil, err
		}
		// Bottom to top: the first stage of the pipeline is drawn at the top.
		var labels []string
		won, lost, vanished := []float64{}, []float64{}, []float64{}
		add := func(label string, o closer.Outcomes) {
			labels = append(labels, label)
			won, lost, vanished = append(won, float64(o.Won)), append(lost, float64(o.Lost)), append(vanished, float64(o.Vanished))
		}
		if f.NoStage.Total() > 0 {
			add(v.T("dash.no_stage"), f.NoStage)
		}
		for i := len(f.Stages) - 1; i >= 0; i-- {
			add(f.Stages[i].Stage, f.Stages[i].Stopped)
		}
		return outcomeBars(v, v.T("dash.chart.funnel"), labels, [][]float64{won, lost, vanished}, true)
	case "competitors.svg", "reasons.svg":
		l, err := s.Stats.Losses(ctx, p, 0)
		if err != nil {
			return nil, err
		}
		if name == "competitors.svg" {
			return breakdownBars(v, v.T("dash.chart.competitors"), l.ByCompetitor)
		}
		return breakdownBars(v, v.T("dash.chart.reasons"), l.ByReason)
	case "vanish_reasons.svg":
		vn, err := s.Stats.Vanishings(ctx, p, 0)
		if err != nil {
			return nil, err
		}
		return breakdownBars(v, v.T("dash.chart.vanish_reasons"), vn.ByReason)
	case "onhold.svg":
		held, err := s.Dashboard.HeldNow(ctx)
		if err != nil {
			return nil, err
		}
		var labels []string
		var counts []float64
		for _, b := range held.Ages {
			labels = append(labels, v.AgeLabel(b))
			counts = append(counts, float64(b.Count))
		}
		return bars(v, v.T("dash.chart.onhold"), labels, []string{v.T("dash.col.on_hold")}, [][]float64{counts}, nil, false, false)
	case "revenue.svg":
		return s.revenueChart(ctx, p, v)
	}
	return nil, closer.Errorf(closer.ENOTFOUND, "No such chart.")
}

// trendChart draws the outcome mix per month (stacked) or each
// salesperson's win rate per month, over the trend's window.
func (s *Server) trendChart(ctx context.Context, name string, p closer.Period, v *view) ([]byte, error) {
	window := trendWindow(p)
	rows, err := s.Dashboard.MonthlyClosures(ctx, window)
	if err != nil {
		return nil, err
	}
	st, err := s.Stats.Stats(ctx, closer.StatsQuery{Period: p, Group: closer.GroupOwner, NoOnHold: true})
	if err != nil {
		return nil, err
	}
	members, err := s.Orgs.Members(ctx)
	if err != nil {
		return nil, err
	}
	_, people := teamRows(st, closer.HeldNow{}, nil, members, p)
	t := buildTrend(window, rows, people)
	if name == "outcomes.svg" {
		won, lost, vanished := make([]float64, len(t.Months)), make([]float64, len(t.Months)), make([]float64, len(t.Months))
		for i, o := range t.Team {
			won[i], lost[i], vanished[i] = float64(o.Won), float64(o.Lost), float64(o.Vanished)
		}
		return outcomeBars(v, v.T("dash.chart.outcomes"), t.Months, [][]float64{won, lost, vanished}, false)
	}
	values := make([][]float64, len(t.People))
	names := make([]string, len(t.People))
	for j, pt := range t.People {
		names[j] = pt.Name
		values[j] = make([]float64, len(t.Months))
		for i := range t.Months {
			values[j][i] = charts.GetNullValue()
			if r := pt.WinRate(i); r != nil {
				values[j][i] = *r * 100
			}
		}
	}
	if len(values) == 0 {
		values, names = [][]float64{make([]float64, len(t.Months))}, []string{v.T("dash.team")}
	}
	opt := charts.NewLineChartOptionWithData(values)
	opt.Title.Text = v.T("dash.chart.winrate")
	opt.XAxis.Labels = t.Months
	opt.Legend.SeriesNames = names
	opt.Legend.Offset = charts.OffsetRight
	opt.YAxis = []charts.YAxisOption{{Min: charts.Ptr(0.0), Max: charts.Ptr(100.0), LabelCount: 6, ValueFormatter: func(f float64) string { return v.Percent(charts.Ptr(f / 100)) }}}
	pt := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputSVG, Width: chartWidth, Height: chartHeight})
	if err := pt.LineChart(opt); err != nil {
		return nil, err
	}
	return pt.Bytes()
}

// revenueChart draws each salesperson's won amount beside their target.
func (s *Server) revenueChart(ctx context.Context, p closer.Period, v *view) ([]byte, error) {
	st, err := s.Stats.Stats(ctx, closer.StatsQuery{Period: p, Group: closer.GroupOwner, NoOnHold: true})
	if err != nil {
		return nil, err
	}
	targets, err := s.Sales.FindTargets(ctx, 0, p.From, p.To)
	if err != nil {
		return nil, err
	}
	members, err := s.Orgs.Members(ctx)
	if err != nil {
		return nil, err
	}
	team, people := teamRows(st, closer.HeldNow{}, targets, members, p)
	rows := append([]dashRow{team}, people...)
	labels := make([]string, len(rows))
	won, target := make([]float64, len(rows)), make([]float64, len(rows))
	for i, r := range rows {
		labels[i] = r.Name
		if r.IsTeam {
			labels[i] = v.T("dash.team")
		}
		won[i], target[i] = r.Figures.WonAmount.Major(), r.Target.Major()
	}
	money := func(f float64) string { return v.MoneyShort(closer.Money(f * 100)) }
	return bars(v, v.T("dash.chart.revenue"), labels, []string{v.T("dash.col.won_amount"), v.T("dash.col.target")},
		[][]float64{won, target}, money, false, false)
}

// outcomeBars draws won, lost and vanished stacked per category.
func outcomeBars(v *view, title string, labels []string, values [][]float64, horizontal bool) ([]byte, error) {
	names := []string{v.T("dash.col.won"), v.T("dash.col.lost"), v.T("dash.col.vanished")}
	return bars(v, title, labels, names, values, nil, true, horizontal)
}

// breakdownBars draws the counts of a breakdown's first rows, horizontally.
func breakdownBars(v *view, title string, b closer.Breakdown) ([]byte, error) {
	var labels []string
	var counts []float64
	for i := len(b) - 1; i >= 0; i-- { // the largest at the top
		if i >= 10 {
			continue
		}
		labels = append(labels, v.BreakdownLabel(b[i]))
		counts = append(counts, float64(b[i].Count))
	}
	return bars(v, title, labels, []string{v.T("dash.count")}, [][]float64{counts}, nil, false, true)
}

// bars draws a bar chart whose value axis starts at 0; format writes its
// values (counts when nil).
func bars(v *view, title string, labels, names []string, values [][]float64, format func(float64) string, stack, horizontal bool) ([]byte, error) {
	if len(labels) == 0 {
		labels = []string{v.T("dash.none")}
		for i := range values {
			values[i] = []float64{0}
		}
	}
	axis := charts.ValueAxisOption{Min: charts.Ptr(0.0)}
	if format == nil { // counts: whole numbers on the axis
		format = func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
		top, step := countAxis(values, stack)
		axis.Max, axis.LabelCount = charts.Ptr(top), int(top/step)+1
	}
	axis.ValueFormatter = format
	opt := charts.NewBarChartOptionWithData(values)
	opt.Title.Text = title
	opt.CategoryAxis.Labels = labels
	opt.Horizontal = horizontal
	opt.ValueAxis = []charts.ValueAxisOption{axis}
	opt.ValueFormatter = format
	if len(names) > 1 {
		opt.Legend.SeriesNames = names
		opt.Legend.Offset = charts.OffsetRight
	}
	if stack {
		opt.StackSeries = charts.Ptr(true)
		opt.Theme = charts.GetDefaultTheme().WithSeriesColors(outcomeColors)
	}
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputSVG, Width: chartWidth, Height: chartHeight})
	if err := p.BarChart(opt); err != nil {
		return nil, err
	}
	return p.Bytes()
}

// countAxis returns the top of a count axis and its step, both whole
// numbers (1, 2 or 5 times a power of ten), so that no tick reads 32.55.
func countAxis(values [][]float64, stack bool) (top, step float64) {
	peak := 0.0
	for i := range values {
		for j, f := range values[i] {
			if stack {
				f = 0
				for k := range values {
					if j < len(values[k]) {
						f += values[k][j]
					}
				}
			}
			peak = max(peak, f)
		}
	}
	step = 1
	for mag := 1.0; peak/step > 6; mag *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if step = m * mag; peak/step <= 6 {
				break
			}
		}
	}
	return max(step, math.Ceil(peak/step)*step), step
}

// BreakdownLabel names a competitor or reason row, "unknown" and "none" translated.
func (v *view) BreakdownLabel(r closer.BreakdownRow) string {
	switch r.Key {
	case closer.CompetitorUnknown:
		return v.T("dash.unknown")
	case "none":
		return v.T("dash.not_recorded")
	}
	return r.Label
}

// AgeLabel names a range of days on hold: "0–29 j", "180 j et plus".
func (v *view) AgeLabel(b closer.AgeBucket) string {
	switch {
	case b.From < 0:
		return v.T("dash.age.unknown")
	case b.To == 0:
		return v.T("dash.age.over", b.From)
	}
	return v.T("dash.age.range", b.From, b.To-1)
}
