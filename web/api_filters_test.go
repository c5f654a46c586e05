package web_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
	"closer/web"
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

// TestOpportunityEnumsDocumented checks that the document's enums of sort
// and of the status items are what the list takes: every value answers 200
// (and validates against the document), anything else 400 naming the
// parameter, spaces and case included; and that POST refuses a version, as
// its schema has none.
func TestOpportunityEnumsDocumented(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(web.OpenAPI())
	must(t, err)
	enum := func(s *openapi3.Schema) []string {
		var out []string
		for _, v := range s.Enum {
			out = append(out, v.(string))
		}
		return out
	}
	sorts := enum(doc.Components.Parameters["sort"].Value.Schema.Value)
	if len(sorts) != 12 || !slices.Contains(sorts, "-held_on") {
		t.Fatalf("sort enum %v: want each order and its reverse", sorts)
	}
	items := doc.Components.Parameters["status"].Value.Schema.Value.Items.Value
	if len(items.AnyOf) == 0 {
		t.Fatal("the status items have no enum")
	}
	statuses := enum(items.AnyOf[0].Value)
	var want []string
	for _, st := range closer.Statuses {
		want = append(want, string(st))
	}
	if !slices.Equal(statuses, want) {
		t.Errorf("status enum %v, want the five statuses %v", statuses, want)
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const opps = "/api/v1/orgs/acme/opportunities"
		var scenarios []scenario
		for _, s := range sorts {
			scenarios = append(scenarios, scenario{name: "sort " + s, as: "sales", method: "GET", path: opps + "?sort=" + s, status: 200, want: []string{`"total":2`}})
		}
		for _, st := range statuses {
			scenarios = append(scenarios, scenario{name: "status " + st, as: "sales", method: "GET", path: opps + "?status=" + st, status: 200})
		}
		scenarios = append(scenarios,
			scenario{name: "statuses comma-separated", as: "sales", method: "GET", path: opps + "?status=open,won", status: 200, want: []string{`"total":2`}},
			scenario{name: "sort unknown", as: "sales", method: "GET", path: opps + "?sort=size", status: 400, field: "sort"},
			scenario{name: "sort twice reversed", as: "sales", method: "GET", path: opps + "?sort=--amount", status: 400, field: "sort"},
			scenario{name: "status in capitals", as: "sales", method: "GET", path: opps + "?status=WON", status: 400, field: "status"},
			scenario{name: "an empty status in a list", as: "sales", method: "GET", path: opps + "?status=won,,lost", status: 400, field: "status"},
			scenario{name: "create with a version", as: "sales", method: "POST", path: opps, body: `{"title": "a", "version": 5}`, status: 400, field: "version"},
			scenario{name: "create with an id", as: "sales", method: "POST", path: opps, body: `{"title": "a", "id": 5}`, status: 400, field: "id"},
			scenario{name: "nothing was created", as: "sales", method: "GET", path: opps, status: 200, want: []string{`"total":2`}},
		)
		f.run(t, scenarios)
	})
}

// TestFiltersNameRecordsOfTheOrg checks that a filter by a record's id
// answers 400 naming the parameter when the id is unknown or another org's,
// on every list that takes it, as owner and stage do, so that a typo does
// not read as "no data"; and that the org's own records filter as before.
func TestFiltersNameRecordsOfTheOrg(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		var scenarios []scenario
		for _, c := range []struct{ list, param, own string }{
			{"opportunities", "account", "{account}"},
			{"contacts", "account", "{account}"},
			{"quotes", "opportunity", "{opp}"},
			{"orders", "account", "{account}"},
			{"orders", "opportunity", "{opp}"},
			{"activities", "account", "{account}"},
			{"activities", "opportunity", "{opp}"},
		} {
			foreign := map[string]string{"account": "{foreign_account}", "opportunity": "{foreign_opp}"}[c.param]
			path := org + "/" + c.list + "?" + c.param + "="
			scenarios = append(scenarios,
				scenario{name: c.list + " by another org's " + c.param, as: "sales", method: "GET", path: path + foreign, status: 400, field: c.param,
					want: []string{"No " + c.param + " " + foreign + " in this organization."}},
				scenario{name: c.list + " by an unknown " + c.param, as: "sales", method: "GET", path: path + "999999", status: 400, field: c.param},
				scenario{name: c.list + " by its own " + c.param, as: "sales", method: "GET", path: path + c.own, status: 200},
			)
		}
		scenarios = append(scenarios,
			scenario{name: "contacts of the account", as: "sales", method: "GET", path: org + "/contacts?account={account}", status: 200, want: []string{`"total":1`, `"name":"Marie Dupont"`}},
			scenario{name: "audit by an unknown user", as: "owner", method: "GET", path: org + "/audit?user=99999", status: 400, field: "user", want: []string{"No member 99999"}},
			scenario{name: "audit by another org's user", as: "owner", method: "GET", path: org + "/audit?user={outsider}", status: 400, field: "user"},
			scenario{name: "audit by another org's user's e-mail", as: "owner", method: "GET", path: org + "/audit?user=outsider@example.test", status: 400, field: "user"},
			scenario{name: "audit by a member", as: "owner", method: "GET", path: org + "/audit?user={sales}", status: 200},
			scenario{name: "audit by a member's e-mail", as: "owner", method: "GET", path: org + "/audit?user=sales@example.test", status: 200},
			scenario{name: "audit filter refused to a manager first", as: "manager", method: "GET", path: org + "/audit?user=99999", status: 403},
		)
		f.run(t, scenarios)
	})
}

