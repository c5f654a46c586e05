package demo_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"

	"closer"
	"closer/demo"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

var today = closer.MustDate("2025-06-30")

// figures are one salesperson's closures, read back with SQL.
type figures struct {
	won, lost, vanished, onHold, overdueHold int
	wonAmount, target                        int64
}

func (f figures) closed() int { return f.won + f.lost + f.vanished }

func (f figures) winRate() float64 { return float64(f.won) / float64(f.closed()) }

func (f figures) vanishRate() float64 { return float64(f.vanished) / float64(f.closed()) }

func (f figures) avgWon() float64 { return float64(f.wonAmount) / float64(f.won) }

func TestLoadShowsTheFourProfiles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		creds, err := demo.Load(ctx, db, demo.Options{Today: today})
		if err != nil {
			t.Fatal(err)
		}
		if creds.Org != "demo" || len(creds.Emails) != 7 || creds.Password != "demo1234" {
			t.Fatalf("credentials: %+v", creds)
		}
		for _, e := range creds.Emails {
			if _, err := db.Authenticate(ctx, e, creds.Password); err != nil {
				t.Errorf("sign in as %s: %v", e, err)
			}
		}
		if _, err := demo.Load(ctx, db, demo.Options{Today: today}); closer.ErrorCode(err) != closer.ECONFLICT {
			t.Errorf("second load: %v, want conflict", err)
		}
		sys := closer.NewSystemContext(ctx)
		org, err := db.FindOrgBySlug(sys, "demo")
		if err != nil {
			t.Fatal(err)
		}
		sq := db.SQL()
		per := map[string]*figures{}
		rows, err := sq.Query(`SELECT u.email, o.status, COUNT(*), COALESCE(SUM(o.amount), 0),
			SUM(CASE WHEN o.review_on < $2 THEN 1 ELSE 0 END)
			FROM opportunities o JOIN users u ON u.id = o.owner_id WHERE o.org_id = $1 GROUP BY u.email, o.status`, org.ID, today.String())
		if err != nil {
			t.Fatal(err)
		}
		statuses := map[string]int{}
		for rows.Next() {
			var email, status string
			var n, overdue int
			var amount int64
			if err := rows.Scan(&email, &status, &n, &amount, &overdue); err != nil {
				t.Fatal(err)
			}
			name := strings.SplitN(email, "@", 2)[0]
			if per[name] == nil {
				per[name] = &figures{}
			}
			f := per[name]
			statuses[status] += n
			switch closer.Status(status) {
			case closer.StatusWon:
				f.won, f.wonAmount = n, amount
			case closer.StatusLost:
				f.lost = n
			case closer.StatusVanished:
				f.vanished = n
			case closer.StatusOnHold:
				f.onHold, f.overdueHold = n, overdue
			case closer.StatusOpen:
			}
		}
		rows.Close()
		for _, st := range closer.Statuses {
			if statuses[string(st)] == 0 {
				t.Errorf("no %s opportunity", st)
			}
		}
		for name, f := range per {
			sq.QueryRow(`SELECT COALESCE(SUM(t.amount), 0) FROM targets t JOIN users u ON u.id = t.user_id
				WHERE t.org_id = $1 AND u.email = $2 AND t.period = 'month' AND t.starts_on <= $3`, org.ID, name+"@demo.closer.test", today.String()).Scan(&f.target)
			t.Logf("%-7s won %3d lost %3d vanished %3d on hold %3d (overdue %3d) win rate %.2f vanish rate %.2f avg won %8.0f € won %9d € target %9d €",
				name, f.won, f.lost, f.vanished, f.onHold, f.overdueHold, f.winRate(), f.vanishRate(), f.avgWon()/100, f.wonAmount/100, f.target/100)
		}
		julien, sophie, karim, elodie := per["julien"], per["sophie"], per["karim"], per["elodie"]
		if julien == nil || sophie == nil || karim == nil || elodie == nil {
			t.Fatalf("missing salespeople: %v", per)
		}
		if elodie.vanished != 0 || elodie.closed() < 10 {
			t.Errorf("élodie: %d vanished, %d closures; want 0 and at least 10", elodie.vanished, elodie.closed())
		}
		for name, f := range per {
			if f == julien || f.closed() == 0 {
				continue
			}
			if f.winRate() >= julien.winRate() || f.won > 0 && f.avgWon() <= julien.avgWon() {
				t.Errorf("julien (%.2f, %.0f) should have the highest win rate and the lowest average win, not %s (%.2f, %.0f)",
					julien.winRate(), julien.avgWon(), name, f.winRate(), f.avgWon())
			}
			if f != sophie && f.vanishRate() >= sophie.vanishRate() {
				t.Errorf("sophie should have the highest vanish rate (%.2f), not %s (%.2f)", sophie.vanishRate(), name, f.vanishRate())
			}
			if f != karim && f.onHold >= karim.onHold {
				t.Errorf("karim should have the most on hold (%d), not %s (%d)", karim.onHold, name, f.onHold)
			}
		}
		if karim.overdueHold*2 < karim.onHold {
			t.Errorf("karim: %d of %d on hold overdue, want most", karim.overdueHold, karim.onHold)
		}
		if julien.wonAmount*2 > julien.target {
			t.Errorf("julien won %d, not well under his target %d", julien.wonAmount, julien.target)
		}
		for _, k := range closer.OrderKinds {
			var n int
			sq.QueryRow(`SELECT COUNT(*) FROM orders WHERE org_id = $1 AND kind = $2`, org.ID, string(k)).Scan(&n)
			if n == 0 {
				t.Errorf("no %s order", k)
			}
		}
		var linkedToNotWon int
		sq.QueryRow(`SELECT COUNT(*) FROM orders r JOIN opportunities o ON o.id = r.opportunity_id WHERE r.org_id = $1 AND o.status <> 'won'`, org.ID).Scan(&linkedToNotWon)
		if linkedToNotWon != 0 {
			t.Errorf("%d orders linked to opportunities not won", linkedToNotWon)
		}
		checkEveryOpportunity(t, db, org)
	})
}

