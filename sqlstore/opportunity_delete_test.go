package sqlstore_test

import (
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// Deleting an opportunity with linked orders is refused, naming them: a
// linked order always names its opportunity.
func TestDeleteOpportunityKeepsLinkedOrders(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "orders")
		acc := mustAccount(t, db, c.manager, "Leroy")
		o := &closer.Opportunity{Title: "Linked", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
		if err := db.CreateOpportunity(c.manager, o); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CloseOpportunity(c.manager, o.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-15"), Amount: cents(100)}); err != nil {
			t.Fatal(err)
		}
		ord := &closer.Order{AccountID: acc.ID, OpportunityID: o.ID, Reference: "BC-1", Amount: 100, OrderedOn: closer.MustDate("2024-06-01")}
		if err := db.CreateOrder(c.manager, ord); err != nil {
			t.Fatal(err)
		}
		err := db.DeleteOpportunity(c.owner, o.ID)
		wantErr(t, "delete", err, closer.ECONFLICT, "")
		if !strings.Contains(closer.ErrorMessage(err), "BC-1") {
			t.Errorf("the message does not name the order: %v", err)
		}
		if got, err := db.FindOrder(c.owner, ord.ID); err != nil || got.OpportunityID != o.ID {
			t.Fatalf("order %+v, %v", got, err)
		}
		if err := db.DeleteOrder(c.owner, ord.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteOpportunity(c.owner, o.ID); err != nil {
			t.Fatalf("delete once its order is gone: %v", err)
		}
	})
}
