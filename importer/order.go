package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"closer"
)

// importOrders checks every row of an orders file and returns what writes
// them; an order whose reference the org has already (case aside) is left
// as it is, and a reference twice in the file is a problem. The
// account is found by name (created when unknown); the kind defaults to
// linked when an opportunity is named, direct otherwise.
//
// As importOpportunities does, the orders are built again from their rows
// to be written rather than kept between the check and the write; the
// check keeps, per order, its row and the ids it found (the account, the
// owner, the opportunity: the opportunity's look-up is the store's).
func importOrders(ctx context.Context, c *columns, res *resolver, t *Table, rep *Report, progress func(Progress), actorID int64, today closer.Date) func() error {
	f := c.fields
	var orders []orderRow
	seen := map[string]int{} // reference, case aside → its line
	check := newPace(ctx, progress, PhaseChecking, len(t.Rows))
	for i := range t.Rows {
		if check.stop(i) {
			return nil
		}
		r := &t.Rows[i]
		o := c.orderOf(r)
		// A reference names one order: twice in the file is a mistake
		// (the same order pasted twice would count twice), whatever the
		// case ("F-001" and "f-001"), as the org's references compare.
		if key := closer.NameKey(o.Reference); key != "" {
			if line, dup := seen[key]; dup {
				rep.problem(Problem{Line: r.Line, Field: "reference", Value: o.Reference}.because("the reference %s is already on line %d", o.Reference, line))
				continue
			}
			seen[key] = r.Line
		}
		// An order whose reference the org has is left as it is: a file
		// imported twice does not count its orders twice.
		if exists, err := res.b.OrderExists(o.Reference); err != nil {
			return func() error { return err }
		} else if exists {
			rep.Unchanged++
			continue
		}
		var err error
		if p := c.orderAmount(r, &o); p != nil {
			rep.problem(*p)
			continue
		} else if o.OwnerID, err = res.rowOwner(c, r); err != nil {
			rep.problem(*ownerProblem(c, r, err))
			continue
		}
		owner := o.OwnerID // of an account the row creates
		if owner == 0 {
			owner = actorID
		}
		if o.AccountID, err = res.accountAt(f["account"].text(r), f["account_city"].text(r), f["account_phone"].text(r), c.locatesAccounts(), owner); err != nil {
			rep.problem(*rowProblem(r, f["account"], err))
			continue
		}
		if opp, p, err := linkedOpportunity(c, res, r, o.AccountID); err != nil {
			return func() error { return err }
		} else if p != nil {
			rep.problem(*p)
			continue
		} else if opp.ID != 0 {
			if o.AccountID != 0 && o.AccountID != opp.AccountID {
				rep.problem(Problem{Line: r.Line, Field: "opportunity", Value: f["opportunity"].text(r)}.because("the opportunity is another account's than the order's"))
				continue
			}
			// As the API does: a linked order is its opportunity's owner's,
			// at its account, unless the row says otherwise.
			o.OpportunityID, o.AccountID = opp.ID, opp.AccountID
			if err := o.CheckLinkedTo(opp); err != nil {
				rep.problem(*rowProblem(r, f[closer.ErrorField(err)], err))
				continue
			}
			if o.OwnerID == 0 {
				o.OwnerID = opp.OwnerID
			}
		}
		if o.OwnerID == 0 {
			o.OwnerID = actorID
		}
		if err := o.Validate(today); err != nil {
			rep.problem(*rowProblem(r, f[closer.ErrorField(err)], err))
			continue
		}
		orders = append(orders, orderRow{row: int32(i), accountID: o.AccountID, opportunityID: o.OpportunityID, ownerID: o.OwnerID})
	}
	check.done()
	return func() error {
		write := newPace(ctx, progress, PhaseWriting, len(orders))
		for i, kept := range orders {
			if write.stop(i) {
				return ctx.Err()
			}
			r := &t.Rows[kept.row]
			o := c.orderOf(r)
			o.AccountID, o.OpportunityID, o.OwnerID = kept.accountID, kept.opportunityID, kept.ownerID
			if p := c.orderAmount(r, &o); p != nil {
				return fmt.Errorf("line %d: checked, then refused: %s", r.Line, p.Reason)
			} else if err := o.Validate(today); err != nil {
				return fmt.Errorf("line %d: checked, then refused: %w", r.Line, err)
			}
			o.AccountID, o.OwnerID = res.id(o.AccountID), res.id(o.OwnerID)
			if err := res.b.AddOrder(&o); err != nil {
				return fmt.Errorf("order %q: %w", o.Reference, err)
			}
			rep.Imported++
			if o.Reference == "" {
				rep.NoReference++
			}
		}
		write.done()
		return nil
	}
}

