package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"closer"
)

// ReassignOpportunities hands every open and on-hold opportunity of member
// from to the active member to (owners only), in one transaction: each
// opportunity's version is bumped and an owner event recorded, so the
// timeline shows who took it over. Closed opportunities keep their owner, so
// past figures stay attributed. It answers how many were reassigned.
func (db *DB) ReassignOpportunities(ctx context.Context, from, to int64) (int, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return 0, err
	} else if err := a.CanAdminister(); err != nil {
		return 0, err
	}
	if from == to {
		return 0, closer.FieldError("to", "Choose another member than the one whose opportunities are reassigned.")
	}
	var n int
	err = db.write(ctx, func(tx *sql.Tx) error {
		if ok, err := isMember(ctx, tx, a.OrgID, from); err != nil {
			return err
		} else if !ok {
			return closer.Errorf(closer.ENOTFOUND, "Member not found.")
		}
		if err := memberField(ctx, tx, a.OrgID, to, "to"); err != nil {
			return err
		}
		ids, err := openOpportunityIDs(ctx, tx, a.OrgID, from)
		if err != nil {
			return err
		}
		now := db.Now()
		var evs []closer.Event
		sums := newSummaryWrites(a.OrgID)
		for _, id := range ids {
			before, err := lockOpportunity(ctx, tx, db.dialect, a.OrgID, id)
			if err != nil {
				return err
			}
			after := *before
			after.OwnerID = to
			if err := saveOpportunity(ctx, tx, &after, now); err != nil {
				return err
			}
			moveSummaries(sums, before, &after)
			evs = append(evs, closer.Changes(before, &after)...)
		}
		if err := sums.write(ctx, tx); err != nil {
			return err
		}
		n = len(ids)
		if err := db.audit(ctx, tx, closer.AuditMemberReassign, fmt.Sprintf("user %d", from),
			fmt.Sprintf("%d open or on-hold opportunities handed to user %d", n, to)); err != nil {
			return err
		}
		return insertEvents(ctx, tx, a.OrgID, a.UserID, now, evs)
	})
	return n, err
}

// openOpportunityIDs lists the ids of the open and on-hold opportunities of an owner.
func openOpportunityIDs(ctx context.Context, tx *sql.Tx, orgID, ownerID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM opportunities WHERE org_id = $1 AND owner_id = $2
		AND status IN ('open', 'on_hold') ORDER BY id`, orgID, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
