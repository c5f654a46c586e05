package closer

import (
	"strings"
	"testing"
)

// TestCheckLinkedTo: a linked order names a won opportunity, is not dated
// before that opportunity was detected, and is at its account when it has
// one; an unlinked order is not checked.
func TestCheckLinkedTo(t *testing.T) {
	detected := MustDate("2024-03-10")
	for _, c := range []struct {
		name      string
		opp       int64
		st        Status
		oppAcc    int64
		orderedOn string
		field     string // "" when accepted
	}{
		{"won, ordered after the detection", 7, StatusWon, 5, "2024-04-02", ""},
		{"won, ordered on the detection day", 7, StatusWon, 5, "2024-03-10", ""},
		{"won, ordered the day before the detection", 7, StatusWon, 5, "2024-03-09", "ordered_on"},
		{"won, ordered a year before", 7, StatusWon, 5, "2023-03-10", "ordered_on"},
		{"won, at another account", 7, StatusWon, 6, "2024-04-02", "account"},
		{"won, without an account: any will do", 7, StatusWon, 0, "2024-04-02", ""},
		{"open", 7, StatusOpen, 5, "2024-04-02", "opportunity"},
		{"lost and dated before: the status first", 7, StatusLost, 5, "2024-03-01", "opportunity"},
		{"unlinked, dated before", 0, StatusOpen, 6, "2024-03-01", ""},
	} {
		o := &Order{OpportunityID: c.opp, AccountID: 5, OrderedOn: MustDate(c.orderedOn)}
		err := o.CheckLinkedTo(OpportunityRef{ID: c.opp, Status: c.st, DetectedOn: detected, AccountID: c.oppAcc})
		if ErrorField(err) != c.field || (c.field != "") != (ErrorCode(err) == EINVALID) {
			t.Errorf("%s: got %v, want field %q", c.name, err, c.field)
		}
	}
	// no date yet: Validate says it is required, not this rule
	if err := (&Order{OpportunityID: 7, AccountID: 5}).CheckLinkedTo(OpportunityRef{ID: 7, Status: StatusWon, DetectedOn: detected, AccountID: 5}); err != nil {
		t.Errorf("order without a date: %v", err)
	}
}

