package main

import (
	"context"
	"path/filepath"
	"testing"

	"closer/sqlstore"
)

// TestServerIsWired: closer serve's server carries every service the web
// layer requires (Check would refuse to start otherwise).
func TestServerIsWired(t *testing.T) {
	db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "closer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := newServer(db, nil).Check(); err != nil {
		t.Fatal(err)
	}
}
