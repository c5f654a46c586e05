package web

import (
	"closer"
)

// The trends of the dashboard's charts: the outcome mix of the team and
// each salesperson's win rate, month by month, from one grouped query.

// trendWindow returns the months a trend covers: the period when it spans
// a year or more, else the twelve months that end with the period's last.
func trendWindow(p closer.Period) closer.Period {
	end := closer.MonthOf(p.To)
	from := end.From.AddMonths(-11)
	if p.From.Before(from) {
		from = closer.MonthOf(p.From).From
	}
	return closer.Period{From: from, To: end.To}
}

// trend holds the closures of each month of a window, for the team (per
// outcome) and per salesperson (won and closed, for the win rate).
type trend struct {
	Months []string // "2025-03"
	Team   []closer.Outcomes
	People []personTrend
}

// personTrend is one salesperson's closures per month of the window.
type personTrend struct {
	OwnerID int64
	Name    string
	Won     []int
	Closed  []int
}

// WinRate returns the win rate of month i, nil without closures.
func (p personTrend) WinRate(i int) *float64 { return closer.Ratio(p.Won[i], p.Closed[i]) }

// buildTrend spreads the monthly closures over the window's months, for
// the team and for the people of the team table, in its order.
func buildTrend(window closer.Period, rows []closer.MonthClosures, people []dashRow) *trend {
	t := &trend{}
	index := map[string]int{}
	for i, m := range window.Months() {
		t.Months = append(t.Months, m.Label())
		index[m.Label()] = i
	}
	t.Team = make([]closer.Outcomes, len(t.Months))
	person := map[int64]int{}
	for _, r := range people {
		person[r.OwnerID] = len(t.People)
		t.People = append(t.People, personTrend{OwnerID: r.OwnerID, Name: r.Name, Won: make([]int, len(t.Months)), Closed: make([]int, len(t.Months))})
	}
	for _, r := range rows {
		i, ok := index[r.Month]
		if !ok {
			continue
		}
		t.Team[i].Add(r.Status, r.Count)
		j, ok := person[r.OwnerID]
		if !ok {
			continue // a former owner with no closure in the period: in the team only
		}
		pt := &t.People[j]
		pt.Closed[i] += r.Count
		if r.Status == closer.StatusWon {
			pt.Won[i] += r.Count
		}
	}
	return t
}
