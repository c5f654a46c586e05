package web_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/live"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
	"closer/web"
)

// quietWindow is how long a test waits before concluding that a stream
// received nothing: several coalescing windows.
const quietWindow = 4 * live.DefaultWindow

// liveServer is the test server over db whose pages update through feed.
func liveServer(t testing.TB, db *sqlstore.DB, feed closer.ChangeFeed) *web.Server {
	t.Helper()
	s := newTestServer(t, db, today)
	s.Changes = feed
	return s
}

// startLive serves liveServer on a loopback port with a broker of its own.
func startLive(t *testing.T, db *sqlstore.DB, relay live.Relay) (*httptest.Server, *live.Broker) {
	t.Helper()
	b := live.NewBroker(live.DefaultWindow, relay, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(liveServer(t, db, b).Handler())
	t.Cleanup(func() { b.Close(); ts.Close() })
	return ts, b
}

// liveStream is an open SSE stream: its "change" events, and how it answered.
type liveStream struct {
	status  int
	header  http.Header
	changes chan struct{} // one value per "event: change"; closed at the end of the stream
}

// openLive opens the live stream of slug (of all the user's orgs when
// empty) as userID (through a new session) and reads its events until the
// test ends.
func openLive(t *testing.T, db *sqlstore.DB, baseURL string, userID int64, slug string) *liveStream {
	t.Helper()
	secret := newSession(t, db, userID)
	ctx, cancel := context.WithCancel(context.Background())
	path := "/live"
	if slug != "" {
		path = "/o/" + slug + "/live"
	}
	req, err := http.NewRequestWithContext(ctx, "GET", baseURL+path, nil)
	must(t, err)
	req.AddCookie(&http.Cookie{Name: "closer_session", Value: secret})
	res, err := noRedirects.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	s := &liveStream{status: res.StatusCode, header: res.Header, changes: make(chan struct{}, 100)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(s.changes)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if sc.Text() == "event: change" {
				s.changes <- struct{}{}
			}
		}
	}()
	t.Cleanup(func() { cancel(); res.Body.Close(); <-done })
	return s
}

// expectChange waits for a change event, up to a deadline.
func (s *liveStream) expectChange(t *testing.T, what string) {
	t.Helper()
	select {
	case _, ok := <-s.changes:
		if !ok {
			t.Fatalf("%s: the stream ended without a change event", what)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: no change event within 10s", what)
	}
}

// expectQuiet checks that no change event arrives within quietWindow.
func (s *liveStream) expectQuiet(t *testing.T, what string) {
	t.Helper()
	select {
	case _, ok := <-s.changes:
		if ok {
			t.Fatalf("%s: unexpected change event", what)
		}
	case <-time.After(quietWindow):
	}
}

// call sends an API request with a bearer token and returns the status.
func call(t *testing.T, baseURL, token, method, path, body string) int {
	t.Helper()
	res, _ := sendRequest(t, apiRequest(t, method, baseURL+path, token, body))
	return res.StatusCode
}

func TestLiveStreamTellsTheOrgsPagesOfItsChangesOnly(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		ts, _ := startLive(t, db, nil)

		acme := openLive(t, db, ts.URL, f.ids["sales"], "acme")
		if acme.status != http.StatusOK || acme.header.Get("Content-Type") != "text/event-stream" || acme.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("stream answered %d, %q, %q", acme.status, acme.header.Get("Content-Type"), acme.header.Get("Cache-Control"))
		}
		other := openLive(t, db, ts.URL, f.ids["outsider"], "other")
		if other.status != http.StatusOK {
			t.Fatalf("stream of other answered %d", other.status)
		}

		// A refused write changes nothing: no event.
		if st := call(t, ts.URL, f.tokens["manager"], "POST", "/api/v1/orgs/acme/opportunities", `{"title": ""}`); st != http.StatusUnprocessableEntity {
			t.Fatalf("invalid creation answered %d", st)
		}
		acme.expectQuiet(t, "after a refused write")

		// A write through the API by another member reaches acme's page, not other's.
		if st := call(t, ts.URL, f.tokens["manager"], "POST", "/api/v1/orgs/acme/opportunities", `{"title": "Live deal", "amount": 990000}`); st != http.StatusCreated {
			t.Fatalf("creation answered %d", st)
		}
		acme.expectChange(t, "after an API write")

		// A form of the web app (a board move, answered 303) too.
		l, err := db.Lists(f.actor("manager", "acme"))
		must(t, err)
		stages := l.Of(closer.ListStages)
		form := map[string][]string{"stage": {strconv.FormatInt(stages[1].ID, 10)}, "back": {"/o/acme/board"}}
		res := pageRequest(t, db, ts.URL, f.ids["sales"], "POST", "/o/acme/opportunities/"+strconv.FormatInt(f.ids["opp"], 10)+"/stage", form)
		if res.status != http.StatusSeeOther {
			t.Fatalf("board move answered %d: %s", res.status, res.body)
		}
		acme.expectChange(t, "after a form post")
		other.expectQuiet(t, "stream of other after acme's changes")

		// A write in other reaches other's stream.
		if st := call(t, ts.URL, f.tokens["outsider"], "POST", "/api/v1/orgs/other/accounts", `{"name": "Other's customer"}`); st != http.StatusCreated {
			t.Fatalf("creation in other answered %d", st)
		}
		other.expectChange(t, "after other's write")
	})
}

