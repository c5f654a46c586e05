package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestOrgsMembersAndListsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		f.run(t, []scenario{
			{name: "health", method: "GET", path: "/healthz", status: 200, want: []string{`{"status":"ok"}`}},
			{name: "openapi is public", method: "GET", path: "/api/v1/openapi.json", status: 200, want: []string{`"openapi": "3.1.0"`}},
			{name: "unknown endpoint", as: "owner", method: "GET", path: "/api/v1/nothing", status: 404},

			{name: "my orgs", as: "consultant", method: "GET", path: "/api/v1/orgs", status: 200, want: []string{`"slug":"acme"`, `"role":"consultant"`, `"total":1`}},
			{name: "my orgs without token", method: "GET", path: "/api/v1/orgs", status: 401},
			{name: "my orgs, bad limit", as: "owner", method: "GET", path: "/api/v1/orgs?limit=0", status: 400, field: "limit"},
			{name: "one org", as: "sales", method: "GET", path: org, status: 200, want: []string{`"slug":"acme"`, `"role":"sales"`, `"currency":"EUR"`}},
			{name: "another org", as: "sales", method: "GET", path: "/api/v1/orgs/other", status: 404},

			{name: "members", as: "consultant", method: "GET", path: org + "/members", status: 200, want: []string{`"total":5`, `"email":"sales2@example.test"`}},
			{name: "members page", as: "consultant", method: "GET", path: org + "/members?limit=2&offset=4", status: 200, want: []string{`"total":5`}},
			// Another org's user, like an unknown address, is invited, not added, and nothing of them shows.
			{name: "add another org's user", as: "owner", method: "POST", path: org + "/members", body: `{"email": "OUTSIDER@example.test", "role": "consultant"}`, status: 202,
				want: []string{`"email":"outsider@example.test"`, `"role":"consultant"`, `"secret":"`}},
			{name: "add an unknown user", as: "owner", method: "POST", path: org + "/members", body: `{"email": "nobody@example.test", "role": "sales"}`, status: 202,
				want: []string{`"email":"nobody@example.test"`, `"role":"sales"`, `"secret":"`, `"url":"http`, `/invitations/`, `"email_sent":false`}},
			{name: "add a bad address", as: "owner", method: "POST", path: org + "/members", body: `{"email": "nobody", "role": "sales"}`, status: 422, field: "email"},
			{name: "add with a bad role", as: "owner", method: "POST", path: org + "/members", body: `{"email": "outsider@example.test", "role": "boss"}`, status: 422, field: "role"},
			{name: "manager adds", as: "manager", method: "POST", path: org + "/members", body: `{"email": "outsider@example.test", "role": "sales"}`, status: 403},
			{name: "the invited user is not a member yet", as: "outsider", method: "GET", path: org, status: 404},
			{name: "a member's role by e-mail", as: "owner", method: "POST", path: org + "/members", body: `{"email": "SALES2@example.test", "role": "sales"}`, status: 200,
				want: []string{`"email":"sales2@example.test"`, `"role":"sales"`, `"active":true`}},
			// POST keeps the rule of PATCH: the org keeps an active owner.
			{name: "the last owner demotes themselves by e-mail", as: "owner", method: "POST", path: org + "/members", body: `{"email": "owner@example.test", "role": "sales"}`, status: 422, field: "role"},
			{name: "the last owner made a consultant by e-mail", as: "owner", method: "POST", path: org + "/members", body: `{"email": "owner@example.test", "role": "consultant"}`, status: 422, field: "role"},
			{name: "still the owner", as: "owner", method: "GET", path: org + "/members", status: 200, want: []string{`"email":"owner@example.test","name":"User owner","role":"owner","active":true`}},
			{name: "a second owner", as: "owner", method: "POST", path: org + "/members", body: `{"email": "manager@example.test", "role": "owner"}`, status: 200, want: []string{`"role":"owner"`}},
			{name: "then an owner may step down", as: "owner", method: "POST", path: org + "/members", body: `{"email": "manager@example.test", "role": "manager"}`, status: 200, want: []string{`"role":"manager"`}},
		})
		// The outsider accepts the invitation: now a member.
		res := f.do(t, "owner", "POST", org+"/members", `{"email": "outsider@example.test", "role": "consultant"}`, nil)
		secret, _ := res.json(t)["secret"].(string)
		if res.status != 202 || secret == "" {
			t.Fatalf("invite the outsider: %d %s", res.status, res.body)
		}
		if res := f.do(t, "outsider", "POST", "/api/v1/invitations/"+secret+"/accept", "", nil); res.status != 200 {
			t.Fatalf("accept: %d %s", res.status, res.body)
		}
		f.run(t, []scenario{
			{name: "the member who accepted", as: "owner", method: "GET", path: org + "/members", status: 200,
				want: []string{`"id":{outsider}`, `"email":"outsider@example.test"`, `"role":"consultant"`}},
			{name: "change a role", as: "owner", method: "PATCH", path: org + "/members/{outsider}", body: `{"role": "sales"}`, status: 200, want: []string{`"role":"sales"`}},
			{name: "deactivate", as: "owner", method: "PATCH", path: org + "/members/{outsider}", body: `{"active": false}`, status: 200, want: []string{`"active":false`}},
			{name: "deactivated member's token sees no org", as: "outsider", method: "GET", path: org, status: 404},
			{name: "last owner stays", as: "owner", method: "PATCH", path: org + "/members/{owner}", body: `{"role": "sales"}`, status: 422, field: "role"},
			{name: "last owner stays active", as: "owner", method: "PATCH", path: org + "/members/{owner}", body: `{"active": false}`, status: 422, field: "active"},
			{name: "last owner stays, both changed", as: "owner", method: "PATCH", path: org + "/members/{owner}", body: `{"role": "sales", "active": false}`, status: 422, field: "role"},
			{name: "last owner still owner", as: "owner", method: "GET", path: org + "/members", status: 200, want: []string{`"id":{owner},"email":"owner@example.test","name":"User owner","role":"owner","active":true`}},
			{name: "active must be a boolean", as: "owner", method: "PATCH", path: org + "/members/{sales}", body: `{"active": "no"}`, status: 400, field: "active"},
			{name: "unknown member", as: "owner", method: "PATCH", path: org + "/members/999999", body: `{"active": false}`, status: 404},

			{name: "stages", as: "consultant", method: "GET", path: org + "/stages", status: 200, want: []string{`"total":4`, `"name":"Detection","position":1`}},
			{name: "loss reasons", as: "sales", method: "GET", path: org + "/loss-reasons", status: 200, want: []string{`"name":"Price"`, `"price":true`}},
			{name: "no competitors yet", as: "sales", method: "GET", path: org + "/competitors", status: 200, want: []string{`{"items":[],"total":0}`}},
			{name: "add a competitor", as: "owner", method: "POST", path: org + "/competitors", body: `{"name": "Menuiserie <Martin>"}`, status: 201,
				want: []string{`"name":"Menuiserie \u003cMartin\u003e"`, `"position":1`}, save: "competitor"},
			{name: "duplicate competitor", as: "owner", method: "POST", path: org + "/competitors", body: `{"name": "Menuiserie <Martin>"}`, status: 409, field: "name"},
			{name: "unknown is built in", as: "owner", method: "POST", path: org + "/competitors", body: `{"name": "Unknown"}`, status: 422, field: "name"},
			{name: "sales adds a source", as: "sales", method: "POST", path: org + "/sources", body: `{"name": "Radio"}`, status: 403},
			{name: "consultant adds a stage", as: "consultant", method: "POST", path: org + "/stages", body: `{"name": "Signature"}`, status: 403},
			{name: "price on a stage", as: "owner", method: "POST", path: org + "/stages", body: `{"name": "Signature", "price": true}`, status: 422, field: "price"},
			{name: "move a stage first", as: "owner", method: "PATCH", path: org + "/stages/{stages:Negotiation}", body: `{"position": 1}`, status: 200, want: []string{`"position":1`}},
			{name: "retire a vanish reason", as: "owner", method: "PATCH", path: org + "/vanish-reasons/{vanish_reasons:No answer}", body: `{"retired": true}`, status: 200, want: []string{`"retired":true`}},
			{name: "an entry of another list", as: "owner", method: "PATCH", path: org + "/stages/{sources:Website}", body: `{"name": "x"}`, status: 404},
			{name: "a lost with the new competitor", as: "sales", method: "POST", path: org + "/opportunities/{opp}/close",
				body: `{"outcome": "lost", "closed_on": "2025-06-10", "loss_reason": "Lead time", "competitor": "Menuiserie <Martin>"}`, status: 200,
				want: []string{`"competitor":{competitor}`, `"competitor_name":"Menuiserie \u003cMartin\u003e"`}},
		})
	})
}
