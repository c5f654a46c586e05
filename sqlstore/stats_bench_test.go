package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// BenchmarkStats measures the statistics over a generated org of
// CLOSER_BENCH_STATS_OPPS opportunities (default 100,000; above, a multiple of 100,000) spread over 2023
// and 2024, 4 salespeople, every status, for one quarter (2024-Q2):
//
//	go test ./sqlstore -run '^$' -bench BenchmarkStats -benchtime 30x -count 3
//	CLOSER_BENCH_STATS_OPPS=1000000 go test ./sqlstore -run '^$' -bench BenchmarkStats -benchtime 20x -timeout 60m
//
// The seeded database is cached between runs (see benchStatsDB): only the
// first run of a size pays for the seeding. "handwritten" is one plain
// aggregate over the same rows, the yardstick of each stats query.
func BenchmarkStats(b *testing.B) {
	n := 100000
	if s := os.Getenv("CLOSER_BENCH_STATS_OPPS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("CLOSER_BENCH_STATS_OPPS=%q is not a positive number", s)
		}
		n = v
	}
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			db, ctx := benchStatsDB(b, name == "postgres", n)
			a, _ := closer.ActorFromContext(ctx)
			p := closer.QuarterOf(closer.MustDate("2024-05-01"))
			clock := newCPUClock(b, db)
			// The figures must count what the yardstick counts: a benchmark
			// of empty summaries would measure nothing.
			st, err := db.Stats(ctx, closer.StatsQuery{Period: p})
			if err != nil {
				b.Fatal(err)
			}
			var closed int
			if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM opportunities WHERE org_id = $1 AND closed_on BETWEEN $2 AND $3
				AND status IN ('won', 'lost', 'vanished')`, a.OrgID, p.From, p.To).Scan(&closed); err != nil {
				b.Fatal(err)
			} else if closed == 0 || st.Total.Closed != closed {
				b.Fatalf("the quarter's figures count %d closures, the opportunities %d", st.Total.Closed, closed)
			}
			run := func(name string, fn func() error) {
				b.Run(name, func(b *testing.B) {
					start := clock()
					for b.Loop() {
						if err := fn(); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(clock()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
				})
			}
			// The whole dashboard, as the page asks for it (web/ui_dashboard.go):
			// team and per person for the quarter, the team for the previous
			// one and the same one a year earlier (the on-hold snapshot comes
			// from HeldNow, per owner), the funnel, the losses, the
			// vanishings, the diagnostics and the 12-month trend, one call
			// after the other (the page runs them together).
			run("dashboard", func() error {
				queries := []closer.StatsQuery{{Period: p, Group: closer.GroupOwner, NoOnHold: true},
					{Period: p.Previous(), NoOnHold: true, NoMedians: true}, {Period: p.YearEarlier(), NoOnHold: true, NoMedians: true}}
				for _, q := range queries {
					if _, err := db.Stats(ctx, q); err != nil {
						return err
					}
				}
				if _, err := db.HeldNow(ctx); err != nil {
					return err
				} else if _, err := db.MonthlyClosures(ctx, closer.Period{From: p.To.AddMonths(-12).AddDays(1), To: p.To}); err != nil {
					return err
				} else if _, err := db.Funnel(ctx, p, 0); err != nil {
					return err
				} else if _, err := db.Losses(ctx, p, 0); err != nil {
					return err
				} else if _, err := db.Vanishings(ctx, p, 0); err != nil {
					return err
				}
				_, err := db.Diagnose(ctx, p, closer.Thresholds{})
				return err
			})
			run("team", func() error { _, err := db.Stats(ctx, closer.StatsQuery{Period: p}); return err })
			run("by_owner", func() error {
				_, err := db.Stats(ctx, closer.StatsQuery{Period: p, Group: closer.GroupOwner})
				return err
			})
			run("by_month", func() error {
				_, err := db.Stats(ctx, closer.StatsQuery{Period: p, Group: closer.GroupMonth})
				return err
			})
			run("funnel", func() error { _, err := db.Funnel(ctx, p, 0); return err })
			run("losses", func() error { _, err := db.Losses(ctx, p, 0); return err })
			run("vanishings", func() error { _, err := db.Vanishings(ctx, p, 0); return err })
			run("diagnose", func() error { _, err := db.Diagnose(ctx, p, closer.Thresholds{}); return err })
			// Grouped by an expression of the status: grouped by the bare
			// column, SQLite reads the whole org in the order of
			// opportunities_status_owner, and a table row for each
			// opportunity, instead of the period's range of
			// opportunities_closed (100,000 opportunities: 86 ms, not 3).
			run("handwritten", func() error {
				rows, err := db.SQL().QueryContext(ctx, `SELECT status || '', COUNT(*), SUM(amount) FROM opportunities
					WHERE org_id = $1 AND closed_on BETWEEN $2 AND $3 GROUP BY 1`, a.OrgID, p.From, p.To)
				if err != nil {
					return err
				}
				defer rows.Close()
				for rows.Next() {
					var st string
					var c, s int64
					if err := rows.Scan(&st, &c, &s); err != nil {
						return err
					}
				}
				return rows.Err()
			})
		})
	}
}

// benchSeedVersion names the data seedBench generates; change it whenever
// seedBench changes, so that no stale cached database is reused.
const benchSeedVersion = "v1"

// benchStatsDB returns a migrated, analyzed database holding the bench org
// of n opportunities, and its owner's context. Seeding a large org takes
// minutes, so the seeded database is kept between runs: a SQLite file under
// the temp dir, a template database on the PostgreSQL server, both named by
// benchSeedVersion and n. Each run works on a copy, migrated to the current
// schema (a new migration applies to the copy); delete the cache (or bump
// benchSeedVersion) to seed again.
func benchStatsDB(b *testing.B, pg bool, n int) (*sqlstore.DB, context.Context) {
	b.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("closer_bench_stats_%s_%d", benchSeedVersion, n)
	var dsn string
	if pg {
		dsn = benchPostgresCopy(b, name, n)
	} else {
		cache := filepath.Join(os.TempDir(), name+".db")
		if _, err := os.Stat(cache); err != nil {
			db := openMigrated(b, filepath.Join(b.TempDir(), "seed.db"))
			seedBench(b, db, n)
			if _, err := db.SQL().Exec(`VACUUM INTO '` + cache + `.tmp'`); err != nil {
				b.Fatal(err)
			} else if err := os.Rename(cache+".tmp", cache); err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
		dsn = filepath.Join(b.TempDir(), "closer.db")
		data, err := os.ReadFile(cache)
		if err != nil {
			b.Fatal(err)
		} else if err := os.WriteFile(dsn, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	db := openMigrated(b, dsn)
	b.Cleanup(func() { db.Close() })
	// The seed writes rows, not the counts the store keeps with each write.
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO opportunity_counts (org_id, status, owner_id, n)
		SELECT org_id, status, owner_id, COUNT(*) FROM opportunities GROUP BY org_id, status, owner_id
		ON CONFLICT (org_id, status, owner_id) DO UPDATE SET n = excluded.n`); err != nil {
		b.Fatal(err)
	}
	// Nor the summary tables (the seed of a database made before one was
	// added is filled by its migration; one made after, not at all).
	rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM orgs`)
	if err != nil {
		b.Fatal(err)
	}
	var orgs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		orgs = append(orgs, id)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	rows.Close()
	for _, id := range orgs {
		if err := db.RebuildSummaries(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
	analyze := "ANALYZE"
	if db.IsPostgres() {
		analyze = "VACUUM ANALYZE" // index-only scans need the visibility map
	}
	if _, err := db.SQL().ExecContext(ctx, analyze); err != nil {
		b.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC) }
	sys := closer.NewSystemContext(ctx)
	var owner int64
	if err := db.SQL().QueryRow(`SELECT id FROM users WHERE email = '0@bench.test'`).Scan(&owner); err != nil {
		b.Fatal(err)
	}
	a, _, err := db.Actor(sys, owner, "bench")
	if err != nil {
		b.Fatal(err)
	}
	return db, closer.NewContextWithActor(ctx, a)
}

// benchPostgresCopy returns the URL of a fresh copy of the template database
// name (seeded first when missing), dropped at the benchmark's end.
func benchPostgresCopy(b *testing.B, name string, n int) string {
	b.Helper()
	server := sqltest.PostgresURL(b)
	admin, err := sql.Open("pgx", server)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	u, err := url.Parse(server)
	if err != nil {
		b.Fatal(err)
	}
	at := func(db string) string { v := *u; v.Path = "/" + db; return v.String() }
	var found int
	if err := admin.QueryRow(`SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&found); err != nil {
		b.Fatal(err)
	}
	if found == 0 {
		build := name + "_building"
		for _, q := range []string{`DROP DATABASE IF EXISTS ` + build + ` WITH (FORCE)`, `CREATE DATABASE ` + build} {
			if _, err := admin.Exec(q); err != nil {
				b.Fatal(err)
			}
		}
		db := openMigrated(b, at(build))
		seedBench(b, db, n)
		if _, err := db.SQL().Exec("VACUUM ANALYZE"); err != nil {
			b.Fatal(err)
		}
		db.Close()
		if _, err := admin.Exec(`ALTER DATABASE ` + build + ` RENAME TO ` + name); err != nil {
			b.Fatal(err)
		}
	}
	copyName := fmt.Sprintf("closer_test_bench_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := admin.Exec(`CREATE DATABASE ` + copyName + ` TEMPLATE ` + name); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if admin, err := sql.Open("pgx", server); err == nil {
			admin.Exec(`DROP DATABASE IF EXISTS ` + copyName + ` WITH (FORCE)`)
			admin.Close()
		}
	})
	return at(copyName)
}

