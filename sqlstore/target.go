package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"closer"
)

// SetTarget creates or replaces the target of a member (or of the team when
// UserID is 0) for the period that starts on StartsOn (managers and owners).
// There is one target per person, period kind and start: setting it again
// replaces its amount, and t.ID is the stored target's id.
func (db *DB) SetTarget(ctx context.Context, t *closer.Target) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanManage(); err != nil {
		return err
	} else if err := t.Validate(); err != nil {
		return err
	} else if t.UserID < 0 {
		return closer.FieldError("owner", "A target is for a member, or for the team (0).")
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if t.UserID != 0 {
			if err := memberField(ctx, tx, a.OrgID, t.UserID, "owner"); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, `INSERT INTO targets (org_id, user_id, period, starts_on, amount) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (org_id, user_id, period, starts_on) DO UPDATE SET amount = excluded.amount RETURNING id`,
			a.OrgID, t.UserID, string(t.Period), t.StartsOn, int64(t.Amount)).Scan(&t.ID)
	})
}

// FindTargets returns the org's targets whose period overlaps from..to (both
// inclusive; a zero date leaves that side open), by start, person and period.
// userID selects whose: 0 returns every target (the team's and each
// member's, like every zero filter), a positive id that member's only, and
// any negative value (-1) the team's only.
func (db *DB) FindTargets(ctx context.Context, userID int64, from, to closer.Date) ([]*closer.Target, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	w.add("org_id = ?", a.OrgID)
	switch {
	case userID > 0:
		w.add("user_id = ?", userID)
	case userID < 0:
		w.add("user_id = 0")
	}
	if !to.IsZero() {
		w.add("starts_on <= ?", to)
	}
	if !from.IsZero() {
		// A period overlaps when it ends on or after from: it starts on or
		// after the first day of the month, quarter or year holding from.
		month := closer.NewDate(from.Year(), from.Month(), 1)
		quarter := closer.NewDate(from.Year(), from.Month()-(from.Month()-1)%3, 1)
		year := closer.NewDate(from.Year(), time.January, 1)
		w.add(`((period = 'month' AND starts_on >= ?) OR (period = 'quarter' AND starts_on >= ?) OR (period = 'year' AND starts_on >= ?))`,
			month, quarter, year)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, user_id, period, starts_on, amount FROM targets`+w.String()+
		` ORDER BY starts_on, user_id, period, id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*closer.Target{}
	for rows.Next() {
		var t closer.Target
		var period string
		if err := rows.Scan(&t.ID, &t.UserID, &period, &t.StartsOn, &t.Amount); err != nil {
			return nil, err
		}
		t.Period = closer.PeriodKind(period)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// DeleteTarget deletes a target (owners only: Actor.CanDelete).
func (db *DB) DeleteTarget(ctx context.Context, id int64) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanDelete(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		var kind, starts string
		err := tx.QueryRowContext(ctx, `SELECT period, starts_on FROM targets WHERE org_id = $1 AND id = $2`, a.OrgID, id).Scan(&kind, &starts)
		if errors.Is(err, sql.ErrNoRows) {
			return closer.Errorf(closer.ENOTFOUND, "Target not found.")
		} else if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM targets WHERE org_id = $1 AND id = $2`, a.OrgID, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, closer.AuditDelete("target"), auditTarget("target", id), kind+" "+starts)
	})
}
