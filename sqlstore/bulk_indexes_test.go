package sqlstore_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// indexNames lists the indexes of the bulk's tables, sorted.
func indexNames(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('opportunities', 'events', 'accounts')`
	if db.IsPostgres() {
		q = `SELECT indexname FROM pg_indexes WHERE tablename IN ('opportunities', 'events', 'accounts')`
	}
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// TestBulkLargeLoadKeepsIndexes loads more opportunities than the size from
// which SQLite's bulk drops the indexes of a table and builds them again at
// the end: a failed load leaves no row and every index; a committed one
// leaves every index, and queries through them find the rows.
func TestBulkLargeLoadKeepsIndexes(t *testing.T) {
	n := (sqlstore.SQLiteDeferIndexes/3 + 500) * 3 // divisible by 3: fillImport cycles three statuses
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, org := newOrg(t, db, "lambert")
		before := indexNames(t, db)
		var want string
		if !db.IsPostgres() {
			want = poolSettings(t, db)[0]
		}
		if len(before) < 10 {
			t.Fatalf("indexes before the bulk: %v", before)
		}
		boom := errors.New("bad last row")
		err := db.Bulk(ctx, false, func(b closer.Bulk) error {
			if err := fillImport(b, n); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("bulk: got %v, want fn's error", err)
		}
		for table, c := range orgCounts(t, db, org.ID) {
			if c != 0 {
				t.Errorf("after a failed bulk, %s holds %d rows", table, c)
			}
		}
		if got := indexNames(t, db); !slices.Equal(got, before) {
			t.Errorf("indexes after a failed bulk:\n%v\nwant\n%v", got, before)
		}

		if err := db.Bulk(ctx, false, func(b closer.Bulk) error { return fillImport(b, n) }); err != nil {
			t.Fatal(err)
		}
		if got := indexNames(t, db); !slices.Equal(got, before) {
			t.Errorf("indexes after a bulk:\n%v\nwant\n%v", got, before)
		}
		c := orgCounts(t, db, org.ID)
		if c["opportunities"] != n || c["events"] != n+n*2/3 {
			t.Errorf("after the bulk: %v", c)
		}
		items, total, err := db.FindOpportunities(ctx, closer.OpportunityFilter{Statuses: []closer.Status{closer.StatusLost}, Page: closer.Page{Limit: 5}})
		if err != nil {
			t.Fatal(err)
		}
		if total != n/3 || len(items) != 5 || items[0].Status != closer.StatusLost {
			t.Errorf("lost opportunities: total %d, %d items; want %d and 5", total, len(items), n/3)
		}
		if db.IsPostgres() {
			return
		}
		// A second load, as large as the table: the indexes are dropped
		// again, their statistics with them. Every index has its statistics
		// back, at the new size.
		if err := db.Bulk(ctx, false, func(b closer.Bulk) error { return fillImport(b, n) }); err != nil {
			t.Fatal(err)
		}
		var missing, stale int
		if err := db.SQL().QueryRow(`SELECT
			(SELECT COUNT(*) FROM sqlite_schema s WHERE s.type = 'index' AND s.tbl_name = 'opportunities' AND s.sql IS NOT NULL
				AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 WHERE tbl = 'opportunities' AND idx = s.name)),
			(SELECT COUNT(*) FROM sqlite_stat1 WHERE idx = 'opportunities_status_owner' AND CAST(stat AS INTEGER) < $1)`, 2*n).Scan(&missing, &stale); err != nil {
			t.Fatal(err)
		}
		if missing != 0 || stale != 0 {
			t.Errorf("after a second load, %d indexes of opportunities lack statistics, %d are stale", missing, stale)
		}
		// The bulk's connection went back to the pool as the pool set it:
		// its cache, spill threshold, sorts and foreign keys restored.
		for i, got := range poolSettings(t, db) {
			if got != want {
				t.Errorf("pooled connection %d after the bulks: %s, want %s", i, got, want)
			}
		}
	})
}

// poolSettings holds every connection of the SQLite pool at once and
// returns the pragmas a bulk changes, as each connection has them.
func poolSettings(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	for range db.SQL().Stats().MaxOpenConnections {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var s []string
		for _, p := range []string{"cache_size", "cache_spill", "temp_store", "threads", "foreign_keys"} {
			var v string
			if err := c.QueryRowContext(ctx, `PRAGMA `+p).Scan(&v); err != nil {
				t.Fatal(err)
			}
			s = append(s, p+"="+v)
		}
		out = append(out, strings.Join(s, " "))
	}
	return out
}
