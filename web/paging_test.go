package web_test

import (
	"fmt"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestPaging checks limit, offset and total on a list bigger than a page.
func TestPaging(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		ctx := f.actor("manager", "acme")
		for i := range 60 {
			must(t, db.CreateAccount(ctx, &closer.Account{Name: fmt.Sprintf("Account %02d", i)}))
		}
		const accounts = "/api/v1/orgs/acme/accounts"
		for _, c := range []struct {
			query    string
			status   int
			items    int
			total    int
			badParam string
		}{
			{"", 200, 50, 60, ""},
			{"?limit=7", 200, 7, 60, ""},
			{"?limit=500", 200, 60, 60, ""},
			{"?limit=25&offset=50", 200, 10, 60, ""},
			{"?offset=60", 200, 0, 60, ""},
			{"?offset=1000", 200, 0, 60, ""},
			{"?q=account%200&limit=3", 200, 3, 10, ""},
			{"?limit=0", 400, 0, 0, "limit"},
			{"?limit=501", 400, 0, 0, "limit"},
			{"?limit=ten", 400, 0, 0, "limit"},
			{"?offset=-5", 400, 0, 0, "offset"},
			{"?offset=1.5", 400, 0, 0, "offset"},
		} {
			got := f.do(t, "sales", "GET", accounts+c.query, "", nil)
			if got.status != c.status {
				t.Errorf("%s: status %d, want %d: %s", c.query, got.status, c.status, got.body)
				continue
			}
			v := got.json(t)
			if c.status != 200 {
				if field := v["error"].(map[string]any)["field"]; field != c.badParam {
					t.Errorf("%s: field %v, want %s", c.query, field, c.badParam)
				}
				continue
			}
			if n := len(v["items"].([]any)); n != c.items {
				t.Errorf("%s: %d items, want %d", c.query, n, c.items)
			}
			if total := v["total"].(float64); int(total) != c.total {
				t.Errorf("%s: total %v, want %d", c.query, total, c.total)
			}
		}
	})
}
