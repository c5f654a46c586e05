package closer

import "context"

// OpportunityRef is what a list of quotes, orders or activities shows of the
// opportunity each row belongs to: enough to name it, link to it and know
// who may change it; and what an import checks an order linked to it
// against (Order.CheckLinkedTo).
type OpportunityRef struct {
	ID         int64
	Title      string
	OwnerID    int64
	AccountID  int64
	Status     Status
	DetectedOn Date
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
	// OpportunityRefs returns the opportunities among ids.
	OpportunityRefs(ctx context.Context, ids []int64) (map[int64]OpportunityRef, error)
	// OrderTotals counts and sums, per kind (linked, direct, recurring, in
	// that order, each present), the orders that f selects; f.Page is ignored.
	OrderTotals(ctx context.Context, f SalesFilter) ([]OrderTotal, error)
}
