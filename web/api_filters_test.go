package web_test

import (
	"strings"
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestSearchTextBound checks that a search text over 200 characters is a
// 400 naming q on every list that searches, like every other bad query
// parameter (and the status the document lists), and that 200 is taken.
func TestSearchTextBound(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		long, most := strings.Repeat("a", 201), strings.Repeat("é", 200)
		var scenarios []scenario
		for _, list := range []string{"opportunities", "accounts", "contacts"} {
			scenarios = append(scenarios,
				scenario{name: list + " 201 characters", as: "sales", method: "GET", path: org + "/" + list + "?q=" + long, status: 400, field: "q", want: []string{"200 characters"}},
				scenario{name: list + " 200 characters", as: "sales", method: "GET", path: org + "/" + list + "?q=" + most, status: 200, want: []string{`"total":0`}},
			)
		}
		f.run(t, scenarios)
	})
}
