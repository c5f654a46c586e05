package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"closer"
)

const orderColumns = `id, account_id, opportunity_id, owner_id, kind, reference, amount, ordered_on, created_at`

func scanOrder(row interface{ Scan(...any) error }) (*closer.Order, error) {
	var o closer.Order
	var kind string
	err := row.Scan(&o.ID, &o.AccountID, nz(&o.OpportunityID), nz(&o.OwnerID), &kind, &o.Reference, &o.Amount, &o.OrderedOn, tsc(&o.Created))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, closer.Errorf(closer.ENOTFOUND, "Order not found.")
	}
	o.Kind = closer.OrderKind(kind)
	return &o, err
}

// CreateOrder stores an order of an account of the org. A linked order names
// an opportunity of the org: its account is the opportunity's when left
// empty, and must be the opportunity's when given. The owner defaults to the
// actor, or, for a linked order entered by a manager or an owner, to the
// opportunity's owner; a salesperson may only create orders they own.
func (db *DB) CreateOrder(ctx context.Context, o *closer.Order) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		a, _, today, err := db.actorToday(ctx, tx)
		if err != nil {
			return err
		} else if err := a.CanCreate(); err != nil {
			return err
		}
		oppOwner, err := resolveOrder(ctx, tx, db.dialect, a.OrgID, o, 0, today)
		if err != nil {
			return err
		}
		if o.OwnerID == 0 {
			o.OwnerID = a.UserID
			if oppOwner != 0 && a.CanManage() == nil {
				o.OwnerID = oppOwner
			}
		}
		if err := a.CanAssign(o.OwnerID); err != nil {
			return err
		} else if err := memberField(ctx, tx, a.OrgID, o.OwnerID, "owner"); err != nil {
			return err
		}
		o.Created = db.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO orders (org_id, account_id, opportunity_id, owner_id, kind, reference, amount, ordered_on, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			a.OrgID, o.AccountID, nullID(o.OpportunityID), nullID(o.OwnerID), string(o.Kind), o.Reference, int64(o.Amount), o.OrderedOn, ts(o.Created)).Scan(&o.ID); err != nil {
			return err
		}
		return writeOrderMove(ctx, tx, a.OrgID, nil, o)
	})
}

// resolveOrder checks an order's references in the org and validates it. It
// fills the account of a linked order from its opportunity, which must be
// won, detected no later than the order's date and at the order's account
// when it has one (Order.CheckLinkedTo), and returns the
// opportunity's owner (0 for an unlinked order). An order that stays linked
// to linkedTo, the opportunity it was linked to before, keeps its link
// whatever that opportunity's status now. The opportunity's row stays
// shared-locked until the transaction ends, so that its deletion (which
// refuses an opportunity with linked orders) cannot come between the check
// and the order's write.
func resolveOrder(ctx context.Context, q querier, dl dialect, orgID int64, o *closer.Order, linkedTo int64, today closer.Date) (int64, error) {
	var opp closer.OpportunityRef
	if o.OpportunityID != 0 {
		err := q.QueryRowContext(ctx, `SELECT owner_id, account_id, status, detected_on FROM opportunities WHERE org_id = $1 AND id = $2`+dl.shareRows(),
			orgID, o.OpportunityID).Scan(&opp.OwnerID, nz(&opp.AccountID), &opp.Status, &opp.DetectedOn)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, closer.FieldError("opportunity", "No opportunity with id %d in this organization.", o.OpportunityID)
		} else if err != nil {
			return 0, err
		}
		if o.AccountID == 0 {
			o.AccountID = opp.AccountID
		}
		check := o.CheckLinkedTo(opp)
		if o.OpportunityID == linkedTo {
			check = o.CheckStillLinkedTo(opp)
		}
		if check != nil {
			return 0, check
		}
	}
	if err := o.Validate(today); err != nil {
		return 0, err
	}
	return opp.OwnerID, inOrg(ctx, q, "accounts", orgID, o.AccountID, "account")
}

// FindOrder returns an order of the actor's org.
func (db *DB) FindOrder(ctx context.Context, id int64) (*closer.Order, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	return findOrder(ctx, db.db, a.OrgID, id)
}

