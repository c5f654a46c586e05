package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// The independent check of the statistics (SPEC section 3) on a generated
// data set with every edge case: opportunities are imported from a CSV
// (every status, zero and missing amounts, competitor "unknown", closures
// on the first and last days of months, quarters and years, leap days,
// cycles of 0, 365 and 366 days, holds with reviews overdue or not), orders
// from a second CSV (linked to opportunities closed in other periods,
// direct, recurring, of an owner who closes nothing), then changed through
// the API (reopened, reopened and reclosed elsewhere, held, resumed,
// closed from hold, given to another owner, re-priced). The clock is just
// past midnight in Paris (the org's time zone) on the first day of a
// quarter, while it is still the last day of the previous one in UTC.
//
// The reference below reads only the rows this file wrote and the changes
// it made: plain Go over strings and integers, from the SPEC's words, no
// domain or store code. GET /stats must answer the same for many periods,
// owners and groupings.

// refCase is an org, its time zone and the clock of one run: Paris just
// past midnight on the first day of a quarter (still the day before in
// UTC), and Los Angeles on the last evening of a quarter (already the next
// day, and quarter, in UTC).
type refCase struct {
	slug, timezone string
	now            time.Time
	today          string // the org's day at now
}

var refCases = []refCase{
	{"acme", "Europe/Paris", time.Date(2025, 6, 30, 22, 30, 0, 0, time.UTC), "2025-07-01"},
	{"west", "America/Los_Angeles", time.Date(2025, 7, 1, 5, 0, 0, 0, time.UTC), "2025-06-30"},
}

// refOpp is one opportunity as the reference knows it: its latest state.
type refOpp struct {
	title, owner, account, status string
	detected, closed              string // YYYY-MM-DD, closed "" when not closed
	amount                        string // as written in the file ("" for none)
	cents                         int64
	held, review                  string
	competitor, lossReason        string
	vanishReason                  string
}

// refOrder is one order as the reference knows it.
type refOrder struct {
	ref, owner, account, kind, opp, on string
}

