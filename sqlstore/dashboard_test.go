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
		today := closer.DateOf(statsNow, (&closer.Org{}).Location())
		team := closer.TeamOnHold(held, today)
		want := *st.Total.OnHold
		if team.Count != want.Count || team.Amount != want.Amount || team.OverdueReviews != want.OverdueReviews || *team.MedianAgeDays != *want.MedianAgeDays {
			t.Errorf("on hold from groups %+v, stats %+v", team, want)
		}
		by := closer.OnHoldByOwner(held, today)
		if by[fx.alice].Count != 1 || by[fx.alice].Amount != 800 || by[fx.bruno].Amount != 1200 {
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
