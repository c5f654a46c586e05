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

// TestIfMatchHonouredOrRefused checks that If-Match is never ignored: where
// a record has a version (an opportunity's changes, actions and deletion, a
// note's edit) a stale one answers 409 and changes nothing; every other
// endpoint has nothing to compare it with and answers 400 naming If-Match,
// changing nothing either.
func TestIfMatchHonouredOrRefused(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		ifMatch := func(v string) map[string]string { return map[string]string{"If-Match": v} }
		stale := ifMatch(`"999"`)
		f.run(t, []scenario{
			// Opportunities: DELETE honours it as PATCH does.
			{name: "opportunity to version 2", as: "manager", method: "PATCH", path: org + "/opportunities/{opp}", body: `{"amount": 5}`, status: 200, want: []string{`"version":2`}},
			{name: "stale delete", as: "owner", method: "DELETE", path: org + "/opportunities/{opp}", header: ifMatch(`"1"`), status: 409, want: []string{"your version 1, now 2"}},
			{name: "weak delete", as: "owner", method: "DELETE", path: org + "/opportunities/{opp}", header: ifMatch(`W/"2"`), status: 400, field: "If-Match"},
			{name: "delete with a version that differs", as: "owner", method: "DELETE", path: org + "/opportunities/{opp}", header: stale, status: 409},
			{name: "still there", as: "owner", method: "GET", path: org + "/opportunities/{opp}", status: 200, want: []string{`"version":2`}},
			{name: "a read takes no If-Match", as: "owner", method: "GET", path: org + "/opportunities/{opp}", header: ifMatch(`"2"`), status: 400, field: "If-Match", want: []string{"a read changes nothing"}},
			{name: "nor does a creation", as: "sales", method: "POST", path: org + "/opportunities", body: `{"title": "x"}`, header: ifMatch(`"1"`), status: 400, field: "If-Match"},
			{name: "current delete", as: "owner", method: "DELETE", path: org + "/opportunities/{opp}", header: ifMatch(`"2"`), status: 204},
			{name: "gone", as: "owner", method: "GET", path: org + "/opportunities/{opp}", status: 404},
			{name: "a delete without If-Match still needs none", as: "owner", method: "DELETE", path: org + "/opportunities/{opp2}", status: 204},

			// Notes: If-Match may replace the body's version.
			{name: "a note", as: "consultant", method: "POST", path: org + "/notes", body: `{"period": "month", "starts_on": "2025-06-01", "body": "v1"}`, status: 201, save: "note"},
			{name: "note edit by If-Match", as: "consultant", method: "PUT", path: org + "/notes/{note}", body: `{"body": "v2"}`, header: ifMatch(`"1"`), status: 200, want: []string{`"version":2`}},
			{name: "stale note edit by If-Match", as: "consultant", method: "PUT", path: org + "/notes/{note}", body: `{"body": "v3"}`, header: ifMatch(`"1"`), status: 409},
			{name: "note If-Match and version differ", as: "consultant", method: "PUT", path: org + "/notes/{note}", body: `{"body": "v3", "version": 2}`, header: ifMatch(`"1"`), status: 400, field: "version"},
			{name: "note edit without a version", as: "consultant", method: "PUT", path: org + "/notes/{note}", body: `{"body": "v3"}`, status: 400, field: "version"},
			{name: "note unchanged", as: "consultant", method: "GET", path: org + "/notes/{note}", status: 200, want: []string{`"body":"v2"`, `"version":2`}},

			// Records without a version: refused, not ignored.
			{name: "account patch", as: "manager", method: "PATCH", path: org + "/accounts/{account}", body: `{"note": "x"}`, header: stale, status: 400, field: "If-Match", want: []string{"no version"}},
			{name: "account patch with *", as: "manager", method: "PATCH", path: org + "/accounts/{account}", body: `{"note": "x"}`, header: ifMatch(`*`), status: 400, field: "If-Match"},
			{name: "account delete", as: "owner", method: "DELETE", path: org + "/accounts/{account}", header: stale, status: 400, field: "If-Match"},
			{name: "account unchanged", as: "owner", method: "GET", path: org + "/accounts/{account}", status: 200, want: []string{`"note":""`}},
			{name: "contact patch", as: "manager", method: "PATCH", path: org + "/contacts/{contact}", body: `{"phone": "1"}`, header: stale, status: 400, field: "If-Match"},
			{name: "contact delete", as: "owner", method: "DELETE", path: org + "/contacts/{contact}", header: stale, status: 400, field: "If-Match"},
			{name: "contact erase", as: "owner", method: "POST", path: org + "/contacts/{contact}/erase", body: `{"confirm": true}`, header: stale, status: 400, field: "If-Match"},
			{name: "contact unchanged", as: "owner", method: "GET", path: org + "/contacts/{contact}", status: 200, want: []string{`"name":"Marie Dupont"`, `"phone":""`}},
			{name: "an opportunity for the records", as: "manager", method: "POST", path: org + "/opportunities", body: `{"title": "Roof", "owner": {sales}, "account": {account}}`, status: 201, save: "opp3"},
			{name: "a quote", as: "sales", method: "POST", path: org + "/quotes", body: `{"opportunity": {opp3}, "number": "D-1", "amount": 100}`, status: 201, save: "quote"},
			{name: "quote patch", as: "sales", method: "PATCH", path: org + "/quotes/{quote}", body: `{"amount": 200}`, header: stale, status: 400, field: "If-Match"},
			{name: "quote delete", as: "owner", method: "DELETE", path: org + "/quotes/{quote}", header: stale, status: 400, field: "If-Match"},
			{name: "quote unchanged", as: "sales", method: "GET", path: org + "/quotes/{quote}", status: 200, want: []string{`"amount":100`}},
			{name: "an order", as: "sales", method: "POST", path: org + "/orders", body: `{"account": {account}, "amount": 100, "ordered_on": "2025-06-12"}`, status: 201, save: "order"},
			{name: "order patch", as: "sales", method: "PATCH", path: org + "/orders/{order}", body: `{"amount": 200}`, header: stale, status: 400, field: "If-Match"},
			{name: "order delete", as: "owner", method: "DELETE", path: org + "/orders/{order}", header: stale, status: 400, field: "If-Match"},
			{name: "order unchanged", as: "sales", method: "GET", path: org + "/orders/{order}", status: 200, want: []string{`"amount":100`}},
			{name: "an activity", as: "sales", method: "POST", path: org + "/activities", body: `{"kind": "call", "subject": "Call", "due_on": "2025-06-20"}`, status: 201, save: "activity"},
			{name: "activity patch", as: "sales", method: "PATCH", path: org + "/activities/{activity}", body: `{"subject": "Meet"}`, header: stale, status: 400, field: "If-Match"},
			{name: "activity delete", as: "owner", method: "DELETE", path: org + "/activities/{activity}", header: stale, status: 400, field: "If-Match"},
			{name: "activity unchanged", as: "sales", method: "GET", path: org + "/activities/{activity}", status: 200, want: []string{`"subject":"Call"`}},
			{name: "target", as: "manager", method: "PUT", path: org + "/targets", body: `{"owner": {sales}, "period": "quarter", "starts_on": "2025-07-01", "amount": 500}`, header: stale, status: 400, field: "If-Match"},
			{name: "member", as: "owner", method: "PATCH", path: org + "/members/{sales}", body: `{"role": "manager"}`, header: stale, status: 400, field: "If-Match"},
			{name: "stage", as: "owner", method: "PATCH", path: org + "/stages/{stages:Detection}", body: `{"name": "Spotted"}`, header: stale, status: 400, field: "If-Match"},
			{name: "nothing changed", as: "owner", method: "GET", path: org + "/members", status: 200, want: []string{`"role":"sales"`}},
			{name: "stage unchanged", as: "owner", method: "GET", path: org + "/stages", status: 200, want: []string{`"name":"Detection"`}},
		})
	})
}