// refDay parses a YYYY-MM-DD day.
func refDay(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// refDays is the number of days from a to b.
func refDays(a, b string) int { return int(refDay(b).Sub(refDay(a)).Hours()) / 24 }

// refAdd adds n days to a day.
func refAdd(s string, n int) string { return refDay(s).AddDate(0, 0, n).Format("2006-01-02") }

// refMin returns the earlier of two days.
func refMin(a, b string) string {
	if a < b {
		return a
	}
	return b
}

// refOwners are the salespeople of the file: imported names (created on
// import) and fixture members (matched by their display name).
var refOwners = []string{"Anna Lebrun", "Bruno Caron", "Chloé Dupuis", "User sales", "User sales2", "Émile Zola"}

// refAmount writes cents as the file's amount, sometimes without decimals.
func refAmount(r *rand.Rand) (string, int64) {
	switch r.IntN(6) {
	case 0:
		return "0", 0
	case 1:
		n := int64(r.IntN(50000))
		return fmt.Sprint(n), n * 100
	}
	c := int64(r.IntN(10_000_000))
	return fmt.Sprintf("%d.%02d", c/100, c%100), c
}

// refData generates the opportunities and orders of the file.
func refData(refToday string) ([]*refOpp, []*refOrder) {
	r := rand.New(rand.NewPCG(7, 2025))
	var opps []*refOpp
	add := func(o *refOpp) {
		o.title = fmt.Sprintf("G-%04d", len(opps))
		if o.account == "" {
			o.account = fmt.Sprintf("Account %02d", r.IntN(40))
		}
		opps = append(opps, o)
	}
	start := "2022-10-01"
	span := refDays(start, refToday)
	for range 700 {
		o := &refOpp{owner: refOwners[r.IntN(len(refOwners))]}
		o.detected = refAdd(start, r.IntN(span+1))
		o.amount, o.cents = refAmount(r)
		switch p := r.IntN(100); {
		case p < 12:
			o.status = "open"
		case p < 22:
			o.status = "on_hold"
			o.held = refMin(refAdd(o.detected, r.IntN(120)), refToday)
			o.review = refAdd(o.held, r.IntN(200))
		case p < 52:
			o.status = "won"
		case p < 77:
			o.status = "lost"
		default:
			o.status = "vanished"
		}
		switch o.status {
		case "won", "lost", "vanished":
			o.closed = refMin(refAdd(o.detected, r.IntN(300)), refToday)
		}
		if o.status == "lost" {
			o.competitor = []string{"unknown", "Rival SA", "Konkurrent GmbH", ""}[r.IntN(4)]
			o.lossReason = []string{"Timing", "Features", ""}[r.IntN(3)]
		}
		if o.status == "vanished" {
			o.vanishReason = []string{"No budget", ""}[r.IntN(2)]
			if r.IntN(3) == 0 {
				o.amount, o.cents = "", 0
			}
		}
		if o.status == "open" && r.IntN(3) == 0 {
			o.amount, o.cents = "", 0
		}
		add(o)
	}
	// The edges, written out.
	for _, e := range []struct{ status, detected, closed, amount string }{
		{"won", "2024-02-29", "2024-02-29", "100"},       // a leap day, cycle 0
		{"lost", "2023-02-28", "2024-02-29", "250.50"},   // 366 days
		{"vanished", "2024-02-29", "2025-02-28", ""},     // 365 days, no amount
		{"vanished", "2024-02-28", "2024-02-29", "0.01"}, // one cent
		{"won", "2023-12-31", "2024-01-01", "1"},         // the first day of a year
		{"lost", "2023-12-01", "2023-12-31", "0"},        // the last day of a year
		{"won", "2024-03-01", "2024-03-31", "10"},
		{"won", "2024-03-01", "2024-04-01", "20"},
		{"vanished", "2024-06-01", "2024-06-30", "30"},
		{"lost", "2024-06-01", "2024-07-01", "40"},
		{"won", "2024-09-01", "2024-09-30", "50"},
		{"won", "2024-09-01", "2024-10-01", "60"},
		{"lost", "2024-12-01", "2024-12-31", "70"},
		{"won", "2025-06-01", "2025-06-30", "80"},
		{"won", "2025-06-15", refToday, "0"}, // today in Paris, tomorrow in UTC
		{"lost", refToday, refToday, "90"},
		{"vanished", "2025-03-31", "2025-04-01", "0"},
	} {
		o := &refOpp{owner: refOwners[len(opps)%len(refOwners)], status: e.status, detected: e.detected, closed: e.closed, amount: e.amount}
		o.cents = refCents(e.amount)
		if o.status == "lost" {
			o.competitor = "unknown"
		}
		add(o)
	}
	for _, h := range []struct{ held, review string }{
		{refToday, refToday},         // held today: age 0, review today: not overdue
		{"2025-06-30", "2025-06-30"}, // review yesterday in Paris: overdue
		{"2025-06-01", "2025-06-29"},
		{"2024-02-29", "2025-12-31"},
	} {
		add(&refOpp{owner: "Anna Lebrun", status: "on_hold", detected: "2024-01-15", held: h.held, review: h.review, amount: "1000", cents: 100000})
	}
	// The manager follows open opportunities and closes none.
	for range 3 {
		add(&refOpp{owner: "User manager", status: "open", detected: "2025-01-10", amount: "500", cents: 50000})
	}

	var orders []*refOrder
	order := func(o *refOrder) {
		o.ref = fmt.Sprintf("O-%04d", len(orders))
		orders = append(orders, o)
	}
	for _, o := range opps {
		if o.status != "won" || r.IntN(5) >= 2 {
			continue
		}
		for range 1 + r.IntN(3) {
			// From the detection to three months after the closure: often
			// in another month or quarter than the closure.
			on := refMin(refAdd(o.detected, r.IntN(refDays(o.detected, o.closed)+90)), refToday)
			owner := o.owner
			if r.IntN(8) == 0 {
				owner = "" // the opportunity's owner, by default
			}
			order(&refOrder{owner: owner, account: o.account, kind: "linked", opp: o.title, on: on})
		}
	}
	for range 150 {
		owners := append(slices.Clone(refOwners), "User owner")
		order(&refOrder{
			owner: owners[r.IntN(len(owners))], account: fmt.Sprintf("Account %02d", r.IntN(40)),
			kind: []string{"direct", "recurring"}[r.IntN(2)], on: refAdd("2023-01-01", r.IntN(refDays("2023-01-01", refToday)+1)),
		})
	}
	for _, on := range []string{"2024-02-29", "2024-03-31", "2024-04-01", "2023-12-31", "2024-01-01", refToday} {
		order(&refOrder{owner: "Bruno Caron", account: "Account 01", kind: "recurring", on: on})
	}
	return opps, orders
}

// refCents reads an amount of the file ("12", "12.5", "12.50", "") as cents.
func refCents(s string) int64 {
	if s == "" {
		return 0
	}
	units, frac, _ := strings.Cut(s, ".")
	u, err1 := strconv.ParseInt(units, 10, 64)
	c, err2 := strconv.ParseInt((frac + "00")[:2], 10, 64)
	if err1 != nil || err2 != nil {
		panic("bad amount " + s)
	}
	return u*100 + c
}

// refOppsCSV writes the opportunities' file.
func refOppsCSV(opps []*refOpp) string {
	var b strings.Builder
	b.WriteString("Title,Owner,Account,Status,Stage,Detected,Closed,Amount,Reason,Competitor,Vanish,Hold reason,Review,Held\n")
	for _, o := range opps {
		stage, hold := "", ""
		switch o.status {
		case "open":
			stage = "Engaging"
		case "on_hold":
			stage, hold = "Prospecting", "Tender"
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", o.title, o.owner, o.account, o.status, stage,
			o.detected, o.closed, o.amount, o.lossReason, o.competitor, o.vanishReason, hold, o.review, o.held)
	}
	return b.String()
}

const refOppsMapping = `{"entity": "opportunities",
 "columns": {"title": "Title", "owner": "Owner", "account": "Account", "status": "Status", "stage": "Stage",
             "detected_on": "Detected", "closed_on": "Closed", "amount": "Amount", "loss_reason": "Reason",
             "competitor": "Competitor", "vanish_reason": "Vanish", "hold_reason": "Hold reason",
             "review_on": "Review", "held_on": "Held"},
 "defaults": {"loss_reason": "Not recorded", "competitor": "unknown", "vanish_reason": "Not recorded"},
 "date_format": "2006-01-02", "decimal_separator": ".", "delimiter": ","}`

// refOrdersCSV writes the orders' file.
func refOrdersCSV(orders []*refOrder) string {
	var b strings.Builder
	b.WriteString("Ref,Owner,Account,Kind,Opportunity,Date,Amount\n")
	for _, o := range orders {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s\n", o.ref, o.owner, o.account, o.kind, o.opp, o.on, "100")
	}
	return b.String()
}

const refOrdersMapping = `{"entity": "orders",
 "columns": {"reference": "Ref", "owner": "Owner", "account": "Account", "kind": "Kind", "opportunity": "Opportunity",
             "ordered_on": "Date", "amount": "Amount"},
 "date_format": "2006-01-02", "decimal_separator": ".", "delimiter": ","}`

// refFigures is the reference's figures of one scope.
type refFigures struct {
	won, lost, vanished                int
	wonCents, lostCents, vanishedCents int64
	linked, direct, recurring          int
	wonDays, lostDays, vanishedDays    []int
}

// refCompute counts, from the rows alone, the closures whose close date is
// in [from, to] and the orders dated in it, of owner ("" for all).
func refCompute(opps []*refOpp, orders []*refOrder, from, to, owner string) *refFigures {
	f := &refFigures{}
	for _, o := range opps {
		if owner != "" && o.owner != owner {
			continue
		}
		if o.closed == "" || o.closed < from || o.closed > to {
			continue
		}
		days := refDays(o.detected, o.closed)
		switch o.status {
		case "won":
			f.won++
			f.wonCents += o.cents
			f.wonDays = append(f.wonDays, days)
		case "lost":
			f.lost++
			f.lostCents += o.cents
			f.lostDays = append(f.lostDays, days)
		case "vanished":
			f.vanished++
			f.vanishedCents += o.cents
			f.vanishedDays = append(f.vanishedDays, days)
		default:
			panic("a " + o.status + " opportunity with a close date: " + o.title)
		}
	}
	for _, o := range orders {
		if owner != "" && o.owner != owner {
			continue
		}
		if o.on < from || o.on > to {
			continue
		}
		switch o.kind {
		case "linked":
			f.linked++
		case "direct":
			f.direct++
		case "recurring":
			f.recurring++
		}
	}
	return f
}

// counts returns f without the cycle days: what a query without medians
// answers.
func (f *refFigures) counts() *refFigures {
	c := *f
	c.wonDays, c.lostDays, c.vanishedDays = nil, nil, nil
	return &c
}

// empty reports whether the scope has no closure and no order.
func (f *refFigures) empty() bool {
	return f.won+f.lost+f.vanished+f.linked+f.direct+f.recurring == 0
}

// refHold is the reference's on-hold snapshot now, of owner ("" for all).
type refHold struct {
	count, overdue int
	cents          int64
	ages           []int
}

func refHeld(opps []*refOpp, owner, refToday string) refHold {
	var h refHold
	for _, o := range opps {
		if o.status != "on_hold" || (owner != "" && o.owner != owner) {
			continue
		}
		h.count++
		h.cents += o.cents
		h.ages = append(h.ages, refDays(o.held, refToday))
		if o.review < refToday {
			h.overdue++
		}
	}
	return h
}

// compareFigures compares the API's figures of one scope with the reference.
func compareFigures(t *testing.T, scope string, got apiFigures, want *refFigures) {
	t.Helper()
	closed := want.won + want.lost + want.vanished
	orders := want.linked + want.direct + want.recurring
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"won", int64(got.Won), int64(want.won)}, {"lost", int64(got.Lost), int64(want.lost)},
		{"vanished", int64(got.Vanished), int64(want.vanished)}, {"closed", int64(got.Closed), int64(closed)},
		{"won_amount", got.WonAmount, want.wonCents}, {"lost_amount", got.LostAmount, want.lostCents},
		{"vanished_amount", got.VanishedAmount, want.vanishedCents},
		{"orders_linked", int64(got.OrdersLinked), int64(want.linked)},
		{"orders_direct", int64(got.OrdersDirect), int64(want.direct)},
		{"orders_recurring", int64(got.OrdersRecurring), int64(want.recurring)},
	} {
		if c.got != c.want {
			t.Errorf("%s: %s = %d, the reference says %d", scope, c.name, c.got, c.want)
		}
	}
	for _, c := range []struct {
		name      string
		got, want *float64
	}{
		{"win_rate", got.WinRate, fraction(want.won, closed)},
		{"competitive_win_rate", got.CompetitiveWinRate, fraction(want.won, want.won+want.lost)},
		{"loss_rate", got.LossRate, fraction(want.lost, closed)},
		{"vanish_rate", got.VanishRate, fraction(want.vanished, closed)},
		{"apparent_win_rate", got.ApparentWinRate, fraction(orders, closed)},
		{"median_cycle_days.won", got.MedianCycleDays.Won, fileMedian(want.wonDays)},
		{"median_cycle_days.lost", got.MedianCycleDays.Lost, fileMedian(want.lostDays)},
		{"median_cycle_days.vanished", got.MedianCycleDays.Vanished, fileMedian(want.vanishedDays)},
	} {
		if show(c.got) != show(c.want) {
			t.Errorf("%s: %s = %s, the reference says %s", scope, c.name, show(c.got), show(c.want))
		}
	}
}

