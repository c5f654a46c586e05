package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"closer"
)

var _ closer.PersonalDataService = (*DB)(nil)

// ContactPersonalData gathers everything the org knows about a contact
// (owners and managers only): the contact, their account, the opportunities
// that name them, those opportunities' activities and events, and the
// erasure if the contact was erased.
func (db *DB) ContactPersonalData(ctx context.Context, contactID int64) (*closer.PersonalData, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := a.CanManage(); err != nil {
		return nil, err
	}
	c, err := findContact(ctx, db.db, a.OrgID, contactID)
	if err != nil {
		return nil, err
	}
	pd := &closer.PersonalData{Contact: c, Opportunities: []*closer.Opportunity{}, Activities: []*closer.Activity{}, Events: []closer.Event{}}
	if c.AccountID != 0 {
		if pd.Account, err = findAccount(ctx, db.db, a.OrgID, c.AccountID); err != nil {
			return nil, err
		}
	}
	if pd.Opportunities, err = queryAll(ctx, db.db, scanOpportunity, `SELECT `+opportunityColumns+opportunityFrom+
		` WHERE o.org_id = $1 AND o.contact_id = $2 ORDER BY o.id`, a.OrgID, contactID); err != nil {
		return nil, err
	}
	for _, o := range pd.Opportunities {
		evs, err := db.OpportunityEvents(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		pd.Events = append(pd.Events, evs...)
	}
	if pd.Activities, err = queryAll(ctx, db.db, scanActivity, `SELECT `+activityColumns+` FROM activities
		WHERE org_id = $1 AND opportunity_id IN (SELECT id FROM opportunities WHERE org_id = $1 AND contact_id = $2)
		ORDER BY id`, a.OrgID, contactID); err != nil {
		return nil, err
	}
	var userID sql.NullInt64
	var at string
	err = db.db.QueryRowContext(ctx, `SELECT user_id, at FROM contact_erasures WHERE org_id = $1 AND contact_id = $2
		ORDER BY id DESC LIMIT 1`, a.OrgID, contactID).Scan(&userID, &at)
	if err == nil {
		pd.Erasure = &closer.Erasure{UserID: userID.Int64, At: parseTS(at)}
	} else if err != sql.ErrNoRows {
		return nil, err
	}
	// Reading everything known about a person is itself on record.
	if err := db.audit(ctx, db.db, closer.AuditContactExport, "contact "+strconv.FormatInt(contactID, 10), ""); err != nil {
		return nil, err
	}
	return pd, nil
}

// EraseContact anonymises a contact (owners and managers only), in one
// transaction that also records who erased them and when. Opportunities keep
// their amounts, dates and statuses: the org's figures stay the same.
func (db *DB) EraseContact(ctx context.Context, contactID int64) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanManage(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := findContact(ctx, tx, a.OrgID, contactID); err != nil {
			return err
		}
		erased := closer.ErasedContactName(contactID)
		if _, err := tx.ExecContext(ctx, `UPDATE contacts SET name = $1, name_key = $2, email = '', phone = '', job_title = ''
			WHERE org_id = $3 AND id = $4`, erased, closer.SortKey(erased), a.OrgID, contactID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET note = '' WHERE org_id = $1
			AND opportunity_id IN (SELECT id FROM opportunities WHERE org_id = $1 AND contact_id = $2)`, a.OrgID, contactID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_erasures (org_id, contact_id, user_id, at) VALUES ($1, $2, $3, $4)`,
			a.OrgID, contactID, a.UserID, ts(db.Now())); err != nil {
			return err
		}
		return db.audit(ctx, tx, closer.AuditContactErase, "contact "+strconv.FormatInt(contactID, 10), "")
	})
}