// openMigrated opens dsn and migrates it to the current schema.
func openMigrated(b *testing.B, dsn string) *sqlstore.DB {
	b.Helper()
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	} else if err := db.Migrate(context.Background()); err != nil {
		db.Close()
		b.Fatal(err)
	}
	return db
}

// seedBench creates the org and its n opportunities (and n/5 orders) with
// multi-row INSERTs in one transaction.
func seedBench(b *testing.B, db *sqlstore.DB, n int) {
	b.Helper()
	db.Now = func() time.Time { return time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC) }
	sys := closer.NewSystemContext(context.Background())
	org := &closer.Org{Name: "Bench", Slug: "bench"}
	if err := db.CreateOrg(sys, org, "fr"); err != nil {
		b.Fatal(err)
	}
	var owners []int64
	for i, name := range []string{"Alice", "Bruno", "Chloé", "David"} {
		u := &closer.User{Email: strconv.Itoa(i) + "@bench.test", Name: name}
		if err := db.CreateUser(sys, u, ""); err != nil {
			b.Fatal(err)
		} else if err := db.AddMember(sys, "bench", u.Email, closer.RoleOwner); err != nil {
			b.Fatal(err)
		}
		owners = append(owners, u.ID)
	}
	a, _, err := db.Actor(sys, owners[0], "bench")
	if err != nil {
		b.Fatal(err)
	}
	ctx := closer.NewContextWithActor(context.Background(), a)
	l, err := db.Lists(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO list_items (org_id, kind, name, position) VALUES ($1, 'competitors', 'X', 1), ($1, 'competitors', 'Y', 2)`, org.ID); err != nil {
		b.Fatal(err)
	}
	if l, err = db.Lists(ctx); err != nil {
		b.Fatal(err)
	}
	var account int64
	if err := db.SQL().QueryRow(`INSERT INTO accounts (org_id, name, created_at) VALUES ($1, 'Dupont', '2023-01-01T00:00:00.000000Z') RETURNING id`, org.ID).Scan(&account); err != nil {
		b.Fatal(err)
	}

	tx, err := db.SQL().Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	rng := rand.New(rand.NewPCG(1, 2))
	start := closer.MustDate("2023-01-01")
	last := closer.MustDate("2024-12-31")
	pick := func(items []closer.ListItem) int64 { return items[rng.IntN(len(items))].ID }
	const cols = 17
	const batch = 500
	var sqlText strings.Builder
	var args []any
	flush := func(table, columns string, width int) {
		if len(args) == 0 {
			return
		}
		sqlText.Reset()
		sqlText.WriteString("INSERT INTO " + table + " (" + columns + ") VALUES ")
		for r := 0; r < len(args)/width; r++ {
			if r > 0 {
				sqlText.WriteString(", ")
			}
			sqlText.WriteString("(")
			for c := 0; c < width; c++ {
				if c > 0 {
					sqlText.WriteString(", ")
				}
				if db.IsPostgres() {
					sqlText.WriteString("$" + strconv.Itoa(r*width+c+1))
				} else {
					sqlText.WriteString("?") // modernc looks each $N up by name: quadratic in a 500-row statement
				}
			}
			sqlText.WriteString(")")
		}
		if _, err := tx.Exec(sqlText.String(), args...); err != nil {
			b.Fatal(err)
		}
		args = args[:0]
	}
	oppColumns := `org_id, title, owner_id, stage_id, furthest_stage_id, status, amount, detected_on, held_on, review_on,
		closed_on, loss_reason_id, competitor_id, competitor_unknown, vanish_reason_id, created_at, updated_at`
	statuses := []closer.Status{closer.StatusOpen, closer.StatusOnHold, closer.StatusWon, closer.StatusWon, closer.StatusLost,
		closer.StatusLost, closer.StatusVanished, closer.StatusOpen, closer.StatusWon, closer.StatusLost}
	// Above 100,000 the first 100,000 opportunities (and their orders) are
	// copied in SQL until n: the same two years, denser. Binding every row
	// from Go would take an hour for a million on a loaded machine.
	generated := min(n, 100000)
	if n%generated != 0 {
		b.Fatalf("CLOSER_BENCH_STATS_OPPS=%d: above 100,000, a multiple of 100,000", n)
	}
	for i := range generated {
		st := statuses[rng.IntN(len(statuses))]
		detected := start.AddDays(rng.IntN(start.DaysUntil(last) + 1))
		stage := pick(l.Stages)
		var held, review, closed, lossReason, competitor, vanishReason any
		unknown := false
		switch st {
		case closer.StatusOnHold:
			held, review = detected.AddDays(rng.IntN(30)), last.AddDays(rng.IntN(60)-30)
		case closer.StatusWon, closer.StatusLost, closer.StatusVanished:
			c := detected.AddDays(rng.IntN(120))
			if c.After(last) {
				c = last
			}
			closed = c
		case closer.StatusOpen:
		}
		switch st {
		case closer.StatusLost:
			lossReason = pick(l.LossReasons)
			if rng.IntN(4) == 0 {
				unknown = true
			} else {
				competitor = pick(l.Competitors)
			}
		case closer.StatusVanished:
			vanishReason = pick(l.VanishReasons)
		case closer.StatusOpen, closer.StatusOnHold, closer.StatusWon:
		}
		args = append(args, org.ID, "Opportunité", owners[i%len(owners)], stage, stage, string(st), int64(rng.IntN(5_000_000)),
			detected, held, review, closed, lossReason, competitor, unknown, vanishReason, "2023-01-01T00:00:00.000000Z", "2023-01-01T00:00:00.000000Z")
		if len(args) == cols*batch {
			flush("opportunities", oppColumns, cols)
		}
	}
	flush("opportunities", oppColumns, cols)
	kinds := []closer.OrderKind{closer.OrderDirect, closer.OrderRecurring, closer.OrderRecurring}
	for i := range generated / 5 {
		args = append(args, org.ID, account, owners[i%len(owners)], string(kinds[rng.IntN(len(kinds))]), int64(rng.IntN(1_000_000)),
			start.AddDays(rng.IntN(start.DaysUntil(last)+1)), "2023-01-01T00:00:00.000000Z")
		if len(args) == 7*batch {
			flush("orders", "org_id, account_id, owner_id, kind, amount, ordered_on, created_at", 7)
		}
	}
	flush("orders", "org_id, account_id, owner_id, kind, amount, ordered_on, created_at", 7)
	for table, columns := range map[string]string{"opportunities": oppColumns, "orders": "org_id, account_id, owner_id, kind, amount, ordered_on, created_at"} {
		var last int64
		if err := tx.QueryRow(`SELECT MAX(id) FROM `+table+` WHERE org_id = $1`, org.ID).Scan(&last); err != nil {
			b.Fatal(err)
		}
		for range n/generated - 1 {
			if _, err := tx.Exec(`INSERT INTO `+table+` (`+columns+`) SELECT `+columns+` FROM `+table+` WHERE org_id = $1 AND id <= $2`, org.ID, last); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// newCPUClock returns a clock of the CPU time spent on the statistics: this
// process's (SQLite runs in it), plus, on PostgreSQL, that of every process
// of the server (its backends run the queries). On a loaded machine the
// wall time of a call mostly measures the wait for a core; its CPU time
// stays what the call costs (cpu-ms/op), comparable across runs.
func newCPUClock(b *testing.B, db *sqlstore.DB) func() time.Duration {
	b.Helper()
	server := 0
	if db.IsPostgres() {
		var backend int
		if err := db.SQL().QueryRow(`SELECT pg_backend_pid()`).Scan(&backend); err != nil {
			b.Fatal(err)
		}
		server = procParent(backend)
	}
	return func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		t := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		if server == 0 {
			return t
		}
		dirs, _ := os.ReadDir("/proc")
		for _, d := range dirs {
			pid, err := strconv.Atoi(d.Name())
			if err != nil {
				continue
			}
			if pid == server || procParent(pid) == server {
				t += procCPU(pid)
			}
		}
		return t
	}
}

// procStat returns the fields of /proc/PID/stat after the command's name.
func procStat(pid int) []string {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(string(data[i+1:]))
}

// procParent returns the parent of a process, 0 when unknown.
func procParent(pid int) int {
	f := procStat(pid)
	if len(f) < 2 {
		return 0
	}
	ppid, _ := strconv.Atoi(f[1])
	return ppid
}

// procCPU returns the user and system time of a process (clock ticks of
// 10 ms, the Linux default).
func procCPU(pid int) time.Duration {
	f := procStat(pid)
	if len(f) < 13 {
		return 0
	}
	user, _ := strconv.ParseInt(f[11], 10, 64)
	sys, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(user+sys) * 10 * time.Millisecond
}
