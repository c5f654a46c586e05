// Package sqltest opens real, migrated, throwaway databases for tests: a
// SQLite file in a temp dir always, and a fresh PostgreSQL database when
// CLOSER_TEST_POSTGRES holds a server URL. Under CI=true a missing
// PostgreSQL fails the test instead of skipping it.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"closer/sqlstore"
)

// Each runs fn as two subtests, "sqlite" and "postgres", each on its own
// empty migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated database in a temp file, closed at the test's end.
func SQLite(t testing.TB) *sqlstore.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "closer.db"))
}

// PostgresURL returns the server URL of CLOSER_TEST_POSTGRES, skipping the
// test when unset (failing it under CI=true).
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("CLOSER_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CLOSER_TEST_POSTGRES is not set: PostgreSQL tests must run under CI")
		}
		t.Skip("CLOSER_TEST_POSTGRES is not set")
	}
	return u
}

// Postgres creates a fresh database on the server of CLOSER_TEST_POSTGRES,
// migrates it, and drops it at the test's end.
func Postgres(t testing.TB) *sqlstore.DB {
	t.Helper()
	return open(t, NewPostgresDatabase(t))
}

// NewPostgresDatabase creates an empty database and returns its URL; it is
// dropped at the test's end.
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	server := PostgresURL(t)
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "closer_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func open(t testing.TB, dsn string) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}
