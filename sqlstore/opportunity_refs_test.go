package sqlstore_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// An opportunity's contact is one of its account's, when it has both: on
// creation, and on a change of either (the account alone included).
func TestOpportunityContactOfItsAccount(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "contacts")
		ctx := c.manager
		a1, a2 := mustAccount(t, db, ctx, "Leroy"), mustAccount(t, db, ctx, "Fournier")
		c1 := &closer.Contact{Name: "Paul Leroy", AccountID: a1.ID}
		c2 := &closer.Contact{Name: "Anne Fournier", AccountID: a2.ID}
		loose := &closer.Contact{Name: "Nobody's"}
		for _, ct := range []*closer.Contact{c1, c2, loose} {
			if err := db.CreateContact(ctx, ct); err != nil {
				t.Fatal(err)
			}
		}
		wantErr(t, "create with another account's contact", db.CreateOpportunity(ctx, &closer.Opportunity{Title: "T", AccountID: a1.ID, ContactID: c2.ID}), closer.EINVALID, "contact")
		wantErr(t, "create with a contact of no account", db.CreateOpportunity(ctx, &closer.Opportunity{Title: "T", AccountID: a1.ID, ContactID: loose.ID}), closer.EINVALID, "contact")
		if err := db.CreateOpportunity(ctx, &closer.Opportunity{Title: "No account yet", ContactID: c2.ID}); err != nil {
			t.Fatalf("a contact without an account: %v", err)
		}
		o := &closer.Opportunity{Title: "Leroy's", AccountID: a1.ID, ContactID: c1.ID}
		if err := db.CreateOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
		_, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{Account: &a2.ID})
		wantErr(t, "change the account only", err, closer.EINVALID, "contact")
		_, err = db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{Contact: &c2.ID})
		wantErr(t, "change the contact only", err, closer.EINVALID, "contact")
		if _, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{Account: &a2.ID, Contact: &c2.ID}); err != nil {
			t.Fatalf("change both: %v", err)
		}
		none := int64(0)
		if _, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{Account: &a1.ID, Contact: &none}); err != nil {
			t.Fatalf("change the account and drop the contact: %v", err)
		}
	})
}
