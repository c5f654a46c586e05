package sqlstore_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestOrderCRUD(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		acc := mustAccount(t, db, c.sales, "Dupont")
		other := mustAccount(t, db, c.colleague, "Martin")
		opp := rawWonOpportunity(t, db, c.org.ID, c.salesID, acc.ID)

		// A linked order takes its opportunity's account.
		linked := &closer.Order{OpportunityID: opp, Amount: 120000, OrderedOn: closer.MustDate("2024-06-15"), Reference: `<PO-1>' --`}
		if err := db.CreateOrder(c.sales, linked); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindOrder(c.consultant, linked.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Kind != closer.OrderLinked || got.AccountID != acc.ID || got.OwnerID != c.salesID || got.Amount != 120000 ||
			got.OrderedOn.String() != "2024-06-15" || got.Reference != `<PO-1>' --` || got.OpportunityID != opp {
			t.Fatalf("stored linked order: %+v", got)
		}
		direct := &closer.Order{AccountID: acc.ID, Amount: 5000, OrderedOn: closer.MustDate("2024-05-02")}
		if err := db.CreateOrder(c.sales, direct); err != nil {
			t.Fatal(err)
		}
		if direct.Kind != closer.OrderDirect {
			t.Fatalf("kind without opportunity: %q", direct.Kind)
		}
		recurring := &closer.Order{AccountID: other.ID, Kind: closer.OrderRecurring, Amount: 700, OrderedOn: closer.MustDate("2024-04-30")}
		if err := db.CreateOrder(c.colleague, recurring); err != nil {
			t.Fatal(err)
		}

		ids := func(f closer.SalesFilter) []int64 {
			t.Helper()
			list, total, err := db.FindOrders(c.consultant, f)
			if err != nil {
				t.Fatal(err)
			} else if total != len(list) {
				t.Fatalf("total %d for %d orders", total, len(list))
			}
			var out []int64
			for _, o := range list {
				out = append(out, o.ID)
			}
			return out
		}
		for _, tc := range []struct {
			what string
			f    closer.SalesFilter
			want []int64
		}{
			{"all, latest first", closer.SalesFilter{}, []int64{linked.ID, direct.ID, recurring.ID}},
			{"by account", closer.SalesFilter{AccountID: acc.ID}, []int64{linked.ID, direct.ID}},
			{"by opportunity", closer.SalesFilter{OpportunityID: opp}, []int64{linked.ID}},
			{"by owner", closer.SalesFilter{OwnerID: c.collID}, []int64{recurring.ID}},
			{"by kind", closer.SalesFilter{Kind: "direct"}, []int64{direct.ID}},
			{"in May", closer.SalesFilter{From: closer.MustDate("2024-05-01"), To: closer.MustDate("2024-05-31")}, []int64{direct.ID}},
			{"from May 2", closer.SalesFilter{From: closer.MustDate("2024-05-02")}, []int64{linked.ID, direct.ID}},
			{"to April 30", closer.SalesFilter{To: closer.MustDate("2024-04-30")}, []int64{recurring.ID}},
		} {
			if got := ids(tc.f); !equalIDs(got, tc.want) {
				t.Fatalf("%s: %v, want %v", tc.what, got, tc.want)
			}
		}
		if list, total, _ := db.FindOrders(c.sales, closer.SalesFilter{Page: closer.Page{Limit: 1, Offset: 2}}); len(list) != 1 || list[0].ID != recurring.ID || total != 3 {
			t.Fatalf("third page: %v %d", list, total)
		}
		_, _, err = db.FindOrders(c.sales, closer.SalesFilter{Kind: "call"})
		wantErr(t, "unknown kind filter", err, closer.EINVALID, "kind")

		// Update turns the direct order into a recurring one of the same account.
		upd := &closer.Order{ID: direct.ID, AccountID: acc.ID, Kind: closer.OrderRecurring, Amount: 5500, OrderedOn: closer.MustDate("2024-05-03")}
		if err := db.UpdateOrder(c.sales, upd); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindOrder(c.sales, direct.ID); got.Kind != closer.OrderRecurring || got.Amount != 5500 || got.OwnerID != c.salesID || got.OrderedOn.String() != "2024-05-03" {
			t.Fatalf("updated order: %+v", got)
		}
		if err := db.DeleteOrder(c.owner, direct.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindOrder(c.sales, direct.ID)
		wantErr(t, "find deleted", err, closer.ENOTFOUND, "")
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestOrderBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		acc := mustAccount(t, db, c.sales, "Dupont")
		acc2 := mustAccount(t, db, c.sales, "Martin")
		opp := rawWonOpportunity(t, db, c.org.ID, c.salesID, acc.ID)
		young := rawWonOpportunity(t, db, c.org.ID, c.salesID, 0)
		rival, rivalOrg := newOrg(t, db, "rival")
		foreignAcc := mustAccount(t, db, rival, "Rival's customer")
		foreignOpp := rawOpportunity(t, db, rivalOrg.ID, userOf(rival), foreignAcc.ID)
		day := closer.MustDate("2024-06-01")
		for _, tc := range []struct {
			what  string
			o     closer.Order
			field string
		}{
			{"no account", closer.Order{Amount: 1, OrderedOn: day}, "account"},
			{"unknown account", closer.Order{AccountID: 999999, OrderedOn: day}, "account"},
			{"foreign account", closer.Order{AccountID: foreignAcc.ID, OrderedOn: day}, "account"},
			{"foreign opportunity", closer.Order{OpportunityID: foreignOpp, OrderedOn: day}, "opportunity"},
			{"unknown opportunity", closer.Order{OpportunityID: 999999, AccountID: acc.ID, OrderedOn: day}, "opportunity"},
			{"account mismatch", closer.Order{OpportunityID: opp, AccountID: acc2.ID, OrderedOn: day}, "account"},
			{"opportunity without account, none given", closer.Order{OpportunityID: young, OrderedOn: day}, "account"},
			{"linked without opportunity", closer.Order{Kind: closer.OrderLinked, AccountID: acc.ID, OrderedOn: day}, "opportunity"},
			{"direct with opportunity", closer.Order{Kind: closer.OrderDirect, OpportunityID: opp, OrderedOn: day}, "kind"},
			{"recurring with opportunity", closer.Order{Kind: closer.OrderRecurring, OpportunityID: opp, OrderedOn: day}, "kind"},
			{"wrong kind", closer.Order{Kind: "gift", AccountID: acc.ID, OrderedOn: day}, "kind"},
			{"negative amount", closer.Order{AccountID: acc.ID, Amount: -100, OrderedOn: day}, "amount"},
			{"no date", closer.Order{AccountID: acc.ID}, "ordered_on"},
			{"ordered tomorrow", closer.Order{AccountID: acc.ID, OrderedOn: closer.MustDate("2024-06-16")}, "ordered_on"},
			{"owner not a member", closer.Order{AccountID: acc.ID, OrderedOn: day, OwnerID: userOf(rival)}, "owner"},
		} {
			o := tc.o
			wantErr(t, tc.what, db.CreateOrder(c.owner, &o), closer.EINVALID, tc.field)
		}
		// A young opportunity without account takes the order's account.
		o := &closer.Order{OpportunityID: young, AccountID: acc2.ID, OrderedOn: day}
		if err := db.CreateOrder(c.sales, o); err != nil {
			t.Fatalf("linked order of an opportunity without account: %v", err)
		}
		if list, total, _ := db.FindOrders(c.owner, closer.SalesFilter{}); total != 1 || list[0].ID != o.ID {
			t.Fatalf("refused orders were stored: %d", total)
		}
		wantErr(t, "update to mismatch", db.UpdateOrder(c.sales, &closer.Order{ID: o.ID, OpportunityID: opp, AccountID: acc2.ID, OrderedOn: day}), closer.EINVALID, "account")
		wantErr(t, "update to the future", db.UpdateOrder(c.sales, &closer.Order{ID: o.ID, AccountID: acc2.ID, OrderedOn: closer.MustDate("2030-01-01")}), closer.EINVALID, "ordered_on")

		foreign := &closer.Order{AccountID: foreignAcc.ID, OrderedOn: day}
		if err := db.CreateOrder(rival, foreign); err != nil {
			t.Fatal(err)
		}
		_, err := db.FindOrder(c.owner, foreign.ID)
		wantErr(t, "find foreign", err, closer.ENOTFOUND, "")
		wantErr(t, "update foreign", db.UpdateOrder(c.owner, &closer.Order{ID: foreign.ID, AccountID: acc.ID, OrderedOn: day}), closer.ENOTFOUND, "")
		wantErr(t, "delete foreign", db.DeleteOrder(c.owner, foreign.ID), closer.ENOTFOUND, "")
		if got, err := db.FindOrder(rival, foreign.ID); err != nil || got.AccountID != foreignAcc.ID {
			t.Fatalf("foreign order changed: %+v %v", got, err)
		}
	})
}

