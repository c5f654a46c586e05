package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"closer"
	"closer/demo"
	"closer/sqlstore/sqltest"
	"closer/web"
)

// BenchmarkDashboardPage measures the dashboard (the page alone, then each
// chart) over the demo org at 10,000 opportunities (CLOSER_BENCH_OPPS sets
// another size), on SQLite, as the consultant reads it.
//
//	go test ./web -run '^$' -bench BenchmarkDashboardPage -benchtime 20x
func BenchmarkDashboardPage(b *testing.B) {
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("CLOSER_BENCH_OPPS")); err == nil && v > 0 {
		n = v
	}
	db := sqltest.SQLite(b)
	day := closer.MustDate("2025-06-15")
	now := time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	creds, err := demo.Load(context.Background(), db, demo.Options{Opportunities: n, Today: day})
	must(b, err)
	_, err = db.SQL().Exec(`ANALYZE`)
	must(b, err)
	srv := &web.Server{Orgs: db, Lists: db, Accounts: db, Opportunities: db, Sales: db, Bulk: db, Sessions: db, Stats: db,
		Lookups: db, Dashboard: db, Thresholds: db, Ping: db.Ping, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return now }}
	h := srv.Handler()
	u, err := db.FindUserByEmail(closer.NewSystemContext(context.Background()), creds.Emails[len(creds.Emails)-1])
	must(b, err)
	secret, err := db.CreateSession(context.Background(), u.ID)
	must(b, err)
	for _, c := range []struct{ name, path string }{
		{"page/quarter", "/o/demo/dashboard"},
		{"page/year", "/o/demo/dashboard?kind=year&on=2024-06-01"},
		{"page/two-years", "/o/demo/dashboard?kind=custom&from=2023-06-16&to=2025-06-15"},
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
