package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"closer"
	"closer/demo"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// BenchmarkDashboardPage measures the dashboard (the page alone, then each
// chart) over the demo org at 10,000 opportunities (CLOSER_BENCH_OPPS sets
// another size), on SQLite, as the consultant reads it. CLOSER_BENCH_DB
// names a database that already holds the demo org instead (made by
// "closer demo --db FILE --opportunities 100000"), read as of today.
//
//	go test ./web -run '^$' -bench BenchmarkDashboardPage -benchtime 20x
func BenchmarkDashboardPage(b *testing.B) {
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("CLOSER_BENCH_OPPS")); err == nil && v > 0 {
		n = v
	}
	now := time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)
	var db *sqlstore.DB
	var consultant string
	if path := os.Getenv("CLOSER_BENCH_DB"); path != "" {
		var err error
		db, err = sqlstore.Open(context.Background(), path)
		must(b, err)
		b.Cleanup(func() { db.Close() })
		now, consultant = time.Now(), "consultant@"+demo.EmailDomain
	} else {
		db = sqltest.SQLite(b)
		db.Now = func() time.Time { return now }
		creds, err := demo.Load(context.Background(), db, demo.Options{Opportunities: n, Today: closer.DateOf(now, time.UTC)})
		must(b, err)
		_, err = db.SQL().Exec(`ANALYZE`)
		must(b, err)
		consultant = creds.Emails[len(creds.Emails)-1]
	}
	srv := newTestServer(b, db, now)
	h := srv.Handler()
	secret := newSession(b, db, userID(b, db, consultant))
	for _, c := range []struct{ name, path string }{
		{"page/quarter", "/o/demo/dashboard"},
		{"page/year", "/o/demo/dashboard?kind=year"},
		{"page/two-years", "/o/demo/dashboard?kind=custom&from=" + closer.DateOf(now, time.UTC).AddDays(-730).String() + "&to=" + closer.DateOf(now, time.UTC).String()},
		{"chart/outcomes", "/o/demo/dashboard/charts/outcomes.svg"},
		{"chart/winrate", "/o/demo/dashboard/charts/winrate.svg"},
		{"chart/funnel", "/o/demo/dashboard/charts/funnel.svg"},
		{"chart/revenue", "/o/demo/dashboard/charts/revenue.svg"},
	} {
		b.Run(c.name, func(b *testing.B) {
			start := cpuTime()
			for b.Loop() {
				req := httptest.NewRequest("GET", c.path, nil)
				req.AddCookie(&http.Cookie{Name: "closer_session", Value: secret})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d", c.path, rec.Code)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}
