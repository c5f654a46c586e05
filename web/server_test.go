package web_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
	"closer/web"
)

func TestHealthWhenTheDatabaseIsDown(t *testing.T) {
	s := &web.Server{Ping: func(context.Context) error { return errors.New("connection refused") },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/healthz")
	must(t, err)
	defer res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", res.StatusCode)
	}
}

// brokenOpportunities fails like an unreachable database, or panics.
type brokenOpportunities struct {
	closer.OpportunityService
	panics bool
}

func (b brokenOpportunities) FindOpportunity(ctx context.Context, id int64) (*closer.Opportunity, error) {
	if b.panics {
		panic("boom")
	}
	return nil, errors.New("pq: connection reset by peer at 10.0.0.7")
}

// TestInternalErrors checks that an internal error or a panic answers a 500
// that hides the details, gives a reference, and logs both once.
func TestInternalErrors(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		for _, panics := range []bool{false, true} {
			var logs bytes.Buffer
			s := newTestServer(t, db, today)
			s.Opportunities = brokenOpportunities{panics: panics}
			s.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			srv := httptest.NewServer(s.Handler())
			req, _ := http.NewRequest("GET", srv.URL+"/api/v1/orgs/acme/opportunities/1", nil)
			req.Header.Set("Authorization", "Bearer "+f.tokens["sales"])
			res, err := srv.Client().Do(req)
			must(t, err)
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			srv.Close()
			if res.StatusCode != 500 || !strings.Contains(string(body), `"code":"internal"`) || !strings.Contains(string(body), "reference") {
				t.Errorf("panics=%v: %d %s", panics, res.StatusCode, body)
			}
			if strings.Contains(string(body), "10.0.0.7") || strings.Contains(string(body), "boom") {
				t.Errorf("the answer leaks the details: %s", body)
			}
			if n := strings.Count(logs.String(), "internal error"); n != 1 {
				t.Errorf("panics=%v: logged %d times:\n%s", panics, n, logs.String())
			}
		}
	})
}

func TestSecurityHeadersAndUnauthorized(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		got := f.do(t, "", "GET", "/api/v1/orgs", "", nil)
		if got.status != 401 || !strings.HasPrefix(got.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("status %d, WWW-Authenticate %q", got.status, got.header.Get("WWW-Authenticate"))
		}
		if got.header.Get("X-Content-Type-Options") != "nosniff" || got.header.Get("Cache-Control") != "no-store" {
			t.Errorf("missing security headers: %v", got.header)
		}
		got = f.do(t, "", "GET", "/api/v1/orgs", "", map[string]string{"Authorization": "Basic dXNlcjpwYXNz"})
		if got.status != 401 {
			t.Errorf("basic auth: status %d", got.status)
		}
	})
}
