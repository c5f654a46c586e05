package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// listening starts db.Listen and returns the orgs it delivers, once it listens.
func listening(t *testing.T, db *sqlstore.DB) <-chan int64 {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	got, ready, done := make(chan int64, 10), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.Listen(ctx, func() { close(ready) }, func(orgID int64) { got <- orgID })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Listen ended with %v, want nil after its context ended", err)
		}
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("Listen: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("Listen is not ready after 10s")
	}
	return got
}

func TestNotifyReachesTheOtherInstancesOnly(t *testing.T) {
	url := sqltest.NewPostgresDatabase(t)
	ctx := context.Background()
	var dbs [2]*sqlstore.DB
	for i := range dbs {
		db, err := sqlstore.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	a, b := listening(t, dbs[0]), listening(t, dbs[1])

	if err := dbs[0].Notify(ctx, 42); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-b:
		if id != 42 {
			t.Fatalf("instance B got org %d, want 42", id)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("instance B got no notification")
	}
	// A announced it: its own listener skips it. B's announcement, sent
	// after A's, reaches A; had A delivered its own, it would come first.
	if err := dbs[1].Notify(ctx, 7); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-a:
		if id != 7 {
			t.Fatalf("instance A got org %d first, want 7 (its own announcement of 42 came back)", id)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("instance A got no notification")
	}
}

func TestNotifyAndListenOnSQLiteAreQuiet(t *testing.T) {
	db := sqltest.SQLite(t)
	got := listening(t, db)
	if err := db.Notify(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-got:
		t.Fatalf("SQLite delivered a change of org %d", id)
	default:
	}
}
