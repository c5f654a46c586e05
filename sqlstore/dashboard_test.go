package sqlstore_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// The dashboard's splits add up to the figures of Stats: per owner and
// month, the closures of each owner's group; the held groups, the on-hold
// snapshot of the team.
func TestDashboardSplits(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		fx := newStatsFixture(t, db, "dash")
		fx.seedQuarter()
		rows, err := db.MonthlyClosures(fx.ctx, q1)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]*closer.Figures{fx.alice: {}, fx.bruno: {}}
		months := map[string]int{}
		for _, r := range rows {
			got[r.OwnerID].AddClosures(r.Status, r.Count, r.Amount)
			months[r.Month] += r.Count
		}
		st, err := db.Stats(fx.ctx, closer.StatsQuery{Period: q1, Group: closer.GroupOwner})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range st.Groups {
			f := got[map[string]int64{"Alice": fx.alice, "Bruno": fx.bruno}[g.Label]]
			if f.Won != g.Won || f.Lost != g.Lost || f.Vanished != g.Vanished || f.WonAmount != g.WonAmount || f.LostAmount != g.LostAmount {
				t.Errorf("%s: monthly %+v, stats %+v", g.Label, f, g.Figures)
			}
		}
		if months["2017-01"] != 2 || months["2017-02"] != 2 || months["2017-03"] != 4 || len(months) != 3 {
			t.Errorf("closures per month: %v", months)
		}

		held, err := db.HeldNow(fx.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := mustJSON(t, held.Team), mustJSON(t, *st.Total.OnHold); a != b {
			t.Errorf("on hold from HeldNow %s, stats %s", a, b)
		}
		if by := held.Owners; by[fx.alice].Count != 1 || by[fx.alice].Amount != 800 || by[fx.bruno].Amount != 1200 {
			t.Errorf("on hold per owner: %+v", by)
		}

		if _, err := db.MonthlyClosures(fx.ctx, closer.Period{From: q1.To, To: q1.From}); closer.ErrorCode(err) != closer.EINVALID {
			t.Errorf("reversed period: %v", err)
		}
	})
}

// An org's thresholds are the defaults until its owner sets them; only the
// owner may, with values in bounds; another org keeps its own.
func TestThresholds(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		fx := newStatsFixture(t, db, "th")
		th, err := db.Thresholds(fx.ctx)
		if err != nil || th != closer.DefaultThresholds() {
			t.Fatalf("defaults: %+v %v", th, err)
		}
		set := closer.Thresholds{MinSample: 5, Factor: 1.25, Points: 5, WinPoints: 12.5, RevenueShare: 0.8, PriceShare: 0.5, NoVanishSample: 15, HistoryPeriods: 2}
		if err := db.SetThresholds(fx.ctx, set); err != nil {
			t.Fatal(err)
		}
		set.MinSample = 6
		if err := db.SetThresholds(fx.ctx, set); err != nil {
			t.Fatal(err)
		}
		if th, err = db.Thresholds(fx.ctx); err != nil || th != set {
			t.Errorf("saved %+v, read %+v %v", set, th, err)
		}
		bad := set
		bad.Factor = 0
		if err := db.SetThresholds(fx.ctx, bad); closer.ErrorField(err) != "factor" {
			t.Errorf("bad factor: %v", err)
		}
		sales := closer.NewContextWithActor(fx.ctx, closer.Actor{UserID: fx.alice, OrgID: fx.orgID, Role: closer.RoleSales})
		if err := db.SetThresholds(sales, set); closer.ErrorCode(err) != closer.EFORBIDDEN {
			t.Errorf("a salesperson set the thresholds: %v", err)
		}
		other := newStatsFixture(t, db, "th2")
		if th, err := db.Thresholds(other.ctx); err != nil || th != closer.DefaultThresholds() {
			t.Errorf("another org: %+v %v", th, err)
		}
	})
}

// TestHeldNow: the on-hold snapshot of the team and of each owner (count,
// value, overdue reviews, median age of those put on hold on a known day)
// and the team's age ranges, from a hand-computed fixture: ages on the
// ranges' limits (30, 90, 180 days), a day put on hold after today (a
// date typed ahead: the youngest range), days not known.
func TestHeldNow(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		fx := newStatsFixture(t, db, "held")
		today := closer.DateOf(statsNow, (&closer.Org{}).Location())
		day := func(ago int) string { return today.AddDays(-ago).String() }
		hold := func(owner int64, amount closer.Money, held string, overdue bool) {
			review := today.AddDays(20)
			if overdue {
				review = today.AddDays(-1)
			}
			fx.opp(fxOpp{owner: owner, status: closer.StatusOnHold, amount: amount, detected: day(400), held: held, review: review.String(), stage: "Proposition"})
		}
		a, b := fx.alice, fx.bruno
		hold(a, 100, day(10), true)
		hold(a, 150, day(30), false)
		hold(a, 150, day(30), false)
		hold(a, 50, day(165), true)
		hold(b, 1000, day(-5), false)
		hold(b, 200, day(90), false)
		hold(b, 300, day(180), false)
		hold(b, 400, day(182), false)
		for range 3 {
			hold(b, 10, "", false)
		}
		held, err := db.HeldNow(fx.ctx)
		if err != nil {
			t.Fatal(err)
		}
		median := func(m float64) *float64 { return &m }
		want := map[int64]closer.OnHold{
			a: {Count: 4, Amount: 450, OverdueReviews: 2, MedianAgeDays: median(30)},   // 10, 30, 30, 165
			b: {Count: 7, Amount: 1930, OverdueReviews: 0, MedianAgeDays: median(135)}, // -5, 90, 180, 182 (three not known)
		}
		team := closer.OnHold{Count: 11, Amount: 2380, OverdueReviews: 2, MedianAgeDays: median(60)} // -5, 10, 30, 30, 90, 165, 180, 182
		if got, w := mustJSON(t, held.Team), mustJSON(t, team); got != w {
			t.Errorf("team: %s, want %s", got, w)
		}
		for id, w := range want {
			if got, w := mustJSON(t, held.Owners[id]), mustJSON(t, w); got != w {
				t.Errorf("owner %d: %s, want %s", id, got, w)
			}
			st, err := db.Stats(fx.ctx, closer.StatsQuery{Period: q1, OwnerID: id})
			if err != nil {
				t.Fatal(err)
			}
			if got, w := mustJSON(t, st.Total.OnHold), mustJSON(t, w); got != w {
				t.Errorf("owner %d, stats: %s, want %s", id, got, w)
			}
		}
		st, err := db.Stats(fx.ctx, closer.StatsQuery{Period: q1})
		if err != nil {
			t.Fatal(err)
		}
		if got, w := mustJSON(t, st.Total.OnHold), mustJSON(t, team); got != w {
			t.Errorf("team, stats: %s, want %s", got, w)
		}
		ages := []closer.AgeBucket{{From: 0, To: 30, Count: 2, Amount: 1100}, {From: 30, To: 90, Count: 2, Amount: 300},
			{From: 90, To: 180, Count: 2, Amount: 250}, {From: 180, Count: 2, Amount: 700}, {From: -1, Count: 3, Amount: 30}}
		if got, w := mustJSON(t, held.Ages), mustJSON(t, ages); got != w {
			t.Errorf("age ranges: %s, want %s", got, w)
		}

		// No one on hold: zeros, no median, the four ranges still there.
		empty := newStatsFixture(t, db, "held-none")
		held, err = db.HeldNow(empty.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if held.Team != (closer.OnHold{}) || len(held.Owners) != 0 || len(held.Ages) != 4 {
			t.Errorf("nothing on hold: %+v", held)
		}
	})
}
