package closer

import "context"

// OpportunityRef is what a list of quotes, orders or activities shows of the
// opportunity each row belongs to: enough to name it, link to it and know
// who may change it; and what an import checks an order linked to it
// against (Order.CheckLinkedTo). ClosedOn and Amount (with DetectedOn)
// tell apart opportunities of the same title at the same account: an
// export of orders writes them, an import of orders compares them.
type OpportunityRef struct {
	ID         int64
	Title      string
	OwnerID    int64
	AccountID  int64
	Status     Status
	DetectedOn Date
	ClosedOn   Date
	Amount     Money
}

// AccountRef is what an import compares of an account of the org: its
// name, and the city and phone that tell homonyms apart ("M. et Mme
// Martin" in Paris and in Lyon).
type AccountRef struct {
	ID                int64
	Name, City, Phone string
}

// SameAs reports whether the account is the one of that name, city and
// phone, compared as names are (SameName: trimmed, case aside, however
// written), as an accounts import compares them.
func (a AccountRef) SameAs(name, city, phone string) bool {
	return SameName(a.Name, name) && SameName(a.City, city) && SameName(a.Phone, phone)
}

// OrderTotal is the count and the sum of the orders of one kind.
type OrderTotal struct {
	Kind   OrderKind
	Count  int
	Amount Money
}

// LookupService answers the questions a list page asks about many records at
// once (the names of the accounts of fifty orders, the totals of a filtered
// range), so that a page costs a few queries whatever its length, never one
// per row. Every method reads the actor's org only: ids of another org are
// simply absent from the answer.
type LookupService interface {
	// AccountNames returns the names of the accounts among ids.
	AccountNames(ctx context.Context, ids []int64) (map[int64]string, error)
	// AccountRefs returns the accounts among ids, with their city and
	// phone (what tells homonyms apart).
	AccountRefs(ctx context.Context, ids []int64) (map[int64]AccountRef, error)
	// OpportunityRefs returns the opportunities among ids.
	OpportunityRefs(ctx context.Context, ids []int64) (map[int64]OpportunityRef, error)
	// OrderTotals counts and sums, per kind (linked, direct, recurring, in
	// that order, each present), the orders that f selects; f.Page is ignored.
	OrderTotals(ctx context.Context, f SalesFilter) ([]OrderTotal, error)
}
