package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

var q1 = closer.Period{From: closer.MustDate("2017-01-01"), To: closer.MustDate("2017-03-31")}

// jsonEqual compares v's JSON with the expected JSON text.
func jsonEqual(t *testing.T, what string, v any, want string) {
	t.Helper()
	got, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var w bytes.Buffer
	if err := json.Compact(&w, []byte(want)); err != nil {
		t.Fatalf("%s: bad expected JSON: %v", what, err)
	}
	if string(got) != w.String() {
		t.Errorf("%s:\n got %s\nwant %s", what, got, w.String())
	}
}

// The figures below are computed by hand from seedQuarter.
const (
	wantTotal = `{"won":4,"lost":3,"vanished":1,"closed":8,"win_rate":0.5,"competitive_win_rate":0.5714285714285714,
		"loss_rate":0.375,"vanish_rate":0.125,"won_amount":11000,"lost_amount":1500,"vanished_amount":400,
		"orders_linked":2,"orders_direct":1,"orders_recurring":3,"apparent_win_rate":0.75,
		"median_cycle_days":{"won":35.5,"lost":20,"vanished":73},
		"on_hold":{"count":2,"amount":2000,"median_age_days":24.5,"overdue_reviews":1}}`
	alice = `"won":3,"lost":1,"vanished":0,"closed":4,"win_rate":0.75,"competitive_win_rate":0.75,
		"loss_rate":0.25,"vanish_rate":0,"won_amount":9000,"lost_amount":500,"vanished_amount":0,
		"orders_linked":2,"orders_direct":0,"orders_recurring":3,"apparent_win_rate":1.25,
		"median_cycle_days":{"won":61,"lost":20,"vanished":null}`
	bruno = `"won":1,"lost":2,"vanished":1,"closed":4,"win_rate":0.25,"competitive_win_rate":0.3333333333333333,
		"loss_rate":0.5,"vanish_rate":0.25,"won_amount":2000,"lost_amount":1000,"vanished_amount":400,
		"orders_linked":0,"orders_direct":1,"orders_recurring":0,"apparent_win_rate":0.25,
		"median_cycle_days":{"won":4,"lost":20,"vanished":73}`
)

func TestStats(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		fx := newStatsFixture(t, db, "stats")
		fx.seedQuarter()
		ctx := fx.ctx

		st, err := db.Stats(ctx, closer.StatsQuery{Period: q1})
		if err != nil {
			t.Fatal(err)
		}
		jsonEqual(t, "team", st, `{"total":`+wantTotal+`}`)

		st, err = db.Stats(ctx, closer.StatsQuery{Period: q1, Group: closer.GroupOwner})
		if err != nil {
			t.Fatal(err)
		}
		jsonEqual(t, "by owner", st.Groups, `[{"key":"`+statsID(fx.alice)+`","label":"Alice",`+alice+`},
			{"key":"`+statsID(fx.bruno)+`","label":"Bruno",`+bruno+`}]`)

		st, err = db.Stats(ctx, closer.StatsQuery{Period: q1, OwnerID: fx.bruno})
		if err != nil {
			t.Fatal(err)
		}
		jsonEqual(t, "Bruno alone", st, `{"total":{`+bruno+`,"on_hold":{"count":1,"amount":1200,"median_age_days":9,"overdue_reviews":0}}}`)

		st, err = db.Stats(ctx, closer.StatsQuery{Period: q1, Group: closer.GroupMonth})
		if err != nil {
			t.Fatal(err)
		}
		var months []string
		for _, g := range st.Groups {
			months = append(months, g.Label+":"+slashes(g.Won, g.Lost, g.Vanished, g.OrdersLinked, g.OrdersDirect, g.OrdersRecurring))
		}
		if got, want := strings.Join(months, " "), "2017-01:1/1/0/2/0/0 2017-02:1/1/0/0/0/2 2017-03:2/1/1/0/1/1"; got != want {
			t.Errorf("by month: got %s, want %s", got, want)
		}
		if m := st.Groups[0].MedianCycleDays; *m.Won != 10 || *m.Lost != 10 || m.Vanished != nil {
			t.Errorf("January medians: %+v", m)
		}

		st, err = db.Stats(ctx, closer.StatsQuery{Period: q1, Group: closer.GroupQuarter})
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Groups) != 1 || st.Groups[0].Key != "2017-Q1" || st.Groups[0].Closed != 8 || *st.Groups[0].MedianCycleDays.Won != 35.5 {
			t.Errorf("by quarter: %+v", st.Groups)
		}

		// An empty period: rates are null, never zero.
		st, err = db.Stats(ctx, closer.StatsQuery{Period: closer.MonthOf(closer.MustDate("2015-06-01")), Group: closer.GroupMonth})
		if err != nil {
			t.Fatal(err)
		}
		if st.Total.Closed != 0 || st.Total.WinRate != nil || st.Total.ApparentWinRate != nil || len(st.Groups) != 1 {
			t.Errorf("empty period: %+v", st)
		}

		// Another org sees none of it.
		other, _ := newOrg(t, db, "other")
		st, err = db.Stats(other, closer.StatsQuery{Period: q1})
		if err != nil || st.Total.Closed != 0 || st.Total.OnHold.Count != 0 {
			t.Errorf("other org: %+v %v", st, err)
		}
		if _, err := db.Stats(context.Background(), closer.StatsQuery{Period: q1}); closer.ErrorCode(err) != closer.EUNAUTHORIZED {
			t.Errorf("no actor: %v", err)
		}
		bad := closer.Period{From: q1.To, To: q1.From}
		if _, err := db.Stats(ctx, closer.StatsQuery{Period: bad}); closer.ErrorField(err) != "to" {
			t.Errorf("reversed period: %v", err)
		}
		if _, err := db.Stats(ctx, closer.StatsQuery{Period: q1, Group: "week"}); closer.ErrorField(err) != "group" {
			t.Errorf("bad group: %v", err)
		}
	})
}

