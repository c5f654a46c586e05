package closer

import (
	"strconv"
	"strings"
	"time"
)

// OrderKind says how an order came: through a followed opportunity, or
// without one. Unlinked orders make naive win rates lie (SPEC section 3).
type OrderKind string

// The three kinds of order.
const (
	OrderLinked    OrderKind = "linked"    // the outcome of a won opportunity
	OrderDirect    OrderKind = "direct"    // sold on the spot, no opportunity followed
	OrderRecurring OrderKind = "recurring" // a repeat order
)

// OrderKinds lists the kinds of order.
var OrderKinds = []OrderKind{OrderLinked, OrderDirect, OrderRecurring}

// Order is an order (commande) placed by an account.
type Order struct {
	ID            int64     `json:"id"`
	AccountID     int64     `json:"account"`
	OpportunityID int64     `json:"opportunity"` // set exactly when Kind is linked
	OwnerID       int64     `json:"owner"`
	Kind          OrderKind `json:"kind"`
	Reference     string    `json:"reference"`
	Amount        Money     `json:"amount"`
	OrderedOn     Date      `json:"ordered_on"`
	Created       time.Time `json:"created_at"`
}

// Validate checks an order before it is stored; the kind defaults from
// whether an opportunity is linked.
func (o *Order) Validate(today Date) error {
	o.Reference = NormalizeName(o.Reference)
	if o.Kind == "" {
		o.Kind = OrderDirect
		if o.OpportunityID != 0 {
			o.Kind = OrderLinked
		}
	}
	switch o.Kind {
	case OrderLinked:
		if o.OpportunityID == 0 {
			return FieldError("opportunity", "A linked order names its opportunity.")
		}
	case OrderDirect, OrderRecurring:
		if o.OpportunityID != 0 {
			return FieldError("kind", "An order linked to an opportunity is of kind linked, not %s.", o.Kind)
		}
	default:
		return FieldError("kind", "Order kind must be linked, direct or recurring, not %q.", o.Kind)
	}
	if o.AccountID == 0 {
		return FieldError("account", "An order belongs to an account.")
	} else if o.Amount < 0 || o.Amount > MaxMoney {
		return FieldError("amount", "The amount must be between 0 and %d.", MaxMoney)
	} else if o.OrderedOn.IsZero() {
		return FieldError("ordered_on", "The order date is required.")
	} else if o.OrderedOn.After(today) {
		return FieldError("ordered_on", "The order date %s is in the future.", o.OrderedOn)
	}
	return CheckLine("reference", o.Reference, 100)
}

// CheckLinkedTo checks an order that names an opportunity (a linked one)
// against that opportunity: an order is linked to a won opportunity only
// (SPEC 1), as orders_linked and the apparent win rate count it as one's
// outcome, and it must fit what it relies on of that opportunity
// (CheckStillLinkedTo). Every entry point that links an order calls it. The
// status rule holds when the order is linked: a won opportunity may be
// reopened (SPEC 1) and its orders stay linked (CheckStillLinkedTo checks
// them when changed), but it is not closed again as lost or vanished while
// they are (Opportunity.CheckLinkedOrders).
func (o *Order) CheckLinkedTo(opp OpportunityRef) error {
	if o.OpportunityID == 0 {
		return nil
	} else if opp.Status != StatusWon {
		return FieldError("opportunity", "Only a won opportunity has linked orders: close it as won first.")
	}
	return o.CheckStillLinkedTo(opp)
}

// CheckStillLinkedTo checks a changed order that stays linked to the same
// opportunity: whatever that opportunity's status now, the order cannot be
// dated before its detection, and it is at its account when it has one
// (an order with no account yet is given the opportunity's by the caller).
func (o *Order) CheckStillLinkedTo(opp OpportunityRef) error {
	if o.OpportunityID == 0 {
		return nil
	}
	dateFits, accountFits := o.fits(opp.DetectedOn, opp.AccountID)
	if !dateFits {
		return FieldError("ordered_on", "The order date %s is before the detection date %s of its opportunity.", o.OrderedOn, opp.DetectedOn)
	} else if !accountFits {
		return FieldError("account", "The order's account is not the account of its opportunity.")
	}
	return nil
}