// compareHold compares an on-hold snapshot with the reference.
func compareHold(t *testing.T, scope string, got apiFigures, want refHold) {
	t.Helper()
	h := got.OnHold
	if h == nil {
		t.Errorf("%s: no on_hold", scope)
		return
	}
	if h.Count != want.count || h.Amount != want.cents || h.OverdueReviews != want.overdue || show(h.MedianAgeDays) != show(fileMedian(want.ages)) {
		t.Errorf("%s: on_hold = {count %d, amount %d, median_age_days %s, overdue_reviews %d}, the reference says {%d, %d, %s, %d}",
			scope, h.Count, h.Amount, show(h.MedianAgeDays), h.OverdueReviews, want.count, want.cents, show(fileMedian(want.ages)), want.overdue)
	}
}

// refMonths lists the months ("2024-02") and quarters ("2024-Q1") that
// [from, to] touches, each with the part of it in [from, to].
func refCalendar(from, to string, quarters bool) (labels []string, parts [][2]string) {
	d := refDay(from)
	d = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	if quarters {
		d = time.Date(d.Year(), d.Month()-(d.Month()-1)%3, 1, 0, 0, 0, 0, time.UTC)
	}
	step := 1
	if quarters {
		step = 3
	}
	for d.Format("2006-01-02") <= to {
		next := d.AddDate(0, step, 0)
		label := d.Format("2006-01")
		if quarters {
			label = fmt.Sprintf("%d-Q%d", d.Year(), (int(d.Month())-1)/3+1)
		}
		a, b := d.Format("2006-01-02"), next.AddDate(0, 0, -1).Format("2006-01-02")
		if a < from {
			a = from
		}
		if b > to {
			b = to
		}
		labels = append(labels, label)
		parts = append(parts, [2]string{a, b})
		d = next
	}
	return labels, parts
}

func TestStatsMatchIndependentReference(t *testing.T) {
	for _, c := range refCases {
		t.Run(c.slug, func(t *testing.T) {
			sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) { checkReference(t, db, c) })
		})
	}
}

