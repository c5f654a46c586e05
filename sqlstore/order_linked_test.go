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
// refused on creation and on update. The rule holds when an order is
// linked: a won opportunity with linked orders is reopened (SPEC 1) and
// its orders stay linked.
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

		// reopening is allowed (SPEC 1): the order stays linked, and can
		// still be changed, but no new order is linked to it until it is won
		reopened, err := db.ReopenOpportunity(tm.owner, won.ID, 0)
		if err != nil {
			t.Fatalf("reopen with a linked order: %v", err)
		} else if reopened.Status != closer.StatusOpen {
			t.Fatalf("reopened opportunity is %s", reopened.Status)
		}
		if o, err := db.FindOrder(tm.owner, ord.ID); err != nil || o.OpportunityID != won.ID || o.Kind != closer.OrderLinked {
			t.Fatalf("the order of a reopened opportunity: %+v, %v", o, err)
		}
		kept := *ord
		kept.Amount = 6000
		if err := db.UpdateOrder(tm.owner, &kept); err != nil {
			t.Fatalf("changing an order still linked to a reopened opportunity: %v", err)
		}
		early := kept
		early.OrderedOn = closer.MustDate("2020-01-01")
		wantErr(t, "order still linked, dated before the detection", db.UpdateOrder(tm.owner, &early), closer.EINVALID, "ordered_on")
		wantErr(t, "new order linked to the reopened opportunity", db.CreateOrder(tm.owner, linkTo(won.ID)), closer.EINVALID, "opportunity")
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

// TestOpportunityChangeKeepsItsLinkedOrders: the orders linked to an
// opportunity rely on its detection date and its account, whichever side
// changes. A PATCH (or form) of the opportunity cannot move its detection
// after an order's date, nor its account to another than the orders', and
// a refused change leaves the row as it was; an order cannot move to
// another account than its opportunity's. The close date is not tied to
// the orders' dates: an order may come before the win is recorded, or
// long after it.
func TestOpportunityChangeKeepsItsLinkedOrders(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "linkedchange")
		other := rawAccount(t, db, tm.org.ID, "Charpente Martin")
		won := bringTo(t, db, tm, closer.StatusWon) // detected 2024-06-01, closed 2024-06-10, no account
		ord := &closer.Order{OpportunityID: won.ID, AccountID: tm.accountID, Reference: "BC-11", Amount: 5000, OrderedOn: closer.MustDate("2024-06-05")}
		if err := db.CreateOrder(tm.owner, ord); err != nil {
			t.Fatal(err)
		}
		patch := func(upd closer.OpportunityUpdate) error {
			_, err := db.UpdateOpportunity(tm.owner, won.ID, 0, upd)
			return err
		}
		wantErr(t, "detection moved after the order", patch(closer.OpportunityUpdate{DetectedOn: datep("2024-06-06")}), closer.EINVALID, "detected_on")
		wantErr(t, "account set to another than the order's", patch(closer.OpportunityUpdate{Account: &other}), closer.EINVALID, "account")
		if o, _ := db.FindOpportunity(tm.owner, won.ID); o.Version != won.Version || o.DetectedOn != won.DetectedOn || o.AccountID != 0 {
			t.Fatalf("a refused change changed the opportunity: %+v", o)
		}
		for _, upd := range []closer.OpportunityUpdate{
			{ClosedOn: datep("2024-06-03")},            // before the order: no rule
			{ClosedOn: datep("2024-06-14")},            // after the order: no rule
			{DetectedOn: datep("2024-06-05")},          // on the order's day
			{Account: &tm.accountID},                   // the order's account
			{Title: strp("Escalier, commande passée")}, // unrelated
		} {
			if err := patch(upd); err != nil {
				t.Fatalf("%+v: %v", upd, err)
			}
		}
		wantErr(t, "account moved away from the order's", patch(closer.OpportunityUpdate{Account: &other}), closer.EINVALID, "account")

		// the other direction: the order cannot leave its opportunity's account
		moved := *ord
		moved.AccountID = other
		wantErr(t, "order moved to another account", db.UpdateOrder(tm.owner, &moved), closer.EINVALID, "account")

		// reopened, the opportunity keeps its orders, and the rule
		if _, err := db.ReopenOpportunity(tm.owner, won.ID, 0); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "reopened, detection moved after the order", patch(closer.OpportunityUpdate{DetectedOn: datep("2024-06-07")}), closer.EINVALID, "detected_on")

		// once the order is unlinked, nothing holds the opportunity back
		direct := *ord
		direct.OpportunityID, direct.Kind = 0, closer.OrderDirect
		if err := db.UpdateOrder(tm.owner, &direct); err != nil {
			t.Fatal(err)
		}
		if err := patch(closer.OpportunityUpdate{DetectedOn: datep("2024-06-07"), Account: &other}); err != nil {
			t.Fatalf("no linked order left: %v", err)
		}
	})
}

