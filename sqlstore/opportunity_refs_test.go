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

// An activity about an opportunity is at that opportunity's account: when
// the opportunity moves to another account, its activities at the old one
// follow it (and can be changed again); one at no account stays so, and
// an opportunity left without an account leaves them where they are.
func TestOpportunityActivitiesFollowItsAccount(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "follow")
		ctx := c.manager
		a1, a2 := mustAccount(t, db, ctx, "Leroy"), mustAccount(t, db, ctx, "Fournier")
		o := &closer.Opportunity{Title: "Véranda", AccountID: a1.ID}
		if err := db.CreateOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
		d := closer.MustDate("2024-06-20")
		at := &closer.Activity{Kind: closer.ActivityCall, Subject: "Rappeler", DueOn: d, OpportunityID: o.ID, AccountID: a1.ID}
		loose := &closer.Activity{Kind: closer.ActivityTask, Subject: "Devis", DueOn: d, OpportunityID: o.ID}
		other := &closer.Activity{Kind: closer.ActivityMeeting, Subject: "Visite", DueOn: d, AccountID: a1.ID}
		for _, a := range []*closer.Activity{at, loose, other} {
			if err := db.CreateActivity(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		accountOf := func(id int64) int64 {
			t.Helper()
			a, err := db.FindActivity(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return a.AccountID
		}
		if _, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{Account: &a2.ID}); err != nil {
			t.Fatal(err)
		}
		if got := accountOf(at.ID); got != a2.ID {
			t.Errorf("the opportunity's call is at account %d, want its new account %d", got, a2.ID)
		}
		if got := accountOf(loose.ID); got != 0 {
			t.Errorf("a task at no account moved to %d", got)
		}
		if got := accountOf(other.ID); got != a1.ID {
			t.Errorf("the old account's own meeting moved to %d", got)
		}
		moved, err := db.FindActivity(ctx, at.ID)
		if err != nil {
			t.Fatal(err)
		}
		moved.Subject = "Rappeler lundi"
		if err := db.UpdateActivity(ctx, moved); err != nil {
			t.Errorf("changing the call after its opportunity moved: %v", err)
		}
		none := int64(0)
		if _, err := db.UpdateOpportunity(ctx, o.ID, 0, closer.OpportunityUpdate{Account: &none}); err != nil {
			t.Fatal(err)
		}
		if got := accountOf(at.ID); got != a2.ID {
			t.Errorf("an opportunity left without an account moved its call to %d", got)
		}
	})
}
