package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestDeletedIDAnswers404 plays the stale edit of an independent check:
// someone has an opportunity open, another deletes it, a third creates one.
// The stale PATCH (If-Match "1", as the new one's version is) answers 404
// and leaves the new opportunity alone, on SQLite as on PostgreSQL: the new
// record never gets the deleted one's id. Accounts the same (SPEC 2: an
// unknown id answers 404).
func TestDeletedIDAnswers404(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		f.run(t, []scenario{
			{name: "an opportunity", as: "sales", method: "POST", path: org + "/opportunities", body: `{"title": "Stale target"}`, status: 201, save: "gone"},
			{name: "deleted", as: "owner", method: "DELETE", path: org + "/opportunities/{gone}", status: 204},
			{name: "a colleague's new one", as: "sales2", method: "POST", path: org + "/opportunities", body: `{"title": "Colleague's new deal", "amount": 90000}`, status: 201, save: "new"},
			{name: "stale edit of the deleted one", as: "manager", method: "PATCH", path: org + "/opportunities/{gone}", header: map[string]string{"If-Match": `"1"`},
				body: `{"title": "Edited by someone who had the deleted one open", "amount": 0}`, status: 404},
			{name: "stale delete of the deleted one", as: "owner", method: "DELETE", path: org + "/opportunities/{gone}", header: map[string]string{"If-Match": `"1"`}, status: 404},
			{name: "the deleted one is unknown", as: "owner", method: "GET", path: org + "/opportunities/{gone}", status: 404},
			{name: "the new one is as created", as: "owner", method: "GET", path: org + "/opportunities/{new}", status: 200,
				want: []string{`"id":{new}`, `"title":"Colleague's new deal"`, `"amount":90000`, `"version":1`}},

			{name: "an account", as: "manager", method: "POST", path: org + "/accounts", body: `{"name": "Gone SARL"}`, status: 201, save: "gone_account"},
			{name: "account deleted", as: "owner", method: "DELETE", path: org + "/accounts/{gone_account}", status: 204},
			{name: "a new account", as: "manager", method: "POST", path: org + "/accounts", body: `{"name": "New SARL"}`, status: 201, save: "new_account"},
			{name: "the deleted account is unknown", as: "owner", method: "GET", path: org + "/accounts/{gone_account}", status: 404},
			{name: "stale edit of the deleted account", as: "manager", method: "PATCH", path: org + "/accounts/{gone_account}", body: `{"note": "x"}`, status: 404},
			{name: "the new account is as created", as: "owner", method: "GET", path: org + "/accounts/{new_account}", status: 200, want: []string{`"name":"New SARL"`, `"note":""`}},
		})
	})
}
