package sqlstore_test

import (
	"strconv"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestStatsFollowTheLifecycle drives opportunities through the store's own
// lifecycle calls (close, reopen, re-close, hold) rather than fixture rows,
// and checks the figures after each step against SPEC sections 1 and 3: a
// reopened closure leaves its period, a re-closed opportunity counts once at
// its latest closure, on hold is never closed, and the day of a closure is
// the org's day (Europe/Paris), not UTC's.
func TestStatsFollowTheLifecycle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		fx := newStatsFixture(t, db, "cycle")
		ctx := fx.ctx
		march := closer.MonthOf(closer.MustDate("2017-03-01"))
		april := closer.MonthOf(closer.MustDate("2017-04-01"))
		// 31 March, 23:30 UTC: already 1 April in Paris.
		db.Now = func() time.Time { return time.Date(2017, 3, 31, 23, 30, 0, 0, time.UTC) }

		figures := func(p closer.Period, owner int64) closer.Figures {
			t.Helper()
			st, err := db.Stats(ctx, closer.StatsQuery{Period: p, OwnerID: owner})
			if err != nil {
				t.Fatal(err)
			}
			return st.Total
		}
		check := func(what string, f closer.Figures, won, lost, vanished int, wonAmount closer.Money) {
			t.Helper()
			if f.Won != won || f.Lost != lost || f.Vanished != vanished || f.Closed != won+lost+vanished || f.WonAmount != wonAmount {
				t.Errorf("%s: won/lost/vanished/closed %d/%d/%d/%d worth %d, want %d/%d/%d/%d worth %d",
					what, f.Won, f.Lost, f.Vanished, f.Closed, f.WonAmount, won, lost, vanished, won+lost+vanished, wonAmount)
			}
		}
		create := func(owner int64, amount closer.Money) *closer.Opportunity {
			t.Helper()
			o := &closer.Opportunity{Title: "Véranda", OwnerID: owner, Amount: amount, DetectedOn: closer.MustDate("2017-01-02")}
			if err := db.CreateOpportunity(ctx, o); err != nil {
				t.Fatal(err)
			}
			return o
		}
		step := func(what string, _ *closer.Opportunity, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		won := func(amount closer.Money) *closer.Money { return &amount }

		// Lost on 10 March, reopened: March no longer holds it.
		r := create(fx.alice, 1000)
		o, err := db.CloseOpportunity(ctx, r.ID, 0, closer.CloseInput{Outcome: closer.StatusLost, ClosedOn: closer.MustDate("2017-03-10"), LossReason: "Délai", Competitor: "unknown"})
		step("close lost", o, err)
		check("March after the loss", figures(march, 0), 0, 1, 0, 0)
		o, err = db.ReopenOpportunity(ctx, r.ID, 0)
		step("reopen", o, err)
		check("March after the reopening", figures(march, 0), 0, 0, 0, 0)

		// Re-closed as won on 1 April, the org's today at 23:30 UTC on 31 March:
		// accepted (not a future date in Paris), counted once, in April.
		o, err = db.CloseOpportunity(ctx, r.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2017-04-01"), Amount: won(3000)})
		step("re-close won on the org's today", o, err)
		check("March after the re-closing", figures(march, 0), 0, 0, 0, 0)
		check("April after the re-closing", figures(april, 0), 1, 0, 0, 3000)
		check("the quarter of March", figures(closer.QuarterOf(closer.MustDate("2017-03-01")), 0), 0, 0, 0, 0)
		if _, err := db.CloseOpportunity(ctx, create(fx.alice, 10).ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2017-04-02"), Amount: won(10)}); closer.ErrorField(err) != "closed_on" {
			t.Errorf("closing on 2 April, still tomorrow in Paris: %v", err)
		}

		// Won, reopened, put on hold: never a closure, in the on-hold snapshot.
		h := create(fx.bruno, 700)
		o, err = db.CloseOpportunity(ctx, h.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2017-03-20"), Amount: won(700)})
		step("close won", o, err)
		check("Bruno's March once won", figures(march, fx.bruno), 1, 0, 0, 700)
		o, err = db.ReopenOpportunity(ctx, h.ID, 0)
		step("reopen", o, err)
		if _, err := db.HoldOpportunity(ctx, h.ID, 0, closer.HoldInput{HoldReason: "Permis", ReviewOn: closer.MustDate("2017-03-31")}); closer.ErrorField(err) != "review_on" {
			t.Errorf("a review on 31 March, yesterday in Paris: %v", err)
		}
		o, err = db.HoldOpportunity(ctx, h.ID, 0, closer.HoldInput{HoldReason: "Permis de construire", ReviewOn: closer.MustDate("2017-04-01")})
		step("hold", o, err)
		if o.HeldOn != closer.MustDate("2017-04-01") {
			t.Errorf("held on %s, want the org's day 2017-04-01", o.HeldOn)
		}
		// 1 April, 22:30 UTC: 2 April in Paris, the review is overdue.
		db.Now = func() time.Time { return time.Date(2017, 4, 1, 22, 30, 0, 0, time.UTC) }
		f := figures(march, fx.bruno)
		check("Bruno's March on hold", f, 0, 0, 0, 0)
		if f.WinRate != nil || f.ApparentWinRate != nil {
			t.Errorf("no closure, yet rates %v %v", f.WinRate, f.ApparentWinRate)
		}
		if hold := f.OnHold; hold == nil || hold.Count != 1 || hold.Amount != 700 || hold.OverdueReviews != 1 || show(hold.MedianAgeDays) != "1" {
			t.Errorf("Bruno's on-hold snapshot: %+v", hold)
		}
		check("April with the on-hold one", figures(april, 0), 1, 0, 0, 3000)

		// Only a vanishing: a win rate of 0, but no competitive win rate
		// (won + lost = 0); an order without any closure: no apparent rate.
		v := create(fx.bruno, 400)
		o, err = db.CloseOpportunity(ctx, v.ID, 0, closer.CloseInput{Outcome: closer.StatusVanished, ClosedOn: closer.MustDate("2017-03-15"), VanishReason: "Pas de budget"})
		step("vanish", o, err)
		f = figures(march, fx.bruno)
		check("Bruno's March", f, 0, 0, 1, 0)
		if show(f.WinRate) != "0" || show(f.CompetitiveWinRate) != "null" || show(f.LossRate) != "0" || show(f.VanishRate) != "1" || show(f.ApparentWinRate) != "0" {
			t.Errorf("Bruno's March rates: win %s, competitive %s, loss %s, vanish %s, apparent %s",
				show(f.WinRate), show(f.CompetitiveWinRate), show(f.LossRate), show(f.VanishRate), show(f.ApparentWinRate))
		}
		if f.VanishedAmount != 400 {
			t.Errorf("vanished amount %d, want the last expected 400", f.VanishedAmount)
		}
		if err := db.CreateOrder(ctx, &closer.Order{AccountID: fx.accountID, OwnerID: fx.alice, Kind: closer.OrderRecurring, Amount: 5000, OrderedOn: closer.MustDate("2017-03-02")}); err != nil {
			t.Fatal(err)
		}
		f = figures(march, fx.alice)
		check("Alice's March", f, 0, 0, 0, 0)
		if f.OrdersRecurring != 1 || f.ApparentWinRate != nil || f.WinRate != nil || f.CompetitiveWinRate != nil || f.LossRate != nil || f.VanishRate != nil {
			t.Errorf("Alice's March: %d recurring orders, rates %s %s %s %s %s", f.OrdersRecurring,
				show(f.ApparentWinRate), show(f.WinRate), show(f.CompetitiveWinRate), show(f.LossRate), show(f.VanishRate))
		}
		check("the team's March", figures(march, 0), 0, 0, 1, 0)
	})
}

// show prints a nullable rate: "null" or its value.
func show(v *float64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}
