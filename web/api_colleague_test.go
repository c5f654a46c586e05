package web_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// A salesperson creates records attached to a colleague's opportunity or
// account (SPEC 2: "create new records"): an activity, a quote, a contact,
// a linked order, an opportunity. The new record is theirs, and they change
// it; a quote, which has no owner of its own, is changed by whoever may
// change its opportunity. They never change the colleague's records, create
// nothing owned by the colleague, and give nothing of theirs away.
// (In the fixture, the account and {opp} are sales's, {opp2} is sales2's.)
func TestSalespersonCreatesOnAColleaguesRecords(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		_, err := db.CloseOpportunity(f.actor("manager", "acme"), f.ids["opp"], 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2025-06-01"), Amount: new(closer.Money(300))})
		must(t, err)
		const org = "/api/v1/orgs/acme"
		f.run(t, []scenario{
			// activities
			{name: "an activity on a colleague's opportunity", as: "sales2", method: "POST", path: org + "/activities", body: `{"kind": "call", "subject": "Took the call", "due_on": "2025-06-20", "opportunity": {opp}}`,
				status: 201, want: []string{`"owner":{sales2}`}, save: "act"},
			{name: "its creator changes it", as: "sales2", method: "PATCH", path: org + "/activities/{act}", body: `{"done_on": "2025-06-15"}`, status: 200},
			{name: "the opportunity's owner does not", as: "sales", method: "PATCH", path: org + "/activities/{act}", body: `{"note": "x"}`, status: 403},
			{name: "an activity for the colleague", as: "sales2", method: "POST", path: org + "/activities", body: `{"kind": "call", "subject": "x", "due_on": "2025-06-20", "opportunity": {opp}, "owner": {sales}}`, status: 403, field: "owner"},
			// contacts
			{name: "a contact at a colleague's account", as: "sales2", method: "POST", path: org + "/contacts", body: `{"account": {account}, "name": "Paul Dupont"}`,
				status: 201, want: []string{`"owner":{sales2}`}, save: "contact2"},
			{name: "its creator changes it", as: "sales2", method: "PATCH", path: org + "/contacts/{contact2}", body: `{"phone": "0102030405"}`, status: 200},
			{name: "a contact for the colleague", as: "sales2", method: "POST", path: org + "/contacts", body: `{"account": {account}, "name": "x", "owner": {sales}}`, status: 403, field: "owner"},
			// quotes
			{name: "a quote on a colleague's opportunity", as: "sales2", method: "POST", path: org + "/quotes", body: `{"opportunity": {opp}, "number": "D-9", "amount": 1000}`,
				status: 201, want: []string{`"opportunity":{opp}`}, save: "quote"},
			{name: "the opportunity unchanged by it", as: "sales", method: "GET", path: org + "/opportunities/{opp}", status: 200, want: []string{`"amount":300`, `"status":"won"`}},
			{name: "the quote changed by the opportunity's owner", as: "sales", method: "PATCH", path: org + "/quotes/{quote}", body: `{"status": "accepted", "sent_on": "2025-06-15"}`, status: 200},
			{name: "not by its creator: it is the opportunity's", as: "sales2", method: "PATCH", path: org + "/quotes/{quote}", body: `{"status": "declined"}`, status: 403},
			{name: "a quote of one's own", as: "sales2", method: "POST", path: org + "/quotes", body: `{"opportunity": {opp2}, "number": "D-10"}`, status: 201, save: "quote2"},
			{name: "not given away to a colleague's opportunity", as: "sales2", method: "PATCH", path: org + "/quotes/{quote2}", body: `{"opportunity": {opp}}`, status: 403},
			{name: "a consultant quotes nothing", as: "consultant", method: "POST", path: org + "/quotes", body: `{"opportunity": {opp}, "number": "D-11"}`, status: 403},
			// orders and opportunities
			{name: "an order linked to a colleague's won opportunity", as: "sales2", method: "POST", path: org + "/orders", body: `{"opportunity": {opp}, "amount": 300, "ordered_on": "2025-06-02"}`,
				status: 201, want: []string{`"owner":{sales2}`, `"kind":"linked"`}},
			{name: "an opportunity at a colleague's account", as: "sales2", method: "POST", path: org + "/opportunities", body: `{"title": "Shutters", "account": {account}}`,
				status: 201, want: []string{`"owner":{sales2}`}},
			// the colleague's records themselves
			{name: "a colleague's opportunity", as: "sales2", method: "PATCH", path: org + "/opportunities/{opp}", body: `{"note": "x"}`, status: 403},
			{name: "a colleague's account", as: "sales2", method: "PATCH", path: org + "/accounts/{account}", body: `{"city": "Rennes"}`, status: 403},
			{name: "a colleague's contact", as: "sales2", method: "PATCH", path: org + "/contacts/{contact}", body: `{"phone": "x"}`, status: 403},
		})
	})
}
