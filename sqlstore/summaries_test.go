package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestSummariesFollowEveryWrite drives a random mix of the store's writes
// (create, close, reopen, hold, resume, edits of amount, owner, detection,
// close and review dates, delete, reassign, bulk, and the orders' create,
// edit and delete) and checks after each batch that every summary table
// (closure_months, closure_breakdown, hold_days, order_months) holds exactly
// what a recount of the opportunities and orders gives, and that the
// statistics of whole months (read from them) equal those of the same days
// cut off a month's edge (read from the opportunities and orders).
func TestSummariesFollowEveryWrite(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "summary")
		rng := rand.New(rand.NewPCG(4, 3))
		ctx := c.owner
		// Two competitors, for closure_breakdown's competitor rows.
		for i, name := range []string{"Menuiserie X", "Alu Y"} {
			if _, err := db.SQL().Exec(`INSERT INTO list_items (org_id, kind, name, position, retired, price) VALUES ($1, 'competitors', $2, $3, FALSE, FALSE)`, c.org.ID, name, i+1); err != nil {
				t.Fatal(err)
			}
		}
		l, err := db.Lists(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var lossReasons []string
		for _, r := range l.LossReasons {
			if !r.Price {
				lossReasons = append(lossReasons, r.Name)
			}
		}
		competitors := []string{closer.CompetitorUnknown}
		for _, r := range l.Competitors {
			competitors = append(competitors, r.Name)
		}
		oneOf := func(names []string) string { return names[rng.IntN(len(names))] }
		owners := []int64{c.ownerID, c.managerID, c.salesID, c.collID}
		today := closer.DateOf(salesNow, c.org.Location())
		day := func() closer.Date { return today.AddDays(-rng.IntN(200)) }
		account := mustAccount(t, db, ctx, "Menuiserie Martin")
		kinds := []closer.OrderKind{closer.OrderDirect, closer.OrderRecurring}
		done := map[string]int{}
		var ids, orders []int64
		pick := func() *closer.Opportunity {
			t.Helper()
			if len(ids) == 0 {
				return nil
			}
			o, err := db.FindOpportunity(ctx, ids[rng.IntN(len(ids))])
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		hasLinkedOrders := func(o *closer.Opportunity) bool {
			t.Helper()
			_, n, err := db.FindOrders(ctx, closer.SalesFilter{OpportunityID: o.ID})
			if err != nil {
				t.Fatal(err)
			}
			return n > 0
		}
		must := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			done[what]++
		}
		closeInput := func(detected closer.Date) closer.CloseInput {
			on := detected.AddDays(rng.IntN(max(detected.DaysUntil(today), 0) + 1))
			amount := closer.Money(rng.IntN(100) * 1000)
			switch rng.IntN(3) {
			case 0:
				return closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: on, Amount: &amount}
			case 1:
				return closer.CloseInput{Outcome: closer.StatusLost, ClosedOn: on, LossReason: oneOf(lossReasons), Competitor: oneOf(competitors)}
			}
			return closer.CloseInput{Outcome: closer.StatusVanished, ClosedOn: on, VanishReason: l.VanishReasons[rng.IntN(len(l.VanishReasons))].Name}
		}
		for step := range 400 {
			o := pick()
			switch r := rng.IntN(26); {
			case r < 5 || o == nil:
				n := &closer.Opportunity{Title: "Véranda", OwnerID: owners[rng.IntN(len(owners))],
					Amount: closer.Money(rng.IntN(50) * 1000), DetectedOn: day()}
				must("create", db.CreateOpportunity(ctx, n))
				ids = append(ids, n.ID)
			case r < 9 && (o.Status == closer.StatusOpen || o.Status == closer.StatusOnHold):
				_, err := db.CloseOpportunity(ctx, o.ID, 0, closeInput(o.DetectedOn))
				must("close", err)
			case r < 10 && o.Status.IsClosure():
				_, err := db.ReopenOpportunity(ctx, o.ID, 0)
				must("reopen", err) // its linked orders stay linked
			case r < 11 && o.Status == closer.StatusOpen:
				_, err := db.HoldOpportunity(ctx, o.ID, 0, closer.HoldInput{HoldReason: "Permis", ReviewOn: today.AddDays(30)})
				must("hold", err)
			case r < 12 && o.Status == closer.StatusOnHold:
				_, err := db.ResumeOpportunity(ctx, o.ID, 0)
				must("resume", err)
			case r < 13:
				amount := closer.Money(rng.IntN(80) * 1000)
				_, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{Amount: &amount})
				must("edit amount", err)
			case r < 14:
				owner := owners[rng.IntN(len(owners))]
				_, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{Owner: &owner})
				must("edit owner", err)
			case r < 15 && o.Status.IsClosure():
				on := o.DetectedOn.AddDays(rng.IntN(o.DetectedOn.DaysUntil(today) + 1))
				detected := on.AddDays(-rng.IntN(90))
				_, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{ClosedOn: &on, DetectedOn: &detected})
				must("edit dates", err)
			case r < 16 && !hasLinkedOrders(o):
				must("delete", db.DeleteOpportunity(ctx, o.ID, 0))
				ids = slices.DeleteFunc(ids, func(id int64) bool { return id == o.ID })
			case r < 17:
				from, to := owners[rng.IntN(len(owners))], owners[rng.IntN(len(owners))]
				if from != to {
					_, err := db.ReassignOpportunities(ctx, from, to)
					must("reassign", err)
				}
			case r < 18:
				// A small bulk, or, every fourth, one whose rows of each
				// summary table take several statements.
				n, what := 6, "bulk of 6"
				if rng.IntN(4) == 0 {
					n, what = 2500, "bulk of 2500"
				}
				var added []int64
				must(what, db.Bulk(ctx, false, func(b closer.Bulk) error {
					for i := range n {
						detected := today.AddDays(-rng.IntN(3000))
						o := &closer.Opportunity{Title: "Import", OwnerID: owners[rng.IntN(len(owners))], Status: closer.StatusOpen,
							Amount: closer.Money(rng.IntN(100) * 100), DetectedOn: detected, StageID: l.Stages[0].ID}
						if i%10 == 5 { // on hold, its review date past or not
							held := detected.AddDays(rng.IntN(detected.DaysUntil(today) + 1))
							o.Status, o.HoldReason, o.HeldOn, o.ReviewOn = closer.StatusOnHold, "Budget", held, today.AddDays(rng.IntN(60)-30)
						}
						if i%5 != 0 {
							in := closeInput(detected)
							o.Status, o.ClosedOn = in.Outcome, in.ClosedOn
							switch o.Status {
							case closer.StatusLost:
								o.LossReasonID = l.LossReasons[rng.IntN(len(l.LossReasons))].ID
								// No competitor in the large bulks only, whose
								// opportunities are not edited afterwards (an
								// edit requires one).
								switch {
								case i%3 == 0:
									o.CompetitorID = l.Competitors[0].ID
								case i%3 == 1 || n < 100:
									o.CompetitorUnknown = true
								}
								o.Note = "10 % plus cher"
							case closer.StatusVanished:
								o.VanishReasonID = l.VanishReasons[0].ID
							case closer.StatusOpen, closer.StatusOnHold, closer.StatusWon:
							}
						}
						if err := b.AddOpportunity(o); err != nil {
							return err
						}
						added = append(added, o.ID)
						if i%4 == 0 { // an order, linked to it or not
							ord := &closer.Order{AccountID: account.ID, OwnerID: o.OwnerID, Kind: kinds[rng.IntN(2)], Amount: 100, OrderedOn: day()}
							if o.Status == closer.StatusWon {
								ord.Kind, ord.OpportunityID = closer.OrderLinked, o.ID
							} else if i%8 == 0 {
								ord.OwnerID = 0
							}
							if err := b.AddOrder(ord); err != nil {
								return err
							}
						}
					}
					return nil
				}))
				if n < 100 {
					ids = append(ids, added...)
				}
			case r < 20 && o.Status == closer.StatusOpen:
				// The furthest stage reached moves with the stage.
				stage := l.Stages[rng.IntN(len(l.Stages))].Name
				_, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{Stage: &stage})
				must("edit stage", err)
			case r < 20 && o.Status == closer.StatusLost:
				reason, competitor := oneOf(lossReasons), oneOf(competitors)
				_, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{LossReason: &reason, Competitor: &competitor})
				must("edit loss", err)
			case r < 20 && o.Status == closer.StatusVanished:
				reason := l.VanishReasons[rng.IntN(len(l.VanishReasons))].Name
				_, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{VanishReason: &reason})
				must("edit vanishing", err)
			case r < 21 && o.Status == closer.StatusOnHold:
				review := today.AddDays(1 + rng.IntN(60))
				_, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{ReviewOn: &review})
				must("edit review", err)
			case r < 22:
				ord := &closer.Order{AccountID: account.ID, Kind: kinds[rng.IntN(2)], Amount: 100, OrderedOn: day(),
					OwnerID: owners[rng.IntN(len(owners))]}
				must("create order", db.CreateOrder(ctx, ord))
				orders = append(orders, ord.ID)
			case r < 23 && len(orders) > 0:
				ord, err := db.FindOrder(ctx, orders[rng.IntN(len(orders))])
				if err != nil {
					t.Fatal(err)
				}
				ord.OwnerID, ord.OrderedOn, ord.Kind = owners[rng.IntN(len(owners))], day(), kinds[rng.IntN(2)]
				must("edit order", db.UpdateOrder(ctx, ord))
			case r < 24 && len(orders) > 0:
				i := rng.IntN(len(orders))
				must("delete order", db.DeleteOrder(ctx, orders[i]))
				orders = slices.Delete(orders, i, i+1)
			case r < 25 && rng.IntN(4) == 0:
				// A recount from the opportunities and orders changes
				// nothing: what the writes kept is what a recount gives.
				must("rebuild", db.RebuildSummaries(ctx, c.org.ID))
			case r < 25:
				// A dry run writes nothing, the summaries included.
				must("bulk dry run", db.Bulk(ctx, true, func(b closer.Bulk) error {
					return b.AddOpportunity(&closer.Opportunity{Title: "Essai", OwnerID: c.ownerID, Status: closer.StatusWon,
						Amount: 100, DetectedOn: today.AddDays(-10), ClosedOn: today})
				}))
			}
			if step%50 == 49 {
				checkSummaries(ctx, t, db, c.org.ID, today, fmt.Sprintf("after step %d (%v)", step, done))
			}
		}
		checkSummaries(ctx, t, db, c.org.ID, today, fmt.Sprintf("at the end (%v)", done))
		for _, what := range []string{"create", "close", "reopen", "hold", "resume", "edit amount", "edit owner", "edit dates", "edit stage",
			"edit loss", "edit vanishing", "edit review", "delete", "reassign", "bulk of 6", "bulk of 2500", "rebuild", "create order", "edit order", "delete order"} {
			if done[what] == 0 {
				t.Errorf("the mix never ran %q: %v", what, done)
			}
		}

		// Whole months (closure_months) and cut months (the opportunities)
		// give the same figures over the same days.
		for _, p := range []closer.Period{closer.QuarterOf(today.AddDays(-90)), closer.YearOf(today.AddDays(-365)), {From: today.AddDays(-400), To: today},
			{From: closer.MonthOf(today.AddDays(-150)).From, To: closer.MonthOf(today).To}} { // five whole months or more: a quarter and the months around it
			whole, err := db.Stats(ctx, closer.StatsQuery{Period: p, Group: closer.GroupOwner})
			if err != nil {
				t.Fatal(err)
			}
			var cut closer.Figures
			for _, m := range p.Months() {
				for _, half := range []closer.Period{{From: m.From, To: m.From.AddDays(9)}, {From: m.From.AddDays(10), To: m.To}} {
					half.From, half.To = maxDate(half.From, p.From), minDate(half.To, p.To)
					if half.To.Before(half.From) {
						continue
					}
					st, err := db.Stats(ctx, closer.StatsQuery{Period: half})
					if err != nil {
						t.Fatal(err)
					}
					cut.Add(st.Total)
				}
			}
			w := whole.Total
			w.OnHold, w.MedianCycleDays = nil, closer.CycleDays{}
			if a, b := mustJSON(t, w), mustJSON(t, cut); a != b {
				t.Errorf("%v: whole months %s, cut months %s", p, a, b)
			}
			// Without medians (the dashboard's comparisons), the same counts
			// and amounts, per owner too.
			lean, err := db.Stats(ctx, closer.StatsQuery{Period: p, Group: closer.GroupOwner, NoMedians: true})
			if err != nil {
				t.Fatal(err)
			}
			if lean.Total.MedianCycleDays != (closer.CycleDays{}) {
				t.Errorf("%v: medians without medians: %+v", p, lean.Total.MedianCycleDays)
			}
			full := *whole
			full.Total.OnHold, lean.Total.OnHold = nil, nil
			full.Total.MedianCycleDays = closer.CycleDays{}
			full.Groups = append([]closer.Group(nil), whole.Groups...)
			for i := range full.Groups {
				full.Groups[i].MedianCycleDays = closer.CycleDays{}
			}
			if a, b := mustJSON(t, full), mustJSON(t, lean); a != b {
				t.Errorf("%v: with medians %s, without %s", p, a, b)
			}
			// The trend too: whole months from closure_months, cut ones
			// from the opportunities.
			monthly := func(p closer.Period) map[closer.MonthClosures]bool {
				t.Helper()
				rows, err := db.MonthlyClosures(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				sum := map[closer.MonthClosures]closer.MonthClosures{}
				for _, r := range rows {
					k := closer.MonthClosures{OwnerID: r.OwnerID, Month: r.Month, Status: r.Status}
					s := sum[k]
					s.Count, s.Amount = s.Count+r.Count, s.Amount+r.Amount
					sum[k] = s
				}
				out := map[closer.MonthClosures]bool{}
				for k, s := range sum {
					k.Count, k.Amount = s.Count, s.Amount
					out[k] = true
				}
				return out
			}
			checkBreakdownsWholeAndCut(ctx, t, db, p, c.salesID)
			checkMedians(t, db, c.org.ID, p, whole)
			all := monthly(p)
			var halves []closer.MonthClosures
			for _, m := range p.Months() {
				for _, half := range []closer.Period{{From: m.From, To: m.From.AddDays(9)}, {From: m.From.AddDays(10), To: m.To}} {
					half.From, half.To = maxDate(half.From, p.From), minDate(half.To, p.To)
					if !half.To.Before(half.From) {
						rows, err := db.MonthlyClosures(ctx, half)
						if err != nil {
							t.Fatal(err)
						}
						halves = append(halves, rows...)
					}
				}
			}
			cutMonthly := map[closer.MonthClosures]closer.MonthClosures{}
			for _, r := range halves {
				k := closer.MonthClosures{OwnerID: r.OwnerID, Month: r.Month, Status: r.Status}
				s := cutMonthly[k]
				s.Count, s.Amount = s.Count+r.Count, s.Amount+r.Amount
				cutMonthly[k] = s
			}
			if len(cutMonthly) != len(all) {
				t.Errorf("%v: the trend has %d rows over whole months, %d over cut ones", p, len(all), len(cutMonthly))
			}
			for k, s := range cutMonthly {
				k.Count, k.Amount = s.Count, s.Amount
				if !all[k] {
					t.Errorf("%v: the trend over cut months has %+v, not the one over whole months", p, k)
				}
			}
		}
	})
}

