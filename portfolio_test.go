package closer_test

import (
	"testing"

	"closer"
)

func TestTeamTarget(t *testing.T) {
	q2 := closer.QuarterOf(closer.MustDate("2025-05-10"))
	members := []*closer.Target{
		{UserID: 7, Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2025-04-01"), Amount: 1000},
		{UserID: 8, Period: closer.PeriodMonth, StartsOn: closer.MustDate("2025-04-01"), Amount: 100},
		{UserID: 8, Period: closer.PeriodMonth, StartsOn: closer.MustDate("2025-05-01"), Amount: 100},
	}
	if m, ok := closer.TeamTarget(q2, members); !ok || m != 1200 {
		t.Errorf("sum of the members': %d %v", m, ok)
	}
	team := append(members, &closer.Target{UserID: 0, Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2025-04-01"), Amount: 5000})
	if m, ok := closer.TeamTarget(q2, team); !ok || m != 5000 {
		t.Errorf("the team's own: %d %v", m, ok)
	}
	if _, ok := closer.TeamTarget(closer.QuarterOf(closer.MustDate("2025-08-01")), team); ok {
		t.Error("a target in another quarter")
	}
	f := closer.NewPortfolioFigures(q2, closer.Figures{Won: 2, Closed: 4, WonAmount: 2500}, team)
	if f.Label != "2025-Q2" || f.Target == nil || *f.Target != 5000 || f.TargetPct == nil || *f.TargetPct != 0.5 {
		t.Errorf("figures: %+v", f)
	}
}

func TestSortPortfolio(t *testing.T) {
	rate := func(f float64) *float64 { return &f }
	day := closer.MustDate("2025-06-01")
	rows := []closer.PortfolioRow{
		{Org: &closer.Org{Name: "beta"}, Current: closer.PortfolioFigures{Won: 3, WinRate: rate(0.3)}},
		{Org: &closer.Org{Name: "Alpha"}, Current: closer.PortfolioFigures{Won: 1}, LastActivity: &day},
		{Org: &closer.Org{Name: "gamma"}, Current: closer.PortfolioFigures{Won: 3, WinRate: rate(0.6)}},
	}
	names := func() string {
		s := ""
		for _, r := range rows {
			s += r.Org.Name + " "
		}
		return s
	}
	for _, c := range []struct {
		by   string
		desc bool
		want string
	}{
		{"org", false, "Alpha beta gamma "},
		{"org", true, "gamma beta Alpha "},
		{"won", true, "beta gamma Alpha "}, // ties keep the name order
		{"won", false, "Alpha beta gamma "},
		{"win_rate", true, "gamma beta Alpha "}, // undefined last either way
		{"win_rate", false, "beta gamma Alpha "},
		{"last_activity", false, "Alpha beta gamma "},
	} {
		closer.SortPortfolio(rows, c.by, c.desc)
		if got := names(); got != c.want {
			t.Errorf("by %s desc=%v: %s, want %s", c.by, c.desc, got, c.want)
		}
	}
	if _, err := closer.ParsePortfolioSort("mood"); closer.ErrorField(err) != "sort" {
		t.Errorf("bad sort: %v", err)
	}
}

func TestNotePeriodOf(t *testing.T) {
	for _, c := range []struct {
		kind closer.PeriodKind
		want string
	}{{closer.PeriodMonth, "2025-05-01"}, {closer.PeriodQuarter, "2025-04-01"}, {closer.PeriodYear, "2025-01-01"}} {
		if d, err := closer.NotePeriodOf(c.kind, closer.MustDate("2025-05-17")); err != nil || d.String() != c.want {
			t.Errorf("%s: %v %v", c.kind, d, err)
		}
	}
	if _, err := closer.NotePeriodOf("week", closer.MustDate("2025-05-17")); closer.ErrorField(err) != "period" {
		t.Errorf("week: %v", err)
	}
	n := closer.ConsultantNote{Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2025-04-01")}
	if r := n.PeriodRange(); r.To.String() != "2025-06-30" {
		t.Errorf("range: %v", r)
	}
	a := closer.Actor{UserID: 1, Role: closer.RoleConsultant}
	if a.CanWriteNotes() != nil || a.CanEditNote(1) != nil || a.CanEditNote(2) == nil {
		t.Error("a consultant writes notes and edits their own only")
	}
	if (closer.Actor{Role: closer.RoleSales}).CanWriteNotes() == nil {
		t.Error("a salesperson writes notes")
	}
	if (closer.Actor{UserID: 3, Role: closer.RoleOwner}).CanEditNote(1) != nil {
		t.Error("the owner edits any note")
	}
}