func TestLiveStreamIsForMembersOnly(t *testing.T) {
	db := sqltest.SQLite(t)
	f := newFixture(t, db)
	ts, _ := startLive(t, db, nil)
	for _, tc := range []struct {
		name   string
		userID int64
		slug   string
		status int
	}{
		{"foreign org", f.ids["outsider"], "acme", http.StatusNotFound},
		{"unknown org", f.ids["sales"], "nowhere", http.StatusNotFound},
		{"signed out", 0, "acme", http.StatusSeeOther},
		{"consultant", f.ids["consultant"], "acme", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var status int
			if tc.status == http.StatusOK {
				status = openLive(t, db, ts.URL, tc.userID, tc.slug).status
			} else {
				status = pageRequest(t, db, ts.URL, tc.userID, "GET", "/o/"+tc.slug+"/live", nil).status
			}
			if status != tc.status {
				t.Fatalf("status %d, want %d", status, tc.status)
			}
		})
	}
}

func TestLiveStreamWithoutFeedTellsTheBrowserToStop(t *testing.T) {
	db := sqltest.SQLite(t)
	f := newFixture(t, db)
	ts := httptest.NewServer(liveServer(t, db, nil).Handler())
	t.Cleanup(ts.Close)
	res := pageRequest(t, db, ts.URL, f.ids["sales"], "GET", "/o/acme/live", nil)
	if res.status != http.StatusNoContent {
		t.Fatalf("status %d, want 204", res.status)
	}
	// Writes still work without a feed.
	if st := call(t, ts.URL, f.tokens["manager"], "POST", "/api/v1/orgs/acme/accounts", `{"name": "Quiet"}`); st != http.StatusCreated {
		t.Fatalf("creation answered %d", st)
	}
}

func TestLiveStreamUnsubscribesWhenTheBrowserLeaves(t *testing.T) {
	db := sqltest.SQLite(t)
	f := newFixture(t, db)
	ts, broker := startLive(t, db, nil)
	_, org, err := db.Actor(context.Background(), f.ids["sales"], "acme")
	must(t, err)

	secret := newSession(t, db, f.ids["sales"])
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", ts.URL+"/o/acme/live", nil)
	must(t, err)
	req.AddCookie(&http.Cookie{Name: "closer_session", Value: secret})
	res, err := http.DefaultClient.Do(req)
	must(t, err)
	if n := broker.Subscribers(org.ID); n != 1 {
		t.Fatalf("%d subscribers with the stream open, want 1", n)
	}
	cancel()
	res.Body.Close()
	tick, deadline := time.NewTicker(10*time.Millisecond), time.After(10*time.Second)
	defer tick.Stop()
	for broker.Subscribers(org.ID) != 0 {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatal("the subscription outlived its stream")
		}
	}
}

func TestBoardAndDayAreLive(t *testing.T) {
	db := sqltest.SQLite(t)
	f := newFixture(t, db)
	ts, _ := startLive(t, db, nil)
	for _, page := range []string{"board", "today"} {
		res := pageRequest(t, db, ts.URL, f.ids["sales"], "GET", "/o/acme/"+page, nil)
		if res.status != http.StatusOK || !strings.Contains(res.body, `data-live="/o/acme/live"`) {
			t.Errorf("%s: status %d, live region missing", page, res.status)
		}
	}
}

// openLiveOfMyOrgs opens the stream of all of userID's orgs.
func openLiveOfMyOrgs(t *testing.T, db *sqlstore.DB, baseURL string, userID int64) *liveStream {
	t.Helper()
	return openLive(t, db, baseURL, userID, "")
}

func TestLiveStreamOfMyOrgsFollowsEveryOrgOfTheReaderOnly(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		// The consultant follows acme and other; the salesperson only acme.
		must(t, db.AddMember(closer.NewSystemContext(context.Background()), "other", "consultant@example.test", closer.RoleConsultant))
		ts, broker := startLive(t, db, nil)

		portfolio := openLiveOfMyOrgs(t, db, ts.URL, f.ids["consultant"])
		if portfolio.status != http.StatusOK {
			t.Fatalf("stream of my orgs answered %d", portfolio.status)
		}
		salesAll := openLiveOfMyOrgs(t, db, ts.URL, f.ids["sales"])

		if st := call(t, ts.URL, f.tokens["outsider"], "POST", "/api/v1/orgs/other/accounts", `{"name": "In other"}`); st != http.StatusCreated {
			t.Fatalf("creation in other answered %d", st)
		}
		portfolio.expectChange(t, "the consultant's orgs, after a change in other")
		salesAll.expectQuiet(t, "the salesperson's orgs, after a change in other")

		if st := call(t, ts.URL, f.tokens["manager"], "POST", "/api/v1/orgs/acme/accounts", `{"name": "In acme"}`); st != http.StatusCreated {
			t.Fatalf("creation in acme answered %d", st)
		}
		portfolio.expectChange(t, "the consultant's orgs, after a change in acme")
		salesAll.expectChange(t, "the salesperson's orgs, after a change in acme")

		// Shutting the feed down ends the streams.
		broker.Close()
		for _, s := range []*liveStream{portfolio, salesAll} {
			select {
			case _, ok := <-s.changes:
				for ok {
					_, ok = <-s.changes
				}
			case <-time.After(10 * time.Second):
				t.Fatal("a stream outlived the feed")
			}
		}
	})
}
