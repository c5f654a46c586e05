package web_test

import (
	"bytes"
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestSalesAssignsOnlyThemselves: a salesperson who creates a record for a
// colleague, or hands one of theirs to a colleague, is refused with a 403
// naming owner and saying who assigns records, whatever the record
// (opportunity, account, contact, order, activity), and the record stays
// theirs. The refusal read "Only its owner, a manager or the org's owner
// can change this." to the very owner, without a field, everywhere but on
// an opportunity's creation.
func TestSalesAssignsOnlyThemselves(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		const who = "a manager or the org's owner assigns them to a colleague"
		f.run(t, []scenario{
			{name: "an activity of hers", as: "sales", method: "POST", path: org + "/activities", body: `{"kind": "call", "subject": "Call", "due_on": "2025-06-20"}`, status: 201, save: "act"},
			{name: "an order of hers", as: "sales", method: "POST", path: org + "/orders", body: `{"account": {account}, "amount": 1000, "ordered_on": "2025-06-10"}`, status: 201, save: "order"},
		})
		opp := f.do(t, "sales", "GET", org+"/opportunities/{opp}", "", nil)
		events := f.do(t, "sales", "GET", org+"/opportunities/{opp}/events", "", nil)
		f.run(t, []scenario{
			{name: "create an opportunity for a colleague", as: "sales", method: "POST", path: org + "/opportunities", body: `{"title": "x", "owner": {sales2}}`, status: 403, field: "owner", want: []string{who}},
			{name: "create an account for a colleague", as: "sales", method: "POST", path: org + "/accounts", body: `{"name": "x", "owner": {sales2}}`, status: 403, field: "owner", want: []string{who}},
			{name: "create a contact for a colleague", as: "sales", method: "POST", path: org + "/contacts", body: `{"name": "x", "owner": {sales2}}`, status: 403, field: "owner", want: []string{who}},
			{name: "create an activity for a colleague", as: "sales", method: "POST", path: org + "/activities", body: `{"kind": "call", "subject": "x", "due_on": "2025-06-20", "owner": {sales2}}`, status: 403, field: "owner", want: []string{who}},
			{name: "create an order for a colleague", as: "sales", method: "POST", path: org + "/orders", body: `{"account": {account}, "amount": 1, "ordered_on": "2025-06-10", "owner": {sales2}}`, status: 403, field: "owner", want: []string{who}},
			{name: "give her opportunity away", as: "sales", method: "PATCH", path: org + "/opportunities/{opp}", body: `{"owner": {sales2}}`, status: 403, field: "owner", want: []string{who}},
			{name: "give her account away", as: "sales", method: "PATCH", path: org + "/accounts/{account}", body: `{"owner": {sales2}}`, status: 403, field: "owner", want: []string{who}},
			{name: "give her contact away", as: "sales", method: "PATCH", path: org + "/contacts/{contact}", body: `{"owner": {sales2}}`, status: 403, field: "owner", want: []string{who}},
			{name: "give her activity away", as: "sales", method: "PATCH", path: org + "/activities/{act}", body: `{"owner": {sales2}}`, status: 403, field: "owner", want: []string{who}},
			{name: "give her order away", as: "sales", method: "PATCH", path: org + "/orders/{order}", body: `{"owner": {sales2}}`, status: 403, field: "owner", want: []string{who}},
			// what is not hers is refused as before: she does not own it
			{name: "take a colleague's opportunity", as: "sales", method: "PATCH", path: org + "/opportunities/{opp2}", body: `{"owner": {sales}}`, status: 403, want: []string{"Only its owner"}},
			{name: "a consultant assigns nothing", as: "consultant", method: "POST", path: org + "/accounts", body: `{"name": "x", "owner": {sales}}`, status: 403, want: []string{"change nothing"}},
			// hers, given to herself, and a manager's assignment
			{name: "keep her account", as: "sales", method: "PATCH", path: org + "/accounts/{account}", body: `{"owner": {sales}}`, status: 200},
			{name: "a manager assigns her order", as: "manager", method: "PATCH", path: org + "/orders/{order}", body: `{"owner": {sales2}}`, status: 200, want: []string{`"owner":{sales2}`}},
			{name: "a manager creates an account for her", as: "manager", method: "POST", path: org + "/accounts", body: `{"name": "For sales", "owner": {sales}}`, status: 201, want: []string{`"owner":{sales}`}},
		})
		if after := f.do(t, "sales", "GET", org+"/opportunities/{opp}", "", nil); !bytes.Equal(after.body, opp.body) {
			t.Errorf("a refused hand-over changed the opportunity:\n%s\nwas\n%s", after.body, opp.body)
		}
		if after := f.do(t, "sales", "GET", org+"/opportunities/{opp}/events", "", nil); !bytes.Equal(after.body, events.body) {
			t.Errorf("a refused hand-over recorded events:\n%s\nwas\n%s", after.body, events.body)
		}
		f.run(t, []scenario{
			{name: "her activity is hers", as: "sales", method: "GET", path: org + "/activities/{act}", status: 200, want: []string{`"owner":{sales}`}},
			{name: "her contact is hers", as: "sales", method: "GET", path: org + "/contacts/{contact}", status: 200, want: []string{`"owner":{sales}`}},
		})
	})
}