func findOrder(ctx context.Context, q querier, orgID, id int64) (*closer.Order, error) {
	return scanOrder(q.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE org_id = $1 AND id = $2`, orgID, id))
}

// FindOrders lists the org's orders, latest first, with the total count
// (-1 with f.SkipTotal). The filter selects by account, opportunity, owner,
// kind (linked, direct or recurring) and order date (From and To inclusive);
// Open and Sort are ignored.
func (db *DB) FindOrders(ctx context.Context, f closer.SalesFilter) ([]*closer.Order, int, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.add("org_id = ?", a.OrgID)
	if f.AccountID != 0 {
		w.add("account_id = ?", f.AccountID)
	}
	if f.OpportunityID != 0 {
		w.add("opportunity_id = ?", f.OpportunityID)
	}
	if f.OwnerID != 0 {
		w.add("owner_id = ?", f.OwnerID)
	}
	if f.Kind != "" {
		ok := false
		for _, k := range closer.OrderKinds {
			ok = ok || string(k) == f.Kind
		}
		if !ok {
			return nil, 0, closer.FieldError("kind", "Order kind must be linked, direct or recurring, not %q.", f.Kind)
		}
		w.add("kind = ?", f.Kind)
	}
	if !f.From.IsZero() {
		w.add("ordered_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("ordered_on <= ?", f.To)
	}
	total := -1
	if !f.SkipTotal {
		if total, err = count(ctx, db.db, `SELECT COUNT(*) FROM orders`+w.String(), w.args...); err != nil {
			return nil, 0, err
		}
	}
	p := f.Page.Normalize()
	out, err := queryAll(ctx, db.db, scanOrder, `SELECT `+orderColumns+` FROM orders`+w.String()+
		` ORDER BY ordered_on DESC, id DESC LIMIT `+w.arg(p.Limit)+` OFFSET `+w.arg(p.Offset), w.args...)
	return out, total, err
}

// UpdateOrder replaces an order's fields with the same rules as CreateOrder.
// Whoever may change the order (its owner, managers, owners) may update it;
// an OwnerID of 0 keeps the current owner, and a salesperson cannot give an
// order away.
func (db *DB) UpdateOrder(ctx context.Context, o *closer.Order) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		a, _, today, err := db.actorToday(ctx, tx)
		if err != nil {
			return err
		}
		cur, err := findOrder(ctx, tx, a.OrgID, o.ID)
		if err != nil {
			return err
		} else if err := a.CanChange(cur.OwnerID); err != nil {
			return err
		}
		if _, err := resolveOrder(ctx, tx, db.dialect, a.OrgID, o, cur.OpportunityID, today); err != nil {
			return err
		}
		if o.OwnerID == 0 {
			o.OwnerID = cur.OwnerID
		}
		if o.OwnerID != cur.OwnerID {
			if err := a.CanAssign(o.OwnerID); err != nil {
				return err
			} else if err := memberField(ctx, tx, a.OrgID, o.OwnerID, "owner"); err != nil {
				return err
			}
		}
		o.Created = cur.Created
		_, err = tx.ExecContext(ctx, `UPDATE orders SET account_id = $1, opportunity_id = $2, owner_id = $3, kind = $4, reference = $5,
			amount = $6, ordered_on = $7 WHERE org_id = $8 AND id = $9`,
			o.AccountID, nullID(o.OpportunityID), nullID(o.OwnerID), string(o.Kind), o.Reference, int64(o.Amount), o.OrderedOn, a.OrgID, o.ID)
		if err != nil {
			return err
		}
		return writeOrderMove(ctx, tx, a.OrgID, cur, o)
	})
}

// DeleteOrder deletes an order (owners only: Actor.CanDelete).
func (db *DB) DeleteOrder(ctx context.Context, id int64) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanDelete(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		cur, err := findOrder(ctx, tx, a.OrgID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM orders WHERE org_id = $1 AND id = $2`, a.OrgID, id); err != nil {
			return err
		} else if err := writeOrderMove(ctx, tx, a.OrgID, cur, nil); err != nil {
			return err
		}
		return db.audit(ctx, tx, closer.AuditDelete("order"), auditTarget("order", id), orderDetail(cur))
	})
}