// checkReference imports the data set of refData into c's org, changes it
// through the API, and compares GET /stats with the reference.
func checkReference(t *testing.T, db *sqlstore.DB, c refCase) {
	{
		f := newFixtureAt(t, db, c.now)
		if c.slug != "acme" {
			sys := closer.NewSystemContext(context.Background())
			must(t, db.CreateOrg(sys, &closer.Org{Name: "West", Slug: c.slug, Timezone: c.timezone}, "en"))
			for _, role := range []string{"owner", "manager", "sales", "sales2", "consultant"} {
				r := role
				if r == "sales2" {
					r = "sales"
				}
				must(t, db.AddMember(sys, c.slug, role+"@example.test", closer.Role(r)))
			}
		}
		org := "/api/v1/orgs/" + c.slug
		refToday := c.today
		opps, orders := refData(refToday)
		for _, file := range []struct{ name, mapping, data string }{
			{"opportunities.csv", refOppsMapping, refOppsCSV(opps)},
			{"orders.csv", refOrdersMapping, refOrdersCSV(orders)},
		} {
			body, ct := form(t, file.name, "mapping", file.mapping, "file", file.data)
			if got := f.do(t, "owner", "POST", org+"/imports", body, ct); got.status != 200 {
				t.Fatalf("import %s: %d %s", file.name, got.status, got.body)
			}
		}
		// An order left without an owner is its opportunity's owner's.
		byTitle := map[string]*refOpp{}
		for _, o := range opps {
			byTitle[o.title] = o
		}
		for _, o := range orders {
			if o.owner == "" {
				o.owner = byTitle[o.opp].owner
			}
		}
		ids := refMembers(t, f, org)
		api := func(as, method, path, body string) map[string]any {
			t.Helper()
			got := f.do(t, as, method, path, body, nil)
			if got.status != 200 && got.status != 201 {
				t.Fatalf("%s %s %s: %d %s", method, path, body, got.status, got.body)
			}
			var out map[string]any
			must(t, json.Unmarshal(got.body, &out))
			return out
		}
		oppPath := func(title string) string {
			l := api("owner", "GET", org+"/opportunities?q="+url.QueryEscape(title), "")
			items := l["items"].([]any)
			for _, it := range items {
				if m := it.(map[string]any); m["title"] == title {
					return fmt.Sprintf(org+"/opportunities/%d", int64(m["id"].(float64)))
				}
			}
			t.Fatalf("no opportunity %s", title)
			return ""
		}
		linked := map[string]bool{}
		for _, o := range orders {
			linked[o.opp] = true
		}
		pick := func(status string, n int) []*refOpp {
			var out []*refOpp
			for _, o := range opps {
				if o.status == status && !linked[o.title] && len(out) < n && o.closed != refToday && o.detected < "2024-01-01" {
					out = append(out, o)
				}
			}
			return out
		}
		// Reopened and left open: no closure any more.
		for _, o := range append(pick("won", 2), pick("vanished", 1)...) {
			api("manager", "POST", oppPath(o.title)+"/reopen", "")
			o.status, o.closed = "open", ""
		}
		// Reopened and closed again in another period: counted once, at
		// the latest closure.
		lost := pick("lost", 2)
		api("manager", "POST", oppPath(lost[0].title)+"/reopen", "")
		api("manager", "POST", oppPath(lost[0].title)+"/close", `{"outcome": "won", "closed_on": "`+refToday+`", "amount": 99999}`)
		lost[0].status, lost[0].closed, lost[0].cents, lost[0].competitor = "won", refToday, 99999, ""
		won := pick("won", 1)[0]
		api("manager", "POST", oppPath(won.title)+"/reopen", "")
		api("manager", "POST", oppPath(won.title)+"/close", `{"outcome": "vanished", "closed_on": "2024-02-29", "vanish_reason": "No budget"}`)
		won.status, won.closed, won.vanishReason = "vanished", "2024-02-29", "No budget" // the amount stays: the last expected one
		// Re-priced after its loss.
		api("manager", "PATCH", oppPath(lost[1].title), `{"amount": 12345}`)
		lost[1].cents = 12345
		// Given to someone else: the closure moves to the new owner.
		for _, o := range []*refOpp{pick("won", 3)[2], pick("vanished", 2)[1]} {
			api("manager", "PATCH", oppPath(o.title), fmt.Sprintf(`{"owner": %d}`, ids["User sales2"]))
			o.owner = "User sales2"
		}
		// Held today (in Paris), resumed, closed from hold.
		open := pick("open", 2)
		for _, o := range open {
			api("manager", "POST", oppPath(o.title)+"/hold", `{"hold_reason": "Budget next year", "review_on": "2025-09-01"}`)
			o.status, o.held, o.review = "on_hold", refToday, "2025-09-01"
		}
		held := pick("on_hold", 5)
		api("manager", "POST", oppPath(held[0].title)+"/resume", "")
		held[0].status, held[0].held, held[0].review = "open", "", ""
		api("manager", "POST", oppPath(held[1].title)+"/close", `{"outcome": "vanished", "closed_on": "`+refToday+`", "vanish_reason": "No budget", "amount": 0}`)
		held[1].status, held[1].closed, held[1].cents, held[1].held, held[1].review, held[1].vanishReason = "vanished", refToday, 0, "", "", "No budget"

		// Dates changed after the closure: the cycle and the period follow.
		moved := pick("won", 4)[3]
		api("manager", "PATCH", oppPath(moved.title), `{"detected_on": "2022-10-01"}`)
		moved.detected = "2022-10-01"
		redated := pick("lost", 3)[2]
		api("manager", "PATCH", oppPath(redated.title), `{"closed_on": "2024-02-29"}`)
		redated.closed = "2024-02-29"
		// Created closed through the API.
		api("manager", "POST", org+"/opportunities", fmt.Sprintf(`{"title": "API won", "owner": %d, "account": "Account 07", "status": "won", "detected_on": "2024-01-01", "closed_on": "2024-02-29", "amount": 777}`, ids["Chloé Dupuis"]))
		opps = append(opps, &refOpp{title: "API won", owner: "Chloé Dupuis", account: "Account 07", status: "won", detected: "2024-01-01", closed: "2024-02-29", cents: 777})
		// Orders changed and deleted: their kind, day and owner follow.
		orderPath := func(o *refOrder) string {
			l := api("owner", "GET", org+"/orders?limit=500&from="+o.on+"&to="+o.on, "")
			for _, it := range l["items"].([]any) {
				if m := it.(map[string]any); m["reference"] == o.ref {
					return fmt.Sprintf(org+"/orders/%d", int64(m["id"].(float64)))
				}
			}
			t.Fatalf("no order %s", o.ref)
			return ""
		}
		var direct []*refOrder
		for _, o := range orders {
			if o.kind == "direct" && len(direct) < 3 {
				direct = append(direct, o)
			}
		}
		api("manager", "PATCH", orderPath(direct[0]), fmt.Sprintf(`{"kind": "recurring", "ordered_on": "2024-02-29", "owner": %d}`, ids["User sales"]))
		direct[0].kind, direct[0].on, direct[0].owner = "recurring", "2024-02-29", "User sales"
		api("manager", "PATCH", orderPath(direct[1]), `{"ordered_on": "2023-12-31"}`)
		direct[1].on = "2023-12-31"
		if got := f.do(t, "owner", "DELETE", orderPath(direct[2]), "", nil); got.status != 204 && got.status != 200 {
			t.Fatalf("delete order: %d %s", got.status, got.body)
		}
		orders = slices.DeleteFunc(orders, func(o *refOrder) bool { return o == direct[2] })

		get := func(query string) apiStats {
			t.Helper()
			got := f.do(t, "consultant", "GET", org+"/stats?"+query, "", nil)
			if got.status != 200 {
				t.Fatalf("GET stats?%s: %d %s", query, got.status, got.body)
			}
			var s apiStats
			must(t, json.Unmarshal(got.body, &s))
			return s
		}
		periods := [][2]string{
			{"2022-10-01", refToday}, {"2024-02-29", "2024-02-29"}, {"2023-12-31", "2024-01-01"},
			{"2024-01-15", "2024-05-10"}, {"2023-11-15", "2025-02-14"}, {"2024-03-31", "2024-04-01"},
			{"2024-01-01", "2024-12-31"}, {"2025-04-01", "2025-06-30"}, {"2025-07-01", "2025-09-30"},
			{"2025-06-30", "2025-07-01"}, {"2023-02-01", "2023-03-31"}, {"2024-02-01", "2024-02-29"},
		}
		for _, q := range [][2]string{{"2023-01-01", "2025-06-30"}} {
			_, parts := refCalendar(q[0], q[1], true)
			periods = append(periods, parts...)
		}
		holdTeam := refHeld(opps, "", refToday)
		a, _, err := db.Actor(closer.NewSystemContext(context.Background()), ids["User consultant"], c.slug)
		must(t, err)
		viewer := closer.NewContextWithActor(context.Background(), a)
		for _, p := range periods {
			period := "from=" + p[0] + "&to=" + p[1]
			want := refCompute(opps, orders, p[0], p[1], "")
			plain := get(period)
			compareFigures(t, period, plain.Total, want)
			compareHold(t, period, plain.Total, holdTeam)
			if plain.Groups != nil {
				t.Errorf("%s: groups %v without a grouping", period, plain.Groups)
			}
			// By owner: the owner's display name as label, every owner
			// with a closure or an order, each as the reference says.
			s := get(period + "&group=owner")
			compareFigures(t, period+" (by owner)", s.Total, want)
			seen := map[string]bool{}
			for _, g := range s.Groups {
				seen[g.Label] = true
				if id, ok := ids[g.Label]; !ok || fmt.Sprint(id) != g.Key {
					t.Errorf("%s: group %q %q is no member's id and name", period, g.Key, g.Label)
				}
				compareFigures(t, period+" "+g.Label, g.apiFigures, refCompute(opps, orders, p[0], p[1], g.Label))
			}
			for _, name := range append(slices.Clone(refOwners), "User owner", "User manager") {
				if !seen[name] && !refCompute(opps, orders, p[0], p[1], name).empty() {
					t.Errorf("%s: no group for %s", period, name)
				}
			}
			// By month and by quarter: every month or quarter the period
			// touches, in order, each with the days of it in the period.
			for _, quarters := range []bool{false, true} {
				group := "month"
				if quarters {
					group = "quarter"
				}
				s := get(period + "&group=" + group)
				compareFigures(t, period+" (by "+group+")", s.Total, want)
				labels, parts := refCalendar(p[0], p[1], quarters)
				var keys []string
				for _, g := range s.Groups {
					keys = append(keys, g.Key+"="+g.Label)
				}
				var wantKeys []string
				for _, l := range labels {
					wantKeys = append(wantKeys, l+"="+l)
				}
				if !slices.Equal(keys, wantKeys) {
					t.Errorf("%s by %s: groups %v, want %v", period, group, keys, wantKeys)
					continue
				}
				for i, g := range s.Groups {
					compareFigures(t, period+" "+g.Label, g.apiFigures, refCompute(opps, orders, parts[i][0], parts[i][1], ""))
				}
			}
			// The dashboard's closures per owner, month and outcome.
			mc, err := db.MonthlyClosures(viewer, closer.Period{From: mustDate(t, p[0]), To: mustDate(t, p[1])})
			must(t, err)
			names := map[int64]string{}
			for name, id := range ids {
				names[id] = name
			}
			have, wantMonths := map[string][2]int64{}, map[string][2]int64{}
			for _, m := range mc {
				k := fmt.Sprintf("%s %s %s", names[m.OwnerID], m.Month, m.Status)
				have[k] = [2]int64{have[k][0] + int64(m.Count), have[k][1] + int64(m.Amount)}
			}
			for _, o := range opps {
				if o.closed != "" && o.closed >= p[0] && o.closed <= p[1] {
					k := fmt.Sprintf("%s %s %s", o.owner, o.closed[:7], o.status)
					wantMonths[k] = [2]int64{wantMonths[k][0] + 1, wantMonths[k][1] + o.cents}
				}
			}
			if fmt.Sprint(have) != fmt.Sprint(wantMonths) {
				t.Errorf("%s: closures per owner and month %v, the reference says %v", period, have, wantMonths)
			}
			// The dashboard's queries (no medians, no on-hold snapshot)
			// count the same.
			for _, g := range []closer.Grouping{closer.GroupNone, closer.GroupOwner, closer.GroupMonth, closer.GroupQuarter} {
				q := closer.StatsQuery{Period: closer.Period{From: mustDate(t, p[0]), To: mustDate(t, p[1])}, Group: g, NoOnHold: true, NoMedians: true}
				st, err := db.Stats(viewer, q)
				must(t, err)
				var got apiStats
				b, err := json.Marshal(st)
				must(t, err)
				must(t, json.Unmarshal(b, &got))
				scope := fmt.Sprintf("%s without medians, by %q", period, g)
				compareFigures(t, scope, got.Total, want.counts())
				if got.Total.OnHold != nil {
					t.Errorf("%s: an on-hold snapshot", scope)
				}
				_, parts := refCalendar(p[0], p[1], g == closer.GroupQuarter)
				for i, gr := range got.Groups {
					part := [2]string{p[0], p[1]}
					name := ""
					if g == closer.GroupOwner {
						name = gr.Label
					} else {
						part = parts[i]
					}
					compareFigures(t, scope+" "+gr.Label, gr.apiFigures, refCompute(opps, orders, part[0], part[1], name).counts())
				}
			}
		}
		// One owner at a time, those who close nothing too.
		for _, name := range append(slices.Clone(refOwners), "User owner", "User manager") {
			for _, p := range [][2]string{{"2022-10-01", refToday}, {"2024-01-15", "2024-05-10"}, {"2025-07-01", "2025-07-01"}} {
				period := fmt.Sprintf("from=%s&to=%s&owner=%d", p[0], p[1], ids[name])
				s := get(period)
				compareFigures(t, period+" "+name, s.Total, refCompute(opps, orders, p[0], p[1], name))
				compareHold(t, period+" "+name, s.Total, refHeld(opps, name, refToday))
				s = get(period + "&group=quarter")
				_, parts := refCalendar(p[0], p[1], true)
				if len(s.Groups) != len(parts) {
					t.Fatalf("%s by quarter: %d groups, want %d", period, len(s.Groups), len(parts))
				}
				for i, g := range s.Groups {
					compareFigures(t, period+" "+name+" "+g.Label, g.apiFigures, refCompute(opps, orders, parts[i][0], parts[i][1], name))
				}
			}
		}
		// The diagnostics' findings about closures and orders, with the
		// default thresholds, against the reference's.
		people := append(slices.Clone(refOwners), "User owner", "User manager")
		for _, p := range [][2]string{
			{"2024-01-01", "2024-03-31"}, {"2024-04-01", "2024-06-30"}, {"2024-07-01", "2024-09-30"},
			{"2024-10-01", "2024-12-31"}, {"2025-01-01", "2025-03-31"}, {"2024-01-01", "2024-12-31"},
			{"2023-07-01", "2024-06-30"}, {"2024-01-15", "2024-07-14"},
		} {
			got := f.do(t, "consultant", "GET", org+"/diagnostics?lang=en&from="+p[0]+"&to="+p[1], "", nil)
			if got.status != 200 {
				t.Fatalf("diagnostics %v: %d %s", p, got.status, got.body)
			}
			var d struct {
				Findings []struct {
					Code  string `json:"code"`
					Scope struct {
						Name string `json:"name"`
					} `json:"scope"`
					Sample int `json:"sample"`
				} `json:"findings"`
			}
			must(t, json.Unmarshal(got.body, &d))
			var have, want []string
			for _, x := range d.Findings {
				if x.Code != "many_on_hold" && x.Code != "easy_wins" {
					have = append(have, fmt.Sprintf("%s:%s:%d", x.Scope.Name, x.Code, x.Sample))
				}
			}
			for _, x := range refDiagnose(opps, orders, p[0], p[1], people) {
				want = append(want, fmt.Sprintf("%s:%s:%d", x.name, x.code, x.sample))
			}
			slices.Sort(have)
			slices.Sort(want)
			if !slices.Equal(have, want) {
				t.Errorf("diagnostics %v: findings\n%v\nthe reference says\n%v", p, have, want)
			}
		}
		// The funnel: every closure of the period once, at its furthest
		// stage or at none; a stage is reached by those that stopped there
		// and those that went further.
		for _, p := range [][2]string{{"2022-10-01", refToday}, {"2024-01-01", "2024-03-31"}, {"2024-02-29", "2024-02-29"}} {
			var fn struct {
				Closed int `json:"closed"`
				Stages []struct {
					Stage       string                            `json:"stage"`
					Reached     int                               `json:"reached"`
					WentFurther int                               `json:"went_further"`
					Stopped     struct{ Won, Lost, Vanished int } `json:"stopped"`
				} `json:"stages"`
				NoStage struct{ Won, Lost, Vanished int } `json:"no_stage"`
			}
			got := f.do(t, "consultant", "GET", org+"/stats/funnel?from="+p[0]+"&to="+p[1], "", nil)
			if got.status != 200 {
				t.Fatalf("funnel %v: %d %s", p, got.status, got.body)
			}
			must(t, json.Unmarshal(got.body, &fn))
			want := refCompute(opps, orders, p[0], p[1], "")
			won, lost, vanished := fn.NoStage.Won, fn.NoStage.Lost, fn.NoStage.Vanished
			for i := len(fn.Stages) - 1; i >= 0; i-- {
				st := fn.Stages[i]
				stopped := st.Stopped.Won + st.Stopped.Lost + st.Stopped.Vanished
				further := 0
				if i+1 < len(fn.Stages) {
					further = fn.Stages[i+1].Reached
				}
				if st.WentFurther != further || st.Reached != stopped+further {
					t.Errorf("funnel %v: stage %s reached by %d, %d stopped there, %d went further; the next stage was reached by %d", p, st.Stage, st.Reached, stopped, st.WentFurther, further)
				}
				won, lost, vanished = won+st.Stopped.Won, lost+st.Stopped.Lost, vanished+st.Stopped.Vanished
			}
			if fn.Closed != want.won+want.lost+want.vanished || won != want.won || lost != want.lost || vanished != want.vanished {
				t.Errorf("funnel %v: %d closed (%d won, %d lost, %d vanished), the reference says %d won, %d lost, %d vanished", p, fn.Closed, won, lost, vanished, want.won, want.lost, want.vanished)
			}
		}
		// Losses by competitor and by reason, vanishings by reason.
		for _, p := range [][2]string{{"2022-10-01", refToday}, {"2024-01-01", "2024-03-31"}, {"2024-02-29", "2024-02-29"}, {"2024-01-15", "2024-05-10"}} {
			for _, owner := range []string{"", "Émile Zola"} {
				query := "from=" + p[0] + "&to=" + p[1]
				if owner != "" {
					query += fmt.Sprintf("&owner=%d", ids[owner])
				}
				wantComp, wantLoss, wantVanish := refBreakdowns(opps, p[0], p[1], owner)
				var l struct {
					Lost         int               `json:"lost"`
					Amount       int64             `json:"amount"`
					ByCompetitor []refBreakdownRow `json:"by_competitor"`
					ByReason     []refBreakdownRow `json:"by_reason"`
				}
				var v struct {
					Vanished int               `json:"vanished"`
					Amount   int64             `json:"amount"`
					ByReason []refBreakdownRow `json:"by_reason"`
				}
				for _, x := range []struct {
					path string
					into any
				}{{"/stats/losses?", &l}, {"/stats/vanishings?", &v}} {
					got := f.do(t, "consultant", "GET", org+x.path+query, "", nil)
					if got.status != 200 {
						t.Fatalf("%s%s: %d %s", x.path, query, got.status, got.body)
					}
					must(t, json.Unmarshal(got.body, x.into))
				}
				fig := refCompute(opps, orders, p[0], p[1], owner)
				if l.Lost != fig.lost || l.Amount != fig.lostCents || v.Vanished != fig.vanished || v.Amount != fig.vanishedCents {
					t.Errorf("%s: losses %d (%d), vanishings %d (%d); the reference says %d (%d), %d (%d)", query, l.Lost, l.Amount, v.Vanished, v.Amount, fig.lost, fig.lostCents, fig.vanished, fig.vanishedCents)
				}
				for _, c := range []struct {
					name string
					got  []refBreakdownRow
					want map[string][2]int64
				}{{"losses by competitor", l.ByCompetitor, wantComp}, {"losses by reason", l.ByReason, wantLoss}, {"vanishings by reason", v.ByReason, wantVanish}} {
					have := map[string][2]int64{}
					total := 0
					for _, r := range c.got {
						label := r.Label
						if r.Key == "unknown" {
							label = "unknown"
						}
						have[label] = [2]int64{int64(r.Count), r.Amount}
						total += r.Count
					}
					for i, r := range c.got {
						if i > 0 && r.Count > c.got[i-1].Count {
							t.Errorf("%s %s: not ranked, %v", query, c.name, c.got)
						}
						if show(&r.Share) != show(fraction(r.Count, total)) {
							t.Errorf("%s %s: %s has a share %v of %d/%d", query, c.name, r.Label, r.Share, r.Count, total)
						}
					}
					if fmt.Sprint(have) != fmt.Sprint(c.want) {
						t.Errorf("%s %s: %v, the reference says %v", query, c.name, have, c.want)
					}
				}
			}
		}
		// Without a period: the current quarter in the org's time zone.
		s := get("")
		from := refToday[:5] + fmt.Sprintf("%02d-01", (int(refDay(refToday).Month())-1)/3*3+1)
		compareFigures(t, "the current quarter", s.Total, refCompute(opps, orders, from, refToday, ""))
		if s.Total.Won == 0 {
			t.Error("the current quarter counts no closure of today: the test proves nothing")
		}
	}
}

