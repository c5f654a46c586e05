package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"closer"
)

// TestSQLiteBusy: while another connection holds SQLite's write lock (a
// large import), a signed-in page still reads its session (the expiry's
// slide is skipped, not waited for), and a write that waited in vain is
// ECONFLICT, saying that nothing was saved, instead of an internal error.
func TestSQLiteBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "closer.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return start }
	sys := closer.NewSystemContext(ctx)
	u := &closer.User{Email: "ana@acme.test", Name: "Ana"}
	if err := db.CreateUser(sys, u, ""); err != nil {
		t.Fatal(err)
	}
	secret, err := db.CreateSession(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}

	other, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	holder, err := other.BeginTx(ctx, nil) // immediate: the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback()
	if _, err := holder.ExecContext(ctx, `UPDATE users SET name = name`); err != nil {
		t.Fatal(err)
	}

	db.Now = func() time.Time { return start.Add(2 * time.Minute) } // the slide is due
	if got, err := db.SessionUser(ctx, secret); err != nil || got.ID != u.ID {
		t.Fatalf("session read during another write: %v, %v", got, err)
	}

	impatient, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer impatient.Close()
	impatient.SetMaxOpenConns(1)
	if _, err := impatient.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		t.Fatal(err)
	}
	_, err = impatient.ExecContext(ctx, `UPDATE users SET name = 'Bea'`)
	if err == nil {
		t.Fatal("a second writer got the write lock")
	}
	if err := translate(err); !errors.Is(err, errBusy) || closer.ErrorCode(err) != closer.ECONFLICT {
		t.Fatalf("busy write: %v, want errBusy", err)
	}
}
