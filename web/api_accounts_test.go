package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestAccountsAndContactsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		f.run(t, []scenario{
			{name: "create an account", as: "sales", method: "POST", path: org + "/accounts", body: `{"name": "Bâti Ouest", "city": "Nantes"}`, status: 201,
				want: []string{`"name":"Bâti Ouest"`, `"owner":{sales}`, `"city":"Nantes"`}, save: "acc"},
			{name: "account without name", as: "sales", method: "POST", path: org + "/accounts", body: `{"city": "Nantes"}`, status: 422, field: "name"},
			{name: "a script for a website", as: "sales", method: "POST", path: org + "/accounts", body: `{"name": "x", "website": "javascript:alert(1)"}`, status: 422, field: "website"},
			{name: "consultant creates an account", as: "consultant", method: "POST", path: org + "/accounts", body: `{"name": "x"}`, status: 403},
			{name: "get an account", as: "consultant", method: "GET", path: org + "/accounts/{acc}", status: 200, want: []string{`"id":{acc}`}},
			{name: "another org's account", as: "sales", method: "GET", path: org + "/accounts/{foreign_account}", status: 404},
			{name: "search accounts", as: "sales", method: "GET", path: org + "/accounts?q=ouest", status: 200, want: []string{`"total":1`, `"name":"Bâti Ouest"`}},
			{name: "accounts by owner", as: "sales", method: "GET", path: org + "/accounts?owner=sales@example.test", status: 200, want: []string{`"total":2`}},
			{name: "accounts by an unknown owner", as: "sales", method: "GET", path: org + "/accounts?owner=nobody", status: 400, field: "owner"},
			{name: "patch an account", as: "sales", method: "PATCH", path: org + "/accounts/{acc}", body: `{"phone": "02 40 00 00 00", "note": null}`, status: 200,
				want: []string{`"phone":"02 40 00 00 00"`, `"city":"Nantes"`}},
			{name: "a website without its scheme", as: "sales", method: "PATCH", path: org + "/accounts/{acc}", body: `{"website": "www.bati-ouest.fr"}`, status: 200,
				want: []string{`"website":"www.bati-ouest.fr"`}},
			{name: "colleague patches it", as: "sales2", method: "PATCH", path: org + "/accounts/{acc}", body: `{"city": "Rennes"}`, status: 403},
			{name: "wrong type", as: "sales", method: "PATCH", path: org + "/accounts/{acc}", body: `{"city": 44}`, status: 400, field: "city"},

			{name: "create a contact", as: "sales", method: "POST", path: org + "/contacts", body: `{"name": "Paul Martin", "account": {acc}, "email": "Paul@Example.test"}`, status: 201,
				want: []string{`"account":{acc}`, `"email":"paul@example.test"`}, save: "c"},
			{name: "contact with a bad e-mail", as: "sales", method: "POST", path: org + "/contacts", body: `{"name": "x", "email": "nope"}`, status: 422, field: "email"},
			{name: "contact at another org's account", as: "sales", method: "POST", path: org + "/contacts", body: `{"name": "x", "account": {foreign_account}}`, status: 422, field: "account"},
			{name: "get a contact", as: "consultant", method: "GET", path: org + "/contacts/{c}", status: 200, want: []string{`"name":"Paul Martin"`}},
			{name: "contacts of an account", as: "sales", method: "GET", path: org + "/contacts?account={acc}", status: 200, want: []string{`"total":1`, `"name":"Paul Martin"`}},
			{name: "contacts by text", as: "sales", method: "GET", path: org + "/contacts?q=marie", status: 200, want: []string{`"total":1`}},
			{name: "contacts, bad offset", as: "sales", method: "GET", path: org + "/contacts?offset=-1", status: 400, field: "offset"},
			{name: "move a contact", as: "sales", method: "PATCH", path: org + "/contacts/{c}", body: `{"account": null, "job_title": "Buyer"}`, status: 200,
				want: []string{`"account":null`, `"job_title":"Buyer"`}},
			{name: "another org's contact", as: "sales", method: "GET", path: org + "/contacts/{foreign_contact}", status: 404},
			{name: "a manager deletes a contact", as: "manager", method: "DELETE", path: org + "/contacts/{c}", status: 403, want: []string{`Only the org's owner can delete records.`}},
			{name: "sales deletes a contact", as: "sales", method: "DELETE", path: org + "/contacts/{c}", status: 403},
			{name: "delete a contact", as: "owner", method: "DELETE", path: org + "/contacts/{c}", status: 204},
			{name: "deleted contact", as: "sales", method: "GET", path: org + "/contacts/{c}", status: 404},
			{name: "consultant deletes an account", as: "consultant", method: "DELETE", path: org + "/accounts/{acc}", status: 403},
			{name: "a manager deletes an account", as: "manager", method: "DELETE", path: org + "/accounts/{acc}", status: 403},
			{name: "sales deletes an account", as: "sales", method: "DELETE", path: org + "/accounts/{acc}", status: 403},
			{name: "delete an account", as: "owner", method: "DELETE", path: org + "/accounts/{acc}", status: 204},
		})
	})
}
