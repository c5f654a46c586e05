package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestAccountCRUD(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		hostile := `<script>alert(1)</script>'; DROP TABLE accounts; --`
		a := &closer.Account{Name: "  " + hostile + "  ", City: "Lyon", Note: "50% off_"}
		if err := db.CreateAccount(c.sales, a); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindAccount(c.consultant, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != hostile || got.OwnerID != c.salesID || got.City != "Lyon" || got.Note != "50% off_" || got.Created.IsZero() {
			t.Fatalf("stored account: %+v", got)
		}

		for _, name := range []string{"beta Menuiserie", "Alpha Bois", "alpha Charpente", "Gamma 100% bio", "Delta_x"} {
			mustAccount(t, db, c.manager, name)
		}
		names := func(f closer.AccountFilter) ([]string, int) {
			t.Helper()
			list, total, err := db.FindAccounts(c.consultant, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range list {
				out = append(out, a.Name)
			}
			return out, total
		}
		if got, total := names(closer.AccountFilter{Q: "ALPHA"}); strings.Join(got, "|") != "Alpha Bois|alpha Charpente" || total != 2 {
			t.Fatalf("search ALPHA: %q %d", got, total)
		}
		// % and _ are literal characters, not wildcards.
		if got, _ := names(closer.AccountFilter{Q: "100%"}); strings.Join(got, "|") != "Gamma 100% bio" {
			t.Fatalf("search 100%%: %q", got)
		}
		if got, _ := names(closer.AccountFilter{Q: "a_x"}); strings.Join(got, "|") != "Delta_x" {
			t.Fatalf("search a_x: %q", got)
		}
		if got, _ := names(closer.AccountFilter{Q: "'; drop"}); len(got) != 1 || got[0] != hostile {
			t.Fatalf("search hostile: %q", got)
		}
		if got, total := names(closer.AccountFilter{Page: closer.Page{Limit: 2, Offset: 2}}); strings.Join(got, "|") != "alpha Charpente|beta Menuiserie" || total != 6 {
			t.Fatalf("page 2 of 2: %q %d", got, total)
		}
		if got, total := names(closer.AccountFilter{OwnerID: c.salesID}); len(got) != 1 || total != 1 {
			t.Fatalf("owner filter: %q %d", got, total)
		}
		if got, total := names(closer.AccountFilter{Page: closer.Page{Offset: 100}}); len(got) != 0 || total != 6 {
			t.Fatalf("past the end: %q %d", got, total)
		}
		_, _, err = db.FindAccounts(c.owner, closer.AccountFilter{Q: strings.Repeat("x", 201)})
		wantErr(t, "oversized search", err, closer.EINVALID, "q")

		upd := &closer.Account{ID: a.ID, Name: "Dupont SA", Phone: "+33 1 02 03 04 05"}
		if err := db.UpdateAccount(c.sales, upd); err != nil {
			t.Fatal(err)
		}
		got, _ = db.FindAccount(c.owner, a.ID)
		if got.Name != "Dupont SA" || got.City != "" || got.Phone != "+33 1 02 03 04 05" || got.OwnerID != c.salesID {
			t.Fatalf("updated account (full replace, owner kept): %+v", got)
		}
		if err := db.DeleteAccount(c.owner, a.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindAccount(c.owner, a.ID)
		wantErr(t, "find deleted", err, closer.ENOTFOUND, "")
		wantErr(t, "delete twice", db.DeleteAccount(c.owner, a.ID), closer.ENOTFOUND, "")
	})
}

func TestAccountBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		for _, tc := range []struct {
			what  string
			a     closer.Account
			field string
		}{
			{"empty name", closer.Account{}, "name"},
			{"blank name", closer.Account{Name: " \t\n"}, "name"},
			{"long name", closer.Account{Name: strings.Repeat("é", 201)}, "name"},
			{"invalid UTF-8", closer.Account{Name: "Bad \xff"}, "name"},
			{"long phone", closer.Account{Name: "X", Phone: strings.Repeat("1", 51)}, "phone"},
			{"owner not a member", closer.Account{Name: "X", OwnerID: 999999}, "owner"},
		} {
			a := tc.a
			wantErr(t, tc.what, db.CreateAccount(c.owner, &a), closer.EINVALID, tc.field)
		}
		a := mustAccount(t, db, c.owner, "Ok")
		wantErr(t, "update to empty name", db.UpdateAccount(c.owner, &closer.Account{ID: a.ID}), closer.EINVALID, "name")
		wantErr(t, "update to non-member", db.UpdateAccount(c.owner, &closer.Account{ID: a.ID, Name: "Ok", OwnerID: 999999}), closer.EINVALID, "owner")
		if list, total, _ := db.FindAccounts(c.owner, closer.AccountFilter{}); total != 1 || list[0].Name != "Ok" {
			t.Fatalf("refused writes left traces: %d accounts", total)
		}
	})
}

