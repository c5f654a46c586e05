package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
)

// The statistics fixtures are inserted with plain SQL, consistent with the
// schema and the lifecycle rules, so that these tests depend on no other
// store than the org's.

// statsNow is 2017-04-09 22:30 UTC: already 2017-04-10 in Europe/Paris, the
// fixture org's time zone, which decides "today" for overdue reviews.
var statsNow = time.Date(2017, 4, 9, 22, 30, 0, 0, time.UTC)

// statsFixture is an org with two salespeople, Alice and Bruno.
type statsFixture struct {
	t            testing.TB
	db           *sqlstore.DB
	ctx          context.Context
	orgID        int64
	alice, bruno int64
	accountID    int64
	lists        *closer.Lists
	competitorX  int64
}

// fxOpp is one opportunity row; zero fields are NULL or defaults.
type fxOpp struct {
	owner                    int64
	status                   closer.Status
	amount                   closer.Money
	detected, closed         string
	held, review             string
	stage                    string // furthest (and current) stage's name
	lossReason, vanishReason string
	competitor               int64
	unknown                  bool
}

func newStatsFixture(t testing.TB, db *sqlstore.DB, slug string) *statsFixture {
	t.Helper()
	db.Now = func() time.Time { return statsNow }
	ctx, org := newOrg(t.(*testing.T), db, slug)
	fx := &statsFixture{t: t, db: db, ctx: ctx, orgID: org.ID}
	fx.alice = fx.member(slug, "Alice")
	fx.bruno = fx.member(slug, "Bruno")
	fx.exec(`INSERT INTO list_items (org_id, kind, name, position, retired, price) VALUES ($1, 'competitors', 'Menuiserie X', 1, FALSE, FALSE)`, org.ID)
	l, err := db.Lists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fx.lists = l
	fx.competitorX = l.Competitors[0].ID
	if err := db.SQL().QueryRow(`INSERT INTO accounts (org_id, name, created_at) VALUES ($1, 'Dupont', '2017-01-01T00:00:00.000000Z') RETURNING id`, org.ID).Scan(&fx.accountID); err != nil {
		t.Fatal(err)
	}
	return fx
}

// member adds an active salesperson and returns their id.
func (fx *statsFixture) member(slug, name string) int64 {
	sys := closer.NewSystemContext(context.Background())
	u := &closer.User{Email: name + "@" + slug + ".test", Name: name}
	if err := fx.db.CreateUser(sys, u, ""); err != nil {
		fx.t.Fatal(err)
	}
	if err := fx.db.AddMember(sys, slug, u.Email, closer.RoleSales); err != nil {
		fx.t.Fatal(err)
	}
	return u.ID
}

func (fx *statsFixture) exec(query string, args ...any) {
	fx.t.Helper()
	if _, err := fx.db.SQL().Exec(query, args...); err != nil {
		fx.t.Fatalf("%s: %v", query, err)
	}
}

func (fx *statsFixture) item(k closer.ListKind, name string) any {
	if name == "" {
		return nil
	}
	it, err := fx.lists.Resolve(k, name, false)
	if err != nil {
		fx.t.Fatal(err)
	}
	return it.ID
}

func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func idOrNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// opp inserts an opportunity and returns its id.
func (fx *statsFixture) opp(o fxOpp) int64 {
	fx.t.Helper()
	stage := fx.item(closer.ListStages, o.stage)
	note := ""
	if o.status == closer.StatusLost {
		note = "Compared with X: 12% cheaper on the same joinery."
	}
	var id int64
	err := fx.db.SQL().QueryRow(`INSERT INTO opportunities (org_id, title, owner_id, account_id, stage_id, furthest_stage_id, status,
		amount, detected_on, held_on, review_on, hold_reason, closed_on, loss_reason_id, competitor_id, competitor_unknown,
		vanish_reason_id, note, created_at, updated_at)
		VALUES ($1, 'Fenêtres', $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id`,
		fx.orgID, o.owner, fx.accountID, stage, string(o.status), int64(o.amount), o.detected, orNull(o.held), orNull(o.review),
		map[bool]string{true: "Appel d'offres", false: ""}[o.held != ""], orNull(o.closed),
		fx.item(closer.ListLossReasons, o.lossReason), idOrNull(o.competitor), o.unknown,
		fx.item(closer.ListVanishReasons, o.vanishReason), note, "2017-01-01T00:00:00.000000Z").Scan(&id)
	if err != nil {
		fx.t.Fatal(err)
	}
	// The store keeps opportunity_counts with every write; so does the fixture.
	fx.exec(`INSERT INTO opportunity_counts (org_id, status, owner_id, n) VALUES ($1, $2, $3, 1)
		ON CONFLICT (org_id, status, owner_id) DO UPDATE SET n = opportunity_counts.n + 1`, fx.orgID, string(o.status), o.owner)
	// And the summary tables.
	if err := fx.db.RebuildSummaries(fx.ctx, fx.orgID); err != nil {
		fx.t.Fatal(err)
	}
	return id
}

// event appends a status event to an opportunity's history.
func (fx *statsFixture) event(opp int64, at, from, to string) {
	fx.exec(`INSERT INTO events (org_id, opportunity_id, at, user_id, kind, from_value, to_value) VALUES ($1, $2, $3, NULL, 'status', $4, $5)`,
		fx.orgID, opp, at, from, to)
}

