package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestIfMatchForms checks how If-Match is read (RFC 9110, 13.1.1): the
// strong ETag the API sends ("3") as it came, or *; anything else is a 400
// naming If-Match, never a version guessed from it.
func TestIfMatchForms(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		opp := "/api/v1/orgs/acme/opportunities/{opp}"
		ifMatch := func(v string) map[string]string { return map[string]string{"If-Match": v} }
		f.run(t, []scenario{
			{name: "to version 2", as: "sales", method: "PATCH", path: opp, body: `{"note": "a"}`, status: 200, want: []string{`"version":2`}},
			{name: "unquoted", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`2`), status: 400, field: "If-Match", want: []string{`in quotes`}},
			{name: "unquoted and stale", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`1`), status: 400, field: "If-Match"},
			{name: "zero-padded", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`"02"`), status: 400, field: "If-Match"},
			{name: "signed", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`"+2"`), status: 400, field: "If-Match"},
			{name: "spaces inside the quotes", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`" 2"`), status: 400, field: "If-Match"},
			{name: "one quote", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`"2`), status: 400, field: "If-Match"},
			{name: "zero", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`"0"`), status: 400, field: "If-Match"},
			{name: "huge", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`"99999999999999999999"`), status: 400, field: "If-Match"},
			{name: "weak", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`W/"2"`), status: 400, field: "If-Match", want: []string{"weak"}},
			{name: "a list", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`"1", "2"`), status: 400, field: "If-Match", want: []string{"one ETag"}},
			{name: "a list and a star", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`*, "2"`), status: 400, field: "If-Match"},
			{name: "nothing was changed by the refusals", as: "sales", method: "GET", path: opp, status: 200, want: []string{`"note":"a"`, `"version":2`}},
			{name: "stale strong tag", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`"1"`), status: 409, want: []string{"your version 1, now 2"}},
			{name: "current strong tag", as: "sales", method: "PATCH", path: opp, body: `{"note": "b"}`, header: ifMatch(`"2"`), status: 200, want: []string{`"version":3`}},
			{name: "current tag in spaces", as: "sales", method: "PATCH", path: opp, body: `{"note": "c"}`, header: ifMatch(` "3" `), status: 200, want: []string{`"version":4`}},
			{name: "star", as: "sales", method: "PATCH", path: opp, body: `{"note": "d"}`, header: ifMatch(`*`), status: 200, want: []string{`"version":5`}},
		})
	})
}
