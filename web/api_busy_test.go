package web_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"closer/sqlstore"
	"closer/web"
)

// TestAPIWhileSQLiteIsBusy: while another connection holds SQLite's write
// lock (a large import), a read with a token not used for a minute answers
// at once (the token's last use is not stamped: it waited the busy timeout
// and answered 500), and a change waits, then answers 409 saying nothing
// was saved, as the document describes for every change (it listed 409 on
// a few of them only), and nothing is saved.
func TestAPIWhileSQLiteIsBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "closer.db")
	db, err := sqlstore.Open(ctx, path)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	must(t, db.Migrate(ctx))
	f := newFixture(t, db)
	f.seed()
	const org = "/api/v1/orgs/acme"

	other, err := sql.Open("sqlite", path)
	must(t, err)
	defer other.Close()
	holder, err := other.BeginTx(ctx, nil)
	must(t, err)
	defer holder.Rollback()
	_, err = holder.ExecContext(ctx, `UPDATE users SET name = name`) // the write lock
	must(t, err)

	// the first use of these tokens: their stamp is due
	f.run(t, []scenario{
		{name: "a read", as: "sales", method: "GET", path: org + "/opportunities?limit=5", status: 200, want: []string{`"total":2`}},
		{name: "another read", as: "consultant", method: "GET", path: org + "/opportunities/{opp}/events", status: 200},
	})
	// a change waits in vain (the two at once: they wait once, on two
	// cores); TestOpenAPIChangesMayConflict checks that every change lists
	// the 409
	changes := []scenario{
		{name: "an account", as: "manager", method: "POST", path: org + "/accounts", body: `{"name": "Busy SARL"}`},
		{name: "a close", as: "sales2", method: "POST", path: org + "/opportunities/{opp2}/close", body: `{"outcome": "won", "closed_on": "2025-06-14", "amount": 1}`},
	}
	t.Run("changes", func(t *testing.T) {
		for _, sc := range changes {
			t.Run(sc.name, func(t *testing.T) {
				t.Parallel()
				got := f.do(t, sc.as, sc.method, sc.path, sc.body, nil)
				if got.status != 409 || !strings.Contains(string(got.body), "nothing was saved") {
					t.Errorf("%s %s while busy: %d %s, want 409", sc.method, sc.path, got.status, got.body)
				}
			})
		}
	})
	must(t, holder.Rollback())
	f.run(t, []scenario{
		{name: "no account saved", as: "manager", method: "GET", path: org + "/accounts", status: 200, want: []string{`"total":1`}},
		{name: "still open", as: "sales2", method: "GET", path: org + "/opportunities/{opp2}", status: 200, want: []string{`"status":"open"`}},
	})
}

// TestOpenAPIChangesMayConflict: every change the API serves (POST, PUT,
// PATCH, DELETE) lists 409, which a busy SQLite database answers to any of
// them (TestAPIWhileSQLiteIsBusy), as well as a stale version or a
// duplicate.
func TestOpenAPIChangesMayConflict(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(web.OpenAPI())
	must(t, err)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if method == "GET" || method == "HEAD" {
				continue
			}
			if op.Responses.Status(409) == nil {
				t.Errorf("%s %s does not list 409", method, path)
			}
		}
	}
}
