package demo_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"closer/demo"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestDemoScale measures demo.Load of N opportunities when
// CLOSER_BENCH_DEMO=N, on SQLite, and on PostgreSQL too when
// CLOSER_BENCH_DEMO_POSTGRES=1 (and CLOSER_TEST_POSTGRES is set).
//
//	CLOSER_BENCH_DEMO=1000000 go test -run DemoScale -v -timeout 30m ./demo
func TestDemoScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CLOSER_BENCH_DEMO"))
	if n <= 0 {
		t.Skip("set CLOSER_BENCH_DEMO=N to measure a demo of N opportunities")
	}
	run := func(t *testing.T, db *sqlstore.DB) {
		start := time.Now()
		creds, err := demo.Load(context.Background(), db, demo.Options{Opportunities: n, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		d := time.Since(start)
		s := creds.Summary
		rows := s.Accounts + s.Contacts + s.Opportunities + s.Quotes + s.Orders + s.Activities + s.Targets
		t.Logf("%d opportunities in %v (%.0f opportunities/s): %+v; %d rows besides events", n, d.Round(time.Millisecond), float64(n)/d.Seconds(), s, rows)
	}
	t.Run("sqlite", func(t *testing.T) { run(t, sqltest.SQLite(t)) })
	if os.Getenv("CLOSER_BENCH_DEMO_POSTGRES") == "1" {
		t.Run("postgres", func(t *testing.T) { run(t, sqltest.Postgres(t)) })
	}
}