// mustDate parses a YYYY-MM-DD day.
func mustDate(t *testing.T, s string) closer.Date {
	t.Helper()
	d, err := closer.ParseDate(s)
	must(t, err)
	return d
}

// refMembers returns the org's members' ids by display name.
func refMembers(t *testing.T, f *fixture, org string) map[string]int64 {
	t.Helper()
	got := f.do(t, "owner", "GET", org+"/members?limit=100", "", nil)
	if got.status != 200 {
		t.Fatalf("members: %d %s", got.status, got.body)
	}
	var l struct {
		Items []struct {
			UserID int64  `json:"user_id"`
			ID     int64  `json:"id"`
			Name   string `json:"name"`
		} `json:"items"`
	}
	must(t, json.Unmarshal(got.body, &l))
	out := map[string]int64{}
	for _, m := range l.Items {
		id := m.UserID
		if id == 0 {
			id = m.ID
		}
		out[m.Name] = id
	}
	return out
}

// TestStatsBadPeriods: a period the API cannot read answers 400 naming the
// parameter, on the stats and on the diagnostics: an impossible day (30
// February, 29 February of a common year, month 13), a day not written
// YYYY-MM-DD, one end alone, the end before the start, more than ten years;
// so do an unknown grouping and an owner who is no member.
func TestStatsBadPeriods(t *testing.T) {
	f := newFixture(t, sqltest.SQLite(t))
	var scenarios []scenario
	for _, c := range []struct{ query, field string }{
		{"from=2024-02-30&to=2024-03-31", "from"},
		{"from=2023-02-29&to=2023-03-31", "from"},
		{"from=2024-01-01&to=2024-13-01", "to"},
		{"from=2024-1-5&to=2024-02-01", "from"},
		{"from=05/01/2024&to=2024-02-01", "from"},
		{"from=2024-01-01&to=2024-02-01T00:00:00Z", "to"},
		{"from=2024-01-01", "to"},
		{"to=2024-01-01", "from"},
		{"from=2024-03-01&to=2024-02-29", "to"},
		{"from=2010-01-01&to=2024-12-31", "to"},
	} {
		for _, list := range []string{"stats", "diagnostics"} {
			scenarios = append(scenarios, scenario{name: list + "?" + c.query, as: "consultant", method: "GET",
				path: "/api/v1/orgs/acme/" + list + "?" + c.query, status: 400, field: c.field})
		}
	}
	for _, c := range []struct{ query, field string }{
		{"group=week", "group"},
		{"owner=999999", "owner"},
		{"owner=nobody", "owner"},
	} {
		scenarios = append(scenarios, scenario{name: "stats?" + c.query, as: "consultant", method: "GET",
			path: "/api/v1/orgs/acme/stats?from=2024-01-01&to=2024-03-31&" + c.query, status: 400, field: c.field})
	}
	scenarios = append(scenarios,
		scenario{name: "a leap day alone", as: "consultant", method: "GET", path: "/api/v1/orgs/acme/stats?from=2024-02-29&to=2024-02-29&group=month", status: 200,
			want: []string{`"key":"2024-02","label":"2024-02"`}},
		scenario{name: "ten years", as: "consultant", method: "GET", path: "/api/v1/orgs/acme/stats?from=2015-01-01&to=2024-12-31&group=quarter", status: 200,
			want: []string{`"key":"2015-Q1","label":"2015-Q1"`, `"key":"2024-Q4","label":"2024-Q4"`}},
	)
	// The first and last days a date may take, the turn of a year, a
	// period running backwards over a month's end.
	for _, q := range []struct{ query, group string }{
		{"from=1900-01-01&to=1900-03-31", "month"}, {"from=2999-10-01&to=2999-12-31", "quarter"},
		{"from=2024-12-31&to=2025-01-01", "month"}, {"from=2023-03-01&to=2023-02-28", ""},
		{"from=1899-12-31&to=1900-01-31", ""},
	} {
		status, field := 200, ""
		switch {
		case strings.HasSuffix(q.query, "2023-02-28"):
			status, field = 400, "to"
		case strings.HasPrefix(q.query, "from=1899"):
			status, field = 400, "from"
		}
		for _, list := range []string{"stats", "stats/funnel", "stats/losses", "stats/vanishings", "diagnostics"} {
			path := "/api/v1/orgs/acme/" + list + "?" + q.query
			if list == "stats" && q.group != "" {
				path += "&group=" + q.group
			}
			scenarios = append(scenarios, scenario{name: list + "?" + q.query, as: "consultant", method: "GET", path: path, status: status, field: field})
		}
	}
	f.run(t, scenarios)
}