// TestOneLineFields checks that a title or a name holding a line break or
// a tab is a 422 naming the field, on every record that has one, and that
// multi-line fields (notes) keep taking them; and that the closed sets of
// values of the query (status, action) are taken exactly, spaces refused
// as capitals are.
func TestOneLineFields(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		f.run(t, []scenario{
			{name: "title with a line break", as: "sales", method: "POST", path: org + "/opportunities", body: `{"title": "line\nbreak"}`, status: 422, field: "title", want: []string{"one line"}},
			{name: "title with a carriage return", as: "sales", method: "POST", path: org + "/opportunities", body: `{"title": "line\rbreak"}`, status: 422, field: "title"},
			{name: "title with a tab", as: "sales", method: "POST", path: org + "/opportunities", body: `{"title": "a\tb"}`, status: 422, field: "title"},
			{name: "title with a line separator", as: "sales", method: "POST", path: org + "/opportunities", body: `{"title": "a\u2028b"}`, status: 422, field: "title", want: []string{"U+2028"}},
			{name: "title with a paragraph separator", as: "sales", method: "POST", path: org + "/opportunities", body: `{"title": "a\u2029b"}`, status: 422, field: "title"},
			{name: "title with a next line", as: "sales", method: "POST", path: org + "/opportunities", body: `{"title": "a\u0085b"}`, status: 422, field: "title"},
			{name: "account name with a line separator", as: "sales", method: "POST", path: org + "/accounts", body: `{"name": "A\u2028B"}`, status: 422, field: "name"},
			{name: "title changed to two lines", as: "sales", method: "PATCH", path: org + "/opportunities/{opp}", body: `{"title": "two\nlines"}`, status: 422, field: "title"},
			{name: "a note keeps its lines", as: "sales", method: "PATCH", path: org + "/opportunities/{opp}", body: `{"note": "two\nlines"}`, status: 200, want: []string{`"note":"two\nlines"`}},
			{name: "account name", as: "sales", method: "POST", path: org + "/accounts", body: `{"name": "A\nB"}`, status: 422, field: "name"},
			{name: "account city", as: "sales", method: "POST", path: org + "/accounts", body: `{"name": "AB", "city": "Ly\non"}`, status: 422, field: "city"},
			{name: "contact name", as: "sales", method: "POST", path: org + "/contacts", body: `{"name": "Marie\nDupont"}`, status: 422, field: "name"},
			{name: "contact job title", as: "sales", method: "POST", path: org + "/contacts", body: `{"name": "Marie", "job_title": "CEO\r\nCFO"}`, status: 422, field: "job_title"},
			{name: "activity subject", as: "sales", method: "POST", path: org + "/activities", body: `{"kind": "call", "subject": "Call\nback", "due_on": "2025-06-20"}`, status: 422, field: "subject"},
			{name: "quote number", as: "sales", method: "POST", path: org + "/quotes", body: `{"opportunity": {opp}, "number": "D\n1"}`, status: 422, field: "number"},
			{name: "order reference", as: "sales", method: "POST", path: org + "/orders", body: `{"account": {account}, "amount": 1, "ordered_on": "2025-06-12", "reference": "BC\n1"}`, status: 422, field: "reference"},
			{name: "stage name", as: "owner", method: "POST", path: org + "/stages", body: `{"name": "Won\nover"}`, status: 422, field: "name"},
			{name: "nothing was created", as: "sales", method: "GET", path: org + "/opportunities", status: 200, want: []string{`"total":2`}},

			{name: "status with a trailing space", as: "sales", method: "GET", path: org + "/opportunities?status=won%20", status: 400, field: "status"},
			{name: "status with a leading space", as: "sales", method: "GET", path: org + "/opportunities?status=%20won", status: 400, field: "status"},
			{name: "statuses with a space after the comma", as: "sales", method: "GET", path: org + "/opportunities?status=won,%20lost", status: 400, field: "status"},
			{name: "status in capitals", as: "sales", method: "GET", path: org + "/opportunities?status=WON", status: 400, field: "status"},
			{name: "audit action with a space", as: "owner", method: "GET", path: org + "/audit?action=signin%20", status: 400, field: "action"},
			{name: "audit action", as: "owner", method: "GET", path: org + "/audit?action=signin", status: 200},
		})
	})
}
