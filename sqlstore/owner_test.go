package sqlstore_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// The owner of a record is an active member who is not a consultant, on
// creation, on a change of owner and on reassignment; a record whose owner
// left keeps them and can still be changed.
func TestOwnerIsAnActiveNonConsultant(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "owners")
		ctx := c.manager
		acc := mustAccount(t, db, ctx, "Leroy")
		kept := &closer.Opportunity{Title: "Kept by the colleague", OwnerID: c.collID}
		if err := db.CreateOpportunity(ctx, kept); err != nil {
			t.Fatal(err)
		}
		act := &closer.Activity{Kind: closer.ActivityCall, Subject: "Call", DueOn: closer.MustDate("2024-06-20"), OwnerID: c.collID}
		if err := db.CreateActivity(ctx, act); err != nil {
			t.Fatal(err)
		}
		inactive := false
		if err := db.UpdateMember(c.owner, c.collID, nil, &inactive); err != nil {
			t.Fatal(err)
		}
		consultantID := userOf(c.consultant)
		for who, id := range map[string]int64{"the consultant": consultantID, "a deactivated member": c.collID} {
			what := func(s string) string { return s + " for " + who }
			wantErr(t, what("opportunity"), db.CreateOpportunity(ctx, &closer.Opportunity{Title: "T", OwnerID: id}), closer.EINVALID, "owner")
			wantErr(t, what("account"), db.CreateAccount(ctx, &closer.Account{Name: "A", OwnerID: id}), closer.EINVALID, "owner")
			wantErr(t, what("contact"), db.CreateContact(ctx, &closer.Contact{Name: "C", OwnerID: id}), closer.EINVALID, "owner")
			wantErr(t, what("activity"), db.CreateActivity(ctx, &closer.Activity{Kind: closer.ActivityCall, Subject: "S", DueOn: closer.MustDate("2024-06-20"), OwnerID: id}), closer.EINVALID, "owner")
			wantErr(t, what("order"), db.CreateOrder(ctx, &closer.Order{AccountID: acc.ID, OwnerID: id, Amount: 100, OrderedOn: closer.MustDate("2024-06-01")}), closer.EINVALID, "owner")
			wantErr(t, what("target"), db.SetTarget(ctx, &closer.Target{UserID: id, Period: closer.PeriodMonth, StartsOn: closer.MustDate("2024-07-01"), Amount: 100}), closer.EINVALID, "owner")
			_, err := db.UpdateOpportunity(ctx, kept.ID, 0, closer.OpportunityUpdate{Owner: &id})
			if id != c.collID { // giving it to its own owner changes nothing
				wantErr(t, what("an opportunity given"), err, closer.EINVALID, "owner")
			}
			moved := *acc
			moved.OwnerID = id
			wantErr(t, what("an account given"), db.UpdateAccount(ctx, &moved), closer.EINVALID, "owner")
			_, err = db.ReassignOpportunities(c.owner, c.salesID, id)
			wantErr(t, what("reassignment"), err, closer.EINVALID, "to")
		}
		title := "Still the colleague's"
		if _, err := db.UpdateOpportunity(ctx, kept.ID, 0, closer.OpportunityUpdate{Title: &title}); err != nil {
			t.Errorf("change an opportunity of a deactivated member: %v", err)
		}
		act.Subject = "Call back"
		act.OwnerID = 0
		if err := db.UpdateActivity(ctx, act); err != nil {
			t.Errorf("change an activity of a deactivated member: %v", err)
		}
	})
}

// A salesperson cannot give their opportunity to a colleague, as with every
// other record; a manager can.
func TestSalespersonKeepsTheirOpportunity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "giveaway")
		o := &closer.Opportunity{Title: "Mine"}
		if err := db.CreateOpportunity(c.sales, o); err != nil {
			t.Fatal(err)
		}
		_, err := db.UpdateOpportunity(c.sales, o.ID, 0, closer.OpportunityUpdate{Owner: &c.collID})
		wantErr(t, "give it to a colleague", err, closer.EFORBIDDEN, "")
		if got, _ := db.FindOpportunity(c.sales, o.ID); got.OwnerID != c.salesID {
			t.Fatalf("owner %d, want %d", got.OwnerID, c.salesID)
		}
		if _, err := db.UpdateOpportunity(c.manager, o.ID, 0, closer.OpportunityUpdate{Owner: &c.collID}); err != nil {
			t.Fatalf("a manager hands it over: %v", err)
		}
	})
}
