package web_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// The day pages over an org of 10,000 opportunities (CLOSER_BENCH_OPPS to
// change it): 30% open, 5% on hold, the rest closed over two years, with
// 1,000 accounts and 10,000 activities (20% not done), written with plain
// INSERTs in one transaction. Each benchmark is one full request through
// the handler: session, org, queries and template.
//
//	go test ./web -run '^$' -bench BenchmarkDayPages -benchtime 200x

func seedDayBench(b *testing.B, db *sqlstore.DB, n int) {
	b.Helper()
	ctx := context.Background()
	var orgID int64
	must(b, db.SQL().QueryRow(`SELECT id FROM orgs WHERE slug = 'acme'`).Scan(&orgID))
	var owners, stages []int64
	rows, err := db.SQL().Query(`SELECT user_id FROM memberships WHERE org_id = $1 AND role <> 'consultant'`, orgID)
	must(b, err)
	for rows.Next() {
		var id int64
		must(b, rows.Scan(&id))
		owners = append(owners, id)
	}
	rows.Close()
	rows, err = db.SQL().Query(`SELECT id FROM list_items WHERE org_id = $1 AND kind = 'stages' ORDER BY position`, orgID)
	must(b, err)
	for rows.Next() {
		var id int64
		must(b, rows.Scan(&id))
		stages = append(stages, id)
	}
	rows.Close()
	var lossID, vanishID int64
	must(b, db.SQL().QueryRow(`SELECT MIN(id) FROM list_items WHERE org_id = $1 AND kind = 'loss_reasons'`, orgID).Scan(&lossID))
	must(b, db.SQL().QueryRow(`SELECT MIN(id) FROM list_items WHERE org_id = $1 AND kind = 'vanish_reasons'`, orgID).Scan(&vanishID))

	today := closer.DateOf(time.Now(), mustParis())
	day := func(offset int) string { return today.AddDays(offset).String() }
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
	rng := rand.New(rand.NewPCG(1, 2))
	tx, err := db.SQL().BeginTx(ctx, nil)
	must(b, err)
	defer tx.Rollback()
	nAccounts := max(n/10, 1)
	accounts := make([]int64, nAccounts)
	for i := range accounts {
		must(b, tx.QueryRow(`INSERT INTO accounts (org_id, name, name_key, owner_id, created_at) VALUES ($1, $2, LOWER($2), $3, $4) RETURNING id`,
			orgID, fmt.Sprintf("Client %05d", i), owners[i%len(owners)], now).Scan(&accounts[i]))
	}
	insert, err := tx.Prepare(`INSERT INTO opportunities (org_id, title, owner_id, account_id, stage_id, furthest_stage_id, status, amount,
		detected_on, next_action_on, next_action, hold_reason, held_on, review_on, closed_on, loss_reason_id, competitor_unknown, vanish_reason_id,
		created_at, updated_at, title_key) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19) RETURNING id`)
	must(b, err)
	oppIDs := make([]int64, n)
	for i := range n {
		var (
			status                     = "open"
			next, held, review, closed any
			nextText, holdReason       string
			loss, vanish               any
			unknown                    bool
			account                    any = accounts[rng.IntN(nAccounts)]
			detected                       = day(-rng.IntN(730) - 30)
		)
		switch r := rng.IntN(100); {
		case r < 30:
			if rng.IntN(10) > 0 {
				next, nextText = day(rng.IntN(60)-30), "Rappeler"
			}
			if rng.IntN(20) == 0 {
				account = nil
			}
		case r < 35:
			status, holdReason, held, review = "on_hold", "Appel d'offres", day(-rng.IntN(300)), day(rng.IntN(60)-30)
		case r < 60:
			status, closed = "won", day(-rng.IntN(700))
		case r < 85:
			status, closed, loss, unknown = "lost", day(-rng.IntN(700)), lossID, true
		default:
			status, closed, vanish = "vanished", day(-rng.IntN(700)), vanishID
		}
		if closed != nil && closed.(string) < detected {
			detected = closed.(string)
		}
		title := fmt.Sprintf("Opportunité %05d", i)
		must(b, insert.QueryRow(orgID, title, owners[rng.IntN(len(owners))], account, stages[rng.IntN(len(stages))],
			status, int64(rng.IntN(5_000_000)), detected, next, nextText, holdReason, held, review, closed, loss, unknown, vanish, now,
			closer.SortKey(title)).Scan(&oppIDs[i]))
	}
	acts, err := tx.Prepare(`INSERT INTO activities (org_id, kind, owner_id, subject, due_on, done_on, opportunity_id, created_at)
		VALUES ($1, 'call', $2, 'Appeler', $3, $4, $5, $6)`)
	must(b, err)
	for i := range n {
		due := day(rng.IntN(400) - 370)
		var done any = due
		if rng.IntN(5) == 0 {
			done = nil
		}
		_, err := acts.Exec(orgID, owners[rng.IntN(len(owners))], due, done, oppIDs[(i*7919)%n], now)
		must(b, err)
	}
	must(b, tx.Commit())
	must(b, db.RebuildSummaries(context.Background(), orgID)) // rows written around the store
	// ANALYZE, then a change of schema so that every pooled connection
	// reloads the statistics (as sqlstore does after a bulk write).
	for _, q := range []string{`ANALYZE`, `CREATE VIEW bench_reload AS SELECT 1`, `DROP VIEW bench_reload`} {
		_, err = db.SQL().Exec(q)
		must(b, err)
	}
}