func TestFunnelLossesVanishings(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		fx := newStatsFixture(t, db, "funnel")
		fx.seedQuarter()
		f, err := db.Funnel(fx.ctx, q1, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range f.Stages {
			got = append(got, s.Stage+":"+slashes(s.Reached, s.WentFurther, s.Stopped.Won, s.Stopped.Lost, s.Stopped.Vanished))
		}
		want := "Détection:8/7/0/0/1 Qualification:7/6/0/1/0 Proposition:6/3/1/2/0 Négociation:3/0/3/0/0"
		if strings.Join(got, " ") != want || f.Closed != 8 {
			t.Errorf("funnel: got %s (closed %d), want %s", strings.Join(got, " "), f.Closed, want)
		}

		l, err := db.Losses(fx.ctx, q1, 0)
		if err != nil {
			t.Fatal(err)
		}
		x := statsID(fx.competitorX)
		jsonEqual(t, "by competitor", l.ByCompetitor, `[{"key":"`+x+`","label":"Menuiserie X","count":2,"amount":800,"share":0.6666666666666666},
			{"key":"unknown","label":"unknown","count":1,"amount":700,"share":0.3333333333333333}]`)
		if l.Lost != 3 || l.Amount != 1500 || len(l.ByReason) != 2 || l.ByReason[0].Label != "Prix" || !l.ByReason[0].Price || l.ByReason[0].Count != 2 {
			t.Errorf("losses by reason: %+v", l)
		}
		l, err = db.Losses(fx.ctx, q1, fx.alice)
		if err != nil || l.Lost != 1 || l.ByCompetitor[0].Key != x {
			t.Errorf("Alice's losses: %+v %v", l, err)
		}
		v, err := db.Vanishings(fx.ctx, q1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if v.Vanished != 1 || v.Amount != 400 || len(v.ByReason) != 1 || v.ByReason[0].Label != "Pas de budget" {
			t.Errorf("vanishings: %+v", v)
		}
	})
}

func TestDiagnose(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		fx := newStatsFixture(t, db, "diag")
		fx.seedQuarter()
		// The default sample (10) is larger than the fixture: nothing to say.
		d, err := db.Diagnose(fx.ctx, q1, closer.Thresholds{})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Findings) != 0 || d.Thresholds.MinSample != 10 {
			t.Errorf("default thresholds: %+v", d)
		}
		d, err = db.Diagnose(fx.ctx, q1, closer.Thresholds{MinSample: 4, NoVanishSample: 4})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range d.Findings {
			got = append(got, f.Scope.Name+":"+string(f.Code))
		}
		want := ":unlinked_orders Alice:easy_wins Alice:no_vanished Alice:unlinked_orders Bruno:many_lost Bruno:many_vanished"
		if strings.Join(got, " ") != want {
			t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, " "), want)
		}
		for _, f := range d.Findings {
			if f.Code == closer.FindingEasyWins && (f.Numbers.Target != 20000 || f.Numbers.Amount != 9000) {
				t.Errorf("easy wins evidence: %+v", f.Numbers)
			}
			if f.Code == closer.FindingManyLost && (len(f.Numbers.TopCompetitors) != 2 || f.Numbers.TopCompetitors[0].Key != "unknown" || !f.Numbers.PriceDominates) {
				t.Errorf("many lost evidence: %+v", f.Numbers)
			}
		}
	})
}