// order inserts an order of kind by owner on a day.
func (fx *statsFixture) order(owner int64, kind closer.OrderKind, on string, opp int64) {
	fx.exec(`INSERT INTO orders (org_id, account_id, opportunity_id, owner_id, kind, amount, ordered_on, created_at)
		VALUES ($1, $2, $3, $4, $5, 100000, $6, '2017-01-01T00:00:00.000000Z')`, fx.orgID, fx.accountID, idOrNull(opp), owner, string(kind), on)
	if err := fx.db.RebuildSummaries(fx.ctx, fx.orgID); err != nil { // as the store's writes do
		fx.t.Fatal(err)
	}
}

// seedQuarter stores the hand-computed fixture of the first quarter of 2017
// (see TestStats for the expected figures).
func (fx *statsFixture) seedQuarter() {
	a, b := fx.alice, fx.bruno
	w1 := fx.opp(fxOpp{owner: a, status: closer.StatusWon, amount: 1000, detected: "2017-01-01", closed: "2017-01-11", stage: "Négociation"})
	fx.opp(fxOpp{owner: a, status: closer.StatusWon, amount: 3000, detected: "2016-12-02", closed: "2017-02-01", stage: "Négociation"})
	// Lost in December, reopened, won in March: counted once, in March.
	re := fx.opp(fxOpp{owner: a, status: closer.StatusWon, amount: 5000, detected: "2016-10-01", closed: "2017-03-20", stage: "Proposition"})
	fx.event(re, "2016-12-15T10:00:00.000000Z", "open", "lost")
	fx.event(re, "2017-01-05T10:00:00.000000Z", "lost", "open")
	fx.event(re, "2017-03-20T10:00:00.000000Z", "open", "won")
	fx.opp(fxOpp{owner: a, status: closer.StatusLost, amount: 500, detected: "2017-02-01", closed: "2017-02-21", stage: "Proposition", lossReason: "Prix", competitor: fx.competitorX})
	fx.opp(fxOpp{owner: b, status: closer.StatusWon, amount: 2000, detected: "2017-03-01", closed: "2017-03-05", stage: "Négociation"})
	fx.opp(fxOpp{owner: b, status: closer.StatusLost, amount: 700, detected: "2017-01-10", closed: "2017-01-20", stage: "Qualification", lossReason: "Délai", unknown: true})
	fx.opp(fxOpp{owner: b, status: closer.StatusLost, amount: 300, detected: "2017-03-01", closed: "2017-03-31", stage: "Proposition", lossReason: "Prix", competitor: fx.competitorX})
	fx.opp(fxOpp{owner: b, status: closer.StatusVanished, amount: 400, detected: "2017-01-01", closed: "2017-03-15", stage: "Détection", vanishReason: "Pas de budget"})
	// Outside the quarter.
	fx.opp(fxOpp{owner: a, status: closer.StatusWon, amount: 9999, detected: "2016-12-01", closed: "2016-12-31", stage: "Négociation"})
	fx.opp(fxOpp{owner: b, status: closer.StatusLost, amount: 9999, detected: "2017-03-01", closed: "2017-04-01", stage: "Proposition", lossReason: "Délai", unknown: true})
	// Won in February, reopened: open again, counted nowhere.
	ro := fx.opp(fxOpp{owner: b, status: closer.StatusOpen, amount: 9999, detected: "2017-01-02", stage: "Proposition"})
	fx.event(ro, "2017-02-10T10:00:00.000000Z", "open", "won")
	fx.event(ro, "2017-02-20T10:00:00.000000Z", "won", "open")
	// Open and on hold: never closures.
	fx.opp(fxOpp{owner: a, status: closer.StatusOpen, amount: 9999, detected: "2017-01-03", stage: "Qualification"})
	fx.opp(fxOpp{owner: a, status: closer.StatusOpen, amount: 9999, detected: "2017-02-03", stage: "Détection"})
	fx.opp(fxOpp{owner: a, status: closer.StatusOnHold, amount: 800, detected: "2017-01-03", held: "2017-03-01", review: "2017-04-09", stage: "Proposition"})
	fx.opp(fxOpp{owner: b, status: closer.StatusOnHold, amount: 1200, detected: "2017-01-03", held: "2017-04-01", review: "2017-04-10", stage: "Qualification"})
	// Orders: 2 linked and 3 recurring for Alice, 1 direct for Bruno, 1 outside.
	fx.order(a, closer.OrderLinked, "2017-01-11", w1)
	fx.order(a, closer.OrderLinked, "2017-01-12", w1)
	fx.order(a, closer.OrderRecurring, "2017-02-01", 0)
	fx.order(a, closer.OrderRecurring, "2017-02-15", 0)
	fx.order(a, closer.OrderRecurring, "2017-03-01", 0)
	fx.order(b, closer.OrderDirect, "2017-03-31", 0)
	fx.order(b, closer.OrderDirect, "2017-04-01", 0)
	// Alice's target for the quarter.
	fx.exec(`INSERT INTO targets (org_id, user_id, period, starts_on, amount) VALUES ($1, $2, 'quarter', '2017-01-01', 20000)`, fx.orgID, a)
}
