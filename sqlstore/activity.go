package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"closer"
)

const activityColumns = `id, kind, owner_id, subject, due_on, done_on, opportunity_id, account_id, note, created_at`

func scanActivity(row interface{ Scan(...any) error }) (*closer.Activity, error) {
	var a closer.Activity
	var kind string
	err := row.Scan(&a.ID, &kind, &a.OwnerID, &a.Subject, &a.DueOn, &a.DoneOn, nz(&a.OpportunityID), nz(&a.AccountID), &a.Note, tsc(&a.Created))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, closer.Errorf(closer.ENOTFOUND, "Activity not found.")
	}
	a.Kind = closer.ActivityKind(kind)
	return &a, err
}

// CreateActivity stores an activity, optionally about an opportunity or an
// account of the org. The owner defaults to the actor; a salesperson plans
// activities only for themselves.
func (db *DB) CreateActivity(ctx context.Context, act *closer.Activity) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		a, _, today, err := db.actorToday(ctx, tx)
		if err != nil {
			return err
		} else if err := a.CanCreate(); err != nil {
			return err
		}
		if act.OwnerID == 0 {
			act.OwnerID = a.UserID
		}
		if err := a.CanAssign(act.OwnerID); err != nil {
			return err
		} else if err := act.Validate(today); err != nil {
			return err
		} else if err := checkActivityRefs(ctx, tx, a.OrgID, act, 0); err != nil {
			return err
		}
		act.Created = db.Now()
		return tx.QueryRowContext(ctx, `INSERT INTO activities (org_id, kind, owner_id, subject, due_on, done_on, opportunity_id, account_id, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			a.OrgID, string(act.Kind), act.OwnerID, act.Subject, act.DueOn, act.DoneOn, nullID(act.OpportunityID), nullID(act.AccountID),
			act.Note, ts(act.Created)).Scan(&act.ID)
	})
}

// checkActivityRefs checks that an activity's opportunity and account
// belong to the org, that the account is the opportunity's when both are
// set (and the opportunity has one), and that its owner may own it when it
// is not prevOwner (0 for a new activity).
func checkActivityRefs(ctx context.Context, q querier, orgID int64, act *closer.Activity, prevOwner int64) error {
	if act.OwnerID != prevOwner {
		if err := memberField(ctx, q, orgID, act.OwnerID, "owner"); err != nil {
			return err
		}
	}
	if err := inOrg(ctx, q, "opportunities", orgID, act.OpportunityID, "opportunity"); err != nil {
		return err
	} else if err := inOrg(ctx, q, "accounts", orgID, act.AccountID, "account"); err != nil {
		return err
	}
	if act.OpportunityID == 0 || act.AccountID == 0 {
		return nil
	}
	_, account, err := refOpportunity(ctx, q, orgID, act.OpportunityID, "opportunity")
	if err != nil {
		return err
	}
	return act.CheckOpportunity(account)
}

// FindActivity returns an activity of the actor's org.
func (db *DB) FindActivity(ctx context.Context, id int64) (*closer.Activity, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	return findActivity(ctx, db.db, a.OrgID, id)
}

func findActivity(ctx context.Context, q querier, orgID, id int64) (*closer.Activity, error) {
	return scanActivity(q.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE org_id = $1 AND id = $2`, orgID, id))
}

// FindActivities lists the org's activities in the order of f.Sort (by due
// date, undated ones last, unless "done": by done date, newest first), with
// the total count (-1 with f.SkipTotal). The filter selects by owner,
// opportunity, account, kind, whether they are still to do (Open) and due
// date (From and To inclusive).
func (db *DB) FindActivities(ctx context.Context, f closer.SalesFilter) ([]*closer.Activity, int, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	w, err := activityWhere(a.OrgID, f)
	if err != nil {
		return nil, 0, err
	}
	col, dir, err := activityOrder(f.Sort)
	if err != nil {
		return nil, 0, err
	}
	total := -1
	if !f.SkipTotal {
		if total, err = count(ctx, db.db, `SELECT COUNT(*) FROM activities`+w.String(), w.args...); err != nil {
			return nil, 0, err
		}
	}
	// The rows with a date come first, read in the order of an index on the
	// date; the undated ones follow by id. Two queries each read a page of
	// an index, where one ORDER BY over both would sort every match.
	p := f.Page.Normalize()
	out, err := queryActivities(ctx, db.db, w.and(col+" IS NOT NULL"), ` ORDER BY `+col+dir+`, id`+dir, p.Limit, p.Offset)
	if err != nil || len(out) == p.Limit {
		return out, total, err
	}
	// The page reaches the undated rows: skip those of the pages before.
	nDated := p.Offset + len(out)
	if len(out) == 0 && p.Offset > 0 {
		dated := w.and(col + " IS NOT NULL")
		if nDated, err = count(ctx, db.db, `SELECT COUNT(*) FROM activities`+dated.String(), dated.args...); err != nil {
			return nil, 0, err
		}
	}
	rest, err := queryActivities(ctx, db.db, w.and(col+" IS NULL"), ` ORDER BY id`+dir, p.Limit-len(out), max(0, p.Offset-nDated))
	return append(out, rest...), total, err
}

