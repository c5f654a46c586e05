package sqlstore_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestSavedFilters(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "filters")
		otherOwner, _ := newOrg(t, db, "elsewhere")

		f := &closer.SavedFilter{Page: "opportunities", Name: " Mes gros deals ", Query: "status=open&sort=amount"}
		if err := db.CreateSavedFilter(c.sales, f); err != nil {
			t.Fatal(err)
		}
		if f.ID == 0 || f.Name != "Mes gros deals" || f.UserID != c.salesID {
			t.Fatalf("created: %+v", f)
		}
		err := db.CreateSavedFilter(c.sales, &closer.SavedFilter{Page: "opportunities", Name: "mes GROS deals"})
		wantErr(t, "same name", err, closer.ECONFLICT, "name")
		err = db.CreateSavedFilter(c.sales, &closer.SavedFilter{Page: "opportunities", Name: "  "})
		wantErr(t, "no name", err, closer.EINVALID, "name")
		// The same name on another page, or for another user, is fine; a
		// consultant keeps their own filters too.
		if err := db.CreateSavedFilter(c.sales, &closer.SavedFilter{Page: "accounts", Name: "Mes gros deals"}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSavedFilter(c.consultant, &closer.SavedFilter{Page: "opportunities", Name: "Mes gros deals", Query: "status=lost"}); err != nil {
			t.Fatal(err)
		}

		got, err := db.SavedFilters(c.sales, "opportunities")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Query != "status=open&sort=amount" {
			t.Fatalf("sales' filters: %+v", got)
		}
		if got, _ := db.SavedFilters(c.colleague, "opportunities"); len(got) != 0 {
			t.Fatalf("a colleague sees %d filters of someone else", len(got))
		}
		// Nobody else deletes them, not even the org's owner or another org.
		wantErr(t, "owner deletes sales' filter", db.DeleteSavedFilter(c.owner, f.ID), closer.ENOTFOUND, "")
		wantErr(t, "other org deletes", db.DeleteSavedFilter(otherOwner, f.ID), closer.ENOTFOUND, "")
		if err := db.DeleteSavedFilter(c.sales, f.ID); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "deleted twice", db.DeleteSavedFilter(c.sales, f.ID), closer.ENOTFOUND, "")
		if got, _ := db.SavedFilters(c.sales, "opportunities"); len(got) != 0 {
			t.Fatalf("after delete: %+v", got)
		}
	})
}