func TestAccountRoles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		own := mustAccount(t, db, c.sales, "Own")
		theirs := mustAccount(t, db, c.colleague, "Theirs")

		wantErr(t, "sales creates for a colleague", db.CreateAccount(c.sales, &closer.Account{Name: "X", OwnerID: c.collID}), closer.EFORBIDDEN, "")
		wantErr(t, "sales changes a colleague's", db.UpdateAccount(c.sales, &closer.Account{ID: theirs.ID, Name: "X"}), closer.EFORBIDDEN, "")
		wantErr(t, "sales gives their own away", db.UpdateAccount(c.sales, &closer.Account{ID: own.ID, Name: "Own", OwnerID: c.collID}), closer.EFORBIDDEN, "")
		if err := db.UpdateAccount(c.sales, &closer.Account{ID: own.ID, Name: "Own 2"}); err != nil {
			t.Fatalf("sales changes their own: %v", err)
		}
		if err := db.CreateAccount(c.manager, &closer.Account{Name: "For sales", OwnerID: c.salesID}); err != nil {
			t.Fatalf("manager creates for sales: %v", err)
		}
		if err := db.UpdateAccount(c.manager, &closer.Account{ID: theirs.ID, Name: "Theirs", OwnerID: c.salesID}); err != nil {
			t.Fatalf("manager reassigns: %v", err)
		}
		if got, _ := db.FindAccount(c.sales, theirs.ID); got.OwnerID != c.salesID {
			t.Fatalf("reassigned owner: %d", got.OwnerID)
		}

		wantErr(t, "consultant creates", db.CreateAccount(c.consultant, &closer.Account{Name: "X"}), closer.EFORBIDDEN, "")
		wantErr(t, "consultant updates", db.UpdateAccount(c.consultant, &closer.Account{ID: own.ID, Name: "X"}), closer.EFORBIDDEN, "")
		for name, ctx := range map[string]context.Context{"consultant": c.consultant, "manager": c.manager, "sales (owner of it)": c.sales} {
			wantErr(t, name+" deletes", db.DeleteAccount(ctx, own.ID), closer.EFORBIDDEN, "")
		}
		if _, err := db.FindAccount(c.owner, own.ID); err != nil {
			t.Fatalf("refused deletes deleted: %v", err)
		}
	})
}

func TestAccountTenantIsolation(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		other, _ := newOrg(t, db, "rival")
		foreign := mustAccount(t, db, other, "Rival's customer")

		_, err := db.FindAccount(c.owner, foreign.ID)
		wantErr(t, "find foreign", err, closer.ENOTFOUND, "")
		wantErr(t, "update foreign", db.UpdateAccount(c.owner, &closer.Account{ID: foreign.ID, Name: "Mine now"}), closer.ENOTFOUND, "")
		wantErr(t, "delete foreign", db.DeleteAccount(c.owner, foreign.ID), closer.ENOTFOUND, "")
		if list, total, err := db.FindAccounts(c.owner, closer.AccountFilter{Q: "rival"}); err != nil || total != 0 || len(list) != 0 {
			t.Fatalf("foreign account listed: %v %d %v", list, total, err)
		}
		// The other org's owner is not a member here.
		wantErr(t, "foreign owner", db.CreateAccount(c.owner, &closer.Account{Name: "X", OwnerID: userOf(other)}), closer.EINVALID, "owner")
		if got, err := db.FindAccount(other, foreign.ID); err != nil || got.Name != "Rival's customer" {
			t.Fatalf("foreign account changed: %+v %v", got, err)
		}
	})
}

func TestDeleteAccountInUse(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		acc := mustAccount(t, db, c.sales, "Busy")
		opp1 := rawOpportunity(t, db, c.org.ID, c.salesID, acc.ID)
		opp2 := rawOpportunity(t, db, c.org.ID, c.salesID, acc.ID)
		order := &closer.Order{AccountID: acc.ID, Kind: closer.OrderDirect, Amount: 100, OrderedOn: closer.MustDate("2024-06-01")}
		if err := db.CreateOrder(c.sales, order); err != nil {
			t.Fatal(err)
		}
		err := db.DeleteAccount(c.owner, acc.ID)
		wantErr(t, "delete account in use", err, closer.ECONFLICT, "")
		if msg := closer.ErrorMessage(err); !strings.Contains(msg, "2 opportunities and 1 order") {
			t.Fatalf("message does not say what uses it: %q", msg)
		}

		// Without its opportunities, its order still holds it.
		if _, err := db.SQL().Exec(`DELETE FROM opportunities WHERE id IN ($1, $2)`, opp1, opp2); err != nil {
			t.Fatal(err)
		}
		err = db.DeleteAccount(c.owner, acc.ID)
		wantErr(t, "delete account with an order", err, closer.ECONFLICT, "")
		if msg := closer.ErrorMessage(err); !strings.Contains(msg, "used by 1 order:") {
			t.Fatalf("message does not say what uses it: %q", msg)
		}
		if err := db.DeleteOrder(c.owner, order.ID); err != nil {
			t.Fatal(err)
		}
		// Once nothing uses it, it goes with its contacts; its activities stay.
		contact := &closer.Contact{Name: "Jeanne", AccountID: acc.ID}
		if err := db.CreateContact(c.sales, contact); err != nil {
			t.Fatal(err)
		}
		elsewhere := mustAccount(t, db, c.sales, "Elsewhere")
		opp3 := rawOpportunity(t, db, c.org.ID, c.salesID, elsewhere.ID)
		if _, err := db.SQL().Exec(`UPDATE opportunities SET contact_id = $1 WHERE id = $2`, contact.ID, opp3); err != nil {
			t.Fatal(err)
		}
		act := &closer.Activity{Kind: closer.ActivityCall, Subject: "Call", DueOn: closer.MustDate("2024-07-01"), AccountID: acc.ID}
		if err := db.CreateActivity(c.sales, act); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteAccount(c.owner, acc.ID); err != nil {
			t.Fatalf("delete unused account: %v", err)
		}
		_, err = db.FindContact(c.owner, contact.ID)
		wantErr(t, "contact of a deleted account", err, closer.ENOTFOUND, "")
		var contactID any
		if err := db.SQL().QueryRow(`SELECT contact_id FROM opportunities WHERE id = $1`, opp3).Scan(&contactID); err != nil || contactID != nil {
			t.Fatalf("opportunity still names the erased contact: %v %v", contactID, err)
		}
		got, err := db.FindActivity(c.sales, act.ID)
		if err != nil || got.AccountID != 0 {
			t.Fatalf("activity of a deleted account: %+v %v", got, err)
		}
	})
}