// activityWhere turns an activity filter into a WHERE clause of the org.
func activityWhere(orgID int64, f closer.SalesFilter) (*where, error) {
	w := &where{}
	w.add("org_id = ?", orgID)
	if f.OwnerID != 0 {
		w.add("owner_id = ?", f.OwnerID)
	}
	if f.OpportunityID != 0 {
		w.add("opportunity_id = ?", f.OpportunityID)
	}
	if f.AccountID != 0 {
		w.add("account_id = ?", f.AccountID)
	}
	if f.Kind != "" {
		ok := false
		for _, k := range closer.ActivityKinds {
			ok = ok || string(k) == f.Kind
		}
		if !ok {
			return nil, closer.FieldError("kind", "Activity kind must be call, meeting, email, task or relaunch, not %q.", f.Kind)
		}
		w.add("kind = ?", f.Kind)
	}
	if f.Open != nil && *f.Open {
		w.add("done_on IS NULL")
	} else if f.Open != nil {
		w.add("done_on IS NOT NULL")
	}
	if !f.From.IsZero() {
		w.add("due_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("due_on <= ?", f.To)
	}
	return w, nil
}

// activityOrder returns the date column an activity sort orders by and its
// direction.
func activityOrder(sort string) (col, dir string, err error) {
	switch sort {
	case closer.SortDue:
		return "due_on", "", nil
	case closer.SortDone:
		return "done_on", " DESC", nil
	}
	return "", "", closer.FieldError("sort", "Activities sort by due or done date, not %q.", sort)
}

// queryActivities reads a page of the activities that w selects, in order;
// it adds the page's arguments to w.
func queryActivities(ctx context.Context, q querier, w *where, order string, limit, offset int) ([]*closer.Activity, error) {
	return queryAll(ctx, q, scanActivity, `SELECT `+activityColumns+` FROM activities`+w.String()+order+
		` LIMIT `+w.arg(limit)+` OFFSET `+w.arg(offset), w.args...)
}

// UpdateActivity replaces an activity's fields; setting DoneOn marks it
// done. Whoever may change it (its owner, managers, owners) may update it;
// an OwnerID of 0 keeps the current owner, and a salesperson cannot hand an
// activity to a colleague.
func (db *DB) UpdateActivity(ctx context.Context, act *closer.Activity) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		a, _, today, err := db.actorToday(ctx, tx)
		if err != nil {
			return err
		}
		cur, err := findActivity(ctx, tx, a.OrgID, act.ID)
		if err != nil {
			return err
		} else if err := a.CanChange(cur.OwnerID); err != nil {
			return err
		}
		if act.OwnerID == 0 {
			act.OwnerID = cur.OwnerID
		}
		if err := a.CanAssign(act.OwnerID); err != nil {
			return err
		} else if err := act.Validate(today); err != nil {
			return err
		} else if err := checkActivityRefs(ctx, tx, a.OrgID, act, cur.OwnerID); err != nil {
			return err
		}
		act.Created = cur.Created
		_, err = tx.ExecContext(ctx, `UPDATE activities SET kind = $1, owner_id = $2, subject = $3, due_on = $4, done_on = $5,
			opportunity_id = $6, account_id = $7, note = $8 WHERE org_id = $9 AND id = $10`,
			string(act.Kind), act.OwnerID, act.Subject, act.DueOn, act.DoneOn, nullID(act.OpportunityID), nullID(act.AccountID),
			act.Note, a.OrgID, act.ID)
		return err
	})
}

// DeleteActivity deletes an activity (owners only: Actor.CanDelete).
func (db *DB) DeleteActivity(ctx context.Context, id int64) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanDelete(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		cur, err := findActivity(ctx, tx, a.OrgID, id)
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM activities WHERE org_id = $1 AND id = $2`, a.OrgID, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, closer.AuditDelete("activity"), auditTarget("activity", id), cur.Subject)
	})
}

// and returns a copy of w with one more condition, one without arguments:
// w itself is left to build other queries.
func (w *where) and(cond string) *where {
	return &where{conds: append(slices.Clip(w.conds), cond), args: slices.Clone(w.args)}
}