// checkSummaries compares every summary table with a recount of the org's
// opportunities and orders done here, in Go, and the on-hold snapshot of
// the statistics (team and one owner) with a recount of the opportunities
// on hold.
func checkSummaries(ctx context.Context, t *testing.T, db *sqlstore.DB, orgID int64, today closer.Date, when string) {
	t.Helper()
	checkClosureMonths(t, db, orgID, when)
	checkClosureBreakdown(t, db, orgID, when)
	type sums struct{ n, amount int64 }
	// recount adds up, per key, what row returns for each row of query.
	recount := func(query string, row func(rows *sql.Rows) (keys []string, s sums)) map[string]sums {
		t.Helper()
		rows, err := db.SQL().Query(query, orgID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]sums{}
		for rows.Next() {
			keys, s := row(rows)
			for _, k := range keys {
				o := out[k]
				out[k] = sums{o.n + s.n, o.amount + s.amount}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	scan := func(rows *sql.Rows, dest ...any) {
		t.Helper()
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
	}
	compare := func(table string, got, want map[string]sums) {
		t.Helper()
		compareRows(t, when, table, "a recount gives", got, want)
	}
	// hold_days, and the snapshot of the team and of each owner, recounted
	// here: -1 is the team.
	type snapshot struct {
		closer.OnHold
		ages map[int]int
	}
	snaps := map[int64]*snapshot{}
	var ages []closer.AgeBucket // the team's age ranges
	want := recount(`SELECT owner_id, status, held_on, review_on, amount FROM opportunities WHERE org_id = $1`, func(rows *sql.Rows) ([]string, sums) {
		var owner, amount int64
		var status string
		var heldOn, review closer.Date
		scan(rows, &owner, &status, &heldOn, &review, &amount)
		if status != string(closer.StatusOnHold) {
			return nil, sums{}
		}
		for _, id := range []int64{-1, owner} {
			sn := snaps[id]
			if sn == nil {
				sn = &snapshot{ages: map[int]int{}}
				snaps[id] = sn
			}
			sn.Count, sn.Amount = sn.Count+1, sn.Amount+closer.Money(amount)
			if !review.IsZero() && review.Before(today) {
				sn.OverdueReviews++
			}
			if !heldOn.IsZero() {
				sn.ages[heldOn.DaysUntil(today)]++
			}
		}
		ages = addAge(ages, heldOn, today, closer.Money(amount))
		// Three rows each: by the day put on hold (kind 1), by the review
		// date (2), by the day put on hold for the team (3, owner 0).
		return []string{fmt.Sprintf("1:%d/%s", owner, heldOn), fmt.Sprintf("2:%d/%s", owner, review), fmt.Sprintf("3:0/%s", heldOn)}, sums{1, amount}
	})
	got := recount(`SELECT kind, owner_id, day, n, amount FROM hold_days WHERE org_id = $1`, func(rows *sql.Rows) ([]string, sums) {
		var kind, owner int64
		var day string
		var s sums
		scan(rows, &kind, &owner, &day, &s.n, &s.amount)
		return []string{fmt.Sprintf("%d:%d/%s", kind, owner, day)}, s
	})
	compare("hold_days", got, want)
	wantHold := func(id int64) string {
		sn := snaps[id]
		if sn == nil {
			return mustJSON(t, closer.OnHold{})
		}
		o := sn.OnHold
		o.MedianAgeDays = closer.MedianOfCounts(sn.ages)
		return mustJSON(t, o)
	}
	now, err := db.HeldNow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustJSON(t, now.Team); got != wantHold(-1) {
		t.Errorf("%s: the on-hold snapshot is %s, a recount gives %s", when, got, wantHold(-1))
	}
	if ages == nil { // no one on hold: the four ranges, empty
		ages = closer.HoldAges()
	}
	if got, w := mustJSON(t, now.Ages), mustJSON(t, ages); got != w {
		t.Errorf("%s: the on-hold age ranges are %s, a recount gives %s", when, got, w)
	}
	st, err := db.Stats(ctx, closer.StatsQuery{Period: closer.MonthOf(today)})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustJSON(t, st.Total.OnHold); got != wantHold(-1) {
		t.Errorf("%s: the statistics' on-hold snapshot is %s, a recount gives %s", when, got, wantHold(-1))
	}
	for owner := range now.Owners {
		if snaps[owner] == nil {
			t.Errorf("%s: %d has opportunities on hold, a recount gives none", when, owner)
		}
	}
	for owner := range snaps {
		if owner == -1 {
			continue
		}
		if got := mustJSON(t, now.Owners[owner]); got != wantHold(owner) {
			t.Errorf("%s: the on-hold snapshot of %d is %s, a recount gives %s", when, owner, got, wantHold(owner))
		}
		st, err := db.Stats(ctx, closer.StatsQuery{Period: closer.MonthOf(today), OwnerID: owner})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, st.Total.OnHold); got != wantHold(owner) {
			t.Errorf("%s: the statistics' on-hold snapshot of %d is %s, a recount gives %s", when, owner, got, wantHold(owner))
		}
	}
	// order_months.
	want = recount(`SELECT owner_id, kind, ordered_on FROM orders WHERE org_id = $1`, func(rows *sql.Rows) ([]string, sums) {
		var owner sql.NullInt64
		var kind string
		var on closer.Date
		scan(rows, &owner, &kind, &on)
		return []string{fmt.Sprintf("%d/%d/%s", on.Year()*12+int(on.Month())-1, owner.Int64, kind)}, sums{n: 1}
	})
	got = recount(`SELECT month, owner_id, kind, n FROM order_months WHERE org_id = $1`, func(rows *sql.Rows) ([]string, sums) {
		var month, owner int64
		var kind string
		var s sums
		scan(rows, &month, &owner, &kind, &s.n)
		return []string{fmt.Sprintf("%d/%d/%s", month, owner, kind)}, s
	})
	compare("order_months", got, want)
	if t.Failed() {
		t.FailNow()
	}
}

// checkMedians compares the median cycle times of st (the statistics of p
// grouped by owner: whole quarters from closure_quarters, other months from
// closure_months, edge days from the opportunities) with medians counted
// here from the org's opportunities, for the team and each owner.
func checkMedians(t *testing.T, db *sqlstore.DB, orgID int64, p closer.Period, st *closer.Stats) {
	t.Helper()
	days := map[string]map[closer.Status]map[int]int{} // owner's key ("" the team) → status → cycle days → count
	rows, err := db.SQL().Query(`SELECT owner_id, status, detected_on, closed_on FROM opportunities WHERE org_id = $1`, orgID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var owner int64
		var status string
		var detected, closed closer.Date
		if err := rows.Scan(&owner, &status, &detected, &closed); err != nil {
			t.Fatal(err)
		}
		if s := closer.Status(status); s.IsClosure() && !closed.IsZero() && !closed.Before(p.From) && !p.To.Before(closed) {
			for _, key := range []string{"", fmt.Sprint(owner)} {
				if days[key] == nil {
					days[key] = map[closer.Status]map[int]int{}
				}
				if days[key][s] == nil {
					days[key][s] = map[int]int{}
				}
				days[key][s][detected.DaysUntil(closed)]++
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := func(key string) string {
		d := days[key]
		return mustJSON(t, closer.CycleDays{Won: closer.MedianOfCounts(d[closer.StatusWon]),
			Lost: closer.MedianOfCounts(d[closer.StatusLost]), Vanished: closer.MedianOfCounts(d[closer.StatusVanished])})
	}
	if got := mustJSON(t, st.Total.MedianCycleDays); got != want("") {
		t.Errorf("%v: median cycle days %s, a recount gives %s", p, got, want(""))
	}
	for _, g := range st.Groups {
		if got := mustJSON(t, g.MedianCycleDays); got != want(g.Key) {
			t.Errorf("%v, %s: median cycle days %s, a recount gives %s", p, g.Label, got, want(g.Key))
		}
	}
}

// addAge counts one opportunity put on hold on day (zero: not known) worth
// amount in the age ranges of closer.HoldAges (made on first use), with
// the range of days not known added when needed: a recount of the ranges
// of HeldNow.
func addAge(ages []closer.AgeBucket, day, today closer.Date, amount closer.Money) []closer.AgeBucket {
	if ages == nil {
		ages = closer.HoldAges()
	}
	i := len(ages) - 1
	if day.IsZero() {
		if ages[i].From != -1 {
			ages = append(ages, closer.AgeBucket{From: -1})
			i++
		}
	} else {
		age := max(day.DaysUntil(today), 0) // a day ahead of today: the youngest range
		for i = 0; ages[i].To != 0 && age >= ages[i].To; i++ {
		}
	}
	ages[i].Count++
	ages[i].Amount += amount
	return ages
}

// closureRow is one row of closure_months.
type closureRow struct {
	month, days int
	owner       int64
	status      string
}

// checkClosureMonths compares closure_months with a recount of the org's
// opportunities done here, in Go.
func checkClosureMonths(t *testing.T, db *sqlstore.DB, orgID int64, when string) {
	t.Helper()
	want := map[closureRow]closureSums{}
	rows, err := db.SQL().Query(`SELECT owner_id, status, detected_on, closed_on, amount FROM opportunities WHERE org_id = $1`, orgID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r closureRow
		var detected, closed closer.Date
		var amount int64
		if err := rows.Scan(&r.owner, &r.status, &detected, &closed, &amount); err != nil {
			t.Fatal(err)
		}
		if !closer.Status(r.status).IsClosure() || closed.IsZero() {
			continue
		}
		r.month, r.days = closed.Year()*12+int(closed.Month())-1, detected.DaysUntil(closed)
		s := want[r]
		want[r] = closureSums{s.n + 1, s.amount + amount}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	compareClosureRows(t, when, "closure_months", readClosureRows(t, db, "month", "closure_months", orgID), want)
	// closure_quarters: the same, per quarter (month / 3 in its month field).
	wantQ := map[closureRow]closureSums{}
	for k, v := range want {
		k.month /= 3
		s := wantQ[k]
		wantQ[k] = closureSums{s.n + v.n, s.amount + v.amount}
	}
	compareClosureRows(t, when, "closure_quarters", readClosureRows(t, db, "quarter", "closure_quarters", orgID), wantQ)
}

// closureSums is how many closures a row of closure_months or
// closure_quarters counts, and their amount.
type closureSums struct{ n, amount int64 }

// readClosureRows reads an org's rows of closure_months or closure_quarters
// (period: month or quarter, in closureRow's month field).
func readClosureRows(t *testing.T, db *sqlstore.DB, period, table string, orgID int64) map[closureRow]closureSums {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT `+period+`, cycle_days, owner_id, status, n, amount FROM `+table+` WHERE org_id = $1`, orgID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[closureRow]closureSums{}
	for rows.Next() {
		var r closureRow
		var s closureSums
		if err := rows.Scan(&r.month, &r.days, &r.owner, &r.status, &s.n, &s.amount); err != nil {
			t.Fatal(err)
		}
		got[r] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// compareClosureRows fails the test when a summary table's rows (got)
// differ from a recount (want), naming each row that differs.
func compareClosureRows[S comparable](t *testing.T, when, table string, got, want map[closureRow]S) {
	t.Helper()
	if !compareRows(t, when, table, "the opportunities give", got, want) {
		t.FailNow()
	}
}

// compareRows reports each row of a summary table (got) that differs from
// what source says (want: "a recount gives"), and whether none does.
func compareRows[K, V comparable](t *testing.T, when, table, source string, got, want map[K]V) bool {
	t.Helper()
	if maps.Equal(got, want) {
		return true
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s %+v holds %+v, %s %+v", when, table, k, got[k], source, v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: %s %+v holds %+v, %s nothing", when, table, k, v, source)
		}
	}
	return false
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func maxDate(a, b closer.Date) closer.Date {
	if a.After(b) {
		return a
	}
	return b
}

func minDate(a, b closer.Date) closer.Date {
	if a.Before(b) {
		return a
	}
	return b
}

// breakdownRow is one row of closure_breakdown.
type breakdownRow struct {
	kind, month int
	status      string
	owner, item int64
}

// checkClosureBreakdown compares closure_breakdown with a recount of the
// org's opportunities done here, in Go.
func checkClosureBreakdown(t *testing.T, db *sqlstore.DB, orgID int64, when string) {
	t.Helper()
	type sums struct{ n, amount int64 }
	want := map[breakdownRow]sums{}
	rows, err := db.SQL().Query(`SELECT owner_id, status, closed_on, amount, COALESCE(furthest_stage_id, 0), COALESCE(competitor_id, 0),
		CASE WHEN competitor_unknown THEN 1 ELSE 0 END, COALESCE(loss_reason_id, 0), COALESCE(vanish_reason_id, 0)
		FROM opportunities WHERE org_id = $1`, orgID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var owner, amount, stage, competitor, unknown, lossReason, vanishReason int64
		var status string
		var closed closer.Date
		if err := rows.Scan(&owner, &status, &closed, &amount, &stage, &competitor, &unknown, &lossReason, &vanishReason); err != nil {
			t.Fatal(err)
		}
		if !closer.Status(status).IsClosure() || closed.IsZero() {
			continue
		}
		month := closed.Year()*12 + int(closed.Month()) - 1
		add := func(kind int, item int64) {
			r := breakdownRow{kind, month, status, owner, item}
			s := want[r]
			want[r] = sums{s.n + 1, s.amount + amount}
		}
		add(1, stage)
		switch closer.Status(status) {
		case closer.StatusLost:
			if competitor == 0 && unknown == 1 {
				competitor = -1
			}
			add(2, competitor)
			add(3, lossReason)
		case closer.StatusVanished:
			add(4, vanishReason)
		case closer.StatusOpen, closer.StatusOnHold, closer.StatusWon:
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	got := map[breakdownRow]sums{}
	rows, err = db.SQL().Query(`SELECT kind, month, status, owner_id, item_id, n, amount FROM closure_breakdown WHERE org_id = $1`, orgID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r breakdownRow
		var s sums
		if err := rows.Scan(&r.kind, &r.month, &r.status, &r.owner, &r.item, &s.n, &s.amount); err != nil {
			t.Fatal(err)
		}
		got[r] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: closure_breakdown %+v holds %+v, the opportunities give %+v", when, k, got[k], v)
			}
		}
		for k, v := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: closure_breakdown %+v holds %+v, the opportunities give nothing", when, k, v)
			}
		}
		t.FailNow()
	}
}

// checkBreakdownsWholeAndCut checks that the funnel, the losses and the
// vanishings of p (whole months from closure_breakdown) add up to those of
// its months cut in two (read from the opportunities), for the team and
// for each owner.
func checkBreakdownsWholeAndCut(ctx context.Context, t *testing.T, db *sqlstore.DB, p closer.Period, someone int64) {
	t.Helper()
	type tally map[string][2]int64
	read := func(p closer.Period, owner int64, into tally) {
		t.Helper()
		f, err := db.Funnel(ctx, p, owner)
		if err != nil {
			t.Fatal(err)
		}
		add := func(k string, n, amount int64) {
			v := into[k]
			into[k] = [2]int64{v[0] + n, v[1] + amount}
		}
		add("funnel closed", int64(f.Closed), 0)
		outcomes := func(what string, o closer.Outcomes) {
			add(what+" won", int64(o.Won), 0)
			add(what+" lost", int64(o.Lost), 0)
			add(what+" vanished", int64(o.Vanished), 0)
		}
		outcomes("funnel no stage", f.NoStage)
		for _, s := range f.Stages {
			outcomes(fmt.Sprintf("funnel stage %d stopped", s.StageID), s.Stopped)
			add(fmt.Sprintf("funnel reached %d", s.StageID), int64(s.Reached), 0)
		}
		ls, err := db.Losses(ctx, p, owner)
		if err != nil {
			t.Fatal(err)
		}
		add("lost", int64(ls.Lost), int64(ls.Amount))
		for _, r := range ls.ByCompetitor {
			add("competitor "+r.Key+" "+r.Label, int64(r.Count), int64(r.Amount))
		}
		for _, r := range ls.ByReason {
			add("loss reason "+r.Key+" "+r.Label, int64(r.Count), int64(r.Amount))
		}
		vs, err := db.Vanishings(ctx, p, owner)
		if err != nil {
			t.Fatal(err)
		}
		add("vanished", int64(vs.Vanished), int64(vs.Amount))
		for _, r := range vs.ByReason {
			add("vanish reason "+r.Key+" "+r.Label, int64(r.Count), int64(r.Amount))
		}
	}
	for _, owner := range []int64{0, someone} {
		whole, cut := tally{}, tally{}
		read(p, owner, whole)
		for _, m := range p.Months() {
			for _, half := range []closer.Period{{From: m.From, To: m.From.AddDays(9)}, {From: m.From.AddDays(10), To: m.To}} {
				half.From, half.To = maxDate(half.From, p.From), minDate(half.To, p.To)
				if !half.To.Before(half.From) {
					read(half, owner, cut)
				}
			}
		}
		maps.DeleteFunc(whole, func(_ string, v [2]int64) bool { return v == [2]int64{} })
		maps.DeleteFunc(cut, func(_ string, v [2]int64) bool { return v == [2]int64{} })
		if whole["lost"][0] == 0 || whole["vanished"][0] == 0 {
			t.Errorf("%v, owner %d: nothing lost or vanished to compare: %v", p, owner, whole)
		}
		if !maps.Equal(whole, cut) {
			t.Errorf("%v, owner %d: whole months %v, cut months %v", p, owner, whole, cut)
		}
	}
}
