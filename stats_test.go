package closer

import (
	"strings"
	"testing"
)

func TestFiguresDefinitions(t *testing.T) {
	var f Figures
	f.derive()
	if f.WinRate != nil || f.CompetitiveWinRate != nil || f.LossRate != nil || f.VanishRate != nil || f.ApparentWinRate != nil {
		t.Fatalf("zero denominators must give null rates: %+v", f)
	}
	f.AddClosures(StatusOnHold, 5, 1000)
	f.AddClosures(StatusOpen, 5, 1000)
	if f.Closed != 0 || f.WinRate != nil {
		t.Fatalf("on hold and open are never closures: %+v", f)
	}
	f.AddClosures(StatusWon, 1, 500)
	f.AddOrders(OrderRecurring, 3)
	if f.Closed != 1 || *f.WinRate != 1 || *f.ApparentWinRate != 3 {
		t.Fatalf("3 recurring orders for 1 won must read 300%%: %+v", f)
	}
	f.AddClosures(StatusLost, 2, 100)
	f.AddClosures(StatusVanished, 1, 50)
	if f.Closed != 4 || *f.WinRate != 0.25 || *f.CompetitiveWinRate != 1.0/3 || *f.LossRate != 0.5 || *f.VanishRate != 0.25 || f.LostAmount != 100 {
		t.Fatalf("rates: %+v", f)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("an unknown status must panic, never drop out of the counts")
		}
	}()
	f.AddClosures(Status("paused"), 1, 0)
}

func TestEveryStatusHandled(t *testing.T) {
	for _, st := range Statuses {
		var f Figures
		f.AddClosures(st, 1, 1) // panics on a status the switch forgot
		if f.Closed != map[bool]int{true: 1, false: 0}[st.IsClosure()] {
			t.Errorf("%s: closed %d", st, f.Closed)
		}
	}
}

func TestPeriods(t *testing.T) {
	d := MustDate("2017-02-14")
	for _, c := range []struct {
		p                       Period
		label, prev, yearBefore string
	}{
		{MonthOf(d), "2017-02", "2017-01", "2016-02"},
		{QuarterOf(d), "2017-Q1", "2016-Q4", "2016-Q1"},
		{YearOf(d), "2017", "2016", "2016"},
		{Period{MustDate("2016-02-29"), MustDate("2016-03-02")}, "2016-02-29..2016-03-02", "2016-02-26..2016-02-28", "2015-02-28..2015-03-02"},
	} {
		if got := c.p.Label(); got != c.label {
			t.Errorf("label: got %s, want %s", got, c.label)
		}
		if got := c.p.Previous().Label(); got != c.prev {
			t.Errorf("%s previous: got %s, want %s", c.label, got, c.prev)
		}
		if got := c.p.YearEarlier().Label(); got != c.yearBefore {
			t.Errorf("%s year earlier: got %s, want %s", c.label, got, c.yearBefore)
		}
	}
	if n := len(YearOf(d).Quarters()); n != 4 {
		t.Errorf("quarters of a year: %d", n)
	}
	if ms := (Period{MustDate("2017-01-31"), MustDate("2017-03-01")}).Months(); len(ms) != 3 || ms[2].Label() != "2017-03" {
		t.Errorf("months: %+v", ms)
	}
	if p, err := ParsePeriod("", "", d); err != nil || p.Label() != "2017-Q1" {
		t.Errorf("default period: %v %v", p, err)
	}
	for _, c := range []struct{ from, to, field string }{
		{"2017-13-01", "2017-12-31", "from"}, {"2017-01-01", "x", "to"}, {"2017-02-01", "2017-01-01", "to"},
		{"1990-01-01", "2017-01-01", "to"}, {"2017-01-01", "", "to"}, {"", "2017-01-01", "from"},
	} {
		if _, err := ParsePeriod(c.from, c.to, d); ErrorField(err) != c.field {
			t.Errorf("ParsePeriod(%q, %q): %v, want field %s", c.from, c.to, err, c.field)
		}
	}
}

func TestTargetFor(t *testing.T) {
	q := QuarterOf(MustDate("2017-02-01"))
	ts := []Target{{Period: PeriodYear, StartsOn: MustDate("2017-01-01"), Amount: 1200},
		{Period: PeriodMonth, StartsOn: MustDate("2017-01-01"), Amount: 100}, {Period: PeriodMonth, StartsOn: MustDate("2017-02-01"), Amount: 100},
		{Period: PeriodQuarter, StartsOn: MustDate("2017-01-01"), Amount: 300}}
	if m, ok := TargetFor(q, ts); !ok || m != 300 {
		t.Errorf("quarter target: %d %v", m, ok)
	}
	if m, ok := TargetFor(YearOf(q.From), ts); !ok || m != 1200 {
		t.Errorf("year target: %d %v", m, ok)
	}
	if _, ok := TargetFor(MonthOf(MustDate("2017-05-01")), ts); ok {
		t.Error("no target in May")
	}
}

