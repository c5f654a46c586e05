package web

import (
	"net/url"
	"testing"

	"closer"
)

func TestParseDashPeriod(t *testing.T) {
	today := closer.MustDate("2025-06-15")
	period := func(from, to string) closer.Period {
		return closer.Period{From: closer.MustDate(from), To: closer.MustDate(to)}
	}
	quarter := period("2025-04-01", "2025-06-30")
	for _, c := range []struct {
		query    string
		kind     string
		want     closer.Period
		badField string
	}{
		{"", "quarter", quarter, ""},
		{"kind=month&on=2024-02-29", "month", period("2024-02-01", "2024-02-29"), ""},
		{"kind=month", "month", period("2025-06-01", "2025-06-30"), ""},
		{"kind=quarter&on=2024-11-30", "quarter", period("2024-10-01", "2024-12-31"), ""},
		{"kind=year&on=2025-12-31", "year", period("2025-01-01", "2025-12-31"), ""},
		{"kind=custom&from=2025-01-10&to=2025-02-05", "custom", period("2025-01-10", "2025-02-05"), ""},
		{"kind=custom&from=2025-01-10&to=2025-01-10", "custom", period("2025-01-10", "2025-01-10"), ""},
		{"from=2025-01-10&to=2025-02-05", "custom", period("2025-01-10", "2025-02-05"), ""}, // an API-style link
		{"kind=custom&from=2025-03-01&to=2025-01-01", "quarter", quarter, "to"},
		{"kind=custom&from=2025-01-01", "quarter", quarter, "to"},
		{"kind=custom&to=2025-01-01", "quarter", quarter, "from"},
		{"kind=custom", "quarter", quarter, "from"},
		{"kind=custom&from=2000-01-01&to=2025-01-01", "quarter", quarter, "to"}, // longer than ten years
		{"kind=custom&from=2025-02-30&to=2025-03-01", "quarter", quarter, "from"},
		{"kind=weekly", "quarter", quarter, "kind"},
		{"kind=month&on=yesterday", "quarter", quarter, "on"},
		{"kind=month&on=0001-01-01", "quarter", quarter, "on"},
		{"kind=month&on=2025-06-15%00", "quarter", quarter, "on"},
	} {
		q, err := url.ParseQuery(c.query)
		if err != nil {
			t.Fatal(err)
		}
		d := parseDashPeriod(q, today, "fr")
		if d.Kind != c.kind || d.Period != c.want {
			t.Errorf("%q: %s %v, want %s %v", c.query, d.Kind, d.Period, c.kind, c.want)
		}
		if c.badField == "" && len(d.Errors) > 0 || c.badField != "" && (len(d.Errors) != 1 || d.Errors[c.badField] == "") {
			t.Errorf("%q: errors %v, want one on %q", c.query, d.Errors, c.badField)
		}
	}
}

// A picked period's link gives the same period back.
func TestPeriodQueryRoundTrip(t *testing.T) {
	today := closer.MustDate("2025-06-15")
	for _, c := range []struct {
		kind string
		p    closer.Period
	}{
		{"month", closer.MonthOf(closer.MustDate("2024-02-10"))},
		{"quarter", closer.QuarterOf(closer.MustDate("2024-12-31"))},
		{"year", closer.YearOf(closer.MustDate("2023-07-01"))},
		{"custom", closer.Period{From: closer.MustDate("2024-03-05"), To: closer.MustDate("2024-04-02")}},
	} {
		d := parseDashPeriod(periodQuery(c.kind, c.p), today, "en")
		if d.Kind != c.kind || d.Period != c.p || len(d.Errors) > 0 {
			t.Errorf("%s %v: read back %s %v %v", c.kind, c.p, d.Kind, d.Period, d.Errors)
		}
	}
}

func TestTrendWindow(t *testing.T) {
	for _, c := range []struct{ from, to, wantFrom, wantTo string }{
		{"2025-04-01", "2025-06-30", "2024-07-01", "2025-06-30"},
		{"2025-06-01", "2025-06-30", "2024-07-01", "2025-06-30"},
		{"2025-01-10", "2025-02-05", "2024-03-01", "2025-02-28"},
		{"2023-01-01", "2025-06-30", "2023-01-01", "2025-06-30"},
		{"2023-03-15", "2025-06-30", "2023-03-01", "2025-06-30"},
	} {
		got := trendWindow(closer.Period{From: closer.MustDate(c.from), To: closer.MustDate(c.to)})
		if got.From.String() != c.wantFrom || got.To.String() != c.wantTo {
			t.Errorf("%s..%s: window %v", c.from, c.to, got)
		}
	}
}

func TestBuildTrend(t *testing.T) {
	window := closer.Period{From: closer.MustDate("2025-01-01"), To: closer.MustDate("2025-03-31")}
	rows := []closer.MonthClosures{
		{OwnerID: 1, Month: "2025-01", Status: closer.StatusWon, Count: 2},
		{OwnerID: 1, Month: "2025-01", Status: closer.StatusLost, Count: 2},
		{OwnerID: 2, Month: "2025-03", Status: closer.StatusVanished, Count: 1},
		{OwnerID: 9, Month: "2025-02", Status: closer.StatusWon, Count: 5}, // a former owner: the team only
		{OwnerID: 1, Month: "2024-12", Status: closer.StatusWon, Count: 7}, // outside the window
	}
	tr := buildTrend(window, rows, []dashRow{{OwnerID: 1, Name: "Ana"}, {OwnerID: 2, Name: "Bo"}})
	if len(tr.Months) != 3 || tr.Team[0] != (closer.Outcomes{Won: 2, Lost: 2}) || tr.Team[1].Won != 5 || tr.Team[2].Vanished != 1 {
		t.Errorf("team: %v %+v", tr.Months, tr.Team)
	}
	if len(tr.People) != 2 || *tr.People[0].WinRate(0) != 0.5 || tr.People[0].WinRate(1) != nil || *tr.People[1].WinRate(2) != 0 {
		t.Errorf("people: %+v", tr.People)
	}
}
