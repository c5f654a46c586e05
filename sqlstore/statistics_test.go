package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"closer"
	"closer/demo"
	"closer/sqlstore"
)

// After a bulk load (10,000 opportunities: smaller, the stale plan is the
// same), every connection of the pool plans with the new
// statistics, not only the one that gathered them: connections opened on
// the empty database (before the import) used to keep planning as if the
// tables were empty, and read every activity of an owner to show a page.
func TestStatisticsReachEveryConnection(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "closer.db")
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const query = `EXPLAIN QUERY PLAN SELECT id FROM activities WHERE org_id = $1 AND owner_id = $2 AND done_on IS NULL
		AND due_on IS NOT NULL ORDER BY due_on, id LIMIT 50`
	plan := func(c *sql.Conn) string {
		t.Helper()
		// A read first: EXPLAIN alone plans with the schema the connection
		// has, without checking whether it changed.
		var n int
		if err := c.QueryRowContext(ctx, `SELECT COUNT(*) FROM activities WHERE id = 0`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		rows, err := c.QueryContext(ctx, query, 1, 3)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var steps []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			steps = append(steps, detail)
		}
		return strings.Join(steps, "; ")
	}
	// Three connections plan on the empty database, then go back to the pool.
	var old []*sql.Conn
	for range 3 {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		plan(c)
		old = append(old, c)
	}
	for _, c := range old {
		c.Close()
	}
	if _, err := demo.Load(ctx, db, demo.Options{Opportunities: 10000, Today: closer.MustDate("2025-06-16")}); err != nil {
		t.Fatal(err)
	}
	// Hold every connection the pool has, to ask each for its plan.
	var conns []*sql.Conn
	for range 4 {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	// What a connection opened now plans.
	fresh, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	fc, err := fresh.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer fc.Close()
	want := plan(fc)
	for i, c := range conns {
		if got := plan(c); got != want {
			t.Errorf("connection %d plans %q, want %q", i, got, want)
		}
	}
}