// checkEveryOpportunity reads every opportunity back, validates it with the
// domain and replays its stage events to check furthest_stage_id.
func checkEveryOpportunity(t *testing.T, db *sqlstore.DB, org *closer.Org) {
	t.Helper()
	sq := db.SQL()
	lists, err := loadLists(db, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	position := map[string]int{}
	for _, st := range lists.Stages {
		position[fmt.Sprint(st.ID)] = st.Position
	}
	furthest := map[int64]int{}
	events := map[int64][]string{}
	rows, err := sq.Query(`SELECT opportunity_id, kind, to_value FROM events WHERE org_id = $1 ORDER BY opportunity_id, at, id`, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var kind, to string
		rows.Scan(&id, &kind, &to)
		events[id] = append(events[id], kind+":"+to)
		if kind == "stage" {
			furthest[id] = max(furthest[id], position[to])
		}
	}
	rows.Close()
	rows, err = sq.Query(`SELECT id, title, owner_id, COALESCE(stage_id, 0), COALESCE(furthest_stage_id, 0), status, amount, detected_on, closed_on,
		COALESCE(loss_reason_id, 0), COALESCE(competitor_id, 0), competitor_unknown, COALESCE(vanish_reason_id, 0), hold_reason, review_on, note
		FROM opportunities WHERE org_id = $1`, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, unknown, priceNotes := 0, 0, 0
	for rows.Next() {
		var o closer.Opportunity
		if err := rows.Scan(&o.ID, &o.Title, &o.OwnerID, &o.StageID, &o.FurthestStageID, &o.Status, &o.Amount, &o.DetectedOn, &o.ClosedOn,
			&o.LossReasonID, &o.CompetitorID, &o.CompetitorUnknown, &o.VanishReasonID, &o.HoldReason, &o.ReviewOn, &o.Note); err != nil {
			t.Fatal(err)
		}
		n++
		if err := o.Validate(lists, today); err != nil {
			t.Errorf("opportunity %d %q does not validate: %v", o.ID, o.Title, err)
		}
		if got := position[fmt.Sprint(o.FurthestStageID)]; got != max(furthest[o.ID], 1) {
			t.Errorf("opportunity %d: furthest stage at position %d, events reach %d", o.ID, got, furthest[o.ID])
		}
		evs, last := events[o.ID], ""
		for _, e := range evs {
			if strings.HasPrefix(e, "created:") || strings.HasPrefix(e, "status:") {
				last = strings.SplitN(e, ":", 2)[1]
			}
		}
		if len(evs) == 0 || evs[0] != "created:open" || last != string(o.Status) {
			t.Errorf("opportunity %d (%s): events %v", o.ID, o.Status, evs)
		}
		if o.CompetitorUnknown {
			unknown++
		}
		if strings.Contains(o.Note, "% plus cher que") {
			priceNotes++
		}
	}
	if n != demo.DefaultOpportunities || unknown == 0 || priceNotes == 0 {
		t.Errorf("%d opportunities, %d lost to an unknown competitor, %d price notes", n, unknown, priceNotes)
	}
}

func loadLists(db *sqlstore.DB, orgID int64) (*closer.Lists, error) {
	ctx := closer.NewContextWithActor(context.Background(), closer.Actor{OrgID: orgID, Role: closer.RoleConsultant})
	return db.Lists(ctx)
}

// TestGenerateIsDeterministic generates twice with the same seed into an
// in-memory Bulk and compares what was written.
func TestGenerateIsDeterministic(t *testing.T) {
	digest := func(seed uint64) (uint64, demo.Summary) {
		r := newRecorder()
		sum, err := demo.Generate(context.Background(), r, demo.Options{Opportunities: 2000, Seed: seed, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		return r.h.Sum64(), sum
	}
	a, sa := digest(7)
	b, _ := digest(7)
	c, _ := digest(8)
	if a != b {
		t.Errorf("same seed, different data")
	}
	if a == c {
		t.Errorf("different seeds, same data")
	}
	if sa.Opportunities != 2000 || sa.Accounts != 250 || sa.Salespeople != 4 {
		t.Errorf("summary: %+v", sa)
	}
}

// recorder is an in-memory closer.Bulk that hashes what it is given, and
// keeps the records of the sales for the tests that read them.
type recorder struct {
	org     closer.Org
	lists   closer.Lists
	members []closer.Member
	next    int64
	// What was added, as it was added.
	opportunities map[int64]closer.Opportunity
	events        map[int64][]closer.Event // by opportunity
	quotes        []closer.Quote
	orders        []closer.Order
	activities    []closer.Activity
	h             interface {
		Write([]byte) (int, error)
		Sum64() uint64
	}
}

func newRecorder() *recorder {
	r := &recorder{org: closer.Org{ID: 1, Slug: "x", Name: "X", Timezone: "Europe/Paris"}, h: fnv.New64a(),
		opportunities: map[int64]closer.Opportunity{}, events: map[int64][]closer.Event{}}
	defaults := closer.DefaultLists("fr")
	for _, k := range closer.ListKinds {
		for _, it := range defaults[k] {
			r.next++
			it.ID = r.next
			r.lists.Add(it)
		}
	}
	return r
}

func (r *recorder) id(v any) int64 {
	r.next++
	fmt.Fprintf(r.h, "%d %+v\n", r.next, v)
	return r.next
}

func (r *recorder) Org() *closer.Org                         { return &r.org }
func (r *recorder) Lists() *closer.Lists                     { return &r.lists }
func (r *recorder) Members() []closer.Member                 { return r.members }
func (r *recorder) AccountID(string) int64                   { return 0 }
func (r *recorder) AccountsNamed(string) []closer.AccountRef { return nil }
func (r *recorder) ContactID(int64, string) (int64, error) {
	return 0, nil
}
func (r *recorder) OrderExists(string) (bool, error)            { return false, nil }
func (r *recorder) ContactByEmail(string, int64) (int64, error) { return 0, nil }
func (r *recorder) QuoteExists(int64, string) (bool, error) {
	return false, nil
}
func (r *recorder) ActivityExists(*closer.Activity) (bool, error) {
	return false, nil
}
func (r *recorder) ContactAt(int64, string, string) (int64, error) {
	return 0, nil
}
func (r *recorder) OpportunityKeys() ([]closer.KnownOpportunity, error) {
	return nil, nil
}
func (r *recorder) OpportunitiesTitled(string) ([]closer.OpportunityRef, error) {
	return nil, nil
}
func (r *recorder) Opportunity(string, int64) (closer.OpportunityRef, int, error) {
	return closer.OpportunityRef{}, 0, nil
}
func (r *recorder) AddListItem(it *closer.ListItem) error {
	it.ID = r.id(*it)
	r.lists.Add(*it)
	return nil
}
func (r *recorder) AddUser(name, email string, role closer.Role) (int64, error) {
	id := r.id(email)
	r.members = append(r.members, closer.Member{UserID: id, Email: email, Name: name, Role: role})
	return id, nil
}
func (r *recorder) AddAccount(a *closer.Account) error { a.ID = r.id(*a); return nil }
func (r *recorder) AddContact(c *closer.Contact) error { c.ID = r.id(*c); return nil }
func (r *recorder) AddOpportunity(o *closer.Opportunity, extra ...closer.Event) error {
	o.ID = r.id(*o)
	r.id(extra)
	r.opportunities[o.ID], r.events[o.ID] = *o, extra
	return nil
}
func (r *recorder) AddQuote(q *closer.Quote) error {
	q.ID = r.id(*q)
	r.quotes = append(r.quotes, *q)
	return nil
}
func (r *recorder) AddOrder(o *closer.Order) error {
	o.ID = r.id(*o)
	r.orders = append(r.orders, *o)
	return nil
}
func (r *recorder) AddActivity(a *closer.Activity) error {
	a.ID = r.id(*a)
	r.activities = append(r.activities, *a)
	return nil
}
func (r *recorder) AddTarget(t *closer.Target) error { t.ID = r.id(*t); return nil }