// TestCheckLinkedOrders: a change of an opportunity cannot break what its
// linked orders rely on (the same rule as CheckLinkedTo, from the other
// side): its detection date moved after one's order date, its account
// changed to another than one's. Clearing the account is allowed, as an
// order may be linked to an opportunity without one, and an order that
// did not fit before the change does not block a change of another field.
func TestCheckLinkedOrders(t *testing.T) {
	orders := []*Order{
		{ID: 1, OpportunityID: 7, AccountID: 5, Reference: "BC-1", OrderedOn: MustDate("2024-06-05")},
		{ID: 2, OpportunityID: 7, AccountID: 5, OrderedOn: MustDate("2024-06-08")},
	}
	legacy := []*Order{{ID: 3, OpportunityID: 7, AccountID: 6, Reference: "OLD", OrderedOn: MustDate("2024-05-01")}}
	for _, c := range []struct {
		name   string
		orders []*Order
		upd    OpportunityUpdate
		field  string // refused field, "" when allowed
		says   string // what the message names
	}{
		{"detection moved earlier", orders, OpportunityUpdate{DetectedOn: ptr(MustDate("2024-05-20"))}, "", ""},
		{"detection moved to the first order's day", orders, OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-05"))}, "", ""},
		{"detection moved after the first order", orders, OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-06"))}, "detected_on", "BC-1"},
		{"detection moved after every order", orders[1:], OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-09"))}, "detected_on", "#2"},
		{"detection moved later, no order", nil, OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-09"))}, "", ""},
		{"account kept", orders, OpportunityUpdate{Account: ptr(int64(5))}, "", ""},
		{"account changed", orders, OpportunityUpdate{Account: ptr(int64(6))}, "account", "BC-1"},
		{"account cleared", orders, OpportunityUpdate{Account: ptr(int64(0))}, "", ""},
		{"account changed, no order", nil, OpportunityUpdate{Account: ptr(int64(6))}, "", ""},
		{"close date moved after the orders: no rule", orders, OpportunityUpdate{ClosedOn: ptr(MustDate("2024-06-14"))}, "", ""},
		{"close date moved before the orders: no rule", orders, OpportunityUpdate{ClosedOn: ptr(MustDate("2024-06-02"))}, "", ""},
		{"an order that did not fit: the title still changes", legacy, OpportunityUpdate{Title: ptr("Kitchen and bath")}, "", ""},
		{"an order that did not fit: its account given", legacy, OpportunityUpdate{Account: ptr(int64(6))}, "", ""},
		{"an order that did not fit: detection moved", legacy, OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-02"))}, "detected_on", "OLD"},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := testLists()
			before := testOpportunity(t, StatusWon) // detected 2024-06-01, closed 2024-06-10
			before.AccountID = 5
			after := before
			if err := after.Apply(l, c.upd, testToday); err != nil {
				t.Fatalf("apply: %v", err)
			}
			err := after.CheckLinkedOrders(&before, c.orders)
			if ErrorField(err) != c.field || (c.field != "") != (ErrorCode(err) == EINVALID) {
				t.Fatalf("got %v, want field %q", err, c.field)
			}
			if c.says != "" && !strings.Contains(ErrorMessage(err), c.says) {
				t.Errorf("the message does not name the order %s: %v", c.says, err)
			}
		})
	}
}

// TestCheckLinkedOrdersOutcome: a linked order is its opportunity's
// outcome, a won one (SPEC 1). An opportunity with linked orders, reopened,
// closes again as won, stays open or goes on hold, but is not closed as
// lost or vanished (field outcome, the orders named); without orders, or
// already closed that way before the rule (data older than it), nothing
// is refused.
func TestCheckLinkedOrdersOutcome(t *testing.T) {
	one := []*Order{{ID: 1, OpportunityID: 7, AccountID: 5, Reference: "BC-1", OrderedOn: MustDate("2024-06-05")}}
	var twelve []*Order
	for i := range 12 {
		twelve = append(twelve, &Order{ID: int64(i + 1), OpportunityID: 7, AccountID: 5, OrderedOn: MustDate("2024-06-05")})
	}
	type step func(o *Opportunity, l *Lists) error
	closeAs := func(in CloseInput) step {
		return func(o *Opportunity, l *Lists) error { return o.Close(l, in, testToday) }
	}
	won := closeAs(CloseInput{Outcome: StatusWon, ClosedOn: MustDate("2024-06-12"), Amount: ptr(Money(2500))})
	lost := closeAs(CloseInput{Outcome: StatusLost, ClosedOn: MustDate("2024-06-12"), LossReason: "Lead time", Competitor: "unknown"})
	vanished := closeAs(CloseInput{Outcome: StatusVanished, ClosedOn: MustDate("2024-06-12"), VanishReason: "No budget"})
	hold := func(o *Opportunity, l *Lists) error {
		return o.Hold(l, HoldInput{HoldReason: "tender", ReviewOn: MustDate("2024-07-01")}, testToday)
	}
	note := func(o *Opportunity, l *Lists) error {
		return o.Apply(l, OpportunityUpdate{Note: ptr("called")}, testToday)
	}
	for _, c := range []struct {
		name   string
		from   Status // a won one is reopened first
		orders []*Order
		change step
		field  string // refused field, "" when allowed
		says   string // what the message names
	}{
		{"reopened, closed won again", StatusWon, one, won, "", ""},
		{"reopened, closed lost", StatusWon, one, lost, "outcome", "1 linked order, BC-1"},
		{"reopened, closed vanished", StatusWon, one, vanished, "outcome", "BC-1"},
		{"reopened, closed vanished, many orders", StatusWon, twelve, vanished, "outcome", "12 linked orders, #1, #2, #3, #4, #5, #6, #7, #8, #9, #10…"},
		{"reopened, put on hold", StatusWon, one, hold, "", ""},
		{"reopened, changed", StatusWon, one, note, "", ""},
		{"reopened, closed vanished, no order", StatusWon, nil, vanished, "", ""},
		{"open, closed lost, no order", StatusOpen, nil, lost, "", ""},
		{"vanished before the rule: changed", StatusVanished, one, note, "", ""},
		{"lost before the rule: changed", StatusLost, one, note, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := testLists()
			before := testOpportunity(t, c.from)
			before.AccountID = 5
			if c.from == StatusWon {
				if err := before.Reopen(l, testToday); err != nil {
					t.Fatalf("reopen: %v", err)
				}
			}
			after := before
			if err := c.change(&after, l); err != nil {
				t.Fatalf("change: %v", err)
			}
			err := after.CheckLinkedOrders(&before, c.orders)
			if ErrorField(err) != c.field || (c.field != "") != (ErrorCode(err) == EINVALID) {
				t.Fatalf("got %v, want field %q", err, c.field)
			}
			if c.says != "" && !strings.Contains(ErrorMessage(err), c.says) {
				t.Errorf("the message does not say %q: %v", c.says, err)
			}
		})
	}
}
