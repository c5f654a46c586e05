package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"closer"
)

var _ closer.SalesService = (*DB)(nil)

const quoteColumns = `q.id, q.opportunity_id, q.number, q.amount, q.sent_on, q.status, q.created_at`

func scanQuote(row interface{ Scan(...any) error }) (*closer.Quote, error) {
	var q closer.Quote
	var status string
	err := row.Scan(&q.ID, &q.OpportunityID, &q.Number, &q.Amount, &q.SentOn, &status, tsc(&q.Created))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, closer.Errorf(closer.ENOTFOUND, "Quote not found.")
	}
	q.Status = closer.QuoteStatus(status)
	return &q, err
}

// refOpportunity returns the owner and the account of an opportunity of the
// org that a quote, an order or an activity names; an unknown or foreign one
// is bad input about field.
func refOpportunity(ctx context.Context, q querier, orgID, id int64, field string) (ownerID, accountID int64, err error) {
	err = q.QueryRowContext(ctx, `SELECT owner_id, account_id FROM opportunities WHERE org_id = $1 AND id = $2`, orgID, id).
		Scan(&ownerID, nz(&accountID))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, closer.FieldError(field, "No opportunity with id %d in this organization.", id)
	}
	return ownerID, accountID, err
}

// quoteOpportunity checks a quote against its opportunity, which must be
// the org's, and returns that opportunity's owner: the quote is not sent
// before the detection (closer.Quote.CheckOpportunity). The opportunity's
// row stays share-locked until the transaction ends on PostgreSQL, as an
// order's does (resolveOrder), so that a change of its detection date
// (which checks its quotes, closer.Opportunity.CheckQuotes) cannot come
// between the check and the quote's write; SQLite runs one writer at a
// time.
func quoteOpportunity(ctx context.Context, q querier, dl dialect, orgID int64, quote *closer.Quote) (int64, error) {
	var owner int64
	var detectedOn closer.Date
	err := q.QueryRowContext(ctx, `SELECT owner_id, detected_on FROM opportunities WHERE org_id = $1 AND id = $2`+dl.shareRows(),
		orgID, quote.OpportunityID).Scan(&owner, &detectedOn)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, closer.FieldError("opportunity", "No opportunity with id %d in this organization.", quote.OpportunityID)
	} else if err != nil {
		return 0, err
	}
	return owner, quote.CheckOpportunity(detectedOn)
}

