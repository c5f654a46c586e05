package main

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"closer/sqlstore/sqltest"
)

// TestBackupPostgresURLSettings: a --db URL that sets a server parameter
// (plan_cache_mode, which the README documents) or a driver option works
// for every command, closer backup included, although pg_dump refuses
// such parameters in the URL it is given.
func TestBackupPostgresURLSettings(t *testing.T) {
	if _, err := exec.LookPath("pg_dump"); err != nil {
		t.Skip("pg_dump is not installed")
	}
	u, err := url.Parse(sqltest.NewPostgresDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("plan_cache_mode", "auto")
	q.Set("default_query_exec_mode", "simple_protocol")
	u.RawQuery = q.Encode()
	dsn := u.String()
	if _, _, err := cli(t, dsn, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "closer.dump")
	if stdout, stderr, err := cli(t, dsn, "", "backup", "--out", out); err != nil {
		t.Fatalf("backup: %v %q %q", err, stdout, stderr)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}
}

// TestBackupInterruptedLeavesNothing: a backup interrupted (Ctrl-C) while
// pg_dump waits leaves no file at --out, neither an empty one nor a cut
// one, so that nothing passes for a backup and the next attempt is not
// refused as "already exists".
func TestBackupInterruptedLeavesNothing(t *testing.T) {
	if _, err := exec.LookPath("pg_dump"); err != nil {
		t.Skip("pg_dump is not installed")
	}
	dsn := sqltest.NewPostgresDatabase(t)
	if _, _, err := cli(t, dsn, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	// Another session holds a lock on a table that pg_dump waits for.
	conn, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	lock, err := conn.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()
	if _, err := lock.Exec(`LOCK TABLE opportunities IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "closer.dump")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		getenv := func(k string) string {
			if k == "CLOSER_DB" {
				return dsn
			}
			return ""
		}
		var stdout, stderr strings.Builder
		done <- run(ctx, []string{"backup", "--out", out}, getenv, strings.NewReader(""), &stdout, &stderr)
	}()
	// Interrupt once pg_dump waits for the lock.
	deadline := time.Now().Add(time.Minute) // a bound, not a timing
	for waiting := false; !waiting; {
		if time.Now().After(deadline) {
			t.Fatal("pg_dump never waited for the lock")
		}
		select {
		case err := <-done:
			t.Fatalf("backup ended before it waited for the lock: %v", err)
		default:
		}
		if err := conn.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE NOT l.granted AND a.application_name = 'pg_dump')`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("interrupted backup: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("an interrupted backup left %v", entries)
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := cli(t, dsn, "", "backup", "--out", out); err != nil {
		t.Fatalf("backup again: %v %q", err, stderr)
	}
	if _, err := os.Stat(out); errors.Is(err, os.ErrNotExist) {
		t.Fatal("no backup written")
	}
}

// TestBackupOutDirectory: an --out in a directory that does not exist says
// so, instead of SQLite's "unable to open database file"; an --out that is
// one of the database's files (its -journal, not there between writes) is
// refused: SQLite would take the copy for its journal.
func TestBackupOutDirectory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	if _, _, err := cli(t, db, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{db + "-wal", db + "-shm", db + "-journal"} {
		if _, stderr, err := cli(t, db, "", "backup", "--out", out); !errors.Is(err, errUsage) || !strings.Contains(stderr, "is the database (--db") {
			t.Errorf("--out %s: %v %q", out, err, stderr)
		}
		if _, err := os.Stat(db + "-journal"); err == nil {
			t.Fatalf("--out %s wrote a journal beside the database", out)
		}
	}
	missing := filepath.Join(t.TempDir(), "missing")
	_, _, err := cli(t, db, "", "backup", "--out", filepath.Join(missing, "b.db"))
	if err == nil || !strings.Contains(err.Error(), "the directory "+missing+" does not exist") {
		t.Fatalf("backup into a missing directory: %v", err)
	}
}
