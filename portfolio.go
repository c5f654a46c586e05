package closer

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// The portfolio (SPEC section 2): one line per org a user is an active
// member of, with the figures an outside consultant scans to see which
// client needs attention. The figures come from StatsService, computed in
// each org under the user's role there; this file shapes and sorts them.

// PulseService tells when the actor's org last moved.
type PulseService interface {
	// LastActivity returns the day (in the org's time zone) of the org's
	// latest opportunity event or done activity; a zero Date when none.
	LastActivity(ctx context.Context) (Date, error)
}

// PortfolioFigures are the key figures of one org over one period.
type PortfolioFigures struct {
	Period    Period   `json:"period"`
	Label     string   `json:"label"`
	Won       int      `json:"won"`
	Closed    int      `json:"closed"`
	WinRate   *float64 `json:"win_rate"`
	Revenue   Money    `json:"revenue"`     // the won amount of the period
	Target    *Money   `json:"target"`      // the team's revenue target, null when none
	TargetPct *float64 `json:"target_rate"` // revenue / target, null without a target
}

// NewPortfolioFigures takes the figures of a period from its stats and the
// org's targets (the team's own, or else the sum of its members').
func NewPortfolioFigures(p Period, f Figures, targets []*Target) PortfolioFigures {
	out := PortfolioFigures{Period: p, Label: p.Label(), Won: f.Won, Closed: f.Closed, WinRate: f.WinRate, Revenue: f.WonAmount}
	if t, ok := TeamTarget(p, targets); ok {
		out.Target = &t
		if t > 0 {
			r := float64(f.WonAmount) / float64(t)
			out.TargetPct = &r
		}
	}
	return out
}

// TeamTarget returns the team's revenue target of p: the team's own targets
// (UserID 0) when it has some in p, else the sum of its members' targets.
// ok is false when nobody has a target within p.
func TeamTarget(p Period, targets []*Target) (Money, bool) {
	per := map[int64][]Target{}
	for _, t := range targets {
		per[t.UserID] = append(per[t.UserID], *t)
	}
	if m, ok := TargetFor(p, per[0]); ok {
		return m, true
	}
	var sum Money
	found := false
	for id, ts := range per {
		if id == 0 {
			continue
		}
		if m, ok := TargetFor(p, ts); ok {
			sum += m
			found = true
		}
	}
	return sum, found
}

// PortfolioFinding is a diagnostics finding as the portfolio lists it.
type PortfolioFinding struct {
	Code  FindingCode `json:"code"`
	Title string      `json:"title"`
	Scope string      `json:"scope"` // "" for the team, else the salesperson's name
}

// PortfolioRow is one org of a portfolio.
type PortfolioRow struct {
	Org          *Org               `json:"org"`
	Current      PortfolioFigures   `json:"current"`
	Previous     PortfolioFigures   `json:"previous"`
	OnHold       OnHold             `json:"on_hold"`
	Findings     []PortfolioFinding `json:"findings"`
	LastActivity *Date              `json:"last_activity"` // null when the org never moved
}

// PortfolioSorts are the columns a portfolio sorts by.
var PortfolioSorts = []string{"org", "won", "closed", "win_rate", "revenue", "target", "on_hold", "on_hold_amount", "overdue", "findings", "last_activity"}

// ParsePortfolioSort checks a sort column ("" sorts by org name).
func ParsePortfolioSort(s string) (string, error) {
	if s == "" {
		return "org", nil
	}
	if slices.Contains(PortfolioSorts, s) {
		return s, nil
	}
	return "", FieldError("sort", "Sort must be one of %s, not %q.", strings.Join(PortfolioSorts, ", "), s)
}

// SortPortfolio orders rows by a column of PortfolioSorts, ascending or
// descending; undefined figures (no rate, no target, never active) come
// last either way, and ties keep the org name order.
func SortPortfolio(rows []PortfolioRow, by string, desc bool) {
	slices.SortStableFunc(rows, func(a, b PortfolioRow) int {
		return cmp.Compare(strings.ToLower(a.Org.Name), strings.ToLower(b.Org.Name))
	})
	if by == "org" || by == "" {
		if desc {
			slices.Reverse(rows)
		}
		return
	}
	key := func(r PortfolioRow) (float64, bool) {
		c := r.Current
		switch by {
		case "won":
			return float64(c.Won), true
		case "closed":
			return float64(c.Closed), true
		case "win_rate":
			return floatOf(c.WinRate)
		case "revenue":
			return float64(c.Revenue), true
		case "target":
			return floatOf(c.TargetPct)
		case "on_hold":
			return float64(r.OnHold.Count), true
		case "on_hold_amount":
			return float64(r.OnHold.Amount), true
		case "overdue":
			return float64(r.OnHold.OverdueReviews), true
		case "findings":
			return float64(len(r.Findings)), true
		case "last_activity":
			if r.LastActivity == nil {
				return 0, false
			}
			return float64(r.LastActivity.Time().Unix()), true
		}
		return 0, false
	}
	slices.SortStableFunc(rows, func(a, b PortfolioRow) int {
		ka, oka := key(a)
		kb, okb := key(b)
		switch {
		case !oka && !okb:
			return 0
		case !oka:
			return 1
		case !okb:
			return -1
		}
		if desc {
			return cmp.Compare(kb, ka)
		}
		return cmp.Compare(ka, kb)
	})
}

func floatOf(f *float64) (float64, bool) {
	if f == nil {
		return 0, false
	}
	return *f, true
}
