package web_test

import (
	"encoding/json"
	"slices"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
	"closer/web"
)

// A query parameter given twice answers 400 naming it, but for the ones the
// document declares repeatable (status); every parameter refuses an empty
// value, naming it; enumerated filters refuse unknown values; an owner filter that names nobody of the org is a 400
// on every list, as on the statistics.
func TestQueryParameters(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		org := "/api/v1/orgs/acme"
		f.run(t, []scenario{
			{name: "owner twice", as: "owner", method: "GET", path: org + "/opportunities?owner={sales}&owner={sales2}", status: 400, field: "owner"},
			{name: "limit twice", as: "owner", method: "GET", path: org + "/opportunities?limit=5&limit=6", status: 400, field: "limit"},
			{name: "sort twice", as: "owner", method: "GET", path: org + "/opportunities?sort=amount&sort=-amount", status: 400, field: "sort"},
			{name: "q twice", as: "owner", method: "GET", path: org + "/accounts?q=a&q=zzzz", status: 400, field: "q"},
			{name: "from twice", as: "owner", method: "GET", path: org + "/stats?from=2025-01-01&from=2025-02-01", status: 400, field: "from"},
			{name: "status repeated", as: "owner", method: "GET", path: org + "/opportunities?status=open&status=won", status: 200, want: []string{`"total":2`}},
			{name: "unknown audit action", as: "owner", method: "GET", path: org + "/audit?action=bogus", status: 400, field: "action",
				want: []string{`"message":"Action must be `, `, activity.delete or target.delete, not \"bogus\"."`}},
			{name: "an audit action", as: "owner", method: "GET", path: org + "/audit?action=opportunity.delete", status: 200},
			{name: "empty activity kind", as: "owner", method: "GET", path: org + "/activities?kind=", status: 400, field: "kind"},
			{name: "empty order kind", as: "owner", method: "GET", path: org + "/orders?kind=", status: 400, field: "kind"},
			{name: "an activity kind", as: "owner", method: "GET", path: org + "/activities?kind=call", status: 200},
			{name: "empty group", as: "owner", method: "GET", path: org + "/stats?from=2025-01-01&to=2025-03-31&group=", status: 400, field: "group",
				want: []string{`"message":"Parameter \"group\" is empty: give a value or leave it out."`}},
			{name: "empty owner of the statistics", as: "owner", method: "GET", path: org + "/stats?owner=", status: 400, field: "owner"},
			{name: "empty dates", as: "owner", method: "GET", path: org + "/stats?to=&from=", status: 400, field: "from"},
			{name: "empty language", as: "consultant", method: "GET", path: org + "/diagnostics?lang=", status: 400, field: "lang"},
			{name: "empty owner filter", as: "owner", method: "GET", path: org + "/opportunities?owner=", status: 400, field: "owner"},
			{name: "empty status among others", as: "owner", method: "GET", path: org + "/opportunities?status=open&status=", status: 400, field: "status"},
			{name: "empty search", as: "owner", method: "GET", path: org + "/accounts?q=", status: 400, field: "q"},
			{name: "empty limit", as: "owner", method: "GET", path: org + "/accounts?limit=", status: 400, field: "limit"},
			{name: "unknown activity kind", as: "owner", method: "GET", path: org + "/activities?kind=lunch", status: 400, field: "kind",
				want: []string{`"message":"Kind must be call, meeting, email, task or relaunch, not \"lunch\"."`}},
			{name: "unknown order kind", as: "owner", method: "GET", path: org + "/orders?kind=weird", status: 400, field: "kind",
				want: []string{`"message":"Kind must be linked, direct or recurring, not \"weird\"."`}},
			{name: "unknown sort", as: "owner", method: "GET", path: org + "/opportunities?sort=colour", status: 400, field: "sort",
				want: []string{`"message":"Sort must be recent, amount, next_action, closed_on, title or held_on (with - to reverse), not \"colour\"."`}},
			{name: "opportunities of a non-member", as: "owner", method: "GET", path: org + "/opportunities?owner={outsider}", status: 400, field: "owner"},
			{name: "opportunities of nobody", as: "owner", method: "GET", path: org + "/opportunities?owner=999999", status: 400, field: "owner"},
			{name: "accounts of a non-member", as: "owner", method: "GET", path: org + "/accounts?owner=999999", status: 400, field: "owner"},
			{name: "activities of a non-member", as: "owner", method: "GET", path: org + "/activities?owner=999999", status: 400, field: "owner"},
			{name: "opportunities of a member", as: "owner", method: "GET", path: org + "/opportunities?owner={sales}", status: 200, want: []string{`"total":1`}},
		})
	})
}

// The document's list of audit actions is the domain's.
func TestAuditActionsDocumented(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	must(t, json.Unmarshal(web.OpenAPI(), &doc))
	for _, p := range doc.Paths["/api/v1/orgs/{slug}/audit"]["get"].Parameters {
		if p.Name == "action" {
			if !slices.Equal(p.Schema.Enum, closer.AuditActions) {
				t.Fatalf("documented %v, want %v", p.Schema.Enum, closer.AuditActions)
			}
			return
		}
	}
	t.Fatal("no action parameter")
}

// Bodies are read strictly: exact field names, valid text, an object.
func TestBodyStrictness(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		path := "/api/v1/orgs/acme/opportunities"
		f.run(t, []scenario{
			{name: "a name in capitals", as: "sales", method: "POST", path: path, body: `{"TITLE": "upper", "Amount": 5}`, status: 400, field: "TITLE"},
			{name: "null body", as: "sales", method: "POST", path: path, body: `null`, status: 400, want: []string{`must be a JSON object`}},
			{name: "invalid UTF-8", as: "sales", method: "POST", path: path, body: "{\"title\": \"caf\xe9\"}", status: 400, field: "title"},
			{name: "a lone surrogate", as: "sales", method: "POST", path: path, body: `{"title": "\ud800"}`, status: 400, field: "title"},
			{name: "a surrogate pair", as: "sales", method: "POST", path: path, body: `{"title": "\ud83d\ude00"}`, status: 201, want: []string{"\"title\":\"\U0001F600\""}},
		})
	})
}

// The web app's pages are not held to the API's rule on empty parameters:
// their forms send empty fields (a filter left blank) and mean "any".
func TestPagesTakeEmptyParameters(t *testing.T) {
	e := newPageEnv(t, today)
	for _, path := range []string{"/o/acme/opportunities?q=&owner=&stage=&status=", "/o/acme/orders?kind=&owner=",
		"/o/acme/activities?kind=&owner=", "/o/acme/dashboard?owner=&group=&from=&to="} {
		if r := e.do("owner@acme.test", "GET", path, nil); r.status != 200 {
			t.Errorf("%s: %d", path, r.status)
		}
	}
}
