package sqlstore_test

import (
	"context"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestConsultantExportsNoContacts: a consultant, who is refused one
// contact's personal-data export, is refused the contacts' export too
// (their e-mail addresses and phone numbers); every other member gets it,
// and so does the command line (the org's owner). A consultant still
// exports every other entity.
func TestConsultantExportsNoContacts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "privacy")
		contact := &closer.Contact{Name: "Émilie Fournier", Email: "emilie@example.test", Phone: "02 40 10 66 69"}
		if err := db.CreateContact(c.sales, contact); err != nil {
			t.Fatal(err)
		}
		_, err := db.ExportContacts(c.consultant, 0, 100)
		wantErr(t, "a consultant exports the contacts", err, closer.EFORBIDDEN, "")
		if _, err := db.ExportOpportunities(c.consultant, 0, 100); err != nil {
			t.Fatalf("a consultant exports the opportunities: %v", err)
		}
		cli := closer.NewContextWithActor(closer.NewSystemContext(context.Background()), closer.Actor{OrgID: c.org.ID, Role: closer.RoleOwner})
		for who, ctx := range map[string]context.Context{"owner": c.owner, "manager": c.manager, "sales": c.sales, "command line": cli} {
			got, err := db.ExportContacts(ctx, 0, 100)
			if err != nil || len(got) != 1 || got[0].Email != contact.Email || got[0].Phone != contact.Phone {
				t.Errorf("%s exports the contacts: %+v %v", who, got, err)
			}
		}
	})
}