// orderRow is an order to write: its row's index in the table, and the
// ids its check found.
type orderRow struct {
	row                               int32
	accountID, opportunityID, ownerID int64
}

// orderOf reads a row's kind and reference.
func (c *columns) orderOf(r *Row) closer.Order {
	f := c.fields
	return closer.Order{Kind: closer.OrderKind(strings.ToLower(f["kind"].text(r))), Reference: f["reference"].text(r)}
}

// orderAmount reads a row's amount (in the org's currency) and date into o.
func (c *columns) orderAmount(r *Row, o *closer.Order) *Problem {
	f := c.fields
	var p *Problem
	if p = c.checkCurrency(f["currency"], r); p == nil {
		if o.Amount, p = c.amount(f["amount"], r); p == nil {
			o.OrderedOn, p = c.date(f["ordered_on"], r)
		}
	}
	return p
}

// opportunityOf tells apart the opportunities titled ref that an order's
// row names, when the title (at the order's account) is not enough: by
// the row's opportunity_detected_on, opportunity_closed_on and
// opportunity_amount, those the mapping reads and the row fills (Closer's
// exports of orders write them). It returns the one opportunity left, or
// a zero one and how many are left; a problem when one of those cells does
// not read.
func opportunityOf(c *columns, res *resolver, r *Row, ref string, accountID int64) (closer.OpportunityRef, int, *Problem) {
	f := c.fields
	var detected, closed closer.Date
	var amount closer.Money
	var p *Problem
	if detected, p = c.date(f["opportunity_detected_on"], r); p != nil {
		return closer.OpportunityRef{}, 0, p
	} else if closed, p = c.date(f["opportunity_closed_on"], r); p != nil {
		return closer.OpportunityRef{}, 0, p
	} else if amount, p = c.amount(f["opportunity_amount"], r); p != nil {
		return closer.OpportunityRef{}, 0, p
	}
	all, err := res.b.OpportunitiesTitled(ref)
	if err != nil {
		return closer.OpportunityRef{}, 0, &Problem{Line: r.Line, Field: "opportunity", Value: ref, Reason: err.Error()}
	}
	// As Bulk.Opportunity: the exact title when some have it.
	if exact := slices.DeleteFunc(slices.Clone(all), func(o closer.OpportunityRef) bool { return o.Title != ref }); len(exact) > 0 {
		all = exact
	}
	// As Bulk.Opportunity: those at the order's account when there are some.
	if at := slices.DeleteFunc(slices.Clone(all), func(o closer.OpportunityRef) bool { return o.AccountID != accountID }); len(at) > 0 {
		all = at
	}
	hasAmount := f["opportunity_amount"].amountGiven(r)
	found := slices.DeleteFunc(all, func(o closer.OpportunityRef) bool {
		return !detected.IsZero() && o.DetectedOn != detected ||
			!closed.IsZero() && o.ClosedOn != closed ||
			hasAmount && o.Amount != amount
	})
	if len(found) != 1 {
		return closer.OpportunityRef{}, len(found), nil
	}
	return found[0], 1, nil
}

// tellsOpportunities reports whether the mapping reads any of the columns
// that tell same-titled opportunities apart.
func (c *columns) tellsOpportunities() bool {
	for _, name := range []string{"opportunity_detected_on", "opportunity_closed_on", "opportunity_amount"} {
		if len(c.fields[name].cols) > 0 {
			return true
		}
	}
	return false
}