func TestOrderRoles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		acc := mustAccount(t, db, c.colleague, "Dupont")
		theirOpp := rawWonOpportunity(t, db, c.org.ID, c.collID, acc.ID)
		day := closer.MustDate("2024-06-01")

		// A manager entering a linked order gives it to the opportunity's owner;
		// a salesperson entering one keeps it.
		byManager := &closer.Order{OpportunityID: theirOpp, OrderedOn: day}
		if err := db.CreateOrder(c.manager, byManager); err != nil {
			t.Fatal(err)
		} else if byManager.OwnerID != c.collID {
			t.Fatalf("linked order by a manager: owner %d, want the opportunity's owner %d", byManager.OwnerID, c.collID)
		}
		bySales := &closer.Order{OpportunityID: theirOpp, OrderedOn: day}
		if err := db.CreateOrder(c.sales, bySales); err != nil {
			t.Fatal(err)
		} else if bySales.OwnerID != c.salesID {
			t.Fatalf("linked order by sales: owner %d, want %d", bySales.OwnerID, c.salesID)
		}
		direct := &closer.Order{AccountID: acc.ID, OrderedOn: day}
		if err := db.CreateOrder(c.manager, direct); err != nil {
			t.Fatal(err)
		} else if direct.OwnerID != c.managerID {
			t.Fatalf("direct order by a manager: owner %d", direct.OwnerID)
		}

		wantErr(t, "sales creates for a colleague", db.CreateOrder(c.sales, &closer.Order{AccountID: acc.ID, OrderedOn: day, OwnerID: c.collID}), closer.EFORBIDDEN, "")
		wantErr(t, "sales updates a colleague's", db.UpdateOrder(c.sales, &closer.Order{ID: byManager.ID, OpportunityID: theirOpp, OrderedOn: day}), closer.EFORBIDDEN, "")
		wantErr(t, "sales gives their own away", db.UpdateOrder(c.sales, &closer.Order{ID: bySales.ID, OpportunityID: theirOpp, OrderedOn: day, OwnerID: c.collID}), closer.EFORBIDDEN, "")
		if err := db.UpdateOrder(c.sales, &closer.Order{ID: bySales.ID, OpportunityID: theirOpp, OrderedOn: day, Amount: 42}); err != nil {
			t.Fatalf("sales updates their own: %v", err)
		}
		wantErr(t, "sales deletes their own", db.DeleteOrder(c.sales, bySales.ID), closer.EFORBIDDEN, "")
		wantErr(t, "consultant creates", db.CreateOrder(c.consultant, &closer.Order{AccountID: acc.ID, OrderedOn: day}), closer.EFORBIDDEN, "")
		wantErr(t, "consultant updates", db.UpdateOrder(c.consultant, &closer.Order{ID: bySales.ID, AccountID: acc.ID, OrderedOn: day}), closer.EFORBIDDEN, "")
		wantErr(t, "consultant deletes", db.DeleteOrder(c.consultant, bySales.ID), closer.EFORBIDDEN, "")
		if got, _ := db.FindOrder(c.owner, bySales.ID); got.Amount != 42 || got.OwnerID != c.salesID || got.Kind != closer.OrderLinked {
			t.Fatalf("refused writes changed the order: %+v", got)
		}
		if err := db.UpdateOrder(c.manager, &closer.Order{ID: bySales.ID, OpportunityID: theirOpp, OrderedOn: day, OwnerID: c.collID}); err != nil {
			t.Fatalf("manager reassigns: %v", err)
		}
		wantErr(t, "manager deletes", db.DeleteOrder(c.manager, bySales.ID), closer.EFORBIDDEN, "")
		if err := db.DeleteOrder(c.owner, bySales.ID); err != nil {
			t.Fatalf("owner deletes: %v", err)
		}
		if err := db.DeleteOrder(c.owner, direct.ID); err != nil {
			t.Fatalf("owner deletes: %v", err)
		}
	})
}
