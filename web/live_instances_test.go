package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"closer/live"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// readyRelay tells the test when its relay listens.
type readyRelay struct {
	*sqlstore.DB
	ready chan struct{}
}

func (r readyRelay) Listen(ctx context.Context, ready func(), deliver func(int64)) error {
	return r.DB.Listen(ctx, func() { ready(); close(r.ready) }, deliver)
}

func TestLiveChangesCrossInstancesThroughPostgres(t *testing.T) {
	url := sqltest.NewPostgresDatabase(t)
	ctx, cancel := context.WithCancel(context.Background())
	var dbs [2]*sqlstore.DB
	var urls [2]string
	var stopped [2]chan struct{}
	for i := range dbs {
		db, err := sqlstore.Open(ctx, url)
		must(t, err)
		t.Cleanup(func() { db.Close() })
		if i == 0 {
			must(t, db.Migrate(ctx))
		}
		dbs[i] = db
		relay := readyRelay{DB: db, ready: make(chan struct{})}
		ts, b := startLive(t, db, relay)
		urls[i] = ts.URL
		stopped[i] = make(chan struct{})
		go func() { b.Listen(ctx); close(stopped[i]) }()
		select {
		case <-relay.ready:
		case <-time.After(10 * time.Second):
			t.Fatalf("instance %d does not listen after 10s", i)
		}
	}
	// Stop listening before the servers and databases close.
	t.Cleanup(func() {
		cancel()
		<-stopped[0]
		<-stopped[1]
	})
	f := newFixture(t, dbs[0])

	onB := openLive(t, dbs[1], urls[1], f.ids["sales"], "acme")
	otherOnB := openLive(t, dbs[1], urls[1], f.ids["outsider"], "other")
	onA := openLive(t, dbs[0], urls[0], f.ids["sales2"], "acme")

	if st := call(t, urls[0], f.tokens["manager"], "POST", "/api/v1/orgs/acme/opportunities", `{"title": "Made on A"}`); st != 201 {
		t.Fatalf("creation on A answered %d", st)
	}
	onA.expectChange(t, "instance A, where the change was made")
	onB.expectChange(t, "instance B, through PostgreSQL")
	otherOnB.expectQuiet(t, "other's stream on B")
	onA.expectQuiet(t, "instance A, its own announcement coming back")

	if st := call(t, urls[1], f.tokens["manager"], "POST", "/api/v1/orgs/acme/accounts", `{"name": "Made on B"}`); st != 201 {
		t.Fatalf("creation on B answered %d", st)
	}
	onA.expectChange(t, "instance A, through PostgreSQL")
}

func TestLiveStreamOutlivesServerTimeoutsAndEndsAtShutdown(t *testing.T) {
	db := sqltest.SQLite(t)
	f := newFixture(t, db)
	b := live.NewBroker(live.DefaultWindow, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	const timeout = 300 * time.Millisecond
	srv := &http.Server{Handler: liveServer(t, db, b).Handler(), ReadTimeout: timeout, WriteTimeout: timeout}
	srv.RegisterOnShutdown(b.Close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()

	s := openLive(t, db, base, f.ids["sales"], "acme")
	// Past the server's read and write timeouts, the stream still works.
	<-time.After(3 * timeout)
	if st := call(t, base, f.tokens["manager"], "POST", "/api/v1/orgs/acme/accounts", `{"name": "Late"}`); st != 201 {
		t.Fatalf("creation answered %d", st)
	}
	s.expectChange(t, "after the server's timeouts")

	// Shutdown ends the stream instead of waiting for it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("serve: %v", err)
	}
	for range s.changes {
	}
}
