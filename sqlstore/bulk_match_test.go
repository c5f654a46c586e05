package sqlstore_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestBulkFindsContactsByEmailAndOpportunitiesByTitle: what an import of
// Closer's exports looks up. A contact is found by e-mail (trimmed, case
// aside; an empty one matches nobody), stored or added by the same bulk;
// the opportunities of a title (case aside) come with their detection and
// close dates and amount.
func TestBulkFindsContactsByEmailAndOpportunitiesByTitle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := newOrg(t, db, "finds")
		day := closer.MustDate("2025-03-03")
		var ann int64
		err := db.Bulk(ctx, false, func(b closer.Bulk) error {
			owner := b.Members()[0].UserID
			acc := &closer.Account{Name: "Acme"}
			must(t, b.AddAccount(acc))
			c := &closer.Contact{AccountID: acc.ID, Name: "Ann", Email: "ann@acme.test"}
			must(t, b.AddContact(c))
			ann = c.ID
			must(t, b.AddContact(&closer.Contact{AccountID: acc.ID, Name: "Erased"}))
			if id, err := b.ContactByEmail(" ANN@acme.test"); err != nil || id != c.ID {
				t.Errorf("a contact the bulk added (still buffered): %d %v, want %d", id, err, c.ID)
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
			for email, want := range map[string]int64{"ann@acme.test": ann, "": 0, "  ": 0, "bob@acme.test": 0} {
				if id, err := b.ContactByEmail(email); err != nil || id != want {
					t.Errorf("ContactByEmail(%q): %d %v, want %d", email, id, err, want)
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
