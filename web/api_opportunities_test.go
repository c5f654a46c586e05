package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestOpportunitiesAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const opps = "/api/v1/orgs/acme/opportunities"
		f.run(t, []scenario{
			// Reading.
			{name: "get", as: "consultant", method: "GET", path: opps + "/{opp}", status: 200,
				want: []string{`"title":"Windows for opp"`, `"owner":{sales}`, `"account":{account}`, `"account_name":"Dupont SARL"`,
					`"status":"open"`, `"stage_name":"Detection"`, `"detected_on":"2025-05-02"`, `"competitor":null`, `"version":1`}},
			{name: "list", as: "sales", method: "GET", path: opps, status: 200, want: []string{`"total":2`}},
			{name: "no token", method: "GET", path: opps, status: 401},
			{name: "bad token", as: "bad", method: "GET", path: opps, status: 401},
			{name: "unknown id", as: "sales", method: "GET", path: opps + "/999999", status: 404},
			{name: "id that is not a number", as: "sales", method: "GET", path: opps + "/abc", status: 404},
			{name: "another org's id", as: "sales", method: "GET", path: opps + "/{foreign_opp}", status: 404},
			{name: "another org's slug", as: "sales", method: "GET", path: "/api/v1/orgs/other/opportunities", status: 404},
			{name: "unknown slug", as: "sales", method: "GET", path: "/api/v1/orgs/nowhere/opportunities", status: 404},

			// Creating.
			{name: "create with a title only", as: "sales", method: "POST", path: opps, body: `{"title": "Shutters"}`, status: 201,
				want: []string{`"owner":{sales}`, `"stage_name":"Detection"`, `"status":"open"`, `"detected_on":"2025-06-15"`, `"account":null`}, save: "created"},
			{name: "create by names and e-mail", as: "manager", method: "POST", path: opps,
				body:   `{"title": "Doors", "owner": "sales2@example.test", "account": "dupont sarl", "stage": "Proposal", "source": "{sources:Website}", "amount": 500000, "expected_close_on": "2025-09-30"}`,
				status: 201, want: []string{`"owner":{sales2}`, `"account":{account}`, `"stage_name":"Proposal"`, `"source":{sources:Website}`, `"amount":500000`}},
			{name: "HTML and SQL stay literal", as: "sales", method: "POST", path: opps,
				body:   `{"title": "<script>alert(1)</script>'; DROP TABLE opportunities; --", "note": "a & b"}`,
				status: 201, want: []string{`"title":"\u003cscript\u003ealert(1)\u003c/script\u003e'; DROP TABLE opportunities; --"`, `"note":"a \u0026 b"`}},
			{name: "create without title", as: "sales", method: "POST", path: opps, body: `{"amount": 10}`, status: 422, field: "title"},
			{name: "a NUL in a text", as: "sales", method: "POST", path: opps, body: `{"title": "x\u0000y"}`, status: 422, field: "title"},
			{name: "a misspelt filter", as: "sales", method: "GET", path: opps + "?stauts=won", status: 400, field: "stauts", want: []string{`this endpoint takes`, `status`}},
			{name: "a parameter of another endpoint", as: "sales", method: "GET", path: opps + "/{opp}?limit=5", status: 400, field: "limit", want: []string{`takes none`}},
			{name: "an unknown parameter without a token", method: "GET", path: opps + "?stauts=won", status: 401},
			{name: "a NUL in a search", as: "sales", method: "GET", path: opps + "?q=a%00b", status: 400, field: "q"},
			{name: "bad UTF-8 in a parameter", as: "sales", method: "GET", path: opps + "?q=%ff", status: 400, field: "q"},
			{name: "a NUL in a note", as: "sales", method: "POST", path: opps, body: `{"title": "x", "note": "a\u0000"}`, status: 422, field: "note"},
			{name: "create with an unknown stage", as: "sales", method: "POST", path: opps, body: `{"title": "x", "stage": "Nope"}`, status: 422, field: "stage"},
			{name: "create with another org's account", as: "sales", method: "POST", path: opps, body: `{"title": "x", "account": {foreign_account}}`, status: 422, field: "account"},
			{name: "sales creates for a colleague", as: "sales", method: "POST", path: opps, body: `{"title": "x", "owner": {sales2}}`, status: 403, field: "owner"},
			{name: "consultant creates", as: "consultant", method: "POST", path: opps, body: `{"title": "x"}`, status: 403},
			{name: "malformed JSON", as: "sales", method: "POST", path: opps, body: `{"title": `, status: 400},
			{name: "unknown field", as: "sales", method: "POST", path: opps, body: `{"title": "x", "colour": "red"}`, status: 400, field: "colour"},
			{name: "wrong type", as: "sales", method: "POST", path: opps, body: `{"title": "x", "amount": "lots"}`, status: 400, field: "amount"},
			{name: "bad date", as: "sales", method: "POST", path: opps, body: `{"title": "x", "expected_close_on": "30/09/2025"}`, status: 400, field: "expected_close_on"},
			{name: "trailing data", as: "sales", method: "POST", path: opps, body: `{"title": "x"} {}`, status: 400},
			{name: "not an object", as: "sales", method: "POST", path: opps, body: `["x"]`, status: 400},

			// Changing.
			{name: "patch", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"amount": 150000, "stage": "Qualification", "next_action": "Call back", "next_action_on": "2025-06-20", "version": 1}`,
				status: 200, want: []string{`"amount":150000`, `"stage_name":"Qualification"`, `"version":2`}},
			{name: "stale version", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"amount": 1, "version": 1}`, status: 409},
			{name: "version 0 is no way round the check", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"amount": 1, "version": 0}`, status: 400, field: "version"},
			{name: "stale If-Match", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"amount": 1}`, header: map[string]string{"If-Match": `"1"`}, status: 409},
			{name: "weak If-Match", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"amount": 1}`, header: map[string]string{"If-Match": `W/"2"`}, status: 400, field: "If-Match"},
			{name: "If-Match and version differ", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"amount": 1, "version": 2}`, header: map[string]string{"If-Match": `"99"`}, status: 400, field: "version"},
			{name: "stale If-Match, fresh version", as: "sales", method: "POST", path: opps + "/{opp}/hold", body: `{"hold_reason": "x", "review_on": "2025-09-01", "version": 2}`, header: map[string]string{"If-Match": `"1"`}, status: 400, field: "version"},
			{name: "bad If-Match", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"amount": 1}`, header: map[string]string{"If-Match": `soon`}, status: 400, field: "If-Match"},
			{name: "current If-Match", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"expected_close_on": null, "version": 2}`, header: map[string]string{"If-Match": `"2"`}, status: 200,
				want: []string{`"expected_close_on":null`, `"version":`}},
			{name: "status by PATCH", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"status": "won"}`, status: 422, field: "status"},
			{name: "sales on a colleague's", as: "sales", method: "PATCH", path: opps + "/{opp2}", body: `{"amount": 1}`, status: 403},
			{name: "consultant changes", as: "consultant", method: "PATCH", path: opps + "/{opp}", body: `{"amount": 1}`, status: 403},
			{name: "manager changes anyone's", as: "manager", method: "PATCH", path: opps + "/{opp2}", body: `{"title": "Renamed"}`, status: 200, want: []string{`"title":"Renamed"`}},
			{name: "patch another org's", as: "manager", method: "PATCH", path: opps + "/{foreign_opp}", body: `{"title": "x"}`, status: 404},

			// The lifecycle.
			{name: "hold without review_on", as: "sales", method: "POST", path: opps + "/{opp}/hold", body: `{"hold_reason": "Tender in September"}`, status: 422, field: "review_on"},
			{name: "hold", as: "sales", method: "POST", path: opps + "/{opp}/hold", body: `{"hold_reason": "Tender in September", "review_on": "2025-09-01"}`, status: 200,
				want: []string{`"status":"on_hold"`, `"held_on":"2025-06-15"`, `"review_on":"2025-09-01"`}},
			{name: "hold again", as: "sales", method: "POST", path: opps + "/{opp}/hold", body: `{"hold_reason": "x", "review_on": "2025-09-01"}`, status: 422, field: "status"},
			{name: "resume without body", as: "sales", method: "POST", path: opps + "/{opp}/resume", status: 200, want: []string{`"status":"open"`, `"stage_name":"Qualification"`, `"hold_reason":""`}},
			{name: "resume an open one", as: "sales", method: "POST", path: opps + "/{opp}/resume", body: `{}`, status: 422, field: "status"},
			{name: "lost without competitor", as: "sales", method: "POST", path: opps + "/{opp}/close", body: `{"outcome": "lost", "closed_on": "2025-06-14", "loss_reason": "Lead time"}`, status: 422, field: "competitor"},
			{name: "lost on price without note", as: "sales", method: "POST", path: opps + "/{opp}/close", body: `{"outcome": "lost", "closed_on": "2025-06-14", "loss_reason": "Price", "competitor": "unknown"}`, status: 422, field: "note"},
			{name: "unknown outcome", as: "sales", method: "POST", path: opps + "/{opp}/close", body: `{"outcome": "abandoned", "closed_on": "2025-06-14"}`, status: 422, field: "outcome"},
			{name: "close with a stale version", as: "sales", method: "POST", path: opps + "/{opp}/close", body: `{"outcome": "won", "closed_on": "2025-06-14", "amount": 1, "version": 1}`, status: 409},
			{name: "close a colleague's", as: "sales", method: "POST", path: opps + "/{opp2}/close", body: `{"outcome": "won", "closed_on": "2025-06-14", "amount": 1}`, status: 403},
			{name: "lost on price with a note", as: "sales", method: "POST", path: opps + "/{opp}/close",
				body:   `{"outcome": "lost", "closed_on": "2025-06-14", "loss_reason": "{loss_reasons:Price}", "competitor": "unknown", "note": "15% under us on the same spec"}`,
				status: 200, want: []string{`"status":"lost"`, `"closed_on":"2025-06-14"`, `"loss_reason":{loss_reasons:Price}`, `"loss_reason_name":"Price"`, `"competitor":"unknown"`}},
			{name: "reopen", as: "sales", method: "POST", path: opps + "/{opp}/reopen", body: `{"version": 5}`, status: 200, want: []string{`"status":"open"`, `"closed_on":null`, `"loss_reason":null`}},
			{name: "won", as: "sales", method: "POST", path: opps + "/{opp}/close", body: `{"outcome": "won", "closed_on": "2025-06-15", "amount": 140000}`, status: 200,
				want: []string{`"status":"won"`, `"amount":140000`}},
			{name: "vanished needs a reason", as: "manager", method: "POST", path: opps + "/{opp2}/close", body: `{"outcome": "vanished", "closed_on": "2025-06-15"}`, status: 422, field: "vanish_reason"},
			{name: "vanished", as: "manager", method: "POST", path: opps + "/{opp2}/close", body: `{"outcome": "vanished", "closed_on": "2025-06-15", "vanish_reason": "No budget"}`, status: 200,
				want: []string{`"status":"vanished"`, `"vanish_reason_name":"No budget"`}},
			{name: "events", as: "consultant", method: "GET", path: opps + "/{opp}/events", status: 200,
				want: []string{`"kind":"created"`, `"kind":"status","from":"open","to":"on_hold"`, `"to":"won"`}},
			{name: "events of another org's", as: "sales", method: "GET", path: opps + "/{foreign_opp}/events", status: 404},

			// Filters.
			{name: "filter by status", as: "sales", method: "GET", path: opps + "?status=won,vanished", status: 200, want: []string{`"total":2`}},
			{name: "filter by repeated status", as: "sales", method: "GET", path: opps + "?status=won&status=open", status: 200, want: []string{`"total":4`}},
			{name: "filter by a bad status", as: "sales", method: "GET", path: opps + "?status=closed", status: 400, field: "status"},
			{name: "filter by owner e-mail", as: "sales", method: "GET", path: opps + "?owner=sales2@example.test", status: 200, want: []string{`"total":2`}},
			{name: "filter by stage name", as: "sales", method: "GET", path: opps + "?stage=Proposal", status: 200, want: []string{`"total":1`, `"title":"Doors"`}},
			{name: "filter by an unknown stage", as: "sales", method: "GET", path: opps + "?stage=Nowhere", status: 400, field: "stage"},
			{name: "filter by account", as: "sales", method: "GET", path: opps + "?account={account}", status: 200, want: []string{`"total":3`}},
			{name: "filter by text", as: "sales", method: "GET", path: opps + "?q=shutt", status: 200, want: []string{`"total":1`, `"title":"Shutters"`}},
			{name: "sort by amount", as: "sales", method: "GET", path: opps + "?sort=-amount&limit=1", status: 200, want: []string{`"amount":500000`}},
			{name: "bad sort", as: "sales", method: "GET", path: opps + "?sort=colour", status: 400, field: "sort"},
			{name: "bad account filter", as: "sales", method: "GET", path: opps + "?account=x", status: 400, field: "account"},

			// Deleting.
			{name: "sales deletes", as: "sales", method: "DELETE", path: opps + "/{created}", status: 403},
			{name: "a manager deletes", as: "manager", method: "DELETE", path: opps + "/{created}", status: 403, want: []string{`Only the org's owner can delete records.`}},
			{name: "owner deletes", as: "owner", method: "DELETE", path: opps + "/{created}", status: 204},
			{name: "deleted is gone", as: "owner", method: "GET", path: opps + "/{created}", status: 404},
			{name: "delete another org's", as: "owner", method: "DELETE", path: opps + "/{foreign_opp}", status: 404},
		})
	})
}
