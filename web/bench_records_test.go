package web_test

import (
	"strconv"
	"testing"
)

// BenchmarkRecordPages measures the server time of each records page (the
// whole handler: session, org, queries, template) on the demo organization
// of 10,000 opportunities over SQLite, with its accounts, contacts, quotes,
// orders of the three kinds and activities. Besides ns/op it reports the
// median of the iterations ("ms-median"), which the product bounds at 5 ms.
//
//	go test -run '^$' -bench RecordPages -benchtime 200x ./web
func BenchmarkRecordPages(b *testing.B) {
	db, creds, h := demoHandler(b, 10000)
	b.Logf("demo org: %+v", creds.Summary)
	session := func(email string) string { return newSession(b, db, userID(b, db, email)) }
	owner := session(creds.Emails[0])
	sales := session(creds.Emails[2])
	consultant := session(creds.Emails[len(creds.Emails)-1])
	// The busiest account: the most opportunities, orders and activities to show.
	var busiest int64
	if err := db.SQL().QueryRow(`SELECT account_id FROM opportunities WHERE account_id IS NOT NULL
		GROUP BY account_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&busiest); err != nil {
		b.Fatal(err)
	}
	acc := "/o/demo/accounts/" + strconv.FormatInt(busiest, 10)
	for _, p := range []struct{ name, session, path string }{
		{"accounts", owner, "/o/demo/accounts"},
		{"accounts_search", owner, "/o/demo/accounts?q=bou&offset=50"},
		{"account", owner, acc},
		{"account_form", owner, acc + "/edit"},
		{"orders", owner, "/o/demo/orders"},
		{"orders_direct_2024", owner, "/o/demo/orders?kind=direct&from=2024-01-01&to=2024-12-31"},
		{"order_form", owner, "/o/demo/orders/new?account=" + strconv.FormatInt(busiest, 10)},
		{"quotes", owner, "/o/demo/quotes?status=sent"},
		{"activities_mine", sales, "/o/demo/activities"},
		{"activities_team_done", owner, "/o/demo/activities?owner=all&tab=done&offset=100"},
		{"activity_form", sales, "/o/demo/activities/new"},
		// The other pages of the app, for the same bound.
		{"settings", owner, "/o/demo/settings"},
		{"audit", owner, "/o/demo/settings/audit"},
		{"thresholds", owner, "/o/demo/dashboard/thresholds"},
		{"import", owner, "/o/demo/import"},
		{"my_account", sales, "/account"},
		{"notes", consultant, "/o/demo/notes"},
		{"portfolio", consultant, "/portfolio"},
	} {
		b.Run(p.name, func(b *testing.B) { benchPage(b, h, p.path, p.session) })
	}
}