// fits says whether a linked order fits what it relies on of its
// opportunity, detected on detectedOn at account accountID (0: none yet):
// it is that opportunity's outcome, so it is not dated before the
// detection, and it is at the opportunity's account. It is the one
// statement of the rule, which both sides check: an order linked or
// changed (CheckStillLinkedTo) and an opportunity changed under its
// orders (Opportunity.CheckLinkedOrders). An order with no date yet is
// Validate's to refuse.
func (o *Order) fits(detectedOn Date, accountID int64) (date, account bool) {
	date = o.OrderedOn.IsZero() || !o.OrderedOn.Before(detectedOn)
	account = accountID == 0 || o.AccountID == accountID
	return date, account
}

// label names an order for people: its reference, or its id.
func (o *Order) label() string {
	if o.Reference != "" {
		return o.Reference
	}
	return "#" + strconv.FormatInt(o.ID, 10)
}

// CheckLinkedOrders checks a change of an opportunity, from before, against
// the orders linked to it, which rely on it (SPEC 1: an order is its
// opportunity's outcome): its detection date cannot move after one's order
// date, nor its account to another than one's (clearing it is allowed, as
// an order may be linked to an opportunity without an account), and it
// cannot be closed as lost or vanished: the customer ordered from us, so
// its outcome is won. Reopening it, leaving it open or putting it on hold
// is allowed: none is a closure (SPEC 1 allows reopening a won one, to
// correct it or work it again), and while it is not closed the statistics
// count its orders (orders_linked) but no closure. Before closing it
// otherwise, the user deletes its orders or makes them direct or recurring,
// as before deleting it. Only what the change moves is checked, so that an
// order that did not fit before (data older than the rule) does not block
// an edit of the title. The store calls it inside the transaction that
// locks the opportunity's row, after every change (Apply and the lifecycle
// actions alike).
func (o *Opportunity) CheckLinkedOrders(before *Opportunity, orders []*Order) error {
	switch o.Status {
	case StatusLost, StatusVanished:
		if len(orders) > 0 && o.Status != before.Status {
			return closedWithOrders(orders)
		}
	case StatusOpen, StatusOnHold, StatusWon:
	}
	for _, ord := range orders {
		dateFits, accountFits := ord.fits(o.DetectedOn, o.AccountID)
		if !dateFits && o.DetectedOn != before.DetectedOn {
			return FieldError("detected_on", "The detection date %s is after %s, the date of its linked order %s.", o.DetectedOn, ord.OrderedOn, ord.label())
		} else if !accountFits && o.AccountID != before.AccountID {
			return FieldError("account", "Its linked order %s is at another account: an opportunity and its orders are at the same account.", ord.label())
		}
	}
	return nil
}

// closedWithOrders refuses to close as lost or vanished an opportunity
// that orders are linked to, naming them (the first ten), on the field
// outcome: the close request's choice that contradicts them.
func closedWithOrders(orders []*Order) error {
	var names []string
	for _, ord := range orders[:min(len(orders), 10)] {
		names = append(names, ord.label())
	}
	list := strings.Join(names, ", ")
	if len(orders) > 10 {
		list += "…"
	}
	if len(orders) == 1 {
		return FieldError("outcome", "This opportunity has 1 linked order, %s: the customer ordered from us, so it is won, not lost or vanished. Close it as won, or first delete that order or make it a direct or recurring order.", list)
	}
	return FieldError("outcome", "This opportunity has %d linked orders, %s: the customer ordered from us, so it is won, not lost or vanished. Close it as won, or first delete those orders or make them direct or recurring orders.", len(orders), list)
}
