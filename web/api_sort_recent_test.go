package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestRecentSortReverses: sort=recent is the newest first (the default),
// and -recent reverses it as the other sorts' "-" does: the oldest first.
// -recent used to answer the newest first, like recent.
func TestRecentSortReverses(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed() // opp, then opp2: opp2 is the newer
		const opps = "/api/v1/orgs/acme/opportunities"
		for _, c := range []struct{ query, first string }{
			{"", "opp2"},
			{"?sort=recent", "opp2"},
			{"?sort=-recent", "opp"},
			{"?sort=-recent&status=open", "opp"},
		} {
			got := f.do(t, "consultant", "GET", opps+c.query, "", nil)
			if got.status != 200 {
				t.Fatalf("%s: %d %s", c.query, got.status, got.body)
			}
			items, _ := got.json(t)["items"].([]any)
			if len(items) != 2 {
				t.Fatalf("%s: %d items, want 2: %s", c.query, len(items), got.body)
			}
			var ids []int64
			for _, it := range items {
				ids = append(ids, int64(it.(map[string]any)["id"].(float64)))
			}
			if ids[0] != f.ids[c.first] {
				t.Errorf("%s: ids %v, want %s (%d) first", c.query, ids, c.first, f.ids[c.first])
			}
		}
	})
}