func TestFunnel(t *testing.T) {
	stages := []ListItem{{ID: 1, Name: "A", Position: 1}, {ID: 2, Name: "B", Position: 2}, {ID: 3, Name: "C", Position: 3, Retired: true}}
	f := BuildFunnel(Period{}, stages, []StageCount{{1, StatusLost, 2}, {2, StatusWon, 3}, {0, StatusVanished, 1}})
	if f.Closed != 6 || len(f.Stages) != 2 || f.Stages[0].Reached != 5 || f.Stages[0].WentFurther != 3 || f.Stages[1].Stopped.Won != 3 || f.NoStage.Vanished != 1 {
		t.Errorf("funnel: %+v", f)
	}
}

// scorecard builds a scope's figures from counts.
func scorecard(id int64, name string, won, lost, vanished int) Scorecard {
	s := Scorecard{OwnerID: id, Name: name}
	s.Current.AddClosures(StatusWon, won, Money(won*1000))
	s.Current.AddClosures(StatusLost, lost, 0)
	s.Current.AddClosures(StatusVanished, vanished, 0)
	return s
}

// diagnosisToday is the day the test portfolios are counted, in the
// period diagnosed unless a test moves it.
var diagnosisToday = MustDate("2025-05-20")

func team(people ...Scorecard) DiagnosisInput {
	in := DiagnosisInput{Currency: "EUR", People: people, Period: QuarterOf(diagnosisToday), Today: diagnosisToday}
	for _, p := range people {
		in.Team.Current.Add(p.Current)
		in.Team.Open += p.Open
		in.Team.OnHold += p.OnHold
		in.Team.Overdue += p.Overdue
	}
	return in
}