// refFinding is a closure finding the reference expects: the scope's name
// ("" for the team), the code, and the closures it rests on.
type refFinding struct {
	name, code string
	sample     int
}

// refHigh reports, in exact integer arithmetic, whether the share a/b is
// high against c/d with the default thresholds: at least 1.5 times it
// (2ad ≥ 3cb) and 8 points above it (100(ad − cb) ≥ 8bd).
func refHigh(a, b, c, d int) bool {
	return 2*a*d >= 3*c*b && 100*(a*d-c*b) >= 8*b*d
}

// refPrevious returns the n periods before [from, to]: calendar months,
// quarters or years step by their length, other ranges by their days.
func refPrevious(from, to string, n int) [][2]string {
	f, e := refDay(from), refDay(to).AddDate(0, 0, 1)
	months := 0
	if f.Day() == 1 && e.Day() == 1 {
		months = (e.Year()-f.Year())*12 + int(e.Month()) - int(f.Month())
	}
	var out [][2]string
	for range n {
		if months > 0 {
			e, f = f, f.AddDate(0, -months, 0)
		} else {
			days := int(e.Sub(f).Hours() / 24)
			e, f = f, f.AddDate(0, 0, -days)
		}
		out = append(out, [2]string{f.Format("2006-01-02"), e.AddDate(0, 0, -1).Format("2006-01-02")})
	}
	return out
}

