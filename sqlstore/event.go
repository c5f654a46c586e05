package sqlstore

import (
	"context"
	"time"

	"closer"
)

// insertEvents appends the events of one change, made by userID at instant
// at, and moves the org's pulse to at.
//
// It is the last write of its transaction: on PostgreSQL the pulse's row
// is the one row that every change of an org locks, so it is locked last,
// by a transaction that takes no other lock before it commits, and no two
// writes can wait for each other through it.
func insertEvents(ctx context.Context, q querier, orgID, userID int64, at time.Time, evs []closer.Event) error {
	if len(evs) == 0 {
		return nil
	}
	for _, e := range evs {
		if _, err := q.ExecContext(ctx, `INSERT INTO events (org_id, opportunity_id, at, user_id, kind, from_value, to_value)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			orgID, e.OpportunityID, ts(at), nullID(userID), string(e.Kind), e.From, e.To); err != nil {
			return err
		}
	}
	return movePulse(ctx, q, orgID, at)
}

// movePulse sets the instant of the org's latest event to at, unless it is
// later already (org_pulse, migration 0062).
func movePulse(ctx context.Context, q querier, orgID int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO org_pulse (org_id, last_event_at) VALUES ($1, $2)
		ON CONFLICT (org_id) DO UPDATE SET last_event_at = excluded.last_event_at
		WHERE org_pulse.last_event_at < excluded.last_event_at`, orgID, ts(at))
	return err
}

// OpportunityEvents lists the events of an opportunity of the actor's org,
// oldest first, with the name of who made each change.
func (db *DB) OpportunityEvents(ctx context.Context, id int64) ([]closer.Event, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := opportunityExists(ctx, db.db, a.OrgID, id); err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT e.id, e.opportunity_id, e.at, e.user_id, COALESCE(u.name, ''), e.kind, e.from_value, e.to_value
		FROM events e LEFT JOIN users u ON u.id = e.user_id
		WHERE e.org_id = $1 AND e.opportunity_id = $2 ORDER BY e.id`, a.OrgID, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []closer.Event{}
	for rows.Next() {
		var e closer.Event
		var kind string
		if err := rows.Scan(&e.ID, &e.OpportunityID, tsc(&e.At), nz(&e.UserID), &e.UserName, &kind, &e.From, &e.To); err != nil {
			return nil, err
		}
		e.Kind = closer.EventKind(kind)
		out = append(out, e)
	}
	return out, rows.Err()
}

// opportunityExists answers ENOTFOUND unless opportunity id belongs to orgID.
func opportunityExists(ctx context.Context, q querier, orgID, id int64) error {
	n, err := count(ctx, q, `SELECT COUNT(*) FROM opportunities WHERE org_id = $1 AND id = $2`, orgID, id)
	if err != nil {
		return err
	} else if n == 0 {
		return closer.Errorf(closer.ENOTFOUND, "Opportunity not found.")
	}
	return nil
}