func TestDiagnoseFindings(t *testing.T) {
	base := func() Scorecard { return scorecard(2, "Marc", 10, 6, 4) }
	for _, c := range []struct {
		name   string
		sophie Scorecard
		want   string
	}{
		{"matches the team", scorecard(1, "Sophie", 10, 6, 4), ""},
		{"many lost", scorecard(1, "Sophie", 5, 13, 2), "Sophie:many_lost"},
		{"many vanished", scorecard(1, "Sophie", 6, 4, 10), "Sophie:many_vanished"},
		{"below the sample", scorecard(1, "Sophie", 1, 6, 2), ""},
		{"no vanished", scorecard(1, "Sophie", 14, 8, 0), "Sophie:no_vanished"},
		{"many on hold", func() Scorecard {
			s := scorecard(1, "Sophie", 10, 6, 4)
			s.Open, s.OnHold, s.Overdue = 25, 18, 12
			return s
		}(), "Sophie:many_on_hold"},
		{"easy wins", func() Scorecard {
			s := scorecard(1, "Sophie", 16, 2, 2)
			s.Target, s.HasTarget = 40000, true
			return s
		}(), "Sophie:easy_wins"},
		{"easy wins on target", func() Scorecard {
			s := scorecard(1, "Sophie", 16, 2, 2)
			s.Target, s.HasTarget = 16000, true
			return s
		}(), ""},
	} {
		m := base()
		m.Open, m.OnHold = 40, 5
		s := c.sophie
		if s.Open == 0 {
			s.Open, s.OnHold = 40, 5
		}
		got := strings.Join(filterScope(Diagnose(team(s, m), Thresholds{}), "Sophie"), " ")
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	// Today's backlog is no finding of a past period (nor of one to come):
	// the portfolios are counted today, not at the end of the period.
	s := scorecard(1, "Sophie", 10, 6, 4)
	s.Open, s.OnHold, s.Overdue = 25, 18, 12
	m := base()
	m.Open, m.OnHold = 40, 5
	for _, p := range []Period{QuarterOf(diagnosisToday).Previous(), YearOf(MustDate("2015-01-01")), QuarterOf(MustDate("2025-07-01"))} {
		in := team(s, m)
		in.Period = p
		if got := filterScope(Diagnose(in, Thresholds{}), "Sophie"); len(got) != 0 {
			t.Errorf("%v, today %s: got %v, want no finding", p, diagnosisToday, got)
		}
	}
}

func filterScope(fs []Finding, name string) []string {
	var out []string
	for _, f := range fs {
		if f.Scope.Name == name {
			out = append(out, f.Scope.Name+":"+string(f.Code))
		}
	}
	return out
}

func TestFindingTexts(t *testing.T) {
	for _, code := range FindingCodes {
		f := Finding{Code: code, Scope: Scope{OwnerID: 1, Name: "Sophie"}, Basis: BasisTeam,
			Numbers: Numbers{Value: 0.42, Compare: 0.12, Count: 18, Of: 43, Currency: "EUR"}}
		fr, en := f.Text("fr"), f.Text("en")
		for _, x := range []FindingText{fr, en} {
			if x.Title == "" || x.Evidence == "" || x.Advice == "" || x.Title == string(code) || !strings.Contains(x.Evidence, "Sophie") {
				t.Errorf("%s: incomplete text %+v", code, x)
			}
		}
		if fr.Title == en.Title || fr.Advice == en.Advice {
			t.Errorf("%s: French and English are the same", code)
		}
	}
	f := Finding{Code: FindingManyOnHold, Scope: Scope{OwnerID: 1, Name: "Sophie"}, Basis: BasisTeam, Numbers: Numbers{Value: 0.42, Compare: 0.12, Count: 18}}
	if got := f.Text("fr").Evidence; !strings.HasPrefix(got, "Sophie a aujourd'hui 18 opportunités en attente (42\u00a0% de son portefeuille ouvert, contre 12\u00a0% pour le reste de l'équipe)") {
		t.Errorf("French evidence: %s", got)
	}
}

// A finding compared with the scope's earlier periods rests on a base of
// at least MinSample closures, and says how many, and in how many of the
// periods when some hold none (QA: "18%, against 0% over the previous 4
// periods" rested on 11 closures from two months); compared with the rest
// of the team, it says how many closures the team's figure rests on, and
// those of the history shown beside it.
func TestDiagnoseComparisonBase(t *testing.T) {
	history := func(won, lost, vanished, active int) Scorecard {
		s := scorecard(0, "", 0, 0, 0)
		s.History.AddClosures(StatusWon, won, 0)
		s.History.AddClosures(StatusLost, lost, 0)
		s.History.AddClosures(StatusVanished, vanished, 0)
		s.HistoryActive = active
		return s
	}
	vanished := func(in DiagnosisInput) *Finding {
		for _, f := range Diagnose(in, Thresholds{}) {
			if f.Scope.IsTeam() && f.Code == FindingManyVanished {
				return &f
			}
		}
		return nil
	}
	for _, c := range []struct {
		name     string
		hist     Scorecard
		want     bool
		en, fr   string
		of, with int
	}{
		{"11 closures in one of four periods", history(9, 2, 0, 1), true,
			"against 0% over the previous 4 periods, from 11 closures, all in one of them",
			"contre 0\u00a0% sur les 4 périodes précédentes, d'après 11 clôtures, toutes dans une seule d'entre elles", 11, 1},
		{"in two of four", history(30, 10, 0, 2), true,
			"against 0% over the previous 4 periods, from 40 closures, in only 2 of them",
			"contre 0\u00a0% sur les 4 périodes précédentes, d'après 40 clôtures, dans 2 d'entre elles seulement", 40, 2},
		{"in every period", history(30, 10, 0, 4), true,
			"against 0% over the previous 4 periods, from 40 closures", "contre 0\u00a0% sur les 4 périodes précédentes, d'après 40 clôtures", 40, 4},
		{"a base under the sample: no finding", history(8, 1, 0, 1), false, "", "", 0, 0},
		{"no history: no finding", history(0, 0, 0, 0), false, "", "", 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := team()
			in.Team = c.hist
			in.Team.Current.AddClosures(StatusWon, 60, 0)
			in.Team.Current.AddClosures(StatusLost, 20, 0)
			in.Team.Current.AddClosures(StatusVanished, 20, 0)
			f := vanished(in)
			if (f != nil) != c.want {
				t.Fatalf("finding %+v, want one: %v", f, c.want)
			} else if f == nil {
				return
			}
			if f.Basis != BasisHistory || f.Sample != 100 || f.Numbers.CompareOf != c.of || f.Numbers.PeriodsClosed != c.with || f.Numbers.Periods != 4 {
				t.Errorf("numbers %+v (basis %s, sample %d)", f.Numbers, f.Basis, f.Sample)
			}
			if en := f.Text("en").Evidence; !strings.Contains(en, "20 of 100") || !strings.Contains(en, c.en) {
				t.Errorf("English evidence: %s", en)
			}
			if fr := f.Text("fr").Evidence; !strings.Contains(fr, c.fr) {
				t.Errorf("French evidence: %s", fr)
			}
		})
	}

	// a person against the rest of the team (its base named), their own
	// history beside it (its base named too)
	s := scorecard(1, "Sophie", 6, 4, 10)
	s.History.AddClosures(StatusWon, 10, 0)
	s.History.AddClosures(StatusLost, 2, 0)
	s.HistoryActive = 3
	var got *Finding
	for _, f := range Diagnose(team(s, scorecard(2, "Marc", 10, 6, 4)), Thresholds{}) {
		if f.Scope.Name == "Sophie" && f.Code == FindingManyVanished {
			got = &f
		}
	}
	if got == nil || got.Basis != BasisTeam || got.Numbers.CompareOf != 20 || got.Numbers.HistoryOf != 12 || got.Numbers.PeriodsClosed != 3 {
		t.Fatalf("Sophie: %+v", got)
	}
	want := "against 20% for the rest of the team, from 20 closures, and 0% over the previous 4 periods, from 12 closures, in only 3 of them"
	if en := got.Text("en").Evidence; !strings.Contains(en, want) {
		t.Errorf("English evidence: %s", en)
	}
	want = "contre 20\u00a0% pour le reste de l'équipe, d'après 20 clôtures, et 0\u00a0% sur les 4 périodes précédentes, d'après 12 clôtures, dans 3 d'entre elles seulement"
	if fr := got.Text("fr").Evidence; !strings.Contains(fr, want) {
		t.Errorf("French evidence: %s", fr)
	}
}
