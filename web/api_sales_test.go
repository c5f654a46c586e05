package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestQuotesOrdersActivitiesTargetsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		f.run(t, []scenario{
			{name: "create a quote", as: "sales", method: "POST", path: org + "/quotes", body: `{"opportunity": {opp}, "number": "D-2025-001", "amount": 118000, "sent_on": "2025-06-01"}`,
				status: 201, want: []string{`"opportunity":{opp}`, `"status":"sent"`}, save: "quote"},
			{name: "quote of a colleague's opportunity", as: "sales", method: "POST", path: org + "/quotes", body: `{"opportunity": {opp2}, "number": "D-2"}`, status: 201},
			{name: "quote of another org's opportunity", as: "manager", method: "POST", path: org + "/quotes", body: `{"opportunity": {foreign_opp}, "number": "D-3"}`, status: 422, field: "opportunity"},
			{name: "quote without number", as: "sales", method: "POST", path: org + "/quotes", body: `{"opportunity": {opp}}`, status: 422, field: "number"},
			{name: "quotes of an opportunity", as: "consultant", method: "GET", path: org + "/quotes?opportunity={opp}", status: 200, want: []string{`"total":1`, `"number":"D-2025-001"`}},
			{name: "quotes, bad date", as: "consultant", method: "GET", path: org + "/quotes?from=yesterday", status: 400, field: "from"},
			{name: "a quote's opportunity cleared", as: "sales", method: "PATCH", path: org + "/quotes/{quote}", body: `{"opportunity": null}`, status: 400, field: "opportunity"},
			{name: "accept a quote", as: "sales", method: "PATCH", path: org + "/quotes/{quote}", body: `{"status": "accepted"}`, status: 200, want: []string{`"status":"accepted"`, `"amount":118000`}},
			{name: "consultant changes a quote", as: "consultant", method: "PATCH", path: org + "/quotes/{quote}", body: `{"status": "declined"}`, status: 403},
			{name: "get a quote", as: "consultant", method: "GET", path: org + "/quotes/{quote}", status: 200},
			{name: "sales deletes their quote", as: "sales", method: "DELETE", path: org + "/quotes/{quote}", status: 403, want: []string{`Only the org's owner can delete records.`}},
			{name: "a manager deletes a quote", as: "manager", method: "DELETE", path: org + "/quotes/{quote}", status: 403},
			{name: "delete a quote", as: "owner", method: "DELETE", path: org + "/quotes/{quote}", status: 204},
			{name: "deleted quote", as: "sales", method: "GET", path: org + "/quotes/{quote}", status: 404},

			{name: "a direct order", as: "sales", method: "POST", path: org + "/orders", body: `{"account": "Dupont SARL", "amount": 9900, "ordered_on": "2025-06-12", "reference": "BC-1"}`,
				status: 201, want: []string{`"kind":"direct"`, `"opportunity":null`, `"account":{account}`}, save: "order"},
			{name: "a linked order of an open opportunity", as: "sales", method: "POST", path: org + "/orders", body: `{"account": {account}, "opportunity": {opp}, "amount": 118000, "ordered_on": "2025-06-14"}`,
				status: 422, field: "opportunity", want: []string{`Only a won opportunity has linked orders`}},
			{name: "the opportunity won", as: "sales", method: "POST", path: org + "/opportunities/{opp}/close", body: `{"outcome": "won", "closed_on": "2025-06-14", "amount": 118000}`, status: 200},
			{name: "a linked order dated before its opportunity's detection", as: "sales", method: "POST", path: org + "/orders", body: `{"account": {account}, "opportunity": {opp}, "amount": 118000, "ordered_on": "2025-05-01"}`,
				status: 422, field: "ordered_on", want: []string{`The order date 2025-05-01 is before the detection date 2025-05-02 of its opportunity.`}},
			{name: "a linked order", as: "sales", method: "POST", path: org + "/orders", body: `{"account": {account}, "opportunity": {opp}, "amount": 118000, "ordered_on": "2025-06-14"}`,
				status: 201, want: []string{`"kind":"linked"`, `"opportunity":{opp}`}, save: "linked"},
			{name: "reopened with its linked order", as: "sales", method: "POST", path: org + "/opportunities/{opp}/reopen", status: 200, want: []string{`"status":"open"`}},
			{name: "the detection moved after its linked order", as: "sales", method: "PATCH", path: org + "/opportunities/{opp}", body: `{"detected_on": "2025-06-15"}`,
				status: 422, field: "detected_on", want: []string{`The detection date 2025-06-15 is after 2025-06-14, the date of its linked order #{linked}.`}},
			{name: "another account", as: "sales", method: "POST", path: org + "/accounts", body: `{"name": "Martin Frères"}`, status: 201, save: "account2"},
			{name: "the opportunity moved to another account than its linked order's", as: "sales", method: "PATCH", path: org + "/opportunities/{opp}", body: `{"account": {account2}}`,
				status: 422, field: "account", want: []string{`Its linked order #{linked} is at another account`}},
			{name: "the linked order moved to another account than its opportunity's", as: "sales", method: "PATCH", path: org + "/orders/{linked}", body: `{"account": {account2}}`,
				status: 422, field: "account"},
			{name: "the detection moved to the linked order's day", as: "sales", method: "PATCH", path: org + "/opportunities/{opp}", body: `{"detected_on": "2025-06-14"}`,
				status: 200, want: []string{`"detected_on":"2025-06-14"`}},
			{name: "the order stays linked to the reopened opportunity", as: "sales", method: "GET", path: org + "/orders/{linked}", status: 200, want: []string{`"kind":"linked"`, `"opportunity":{opp}`}},
			{name: "an order still linked to a reopened opportunity, changed", as: "sales", method: "PATCH", path: org + "/orders/{linked}", body: `{"reference": "BC-2"}`, status: 200, want: []string{`"reference":"BC-2"`, `"opportunity":{opp}`}},
			{name: "a new order linked to the reopened opportunity", as: "sales", method: "POST", path: org + "/orders", body: `{"account": {account}, "opportunity": {opp}, "amount": 1, "ordered_on": "2025-06-14"}`, status: 422, field: "opportunity"},
			{name: "won again", as: "sales", method: "POST", path: org + "/opportunities/{opp}/close", body: `{"outcome": "won", "closed_on": "2025-06-14", "amount": 118000}`, status: 200},
			{name: "a direct order linked", as: "sales", method: "PATCH", path: org + "/orders/{order}", body: `{"kind": "linked", "opportunity": {opp2}}`, status: 422, field: "opportunity"},
			{name: "order in the future", as: "sales", method: "POST", path: org + "/orders", body: `{"account": {account}, "amount": 1, "ordered_on": "2030-01-01"}`, status: 422, field: "ordered_on"},
			{name: "order of an unknown account name", as: "sales", method: "POST", path: org + "/orders", body: `{"account": "Nobody Inc", "amount": 1, "ordered_on": "2025-06-01"}`, status: 422, field: "account"},
			{name: "orders by kind", as: "consultant", method: "GET", path: org + "/orders?kind=direct", status: 200, want: []string{`"total":1`, `"reference":"BC-1"`}},
			{name: "orders by a bad kind", as: "consultant", method: "GET", path: org + "/orders?kind=gift", status: 400, field: "kind"},
			{name: "an order's account cleared", as: "sales", method: "PATCH", path: org + "/orders/{order}", body: `{"account": null}`, status: 400, field: "account"},
			{name: "an order's kind cleared", as: "sales", method: "PATCH", path: org + "/orders/{order}", body: `{"kind": null}`, status: 400, field: "kind"},
			{name: "an order's owner cleared", as: "manager", method: "PATCH", path: org + "/orders/{order}", body: `{"owner": null}`, status: 400, field: "owner"},
			{name: "recurring", as: "sales", method: "PATCH", path: org + "/orders/{order}", body: `{"kind": "recurring"}`, status: 200, want: []string{`"kind":"recurring"`}},
			{name: "get an order", as: "sales2", method: "GET", path: org + "/orders/{order}", status: 200},
			{name: "a manager deletes an order", as: "manager", method: "DELETE", path: org + "/orders/{order}", status: 403, want: []string{`Only the org's owner can delete records.`}},
			{name: "sales deletes their order", as: "sales", method: "DELETE", path: org + "/orders/{order}", status: 403},
			{name: "delete an order", as: "owner", method: "DELETE", path: org + "/orders/{order}", status: 204},

			{name: "plan a call", as: "sales", method: "POST", path: org + "/activities", body: `{"kind": "call", "subject": "Relaunch the quote", "due_on": "2025-06-20", "opportunity": {opp}}`,
				status: 201, want: []string{`"owner":{sales}`, `"done_on":null`, `"account":null`}, save: "act"},
			{name: "activity without a date", as: "sales", method: "POST", path: org + "/activities", body: `{"kind": "task", "subject": "x"}`, status: 422, field: "due_on"},
			{name: "activity of a bad kind", as: "sales", method: "POST", path: org + "/activities", body: `{"kind": "lunch", "subject": "x", "due_on": "2025-06-20"}`, status: 422, field: "kind"},
			{name: "open activities", as: "sales", method: "GET", path: org + "/activities?open=true&owner={sales}", status: 200, want: []string{`"total":1`}},
			{name: "open, bad boolean", as: "sales", method: "GET", path: org + "/activities?open=maybe", status: 400, field: "open"},
			{name: "an activity's owner cleared", as: "sales", method: "PATCH", path: org + "/activities/{act}", body: `{"owner": null}`, status: 400, field: "owner"},
			{name: "mark it done", as: "sales", method: "PATCH", path: org + "/activities/{act}", body: `{"done_on": "2025-06-15"}`, status: 200, want: []string{`"done_on":"2025-06-15"`}},
			{name: "colleague marks it", as: "sales2", method: "PATCH", path: org + "/activities/{act}", body: `{"note": "x"}`, status: 403},
			{name: "done activities", as: "sales", method: "GET", path: org + "/activities?open=false&kind=call", status: 200, want: []string{`"total":1`}},
			{name: "get an activity", as: "consultant", method: "GET", path: org + "/activities/{act}", status: 200},
			{name: "sales deletes their activity", as: "sales", method: "DELETE", path: org + "/activities/{act}", status: 403},
			{name: "a manager deletes an activity", as: "manager", method: "DELETE", path: org + "/activities/{act}", status: 403},
			{name: "delete an activity", as: "owner", method: "DELETE", path: org + "/activities/{act}", status: 204},

			{name: "set a target", as: "manager", method: "PUT", path: org + "/targets", body: `{"owner": "sales@example.test", "period": "quarter", "starts_on": "2025-07-01", "amount": 5000000}`,
				status: 200, want: []string{`"owner":{sales}`, `"ends_on":"2025-09-30"`}, save: "target"},
			{name: "a target without amount", as: "manager", method: "PUT", path: org + "/targets", body: `{"owner": {sales}, "period": "quarter", "starts_on": "2025-07-01"}`, status: 400, field: "amount"},
			{name: "a target of amount null", as: "manager", method: "PUT", path: org + "/targets", body: `{"owner": {sales}, "period": "quarter", "starts_on": "2025-07-01", "amount": null}`, status: 400, field: "amount"},
			{name: "a target of period null", as: "manager", method: "PUT", path: org + "/targets", body: `{"owner": {sales}, "period": null, "starts_on": "2025-07-01", "amount": 1}`, status: 400, field: "period"},
			{name: "a target starting on null", as: "manager", method: "PUT", path: org + "/targets", body: `{"owner": {sales}, "period": "quarter", "starts_on": null, "amount": 1}`, status: 400, field: "starts_on"},
			{name: "the team's target", as: "owner", method: "PUT", path: org + "/targets", body: `{"period": "year", "starts_on": "2025-01-01", "amount": 90000000}`,
				status: 200, want: []string{`"owner":null`}},
			{name: "a quarter in May", as: "manager", method: "PUT", path: org + "/targets", body: `{"period": "quarter", "starts_on": "2025-05-01", "amount": 1}`, status: 422, field: "starts_on"},
			{name: "sales sets a target", as: "sales", method: "PUT", path: org + "/targets", body: `{"owner": {sales}, "period": "month", "starts_on": "2025-07-01", "amount": 1}`, status: 403},
			{name: "targets of a member", as: "consultant", method: "GET", path: org + "/targets?owner={sales}", status: 200, want: []string{`"total":1`, `"amount":5000000`}},
			{name: "the team's targets", as: "consultant", method: "GET", path: org + "/targets?owner=team", status: 200, want: []string{`"total":1`, `"period":"year"`}},
			{name: "targets in a range", as: "consultant", method: "GET", path: org + "/targets?from=2025-10-01&to=2025-12-31", status: 200, want: []string{`"total":1`, `"period":"year"`}},
			{name: "a manager deletes a target", as: "manager", method: "DELETE", path: org + "/targets/{target}", status: 403},
			{name: "delete a target", as: "owner", method: "DELETE", path: org + "/targets/{target}", status: 204},
			{name: "delete it again", as: "owner", method: "DELETE", path: org + "/targets/{target}", status: 404},
		})
	})
}