// refDiagnose returns the findings about closures and orders that the
// default thresholds draw for [from, to] (SPEC 3, docs/guide: minimum
// sample 10, factor 1.5, 8 points, 20 closures for "no vanished", 4
// earlier periods): each salesperson against the rest of the team (or,
// without a sample there, their own history), the team against its
// history.
func refDiagnose(opps []*refOpp, orders []*refOrder, from, to string, people []string) []refFinding {
	const minSample = 10
	history := func(owner string) *refFigures {
		h := &refFigures{}
		for _, p := range refPrevious(from, to, 4) {
			f := refCompute(opps, orders, p[0], p[1], owner)
			h.won, h.lost, h.vanished = h.won+f.won, h.lost+f.lost, h.vanished+f.vanished
		}
		return h
	}
	closed := func(f *refFigures) int { return f.won + f.lost + f.vanished }
	team := refCompute(opps, orders, from, to, "")
	var out []refFinding
	scope := func(name string, cur, rest *refFigures) {
		n := closed(cur)
		if n < minSample {
			return
		}
		hist := history(name)
		// The comparison: the rest of the team with a sample, else the
		// scope's history with one, else none.
		base := (*refFigures)(nil)
		if rest != nil && closed(rest) >= minSample {
			base = rest
		} else if closed(hist) >= minSample {
			base = hist
		}
		if base != nil {
			if refHigh(cur.lost, n, base.lost, closed(base)) {
				out = append(out, refFinding{name, "many_lost", n})
			}
			if refHigh(cur.vanished, n, base.vanished, closed(base)) {
				out = append(out, refFinding{name, "many_vanished", n})
			}
		}
		if n >= 20 && cur.vanished == 0 {
			// A person only when the rest of the team does see some
			// vanish (8 points of its closures at least).
			if rest == nil || (closed(rest) >= minSample && 100*rest.vanished >= 8*closed(rest)) {
				out = append(out, refFinding{name, "no_vanished", n})
			}
		}
		orders := cur.linked + cur.direct + cur.recurring
		if cur.direct+cur.recurring > 0 && refHigh(orders, n, cur.won, n) {
			// A person only when their gap (orders − won) / closed also
			// stands out from the rest's.
			if rest == nil || closed(rest) < minSample || refHigh(orders-cur.won, n, rest.linked+rest.direct+rest.recurring-rest.won, closed(rest)) {
				out = append(out, refFinding{name, "unlinked_orders", n})
			}
		}
	}
	scope("", team, nil)
	for _, name := range people {
		cur := refCompute(opps, orders, from, to, name)
		rest := &refFigures{won: team.won - cur.won, lost: team.lost - cur.lost, vanished: team.vanished - cur.vanished,
			linked: team.linked - cur.linked, direct: team.direct - cur.direct, recurring: team.recurring - cur.recurring}
		scope(name, cur, rest)
	}
	return out
}

