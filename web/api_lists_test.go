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

// A position is a whole number from 1 to n+1 on creation, 1 to n on a
// move: out of range (0 and beyond the end included) or fractional it
// answers 422 naming it (never a 500, nor a silent move to the end, on
// either database), another type or null 400; an entry lands at its
// position, or at the end when it has none, and positions stay 1..n.
func TestListPositionAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		path := "/api/v1/orgs/acme/stages"
		var bad []scenario
		for _, pos := range []string{"0", "99", "-1", "-9223372036854775808", "2147483648", "99999999999", "1.5", "1e30", "9223372036854775808"} {
			bad = append(bad,
				scenario{name: "create at " + pos, as: "owner", method: "POST", path: path, body: `{"name": "S", "position": ` + pos + `}`, status: 422, field: "position"},
				scenario{name: "move to " + pos, as: "owner", method: "PATCH", path: path + "/{first}", body: `{"position": ` + pos + `}`, status: 422, field: "position"})
		}
		f.run(t, []scenario{
			{name: "at the end", as: "owner", method: "POST", path: path, body: `{"name": "Last"}`, status: 201, want: []string{`"position":5`}, save: "first"},
			{name: "second", as: "owner", method: "POST", path: path, body: `{"name": "Second", "position": 2}`, status: 201, want: []string{`"position":2`}},
			{name: "n+1 is the end", as: "owner", method: "POST", path: path, body: `{"name": "Far", "position": 7}`, status: 201, want: []string{`"position":7`}},
			{name: "beyond the end", as: "owner", method: "POST", path: path, body: `{"name": "Too far", "position": 9}`, status: 422, field: "position", want: []string{"from 1 (first) to 8 (last)"}},
			{name: "0 is not the end", as: "owner", method: "POST", path: path, body: `{"name": "Zero", "position": 0}`, status: 422, field: "position"},
			{name: "move beyond the end", as: "owner", method: "PATCH", path: path + "/{first}", body: `{"position": 8}`, status: 422, field: "position", want: []string{"from 1 (first) to 7 (last)"}},
			{name: "move to the last place", as: "owner", method: "PATCH", path: path + "/{first}", body: `{"position": 7}`, status: 200, want: []string{`"position":7`}},
			{name: "a string", as: "owner", method: "POST", path: path, body: `{"name": "S", "position": "3"}`, status: 400, field: "position"},
			{name: "null on create", as: "owner", method: "POST", path: path, body: `{"name": "S", "position": null}`, status: 400, field: "position"},
			{name: "null on update", as: "owner", method: "PATCH", path: path + "/{first}", body: `{"position": null}`, status: 400, field: "position"},
		})
		f.run(t, bad)
		f.run(t, []scenario{{name: "the end after the refusals", as: "owner", method: "POST", path: path, body: `{"name": "After"}`, status: 201, want: []string{`"position":8`}}})
		got := f.do(t, "owner", "GET", path, "", nil).json(t)
		for i, it := range got["items"].([]any) {
			if pos := it.(map[string]any)["position"].(float64); int(pos) != i+1 {
				t.Errorf("entry %d at position %v: %v", i, pos, got["items"])
			}
		}
	})
}

// null is not a value of a boolean or of a role: it answers 400 naming the
// field, and changes nothing (it used to read as false).
func TestNullOnNonNullableFields(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.run(t, []scenario{
			{name: "a source to retire", as: "owner", method: "POST", path: "/api/v1/orgs/acme/sources", body: `{"name": "Fair", "retired": true}`, status: 201, save: "source"},
			{name: "retired null", as: "owner", method: "PATCH", path: "/api/v1/orgs/acme/sources/{source}", body: `{"retired": null}`, status: 400, field: "retired"},
			{name: "a price reason", as: "owner", method: "POST", path: "/api/v1/orgs/acme/loss-reasons", body: `{"name": "Cost", "price": true}`, status: 201, save: "reason"},
			{name: "price null", as: "owner", method: "PATCH", path: "/api/v1/orgs/acme/loss-reasons/{reason}", body: `{"price": null}`, status: 400, field: "price"},
			{name: "name null", as: "owner", method: "PATCH", path: "/api/v1/orgs/acme/loss-reasons/{reason}", body: `{"name": null}`, status: 400, field: "name"},
			{name: "still about price", as: "owner", method: "GET", path: "/api/v1/orgs/acme/loss-reasons", status: 200, want: []string{`"name":"Cost","position":7,"retired":false,"price":true`}},
			{name: "active null", as: "owner", method: "PATCH", path: "/api/v1/orgs/acme/members/{sales}", body: `{"active": null}`, status: 400, field: "active"},
			{name: "role null", as: "owner", method: "PATCH", path: "/api/v1/orgs/acme/members/{sales}", body: `{"role": null}`, status: 400, field: "role"},
			{name: "still active", as: "owner", method: "GET", path: "/api/v1/orgs/acme/members", status: 200, want: []string{`"email":"sales@example.test","name":"User sales","role":"sales","active":true`}},
			{name: "status null", as: "sales", method: "POST", path: "/api/v1/orgs/acme/opportunities", body: `{"title": "T", "status": null}`, status: 400, field: "status"},
			{name: "a nullable field takes null", as: "sales", method: "POST", path: "/api/v1/orgs/acme/opportunities", body: `{"title": "T", "account": null, "amount": null}`, status: 201},
		})
	})
}