// cpuTime is the process's user and system CPU time: on a busy machine it
// tells the server's own cost better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mustParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}

func BenchmarkDayPages(b *testing.B) {
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("CLOSER_BENCH_OPPS")); err == nil && v > 0 {
		n = v
	}
	db := sqltest.SQLite(b)
	benchOrg(b, db)
	seedDayBench(b, db, n)
	srv := newTestServer(b, db, time.Now())
	srv.Now = nil // the seeded dates are relative to the real clock
	h := srv.Handler()
	sales := userID(b, db, "sales@acme.test")
	for _, c := range []struct{ name, who, path string }{
		{"today/me", "sales@acme.test", "/o/acme/today"},
		{"today/team", "owner@acme.test", "/o/acme/today?owner=all"},
		{"board/team", "owner@acme.test", "/o/acme/board"},
		{"board/owner", "owner@acme.test", "/o/acme/board?owner=" + strconv.FormatInt(sales, 10)},
		{"relaunch/team", "owner@acme.test", "/o/acme/relaunch"},
		{"relaunch/page3", "owner@acme.test", "/o/acme/relaunch?offset=100"},
	} {
		secret := newSession(b, db, userID(b, db, c.who))
		b.Run(c.name, func(b *testing.B) { benchPage(b, h, c.path, secret) })
	}
}

// benchPage requests path with the session secret b.N times and reports,
// besides ns/op, the median wall time of a request ("ms-median", which the
// product bounds at 5 ms) and the process's CPU time per request
// ("cpu-ns/op": on a busy machine it tells the server's own cost better
// than the wall clock).
func benchPage(b *testing.B, h http.Handler, path, secret string) {
	times := make([]time.Duration, 0, b.N)
	start := cpuTime()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: "closer_session", Value: secret})
		rec := httptest.NewRecorder()
		t0 := time.Now()
		h.ServeHTTP(rec, req)
		times = append(times, time.Since(t0))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, rec.Code)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
}

// benchOrg creates the org acme with an owner, a manager and three
// salespeople (the bench cannot use fixtureOrgs, which takes a *testing.T).
func benchOrg(b *testing.B, db *sqlstore.DB) {
	b.Helper()
	sys := closer.NewSystemContext(context.Background())
	must(b, db.CreateOrg(sys, &closer.Org{Name: "Acme", Slug: "acme"}, "fr"))
	for _, m := range []struct {
		email string
		role  closer.Role
	}{{"owner@acme.test", closer.RoleOwner}, {"manager@acme.test", closer.RoleManager},
		{"sales@acme.test", closer.RoleSales}, {"sales2@acme.test", closer.RoleSales}, {"sales3@acme.test", closer.RoleSales}} {
		must(b, db.CreateUser(sys, &closer.User{Email: m.email, Name: m.email}, ""))
		must(b, db.AddMember(sys, "acme", m.email, m.role))
	}
}
