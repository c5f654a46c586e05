package sqlstore

import (
	"context"
	"database/sql"

	"closer"
)

var _ closer.PulseService = (*DB)(nil)

// LastActivity returns the day of the org's latest event (in the org's time
// zone) or latest done activity, whichever is later: the pulse kept with
// the events (org_pulse) and the last entry of the index activities_done.
func (db *DB) LastActivity(ctx context.Context) (closer.Date, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return closer.Date{}, err
	}
	org, err := findOrg(ctx, db.db, a.OrgID)
	if err != nil {
		return closer.Date{}, err
	}
	var last closer.Date
	var at sql.NullString
	err = db.db.QueryRowContext(ctx, `SELECT last_event_at FROM org_pulse WHERE org_id = $1`, a.OrgID).Scan(&at)
	if err != nil && err != sql.ErrNoRows {
		return closer.Date{}, err
	}
	if at.Valid && at.String != "" {
		last = closer.DateOf(parseTS(at.String), org.Location())
	}
	var done sql.NullString
	if err := db.db.QueryRowContext(ctx, `SELECT MAX(done_on) FROM activities WHERE org_id = $1 AND done_on IS NOT NULL`, a.OrgID).Scan(&done); err != nil {
		return closer.Date{}, err
	}
	if done.Valid && done.String != "" {
		d, err := closer.ParseDate(done.String)
		if err != nil {
			return closer.Date{}, err
		}
		if d.After(last) {
			last = d
		}
	}
	return last, nil
}
