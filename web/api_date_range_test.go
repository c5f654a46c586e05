package web_test

import (
	"fmt"
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestInvertedDateRanges: a range of dates that ends before it starts is a
// 400 naming its end on every list that takes one, as it is for the
// statistics, instead of an empty list taken for "nothing in that period"
// (or, for targets, a target of October for a period running backwards).
// One day (from = to) and an open end are ranges like any other.
func TestInvertedDateRanges(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		const message = `"message":"The period ends (2025-10-01) before it starts (2025-10-31)."`
		var scenarios []scenario
		for _, c := range []struct{ list, from, to string }{
			{"orders", "from", "to"},
			{"quotes", "from", "to"},
			{"activities", "from", "to"},
			{"notes", "from", "to"},
			{"targets", "from", "to"},
			{"stats", "from", "to"},
			{"diagnostics", "from", "to"},
			{"opportunities", "closed_from", "closed_to"},
			{"opportunities", "detected_from", "detected_to"},
		} {
			path := org + "/" + c.list + "?" + c.from + "=%s&" + c.to + "=%s"
			scenarios = append(scenarios,
				scenario{name: c.list + " " + c.to + " before " + c.from, as: "consultant", method: "GET", path: fmt.Sprintf(path, "2025-10-31", "2025-10-01"), status: 400, field: c.to,
					want: []string{message}},
				scenario{name: c.list + " " + c.from + " on one day", as: "consultant", method: "GET", path: fmt.Sprintf(path, "2025-10-01", "2025-10-01"), status: 200},
			)
			if c.list != "stats" && c.list != "diagnostics" { // these need both ends
				scenarios = append(scenarios, scenario{name: c.list + " " + c.to + " open", as: "consultant", method: "GET", path: org + "/" + c.list + "?" + c.from + "=2025-10-31", status: 200})
			}
		}
		f.run(t, scenarios)
	})
}

// TestInvertedDateRangePages: the filters of the opportunities and orders
// pages say that a range ends before it starts, by the filters, rather than
// list nothing: the opportunities list ignores the range's end (as it does
// a date it cannot read), the orders page lists nothing but the error (as
// it does for a date it cannot read, answered 400).
func TestInvertedDateRangePages(t *testing.T) {
	e := newPageEnv(t, today)
	const said = "La période se termine (2025-10-01) avant de commencer (2025-10-31)."
	for _, c := range []struct {
		path   string
		status int
	}{
		{"/o/acme/opportunities?closed_from=2025-10-31&closed_to=2025-10-01", 200},
		{"/o/acme/opportunities?detected_from=2025-10-31&detected_to=2025-10-01", 200},
		{"/o/acme/orders?from=2025-10-31&to=2025-10-01", 400},
	} {
		wantPage(t, c.path, e.do("owner@acme.test", "GET", c.path, nil), c.status, said)
	}
}
