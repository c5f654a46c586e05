package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// The statement cache answers like the plain pool, keeps at most
// stmtCacheSize statements, and a statement evicted while rows read from it
// stays usable until they are closed.
func TestStmtCache(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.db.stmts == nil {
		t.Fatal("SQLite pool without a statement cache")
	}
	one := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	if got := one(`SELECT $1 + 1`, 41); got != 42 {
		t.Fatalf("got %d, want 42", got)
	}
	if got := one(`SELECT $1 + 1`, 1); got != 2 {
		t.Fatalf("cached statement with new args: got %d, want 2", got)
	}
	// Rows still open on the first statement while the cache overflows.
	rows, err := db.db.QueryContext(ctx, `SELECT value FROM json_each('[1,2,3]')`)
	if err != nil {
		t.Fatal(err)
	}
	for i := range stmtCacheSize + 10 {
		if got := one(fmt.Sprintf(`SELECT %d`, i)); got != i {
			t.Fatalf("got %d, want %d", got, i)
		}
	}
	sum := 0
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		sum += v
	}
	if err := rows.Close(); err != nil || sum != 6 {
		t.Fatalf("rows of an evicted statement: sum %d, err %v", sum, err)
	}
	if n := db.db.stmts.lru.Len(); n != stmtCacheSize || len(db.db.stmts.bySQL) != stmtCacheSize {
		t.Fatalf("cache holds %d statements, want %d", n, stmtCacheSize)
	}
	// A query that does not prepare reports its error as without a cache.
	if _, err := db.db.QueryContext(ctx, `SELEC 1`); err == nil {
		t.Fatal("syntax error not reported")
	}
	if got := one(`SELECT $1 + 1`, 2); got != 3 {
		t.Fatalf("after eviction: got %d, want 3", got)
	}
}

// A new SQLite database gets sqlitePageSize pages and WAL; one that exists
// keeps its page size; a file that cannot be created is named in the error.
func TestOpenSQLitePageSize(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	pageSize := func(path string) (size int, mode string) {
		t.Helper()
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.db.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&size); err != nil {
			t.Fatal(err)
		} else if err := db.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		return size, mode
	}
	if size, mode := pageSize(filepath.Join(dir, "new.db")); size != sqlitePageSize || mode != "wal" {
		t.Errorf("new database: %d-byte pages, journal %s", size, mode)
	}
	old := filepath.Join(dir, "old.db")
	raw, err := sql.Open("sqlite", old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`PRAGMA page_size = 4096; CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if size, mode := pageSize(old); size != 4096 || mode != "wal" {
		t.Errorf("existing database: %d-byte pages, journal %s", size, mode)
	}
	missing := filepath.Join(dir, "no such dir", "x.db")
	if _, err := Open(ctx, missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("database in a missing directory: %v", err)
	}
}