// CreateQuote stores a quote for an opportunity of the org. Every member
// who creates records may quote any opportunity of the org, a colleague's
// included (closer.Actor.CanCreate: a quote is a new record, and it
// changes nothing of its opportunity); changing the quote afterwards is
// for whoever may change its opportunity (canChangeQuote).
func (db *DB) CreateQuote(ctx context.Context, q *closer.Quote) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		a, _, today, err := db.actorToday(ctx, tx)
		if err != nil {
			return err
		} else if err := a.CanCreate(); err != nil {
			return err
		} else if err := q.Validate(today); err != nil {
			return err
		}
		if _, err := quoteOpportunity(ctx, tx, db.dialect, a.OrgID, q); err != nil {
			return err
		}
		q.Created = db.Now()
		return tx.QueryRowContext(ctx, `INSERT INTO quotes (org_id, opportunity_id, number, amount, sent_on, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			a.OrgID, q.OpportunityID, q.Number, int64(q.Amount), q.SentOn, string(q.Status), ts(q.Created)).Scan(&q.ID)
	})
}

// FindQuote returns a quote of the actor's org.
func (db *DB) FindQuote(ctx context.Context, id int64) (*closer.Quote, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	return findQuote(ctx, db.db, a.OrgID, id)
}

func findQuote(ctx context.Context, q querier, orgID, id int64) (*closer.Quote, error) {
	return scanQuote(q.QueryRowContext(ctx, `SELECT `+quoteColumns+` FROM quotes q WHERE q.org_id = $1 AND q.id = $2`, orgID, id))
}

// FindQuotes lists the org's quotes, oldest first, with the total count
// (-1 with f.SkipTotal). OpportunityID, AccountID and OwnerID select by the
// quote's opportunity (its account, its owner); Kind selects a quote status;
// From and To bound the sent date. Open and Sort are ignored.
func (db *DB) FindQuotes(ctx context.Context, f closer.SalesFilter) ([]*closer.Quote, int, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.add("q.org_id = ?", a.OrgID)
	if f.OpportunityID != 0 {
		w.add("q.opportunity_id = ?", f.OpportunityID)
	}
	if f.AccountID != 0 {
		w.add("o.account_id = ?", f.AccountID)
	}
	if f.OwnerID != 0 {
		w.add("o.owner_id = ?", f.OwnerID)
	}
	if f.Kind != "" {
		ok := false
		for _, s := range closer.QuoteStatuses {
			ok = ok || string(s) == f.Kind
		}
		if !ok {
			return nil, 0, closer.FieldError("status", "Quote status must be draft, sent, accepted, declined or expired, not %q.", f.Kind)
		}
		w.add("q.status = ?", f.Kind)
	}
	if !f.From.IsZero() {
		w.add("q.sent_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("q.sent_on <= ?", f.To)
	}
	// The opportunities are joined only to select by their account or owner.
	from := ` FROM quotes q` + w.String()
	if f.AccountID != 0 || f.OwnerID != 0 {
		from = ` FROM quotes q JOIN opportunities o ON o.org_id = q.org_id AND o.id = q.opportunity_id` + w.String()
	}
	total := -1
	if !f.SkipTotal {
		if total, err = count(ctx, db.db, `SELECT COUNT(*)`+from, w.args...); err != nil {
			return nil, 0, err
		}
	}
	p := f.Page.Normalize()
	out, err := queryAll(ctx, db.db, scanQuote, `SELECT `+quoteColumns+from+` ORDER BY q.id LIMIT `+w.arg(p.Limit)+` OFFSET `+w.arg(p.Offset), w.args...)
	return out, total, err
}

// UpdateQuote replaces a quote's number, amount, sent date and status, and
// may move it to another opportunity (OpportunityID 0 keeps the current
// one), with the rules of CreateQuote. The actor must be allowed to change both opportunities: a quote
// has no owner of its own, it is its opportunity's, and a salesperson does
// not give theirs away to a colleague's opportunity.
func (db *DB) UpdateQuote(ctx context.Context, q *closer.Quote) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		a, _, today, err := db.actorToday(ctx, tx)
		if err != nil {
			return err
		}
		cur, err := findQuote(ctx, tx, a.OrgID, q.ID)
		if err != nil {
			return err
		}
		if err := db.canChangeQuote(ctx, tx, a, cur); err != nil {
			return err
		}
		if q.OpportunityID == 0 {
			q.OpportunityID = cur.OpportunityID
		}
		if err := q.Validate(today); err != nil {
			return err
		}
		owner, err := quoteOpportunity(ctx, tx, db.dialect, a.OrgID, q)
		if err != nil {
			return err
		} else if q.OpportunityID != cur.OpportunityID {
			if err := a.CanChange(owner); err != nil {
				return err
			}
		}
		q.Created = cur.Created
		_, err = tx.ExecContext(ctx, `UPDATE quotes SET opportunity_id = $1, number = $2, amount = $3, sent_on = $4, status = $5
			WHERE org_id = $6 AND id = $7`,
			q.OpportunityID, q.Number, int64(q.Amount), q.SentOn, string(q.Status), a.OrgID, q.ID)
		return err
	})
}

// DeleteQuote deletes a quote (owners only: Actor.CanDelete).
func (db *DB) DeleteQuote(ctx context.Context, id int64) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanDelete(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		cur, err := findQuote(ctx, tx, a.OrgID, id)
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM quotes WHERE org_id = $1 AND id = $2`, a.OrgID, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, closer.AuditDelete("quote"), auditTarget("quote", id), cur.Number)
	})
}

// canChangeQuote checks that the actor may change the quote's opportunity:
// a quote has no owner of its own, so it is changed by whoever may change
// its opportunity (its owner, managers, owners), whoever created it.
func (db *DB) canChangeQuote(ctx context.Context, tx *sql.Tx, a closer.Actor, q *closer.Quote) error {
	owner, _, err := refOpportunity(ctx, tx, a.OrgID, q.OpportunityID, "opportunity")
	if err != nil {
		return fmt.Errorf("quote %d: %w", q.ID, err)
	}
	return a.CanChange(owner)
}
