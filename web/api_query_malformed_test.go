package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestMalformedQueries: a query pair that does not parse (a ";", or a "%"
// not followed by two hexadecimal digits) is a 400 naming its parameter on
// every route, or "query" when the name itself does not read. Go's parser
// dropped such a pair without a word: owner=3% answered the team's figures
// as the owner's, status=won;lost every status, limit=1;offset=2 a page of
// 50 from the start.
func TestMalformedQueries(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		const stats = org + "/stats?from=2025-01-01&to=2025-12-31"
		escape := `a \"%\" must be followed by two hexadecimal digits`
		semicolon := `a \";\" does not separate parameters`
		f.run(t, []scenario{
			{name: "owner 3%", as: "owner", method: "GET", path: stats + "&owner={sales}%", status: 400, field: "owner",
				want: []string{`"message":"The query holds \"owner={sales}%\": ` + escape + ` (write a \"%\" in a value as %25)."`}},
			{name: "owner 3;", as: "owner", method: "GET", path: stats + "&owner={sales};", status: 400, field: "owner",
				want: []string{`"message":"The query holds \"owner={sales};\": ` + semicolon + `; separate them with \u0026 (and write a \";\" in a value as %3B)."`}},
			{name: "a bad escape first", as: "owner", method: "GET", path: org + "/stats?owner=%zz&from=2025-01-01&to=2025-12-31", status: 400, field: "owner", want: []string{escape}},
			{name: "statuses with a semicolon", as: "owner", method: "GET", path: org + "/opportunities?status=won;lost", status: 400, field: "status", want: []string{semicolon}},
			{name: "paging with a semicolon", as: "owner", method: "GET", path: org + "/opportunities?limit=1;offset=2", status: 400, field: "limit"},
			{name: "a name that does not read", as: "owner", method: "GET", path: org + "/opportunities?%zz=1", status: 400, field: "query", want: []string{escape}},
			{name: "a name with a semicolon", as: "owner", method: "GET", path: org + "/opportunities?a;b=1", status: 400, field: "query"},
			{name: "a lone percent", as: "owner", method: "GET", path: org + "/accounts?q=%", status: 400, field: "q"},
			{name: "a search with an encoded percent", as: "owner", method: "GET", path: org + "/accounts?q=100%25", status: 200},
			{name: "an encoded semicolon", as: "owner", method: "GET", path: org + "/accounts?q=a%3Bb", status: 200},
			{name: "an empty pair between two", as: "owner", method: "GET", path: org + "/opportunities?limit=1&&offset=0", status: 200},
			{name: "a signed-in route", as: "owner", method: "GET", path: "/api/v1/orgs?limit=5%", status: 400, field: "limit"},
			{name: "a public route", as: "", method: "GET", path: "/api/v1/openapi.json?v=1;2", status: 400, field: "v"},
			{name: "a write", as: "owner", method: "POST", path: org + "/accounts?x=%G0", body: `{"name": "Semicolon SA"}`, status: 400, field: "x"},
			{name: "nothing written", as: "owner", method: "GET", path: org + "/accounts?q=semicolon", status: 200, want: []string{`"total":0`}},
		})
	})
}

// TestMalformedQueryPages: the web app's pages refuse such a query too,
// with an error page that says what is wrong (in the reader's language),
// rather than show the page unfiltered as if filtered: their own links and
// forms always encode a query properly, so one that does not parse is a
// damaged or hand-made link, and figures taken for the filtered ones
// would mislead.
func TestMalformedQueryPages(t *testing.T) {
	e := newPageEnv(t, today)
	for _, path := range []string{
		"/o/acme/dashboard?owner=3%",
		"/o/acme/opportunities?status=won;lost",
		"/o/acme/orders?kind=direct;recurring",
	} {
		r := e.do("owner@acme.test", "GET", path, nil)
		wantPage(t, path, r, 400, "La requête contient")
	}
}
