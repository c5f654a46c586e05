package sqlstore_test

import (
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestLinkedOrdersNeedAWonOpportunity: a linked order is the outcome of a
// won opportunity (SPEC 1), as orders_linked and the apparent win rate
// count it. One naming an open, on-hold, lost or vanished opportunity is
// refused on creation and on update, and a won opportunity with linked
// orders is not reopened (409 naming them, as its deletion).
func TestLinkedOrdersNeedAWonOpportunity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "linked")
		day := closer.MustDate("2024-06-12")
		linkTo := func(id int64) *closer.Order {
			return &closer.Order{OpportunityID: id, AccountID: tm.accountID, Reference: "BC-7", Amount: 5000, OrderedOn: day}
		}
		for _, st := range []closer.Status{closer.StatusOpen, closer.StatusOnHold, closer.StatusLost, closer.StatusVanished} {
			o := bringTo(t, db, tm, st)
			wantErr(t, "order linked to a "+string(st)+" opportunity", db.CreateOrder(tm.owner, linkTo(o.ID)), closer.EINVALID, "opportunity")
		}
		won := bringTo(t, db, tm, closer.StatusWon)
		ord := linkTo(won.ID)
		if err := db.CreateOrder(tm.owner, ord); err != nil {
			t.Fatalf("order linked to a won opportunity: %v", err)
		}
		lost := bringTo(t, db, tm, closer.StatusLost)
		moved := *ord
		moved.OpportunityID = lost.ID
		wantErr(t, "order moved to a lost opportunity", db.UpdateOrder(tm.owner, &moved), closer.EINVALID, "opportunity")

		_, err := db.ReopenOpportunity(tm.owner, won.ID, 0)
		wantErr(t, "reopen with a linked order", err, closer.ECONFLICT, "")
		if !strings.Contains(closer.ErrorMessage(err), "BC-7") {
			t.Errorf("the refusal does not name the order: %v", err)
		}
		if o, _ := db.FindOpportunity(tm.owner, won.ID); o.Status != closer.StatusWon || o.Version != won.Version {
			t.Fatalf("refused reopen changed the opportunity: %s, version %d", o.Status, o.Version)
		}
		// once the order is direct, the opportunity reopens
		direct := *ord
		direct.OpportunityID, direct.Kind = 0, closer.OrderDirect
		if err := db.UpdateOrder(tm.owner, &direct); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReopenOpportunity(tm.owner, won.ID, 0); err != nil {
			t.Fatalf("reopen without linked orders: %v", err)
		}
	})
}

// TestLinkedOrderNotBeforeDetection: a linked order is its opportunity's
// outcome, so it cannot be dated before the opportunity was detected; the
// store refuses it on creation and on update (naming ordered_on), and takes
// one dated on the detection day.
func TestLinkedOrderNotBeforeDetection(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "linkeddate")
		won := bringTo(t, db, tm, closer.StatusWon) // detected on 2024-06-01
		early := &closer.Order{OpportunityID: won.ID, AccountID: tm.accountID, Reference: "BC-8", Amount: 5000, OrderedOn: closer.MustDate("2024-05-31")}
		wantErr(t, "linked order before the detection", db.CreateOrder(tm.owner, early), closer.EINVALID, "ordered_on")

		direct := &closer.Order{Kind: closer.OrderDirect, AccountID: tm.accountID, Reference: "BC-9", Amount: 5000, OrderedOn: closer.MustDate("2024-05-20")}
		if err := db.CreateOrder(tm.owner, direct); err != nil {
			t.Fatalf("direct order before the detection: %v", err)
		}
		linked := *direct
		linked.Kind, linked.OpportunityID = closer.OrderLinked, won.ID
		wantErr(t, "direct order dated before the detection, linked", db.UpdateOrder(tm.owner, &linked), closer.EINVALID, "ordered_on")
		if o, _ := db.FindOrder(tm.owner, direct.ID); o.Kind != closer.OrderDirect || o.OpportunityID != 0 {
			t.Fatalf("refused update changed the order: %+v", o)
		}

		onTheDay := &closer.Order{OpportunityID: won.ID, AccountID: tm.accountID, Reference: "BC-10", Amount: 5000, OrderedOn: won.DetectedOn}
		if err := db.CreateOrder(tm.owner, onTheDay); err != nil {
			t.Fatalf("linked order on the detection day: %v", err)
		}
	})
}