// A won opportunity with a linked order, reopened, is not closed again as
// lost or vanished (422 naming outcome, the order named, nothing changed):
// the order says the customer ordered from us. It may stay open or go on
// hold meanwhile, counted then as no closure while its order still counts
// in orders_linked, and closes as won again; once the order is unlinked,
// any outcome goes.
func TestReopenedWonWithOrdersClosesWonOnly(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "linkedclose")
		won := bringTo(t, db, tm, closer.StatusWon) // closed 2024-06-10
		ord := &closer.Order{OpportunityID: won.ID, AccountID: tm.accountID, Reference: "BC-21", Amount: 5000, OrderedOn: closer.MustDate("2024-06-05")}
		if err := db.CreateOrder(tm.owner, ord); err != nil {
			t.Fatal(err)
		}
		o, err := db.ReopenOpportunity(tm.owner, won.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		june := closer.Period{From: closer.MustDate("2024-06-01"), To: closer.MustDate("2024-06-30")}
		figures := func(what string, closed, linked int) {
			t.Helper()
			st, err := db.Stats(tm.owner, closer.StatsQuery{Period: june})
			if err != nil {
				t.Fatal(err)
			} else if st.Total.Closed != closed || st.Total.OrdersLinked != linked {
				t.Errorf("%s: closed %d, orders_linked %d; want %d and %d", what, st.Total.Closed, st.Total.OrdersLinked, closed, linked)
			}
		}
		figures("reopened", 0, 1)
		lost := closer.CloseInput{Outcome: closer.StatusLost, ClosedOn: closer.MustDate("2024-06-12"), LossReason: "Délai", Competitor: "unknown"}
		vanished := closer.CloseInput{Outcome: closer.StatusVanished, ClosedOn: closer.MustDate("2024-06-12"), VanishReason: "Pas de budget"}
		for _, in := range []closer.CloseInput{lost, vanished} {
			_, err := db.CloseOpportunity(tm.owner, o.ID, o.Version, in)
			wantErr(t, "close "+string(in.Outcome)+" with a linked order", err, closer.EINVALID, "outcome")
			if !strings.Contains(closer.ErrorMessage(err), "BC-21") {
				t.Errorf("the refusal does not name the order: %v", err)
			}
		}
		if got, _ := db.FindOpportunity(tm.owner, o.ID); got.Status != closer.StatusOpen || got.Version != o.Version {
			t.Fatalf("a refused closure changed it: %s, version %d (was %d)", got.Status, got.Version, o.Version)
		}
		o, err = db.HoldOpportunity(tm.owner, o.ID, o.Version, closer.HoldInput{HoldReason: "Livraison décalée", ReviewOn: closer.MustDate("2024-07-01")})
		if err != nil {
			t.Fatalf("hold with a linked order: %v", err)
		}
		_, err = db.CloseOpportunity(tm.owner, o.ID, o.Version, vanished)
		wantErr(t, "close vanished from hold with a linked order", err, closer.EINVALID, "outcome")
		figures("on hold", 0, 1)
		if o, err = db.CloseOpportunity(tm.owner, o.ID, o.Version, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-12"), Amount: cents(5000)}); err != nil {
			t.Fatalf("close won again: %v", err)
		}
		figures("won again", 1, 1)

		// the order made direct, the opportunity may end otherwise
		if o, err = db.ReopenOpportunity(tm.owner, o.ID, o.Version); err != nil {
			t.Fatal(err)
		}
		direct := *ord
		direct.OpportunityID, direct.Kind = 0, closer.OrderDirect
		if err := db.UpdateOrder(tm.owner, &direct); err != nil {
			t.Fatal(err)
		}
		if o, err = db.CloseOpportunity(tm.owner, o.ID, o.Version, vanished); err != nil || o.Status != closer.StatusVanished {
			t.Fatalf("no linked order left, close vanished: %v", err)
		}
		figures("vanished, its order direct", 1, 0)
	})
}
