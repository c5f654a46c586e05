package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// The lists that are held in memory (the import profiles, the portfolio, a
// note's history) take limit and offset as every list does: a page of the
// items, the total counting them all, the same bounds.
func TestInMemoryListsArePaged(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		must(t, db.AddMember(closer.NewSystemContext(context.Background()), "other", "consultant@example.test", closer.RoleConsultant))
		n := &closer.ConsultantNote{StartsOn: closer.MustDate("2025-04-01"), Period: closer.PeriodQuarter, Body: "Première version."}
		ctx := f.actor("consultant", "acme")
		must(t, db.CreateNote(ctx, n))
		for _, body := range []string{"Deuxième version.", "Troisième version."} {
			up, err := db.UpdateNote(ctx, n.ID, n.Version, body)
			must(t, err)
			n = up
		}
		f.ids["note"] = n.ID
		page := func(path string, wantItems, wantTotal int, first string) { // first: a piece of the first item's JSON
			t.Helper()
			got := f.do(t, "consultant", "GET", path, "", nil)
			if got.status != 200 {
				t.Fatalf("%s: %d %s", path, got.status, got.body)
			}
			v := got.json(t)
			items, _ := v["items"].([]any)
			if len(items) != wantItems || v["total"] != float64(wantTotal) {
				t.Fatalf("%s: %d items, total %v; want %d, %d\n%s", path, len(items), v["total"], wantItems, wantTotal, got.body)
			}
			if first != "" {
				if b, _ := json.Marshal(items[0]); !strings.Contains(string(b), first) {
					t.Errorf("%s: first item %s, want %s in it", path, b, first)
				}
			}
		}
		const org = "/api/v1/orgs/acme"
		page(org+"/imports/profiles", 11, 11, `"name":"closer"`)
		page(org+"/imports/profiles?limit=2&offset=1", 2, 11, `"name":"closer-accounts"`)
		page(org+"/imports/profiles?offset=11", 0, 11, "")
		page("/api/v1/portfolio", 2, 2, `"slug":"acme"`)
		page("/api/v1/portfolio?limit=1&offset=1", 1, 2, `"slug":"other"`)
		page(f.expand(org+"/notes/{note}/history"), 3, 3, `"body":"Troisième version."`)
		page(f.expand(org+"/notes/{note}/history?limit=1&offset=2"), 1, 3, `"body":"Première version."`)
		f.run(t, []scenario{
			{name: "profiles, limit too large", as: "consultant", method: "GET", path: org + "/imports/profiles?limit=501", status: 400, field: "limit"},
			{name: "portfolio, negative offset", as: "consultant", method: "GET", path: "/api/v1/portfolio?offset=-1", status: 400, field: "offset"},
			{name: "history, limit 0", as: "consultant", method: "GET", path: org + "/notes/{note}/history?limit=0", status: 400, field: "limit"},
		})
	})
}
