package sqlstore_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestBulkFindsContactsByEmailAndOpportunitiesByTitle: what an import of
// Closer's exports looks up. A contact is found by e-mail (trimmed, case
// aside; an empty one matches nobody), stored or added by the same bulk, at
// its account (one e-mail at two accounts is two contacts) or at any;
// the opportunities of a title (case aside) come with their detection and
// close dates and amount.
func TestBulkFindsContactsByEmailAndOpportunitiesByTitle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := newOrg(t, db, "finds")
		day := closer.MustDate("2025-03-03")
		var ann, acme, annAtGlobex, globex int64
		err := db.Bulk(ctx, false, func(b closer.Bulk) error {
			owner := b.Members()[0].UserID
			acc := &closer.Account{Name: "Acme"}
			must(t, b.AddAccount(acc))
			acme = acc.ID
			c := &closer.Contact{AccountID: acc.ID, Name: "Ann", Email: "ann@acme.test"}
			must(t, b.AddContact(c))
			ann = c.ID
			must(t, b.AddContact(&closer.Contact{AccountID: acc.ID, Name: "Erased"}))
			if id, err := b.ContactByEmail(" ANN@acme.test", 0); err != nil || id != c.ID {
				t.Errorf("a contact the bulk added (still buffered): %d %v, want %d", id, err, c.ID)
			}
			other := &closer.Account{Name: "Globex"}
			must(t, b.AddAccount(other))
			globex = other.ID
			if id, err := b.ContactByEmail("ann@acme.test", globex); err != nil || id != 0 {
				t.Errorf("Ann at Globex before she is there: %d %v", id, err)
			}
			c2 := &closer.Contact{AccountID: globex, Name: "Ann", Email: "ann@acme.test"}
			must(t, b.AddContact(c2))
			annAtGlobex = c2.ID
			if id, err := b.ContactByEmail("ann@acme.test", globex); err != nil || id != c2.ID {
				t.Errorf("Ann at Globex, added by the bulk: %d %v, want %d", id, err, c2.ID)
			}
			for i, title := range []string{"Windows", "WINDOWS", "Doors"} {
				o := &closer.Opportunity{Title: title, OwnerID: owner, AccountID: acc.ID, Status: closer.StatusWon,
					Amount: closer.Money(1000 * (i + 1)), DetectedOn: day, ClosedOn: day.AddDays(i)}
				must(t, b.AddOpportunity(o))
			}
			return nil
		})
		must(t, err)
		err = db.Bulk(ctx, true, func(b closer.Bulk) error {
			for _, c := range []struct {
				email   string
				account int64
				want    int64
			}{{"ann@acme.test", 0, ann}, {"ann@acme.test", acme, ann}, {"Ann@Acme.test", globex, annAtGlobex}, {"ann@acme.test", -1, 0},
				{"ann@acme.test", globex + 1000, 0}, {"", 0, 0}, {"  ", 0, 0}, {"bob@acme.test", 0, 0}} {
				if id, err := b.ContactByEmail(c.email, c.account); err != nil || id != c.want {
					t.Errorf("ContactByEmail(%q, %d): %d %v, want %d", c.email, c.account, id, err, c.want)
				}
			}
			got, err := b.OpportunitiesTitled("windows")
			if err != nil || len(got) != 2 {
				t.Fatalf("OpportunitiesTitled: %+v %v", got, err)
			}
			if o := got[1]; o.Title != "WINDOWS" || o.Amount != 2000 || o.DetectedOn != day || o.ClosedOn != day.AddDays(1) || o.Status != closer.StatusWon || o.AccountID == 0 {
				t.Errorf("the second Windows: %+v", o)
			}
			if none, err := b.OpportunitiesTitled("Roof"); err != nil || len(none) != 0 {
				t.Errorf("no Roof: %+v %v", none, err)
			}
			return nil
		})
		must(t, err)
	})
}
