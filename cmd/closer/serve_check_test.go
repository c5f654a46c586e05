package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"closer/sqlstore"
	"closer/web"
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

// TestHealthOfUnansweringDatabase: /healthz answers 503 once its bound
// has passed when the database check does not return by itself.
func TestHealthOfUnansweringDatabase(t *testing.T) {
	hang := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	s := &web.Server{Ping: boundedPing(hang, 50*time.Millisecond), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/healthz: %d, want 503", resp.StatusCode)
	}
}
