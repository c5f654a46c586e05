package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"closer"
)

// quoteFields are the fields of a quote, as the API and Closer's export of
// quotes name them: the opportunity (by title or id), then the quote's own.
// currency is checked against the org's, as an order's. account,
// account_city and account_phone name the opportunity's account, and
// opportunity_detected_on, opportunity_closed_on and opportunity_amount the
// opportunity among those of one title, as for orders: what a move by
// export and import needs to keep every quote on its own opportunity.
var quoteFields = []string{"opportunity", "number", "amount", "sent_on", "status", "currency",
	"account", "account_city", "account_phone", "opportunity_detected_on", "opportunity_closed_on", "opportunity_amount"}

// isQuoteStatus reports whether v names a quote status, case aside.
func isQuoteStatus(v string) bool {
	return slices.Contains(closer.QuoteStatuses, closer.QuoteStatus(strings.ToLower(v)))
}

// importQuotes checks every row of a quotes file and returns what writes
// them, as importOrders does orders. Each quote belongs to the opportunity
// its row names (linkedOpportunity), which must exist: a quotes file
// creates nothing else, no account, owner or opportunity. Every rule of
// the domain is checked per row (closer.Quote's Validate, and
// CheckOpportunity against its opportunity's detection date). A quote
// whose opportunity has one of that number already (case aside) is left
// as it is: a file imported twice adds its quotes once.
//
// As importOrders, the quotes are built again from their rows to be
// written; the check keeps, per quote, its row and its opportunity's id.
func importQuotes(ctx context.Context, c *columns, res *resolver, t *Table, rep *Report, progress func(Progress), today closer.Date) func() error {
	f := c.fields
	var quotes []quoteRow
	check := newPace(ctx, progress, PhaseChecking, len(t.Rows))
	for i := range t.Rows {
		if check.stop(i) {
			return nil
		}
		r := &t.Rows[i]
		q := c.quoteOf(r)
		if p := c.quoteAmount(r, &q); p != nil {
			rep.problem(*p)
			continue
		}
		accountID, p := knownAccount(c, res, r)
		if p != nil {
			rep.problem(*p)
			continue
		}
		opp, p, err := linkedOpportunity(c, res, r, accountID)
		if err != nil {
			return func() error { return err }
		} else if p != nil {
			rep.problem(*p)
			continue
		} else if accountID != 0 && opp.AccountID != accountID {
			rep.problem(Problem{Line: r.Line, Field: "opportunity", Value: f["opportunity"].text(r)}.because("the opportunity is another account's than the row's"))
			continue
		}
		q.OpportunityID = opp.ID
		if err := q.Validate(today); err != nil {
			rep.problem(*rowProblem(r, f[closer.ErrorField(err)], err))
			continue
		} else if err := q.CheckOpportunity(opp.DetectedOn); err != nil {
			rep.problem(*rowProblem(r, f[closer.ErrorField(err)], err))
			continue
		}
		if exists, err := res.b.QuoteExists(q.OpportunityID, q.Number); err != nil {
			return func() error { return err }
		} else if exists {
			rep.Unchanged++
			continue
		}
		quotes = append(quotes, quoteRow{row: int32(i), opportunityID: q.OpportunityID})
	}
	check.done()
	return func() error {
		write := newPace(ctx, progress, PhaseWriting, len(quotes))
		for i, kept := range quotes {
			if write.stop(i) {
				return ctx.Err()
			}
			r := &t.Rows[kept.row]
			q := c.quoteOf(r)
			q.OpportunityID = kept.opportunityID
			if p := c.quoteAmount(r, &q); p != nil {
				return fmt.Errorf("line %d: checked, then refused: %s", r.Line, p.Reason)
			} else if err := q.Validate(today); err != nil {
				return fmt.Errorf("line %d: checked, then refused: %w", r.Line, err)
			}
			if err := res.b.AddQuote(&q); err != nil {
				return fmt.Errorf("quote %q: %w", q.Number, err)
			}
			rep.Imported++
		}
		write.done()
		return nil
	}
}

// quoteRow is a quote to write: its row's index in the table, and the id
// of the opportunity its check found.
type quoteRow struct {
	row           int32
	opportunityID int64
}

// quoteOf reads a row's number and status (lower case: "Sent" is sent).
func (c *columns) quoteOf(r *Row) closer.Quote {
	f := c.fields
	return closer.Quote{Number: f["number"].text(r), Status: closer.QuoteStatus(strings.ToLower(f["status"].text(r)))}
}

// quoteAmount reads a row's amount (in the org's currency) and sent date into q.
func (c *columns) quoteAmount(r *Row, q *closer.Quote) *Problem {
	f := c.fields
	var p *Problem
	if p = c.checkCurrency(f["currency"], r); p == nil {
		if q.Amount, p = c.amount(f["amount"], r); p == nil {
			q.SentOn, p = c.date(f["sent_on"], r)
		}
	}
	return p
}