// TestDiagnoseOnHoldIsToday: the on-hold finding is drawn from today's
// portfolio, so it is a finding of a period that includes today only: a
// past period, even one without any data, does not report it.
func TestDiagnoseOnHoldIsToday(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "backlog")
		for i := range 6 {
			o := mustOpportunity(t, db, tm.sales1, "Parked")
			if i < 5 {
				if _, err := db.HoldOpportunity(tm.sales1, o.ID, 0, closer.HoldInput{HoldReason: "Permis", ReviewOn: closer.MustDate("2024-07-01")}); err != nil {
					t.Fatal(err)
				}
			}
			mustOpportunity(t, db, tm.sales2, "Worked")
		}
		th := closer.Thresholds{MinSample: 4}
		findings := func(p closer.Period) string {
			t.Helper()
			d, err := db.Diagnose(tm.owner, p, th)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range d.Findings {
				got = append(got, f.Scope.Name+":"+string(f.Code))
			}
			return strings.Join(got, " ")
		}
		today := closer.DateOf(fixedNow, tm.org.Location())
		if got := findings(closer.QuarterOf(today)); !strings.HasSuffix(got, ":many_on_hold") || strings.Count(got, ":") != 1 {
			t.Errorf("this quarter: %q, want sales1's many_on_hold alone", got)
		}
		for _, p := range []closer.Period{closer.YearOf(closer.MustDate("2015-01-01")), closer.QuarterOf(today).Previous()} {
			if got := findings(p); got != "" {
				t.Errorf("%v (today %s): %q, want no finding", p, today, got)
			}
		}
	})
}

func statsID(id int64) string { return slashes(int(id)) }

// itoa joins numbers with slashes: "1/0/2".
func slashes(ns ...int) string {
	var parts []string
	for _, n := range ns {
		b, _ := json.Marshal(n)
		parts = append(parts, string(b))
	}
	return strings.Join(parts, "/")
}

// TestDiagnoseHistoryBase: a finding compared with the team's earlier
// periods says how many closures that base holds and in how many of the
// periods they fall (counted period by period, on both databases); a base
// under the minimum sample draws no such finding.
func TestDiagnoseHistoryBase(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		fx := newStatsFixture(t, db, "diaghist")
		fx.seedQuarter()
		th := closer.Thresholds{MinSample: 4, NoVanishSample: 4}
		fromHistory := func() []closer.Finding {
			t.Helper()
			d, err := db.Diagnose(fx.ctx, q1, th)
			if err != nil {
				t.Fatal(err)
			}
			var out []closer.Finding
			for _, f := range d.Findings {
				if f.Scope.IsTeam() && f.Basis == closer.BasisHistory {
					out = append(out, f)
				}
			}
			return out
		}
		// the quarter's fixture holds one closure of Q4 2016; two more in Q2
		// 2016 make a history of 3, under the sample of 4
		for _, day := range []string{"2016-04-12", "2016-05-03"} {
			fx.opp(fxOpp{owner: fx.bruno, status: closer.StatusWon, amount: 1000, detected: "2016-03-01", closed: day, stage: "Négociation"})
		}
		if got := fromHistory(); len(got) != 0 {
			t.Fatalf("a history of 3 closures, under the sample of 4: %+v", got)
		}
		fx.opp(fxOpp{owner: fx.alice, status: closer.StatusWon, amount: 1000, detected: "2016-03-01", closed: "2016-06-20", stage: "Négociation"})
		fx.opp(fxOpp{owner: fx.alice, status: closer.StatusWon, amount: 1000, detected: "2015-10-01", closed: "2015-11-15", stage: "Négociation"}) // before the four quarters
		got := fromHistory()
		if len(got) == 0 {
			t.Fatal("no team finding against its history")
		}
		for _, f := range got {
			if n := f.Numbers; n.CompareOf != 4 || n.Periods != 4 || n.PeriodsClosed != 2 {
				t.Errorf("%s: compare_of %d, periods %d, periods_closed %d; want 4, 4, 2", f.Code, n.CompareOf, n.Periods, n.PeriodsClosed)
			}
			if en := f.Text("en").Evidence; !strings.Contains(en, "over the previous 4 periods, from 4 closures, in only 2 of them") {
				t.Errorf("%s: %s", f.Code, en)
			}
		}
	})
}