// refBreakdownRow is a row of a ranking of the losses or vanishings.
type refBreakdownRow struct {
	Key    string  `json:"key"`
	Label  string  `json:"label"`
	Count  int     `json:"count"`
	Amount int64   `json:"amount"`
	Share  float64 `json:"share"`
}

// refBreakdowns counts the lost of [from, to] by who won ("unknown" when
// the file says none) and by reason ("Not recorded", the mapping's
// default, when it says none), and the vanished by reason: count and
// amount of each.
func refBreakdowns(opps []*refOpp, from, to, owner string) (comp, loss, vanish map[string][2]int64) {
	comp, loss, vanish = map[string][2]int64{}, map[string][2]int64{}, map[string][2]int64{}
	add := func(m map[string][2]int64, key string, cents int64) {
		m[key] = [2]int64{m[key][0] + 1, m[key][1] + cents}
	}
	or := func(s, def string) string {
		if s == "" {
			return def
		}
		return s
	}
	for _, o := range opps {
		if o.closed == "" || o.closed < from || o.closed > to || (owner != "" && o.owner != owner) {
			continue
		}
		switch o.status {
		case "lost":
			add(comp, or(o.competitor, "unknown"), o.cents)
			add(loss, or(o.lossReason, "Not recorded"), o.cents)
		case "vanished":
			add(vanish, or(o.vanishReason, "Not recorded"), o.cents)
		}
	}
	return comp, loss, vanish
}
