package web_test

import (
	"context"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestAuditAPI: owners read the log (others 403, outsiders 404); deletions
// and exports made through the API are in it, with the caller's address.
func TestAuditAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		f.run(t, []scenario{
			{name: "owner deletes an opportunity", as: "owner", method: "DELETE", path: "/api/v1/orgs/acme/opportunities/{opp}", status: 204},
			{name: "consultant exports", as: "consultant", method: "GET", path: "/api/v1/orgs/acme/exports?entity=accounts&format=json", status: 200},
			{name: "refused export is not recorded", as: "consultant", method: "GET", path: "/api/v1/orgs/acme/exports?format=pdf", status: 400, field: "format"},
			{name: "owner reads the log", as: "owner", method: "GET", path: "/api/v1/orgs/acme/audit", status: 200,
				want: []string{`"action":"opportunity.delete"`, `"target":"opportunity {opp}"`, `"detail":"Windows for opp"`, `"ip":"127.0.0.1"`, `"action":"export"`}},
			{name: "filter by action", as: "owner", method: "GET", path: "/api/v1/orgs/acme/audit?action=export", status: 200,
				want: []string{`"total":1`, `"user_name":"User consultant"`, `"target":"accounts"`, `"detail":"json"`}},
			{name: "filter by person", as: "owner", method: "GET", path: "/api/v1/orgs/acme/audit?user=owner@example.test&action=opportunity.delete", status: 200,
				want: []string{`"total":1`}},
			{name: "paging", as: "owner", method: "GET", path: "/api/v1/orgs/acme/audit?limit=1&offset=1", status: 200},
			{name: "bad limit", as: "owner", method: "GET", path: "/api/v1/orgs/acme/audit?limit=0", status: 400, field: "limit"},
			{name: "bad user", as: "owner", method: "GET", path: "/api/v1/orgs/acme/audit?user=nobody", status: 400, field: "user"},
			{name: "manager is refused", as: "manager", method: "GET", path: "/api/v1/orgs/acme/audit", status: 403},
			{name: "sales is refused", as: "sales", method: "GET", path: "/api/v1/orgs/acme/audit", status: 403},
			{name: "consultant is refused", as: "consultant", method: "GET", path: "/api/v1/orgs/acme/audit", status: 403},
			{name: "outsider gets 404", as: "outsider", method: "GET", path: "/api/v1/orgs/acme/audit", status: 404},
			{name: "no token", as: "", method: "GET", path: "/api/v1/orgs/acme/audit", status: 401},
		})
		// The other org's log has none of acme's deletions.
		got := f.do(t, "outsider", "GET", "/api/v1/orgs/other/audit?action=opportunity.delete", "", nil)
		if got.status != 200 || !strings.Contains(string(got.body), `"total":0`) {
			t.Fatalf("other org's log: %d %s", got.status, got.body)
		}
	})
}

// TestRevokedTokenAPI: a revoked token gets 401 at once; the others keep working.
func TestRevokedTokenAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		tokens, err := db.UserTokens(context.Background(), f.ids["sales"])
		must(t, err)
		f.run(t, []scenario{{name: "before", as: "sales", method: "GET", path: "/api/v1/orgs", status: 200}})
		must(t, db.RevokeToken(context.Background(), f.ids["sales"], tokens[0].ID))
		f.run(t, []scenario{
			{name: "revoked", as: "sales", method: "GET", path: "/api/v1/orgs", status: 401},
			{name: "another user's token still works", as: "sales2", method: "GET", path: "/api/v1/orgs", status: 200},
		})
		entries, _, err := db.AuditLog(f.actor("owner", "acme"), closer.AuditFilter{Action: closer.AuditTokenRevoke})
		must(t, err)
		if len(entries) != 1 || entries[0].UserID != f.ids["sales"] {
			t.Fatalf("revocation in the log: %+v", entries)
		}
	})
}
