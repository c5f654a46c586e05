package web_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// No N+1: a page runs about the same number of queries whether it shows a
// few rows or a full page of them. The same pages are asked of a small
// demo org (a handful of rows per list) and of one ten times larger (full
// pages of 25 to 50 rows): their query counts may differ by the one or two
// a full page needs (a list counts its total only when its page is full),
// never by a query per row. The counts are of the pool's statements
// (sqlstore.DB.Queries): page reads run outside transactions.
func TestPagesRunFixedQueries(t *testing.T) {
	counts := func(n int) map[string]int64 {
		db, creds, h := demoHandler(t, n)
		session := func(email string) string { return newSession(t, db, userID(t, db, email)) }
		owner, sales := session(creds.Emails[0]), session(creds.Emails[2])
		one := func(query string) string {
			var id int64
			if err := db.SQL().QueryRow(query).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return strconv.FormatInt(id, 10)
		}
		busiestAccount := one(`SELECT account_id FROM opportunities WHERE account_id IS NOT NULL GROUP BY account_id ORDER BY COUNT(*) DESC, account_id LIMIT 1`)
		busiestOpp := one(`SELECT opportunity_id FROM events GROUP BY opportunity_id ORDER BY COUNT(*) DESC, opportunity_id LIMIT 1`)
		out := map[string]int64{}
		for _, p := range []struct{ name, session, path string }{
			{"today", sales, "/o/demo/today"},
			{"today/team", owner, "/o/demo/today?owner=all"},
			{"board", owner, "/o/demo/board"},
			{"relaunch", owner, "/o/demo/relaunch"},
			{"opportunities", owner, "/o/demo/opportunities"},
			{"opportunities/lost+vanished", owner, "/o/demo/opportunities?status=lost&status=vanished"},
			{"opportunities/open by next action", owner, "/o/demo/opportunities?status=open&sort=next_action&dir=asc"},
			{"opportunities/search", owner, "/o/demo/opportunities?q=a"},
			{"opportunity", owner, "/o/demo/opportunities/" + busiestOpp},
			{"opportunity/edit", owner, "/o/demo/opportunities/" + busiestOpp + "/edit"},
			{"accounts", owner, "/o/demo/accounts"},
			{"account", owner, "/o/demo/accounts/" + busiestAccount},
			{"orders", owner, "/o/demo/orders"},
			{"quotes", owner, "/o/demo/quotes"},
			{"activities", sales, "/o/demo/activities"},
			{"activities/team done", owner, "/o/demo/activities?owner=all&tab=done"},
		} {
			get := func() {
				req := httptest.NewRequest("GET", p.path, nil)
				req.AddCookie(&http.Cookie{Name: "closer_session", Value: p.session})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					t.Fatalf("%s: status %d", p.path, rec.Code)
				}
			}
			get() // a first visit may refresh the session
			before := db.Queries()
			get()
			out[p.name] = db.Queries() - before
		}
		return out
	}
	small, large := counts(40), counts(400)
	for page, n := range large {
		if d := n - small[page]; d > 2 || d < -2 {
			t.Errorf("%s: %d queries with full pages, %d with a few rows: a query per row?", page, n, small[page])
		}
		if n > 20 {
			t.Errorf("%s: %d queries", page, n)
		}
	}
}
