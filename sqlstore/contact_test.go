package sqlstore_test

import (
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestContactCRUD(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		acc := mustAccount(t, db, c.sales, "Dupont")
		hostile := `Robert"); DROP TABLE contacts;-- <b>`
		ct := &closer.Contact{Name: hostile, AccountID: acc.ID, Email: " Jeanne@Dupont.FR ", JobTitle: "Gérante"}
		if err := db.CreateContact(c.sales, ct); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindContact(c.consultant, ct.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != hostile || got.Email != "jeanne@dupont.fr" || got.AccountID != acc.ID || got.OwnerID != c.salesID || got.JobTitle != "Gérante" {
			t.Fatalf("stored contact: %+v", got)
		}
		loose := &closer.Contact{Name: "Marc Sans Compte"}
		if err := db.CreateContact(c.manager, loose); err != nil {
			t.Fatal(err)
		}
		list, total, err := db.FindContacts(c.consultant, closer.ContactFilter{AccountID: acc.ID})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != ct.ID {
			t.Fatalf("contacts of the account: %v %d %v", list, total, err)
		}
		list, total, err = db.FindContacts(c.consultant, closer.ContactFilter{Q: "SANS"})
		if err != nil || total != 1 || list[0].ID != loose.ID || list[0].AccountID != 0 {
			t.Fatalf("search: %v %d %v", list, total, err)
		}
		list, total, _ = db.FindContacts(c.consultant, closer.ContactFilter{})
		if total != 2 || list[0].ID != loose.ID || list[1].ID != ct.ID {
			t.Fatalf("contacts by name: %v %d", list, total)
		}

		// Full replace: no account detaches it, no owner keeps it.
		if err := db.UpdateContact(c.sales, &closer.Contact{ID: ct.ID, Name: "Jeanne Dupont"}); err != nil {
			t.Fatal(err)
		}
		got, _ = db.FindContact(c.owner, ct.ID)
		if got.Name != "Jeanne Dupont" || got.AccountID != 0 || got.Email != "" || got.OwnerID != c.salesID {
			t.Fatalf("updated contact: %+v", got)
		}
		if err := db.DeleteContact(c.owner, ct.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindContact(c.owner, ct.ID)
		wantErr(t, "find deleted", err, closer.ENOTFOUND, "")
	})
}

func TestContactBadInputAndRoles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		other, _ := newOrg(t, db, "rival")
		foreignAcc := mustAccount(t, db, other, "Rival's customer")
		foreign := &closer.Contact{Name: "Rival's contact"}
		if err := db.CreateContact(other, foreign); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			what  string
			c     closer.Contact
			field string
		}{
			{"empty name", closer.Contact{}, "name"},
			{"bad e-mail", closer.Contact{Name: "X", Email: "not an e-mail"}, "email"},
			{"hostile e-mail", closer.Contact{Name: "X", Email: "<a@b.c>"}, "email"},
			{"long job title", closer.Contact{Name: "X", JobTitle: strings.Repeat("x", 201)}, "job_title"},
			{"foreign account", closer.Contact{Name: "X", AccountID: foreignAcc.ID}, "account"},
			{"unknown account", closer.Contact{Name: "X", AccountID: 999999}, "account"},
			{"foreign owner", closer.Contact{Name: "X", OwnerID: userOf(other)}, "owner"},
		} {
			ct := tc.c
			wantErr(t, tc.what, db.CreateContact(c.owner, &ct), closer.EINVALID, tc.field)
		}

		own := &closer.Contact{Name: "Own"}
		theirs := &closer.Contact{Name: "Theirs"}
		if err := db.CreateContact(c.sales, own); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateContact(c.colleague, theirs); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "sales creates for a colleague", db.CreateContact(c.sales, &closer.Contact{Name: "X", OwnerID: c.collID}), closer.EFORBIDDEN, "")
		wantErr(t, "sales changes a colleague's", db.UpdateContact(c.sales, &closer.Contact{ID: theirs.ID, Name: "X"}), closer.EFORBIDDEN, "")
		wantErr(t, "sales gives their own away", db.UpdateContact(c.sales, &closer.Contact{ID: own.ID, Name: "Own", OwnerID: c.collID}), closer.EFORBIDDEN, "")
		if err := db.UpdateContact(c.manager, &closer.Contact{ID: theirs.ID, Name: "Theirs", OwnerID: c.salesID}); err != nil {
			t.Fatalf("manager reassigns: %v", err)
		}
		wantErr(t, "update to a foreign account", db.UpdateContact(c.sales, &closer.Contact{ID: own.ID, Name: "Own", AccountID: foreignAcc.ID}), closer.EINVALID, "account")
		wantErr(t, "consultant creates", db.CreateContact(c.consultant, &closer.Contact{Name: "X"}), closer.EFORBIDDEN, "")
		wantErr(t, "consultant updates", db.UpdateContact(c.consultant, &closer.Contact{ID: own.ID, Name: "X"}), closer.EFORBIDDEN, "")
		wantErr(t, "consultant deletes", db.DeleteContact(c.consultant, own.ID), closer.EFORBIDDEN, "")
		wantErr(t, "manager deletes", db.DeleteContact(c.manager, own.ID), closer.EFORBIDDEN, "")
		wantErr(t, "sales deletes their own", db.DeleteContact(c.sales, own.ID), closer.EFORBIDDEN, "")

		_, err := db.FindContact(c.owner, foreign.ID)
		wantErr(t, "find foreign", err, closer.ENOTFOUND, "")
		wantErr(t, "update foreign", db.UpdateContact(c.owner, &closer.Contact{ID: foreign.ID, Name: "X"}), closer.ENOTFOUND, "")
		wantErr(t, "delete foreign", db.DeleteContact(c.owner, foreign.ID), closer.ENOTFOUND, "")
		if got, err := db.FindContact(other, foreign.ID); err != nil || got.Name != "Rival's contact" {
			t.Fatalf("foreign contact changed: %+v %v", got, err)
		}
		if got, _ := db.FindContact(c.owner, own.ID); got.Name != "Own" || got.AccountID != 0 {
			t.Fatalf("refused writes changed the contact: %+v", got)
		}
	})
}

// A contact is personal data: deleting it is never refused; the
// opportunities that named it lose their contact and move to a new version.
func TestDeleteContactUnlinksOpportunities(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		acc := mustAccount(t, db, c.sales, "Dupont")
		ct := &closer.Contact{Name: "Jeanne", AccountID: acc.ID}
		if err := db.CreateContact(c.sales, ct); err != nil {
			t.Fatal(err)
		}
		opp := rawOpportunity(t, db, c.org.ID, c.salesID, acc.ID)
		bystander := rawOpportunity(t, db, c.org.ID, c.salesID, acc.ID)
		if _, err := db.SQL().Exec(`UPDATE opportunities SET contact_id = $1 WHERE id = $2`, ct.ID, opp); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteContact(c.owner, ct.ID); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			id      int64
			version int
		}{{opp, 2}, {bystander, 1}} {
			var contactID any
			var version int
			if err := db.SQL().QueryRow(`SELECT contact_id, version FROM opportunities WHERE id = $1`, tc.id).Scan(&contactID, &version); err != nil {
				t.Fatal(err)
			}
			if contactID != nil || version != tc.version {
				t.Fatalf("opportunity %d: contact %v, version %d (want %d)", tc.id, contactID, version, tc.version)
			}
		}
	})
}
