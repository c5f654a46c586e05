package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestEveryListAPI plays the same scenarios on the five configurable lists,
// which share one set of handlers.
func TestEveryListAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		for _, segment := range []string{"stages", "loss-reasons", "vanish-reasons", "competitors", "sources"} {
			path := "/api/v1/orgs/acme/" + segment
			t.Run(segment, func(t *testing.T) {
				f.run(t, []scenario{
					{name: "list", as: "consultant", method: "GET", path: path, status: 200, want: []string{`"items":[`}},
					{name: "add", as: "owner", method: "POST", path: path, body: `{"name": "New <entry>"}`, status: 201,
						want: []string{`"name":"New \u003centry\u003e"`, `"retired":false`}, save: "entry"},
					{name: "add without a name", as: "owner", method: "POST", path: path, body: `{"name": "  "}`, status: 422, field: "name"},
					{name: "add, unknown field", as: "owner", method: "POST", path: path, body: `{"label": "x"}`, status: 400, field: "label"},
					{name: "manager adds", as: "manager", method: "POST", path: path, body: `{"name": "x"}`, status: 403},
					{name: "rename and retire", as: "owner", method: "PATCH", path: path + "/{entry}", body: `{"name": "Renamed", "retired": true}`, status: 200,
						want: []string{`"name":"Renamed"`, `"retired":true`}},
					{name: "listed with retired ones", as: "sales", method: "GET", path: path, status: 200, want: []string{`"name":"Renamed"`}},
					{name: "sales renames", as: "sales", method: "PATCH", path: path + "/{entry}", body: `{"name": "x"}`, status: 403},
					{name: "unknown entry", as: "owner", method: "PATCH", path: path + "/999999", body: `{"name": "x"}`, status: 404},
					{name: "another org's slug", as: "owner", method: "GET", path: "/api/v1/orgs/other/" + segment, status: 404},
				})
			})
		}
	})
}
