package web_test

import (
	"context"
	"net/url"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// An opportunity that orders are linked to cannot be deleted: the API
// answers 409 naming the orders, and so does the page, in French and in
// English; once the orders are gone it can be.
func TestDeleteOpportunityWithLinkedOrders(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		ctx := f.actor("manager", "acme")
		_, err := db.CloseOpportunity(ctx, f.ids["opp"], 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2025-06-01"), Amount: new(closer.Money(300))})
		must(t, err)
		ord := &closer.Order{AccountID: f.ids["account"], OpportunityID: f.ids["opp"], Reference: "BC-7", Amount: 100, OrderedOn: closer.MustDate("2025-06-01")}
		must(t, db.CreateOrder(ctx, ord))
		ord2 := &closer.Order{AccountID: f.ids["account"], OpportunityID: f.ids["opp"], Amount: 200, OrderedOn: closer.MustDate("2025-06-02")}
		must(t, db.CreateOrder(ctx, ord2))
		f.ids["order2"] = ord2.ID
		f.run(t, []scenario{
			{name: "refused", as: "owner", method: "DELETE", path: "/api/v1/orgs/acme/opportunities/{opp}", status: 409,
				want: []string{`This opportunity has 2 linked orders: BC-7, #{order2}.`}},
			{name: "still there", as: "owner", method: "GET", path: "/api/v1/orgs/acme/opportunities/{opp}", status: 200},
			{name: "its orders still linked", as: "owner", method: "GET", path: "/api/v1/orgs/acme/orders/{order2}", status: 200, want: []string{`"opportunity":{opp}`, `"kind":"linked"`}},
			{name: "without orders", as: "owner", method: "DELETE", path: "/api/v1/orgs/acme/opportunities/{opp2}", status: 204},
		})
		must(t, db.DeleteOrder(f.actor("owner", "acme"), ord2.ID))
		f.run(t, []scenario{{name: "one left", as: "owner", method: "DELETE", path: "/api/v1/orgs/acme/opportunities/{opp}", status: 409,
			want: []string{`This opportunity has 1 linked order: BC-7.`}}})
	})
}

func TestDeleteOpportunityWithLinkedOrdersPage(t *testing.T) {
	e := newOppEnv(t)
	o := e.opp("manager@acme.test", closer.Opportunity{Title: "Bardage", AccountID: e.acc.ID, Amount: 5000, DetectedOn: closer.MustDate("2025-05-20")})
	_, err := e.db.CloseOpportunity(e.owner, o.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2025-06-16"), Amount: new(closer.Money(5000))})
	must(t, err)
	must(t, e.db.CreateOrder(e.owner, &closer.Order{AccountID: e.acc.ID, OpportunityID: o.ID, Reference: "BC-9", Amount: 100, OrderedOn: closer.MustDate("2025-06-01")}))
	r := e.do("owner@acme.test", "POST", oppPath(o.ID, "delete"), url.Values{})
	wantPage(t, "refused in French", r, 409, "Cette opportunité a 1 commande liée : BC-9.")
	must(t, e.db.SetLang(context.Background(), e.ids["owner@acme.test"], "en"))
	r = e.do("owner@acme.test", "POST", oppPath(o.ID, "delete"), url.Values{})
	wantPage(t, "refused in English", r, 409, "This opportunity has 1 linked order: BC-9.", "Bardage")
	e.find(o.ID)
}

// A won opportunity with linked orders, reopened, is not closed as lost or
// vanished: the API answers 422 naming outcome and the order, the page says
// it in French; closed as won again, it is accepted.
func TestCloseReopenedWonWithLinkedOrders(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		ctx := f.actor("manager", "acme")
		_, err := db.CloseOpportunity(ctx, f.ids["opp"], 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2025-06-01"), Amount: new(closer.Money(300))})
		must(t, err)
		must(t, db.CreateOrder(ctx, &closer.Order{AccountID: f.ids["account"], OpportunityID: f.ids["opp"], Reference: "BC-8", Amount: 100, OrderedOn: closer.MustDate("2025-06-01")}))
		f.run(t, []scenario{
			{name: "reopened", as: "manager", method: "POST", path: "/api/v1/orgs/acme/opportunities/{opp}/reopen", status: 200},
			{name: "closed vanished", as: "manager", method: "POST", path: "/api/v1/orgs/acme/opportunities/{opp}/close",
				body: `{"outcome":"vanished","closed_on":"2025-06-02","vanish_reason":"No answer"}`, status: 422, field: "outcome",
				want: []string{`This opportunity has 1 linked order, BC-8: the customer ordered from us`}},
			{name: "closed lost", as: "manager", method: "POST", path: "/api/v1/orgs/acme/opportunities/{opp}/close",
				body: `{"outcome":"lost","closed_on":"2025-06-02","loss_reason":"Lead time","competitor":"unknown"}`, status: 422, field: "outcome"},
			{name: "still open", as: "manager", method: "GET", path: "/api/v1/orgs/acme/opportunities/{opp}", status: 200, want: []string{`"status":"open"`}},
			{name: "closed won", as: "manager", method: "POST", path: "/api/v1/orgs/acme/opportunities/{opp}/close",
				body: `{"outcome":"won","closed_on":"2025-06-02","amount":300}`, status: 200, want: []string{`"status":"won"`}},
		})
	})
}
