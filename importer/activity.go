package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"closer"
)

// activityFields are the fields of an activity, as the API and Closer's
// export of activities name them, then account_city and account_phone
// (the account among homonyms), and opportunity_detected_on,
// opportunity_closed_on and opportunity_amount (the opportunity among
// those of one title), as for orders, and owner_email (the owner among
// homonymous members): what a move by export and import needs to keep
// every activity on its own account, opportunity and owner.
var activityFields = []string{"kind", "subject", "owner", "due_on", "done_on", "opportunity", "account", "note",
	"account_city", "account_phone", "opportunity_detected_on", "opportunity_closed_on", "opportunity_amount", "owner_email"}

// isActivityKind reports whether v names a kind of activity, case aside.
func isActivityKind(v string) bool {
	return slices.Contains(closer.ActivityKinds, closer.ActivityKind(strings.ToLower(v)))
}

// importActivities checks every row of an activities file and returns
// what writes them, as importOrders does orders. The owner is found by
// name or address (created when unknown, as an order's), the importing
// member by default, as the API's; the account by name, city and phone
// (created when unknown, as an order's); the opportunity, when the row
// names one, among the org's (linkedOpportunity). Every rule of the domain
// is checked per row (closer.Activity's Validate, and CheckOpportunity:
// the account is its opportunity's). An activity the org has already (the
// same kind, owner, subject, dates, opportunity and account) is left as it
// is: a file imported twice adds its activities once.
//
// As importOrders, the activities are built again from their rows to be
// written; the check keeps, per activity, its row and the ids it found.
func importActivities(ctx context.Context, c *columns, res *resolver, t *Table, rep *Report, progress func(Progress), actorID int64, today closer.Date) func() error {
	f := c.fields
	var activities []activityRow
	check := newPace(ctx, progress, PhaseChecking, len(t.Rows))
	for i := range t.Rows {
		if check.stop(i) {
			return nil
		}
		r := &t.Rows[i]
		a := c.activityOf(r)
		var err error
		if p := c.activityDates(r, &a); p != nil {
			rep.problem(*p)
			continue
		} else if a.OwnerID, err = res.rowOwner(c, r); err != nil {
			rep.problem(*ownerProblem(c, r, err))
			continue
		}
		if a.OwnerID == 0 {
			a.OwnerID = actorID
		}
		if a.AccountID, err = res.accountAt(f["account"].text(r), f["account_city"].text(r), f["account_phone"].text(r), c.locatesAccounts(), a.OwnerID); err != nil {
			rep.problem(*rowProblem(r, f["account"], err))
			continue
		}
		opp, p, err := linkedOpportunity(c, res, r, a.AccountID)
		if err != nil {
			return func() error { return err }
		} else if p != nil {
			rep.problem(*p)
			continue
		}
		a.OpportunityID = opp.ID
		if err := a.Validate(today); err != nil {
			rep.problem(*rowProblem(r, f[closer.ErrorField(err)], err))
			continue
		} else if err := a.CheckOpportunity(opp.AccountID); err != nil {
			rep.problem(*rowProblem(r, f[closer.ErrorField(err)], err))
			continue
		}
		if exists, err := res.b.ActivityExists(&a); err != nil {
			return func() error { return err }
		} else if exists {
			rep.Unchanged++
			continue
		}
		activities = append(activities, activityRow{row: int32(i), ownerID: a.OwnerID, opportunityID: a.OpportunityID, accountID: a.AccountID})
	}
	check.done()
	return func() error {
		write := newPace(ctx, progress, PhaseWriting, len(activities))
		for i, kept := range activities {
			if write.stop(i) {
				return ctx.Err()
			}
			r := &t.Rows[kept.row]
			a := c.activityOf(r)
			a.OwnerID, a.OpportunityID, a.AccountID = kept.ownerID, kept.opportunityID, kept.accountID
			if p := c.activityDates(r, &a); p != nil {
				return fmt.Errorf("line %d: checked, then refused: %s", r.Line, p.Reason)
			} else if err := a.Validate(today); err != nil {
				return fmt.Errorf("line %d: checked, then refused: %w", r.Line, err)
			}
			a.OwnerID, a.AccountID = res.id(a.OwnerID), res.id(a.AccountID)
			if err := res.b.AddActivity(&a); err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
			rep.Imported++
		}
		write.done()
		return nil
	}
}

// activityRow is an activity to write: its row's index in the table, and
// the ids its check found (temporary ones for an owner or an account the
// import creates).
type activityRow struct {
	row                               int32
	ownerID, opportunityID, accountID int64
}

// activityOf reads a row's kind (lower case: "Call" is a call), subject
// and note.
func (c *columns) activityOf(r *Row) closer.Activity {
	f := c.fields
	return closer.Activity{Kind: closer.ActivityKind(strings.ToLower(f["kind"].text(r))), Subject: f["subject"].text(r), Note: f["note"].text(r)}
}

// activityDates reads a row's due and done dates into a.
func (c *columns) activityDates(r *Row, a *closer.Activity) *Problem {
	f := c.fields
	var p *Problem
	if a.DueOn, p = c.date(f["due_on"], r); p == nil {
		a.DoneOn, p = c.date(f["done_on"], r)
	}
	return p
}
