package web_test

import (
	"strings"
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestPersonalDataAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		export, erase := org+"/contacts/{contact}/personal-data", org+"/contacts/{contact}/erase"
		const stats = org + "/stats?from=2025-01-01&to=2025-12-31&group=owner"
		f.run(t, []scenario{
			{name: "link the contact to a won opportunity", as: "sales", method: "PATCH", path: org + "/opportunities/{opp}", body: `{"contact": {contact}}`, status: 200},
			{name: "win it", as: "sales", method: "POST", path: org + "/opportunities/{opp}/close", body: `{"outcome": "won", "closed_on": "2025-06-10", "amount": 110000}`, status: 200},
			{name: "sales exports", as: "sales", method: "GET", path: export, status: 403},
			{name: "consultant exports", as: "consultant", method: "GET", path: export, status: 403},
			{name: "foreign org exports", as: "outsider", method: "GET", path: export, status: 404},
			{name: "a contact of another org", as: "owner", method: "GET", path: org + "/contacts/{foreign_contact}/personal-data", status: 404},
			{name: "manager exports", as: "manager", method: "GET", path: export, status: 200,
				want: []string{`"name":"Marie Dupont"`, `"name":"Dupont SARL"`, `"title":"Windows for opp"`, `"kind":"status"`, `"erasure":null`}},
			{name: "sales erases", as: "sales", method: "POST", path: erase, body: `{"confirm": true}`, status: 403},
			{name: "consultant erases", as: "consultant", method: "POST", path: erase, body: `{"confirm": true}`, status: 403},
			{name: "foreign org erases", as: "outsider", method: "POST", path: erase, body: `{"confirm": true}`, status: 404},
			// An erasure cannot be undone: it needs an explicit confirmation,
			// and anything else changes nothing.
			{name: "erase without a body", as: "owner", method: "POST", path: erase, status: 400},
			{name: "erase with an empty object", as: "owner", method: "POST", path: erase, body: `{}`, status: 400, field: "confirm"},
			{name: "erase with confirm false", as: "owner", method: "POST", path: erase, body: `{"confirm": false}`, status: 422, field: "confirm"},
			{name: "erase with confirm false and junk", as: "owner", method: "POST", path: erase, body: `{"confirm": false, "x": [1]}`, status: 400, field: "x"},
			{name: "erase with an unknown field", as: "owner", method: "POST", path: erase, body: `{"confirm": true, "x": 1}`, status: 400, field: "x"},
			{name: "erase with text", as: "owner", method: "POST", path: erase, body: `not json at all`, status: 400},
			{name: "erase with a string", as: "owner", method: "POST", path: erase, body: `{"confirm": "yes"}`, status: 400, field: "confirm"},
			{name: "erase with null", as: "owner", method: "POST", path: erase, body: `{"confirm": null}`, status: 400, field: "confirm"},
			{name: "still not erased", as: "owner", method: "GET", path: org + "/contacts/{contact}", status: 200, want: []string{`"name":"Marie Dupont"`}},
		})
		before := f.do(t, "owner", "GET", stats, "", nil)
		f.run(t, []scenario{
			{name: "owner erases", as: "owner", method: "POST", path: erase, body: `{"confirm": true}`, status: 200, want: []string{`"name":"Contact effacé / Erased contact {contact}"`, `"email":""`}},
			{name: "the export shows the erasure", as: "owner", method: "GET", path: export, status: 200,
				want: []string{`"erasure":{"user":{owner}`, `"status":"won"`}},
		})
		after := f.do(t, "owner", "GET", stats, "", nil)
		if before.status != 200 || !strings.Contains(string(before.body), `"won":1`) || string(before.body) != string(after.body) {
			t.Errorf("the figures changed with the erasure:\nbefore %s\nafter  %s", before.body, after.body)
		}
		if got := f.do(t, "manager", "GET", export, "", nil).header.Get("Content-Disposition"); !strings.Contains(got, "attachment") {
			t.Errorf("the export is not a download: %q", got)
		}
	})
}
