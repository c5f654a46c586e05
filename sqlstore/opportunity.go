package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"closer"
)

var _ closer.OpportunityService = (*DB)(nil)

// opportunityColumns and opportunityFrom read an opportunity with the names
// of its owner, account and contact in one query.
const opportunityColumns = `o.id, o.org_id, o.title, o.owner_id, o.account_id, o.contact_id, o.source_id,
	o.stage_id, o.furthest_stage_id, o.status, o.amount, o.detected_on, o.expected_close_on,
	o.next_action_on, o.next_action, o.hold_reason, o.held_on, o.review_on, o.closed_on,
	o.loss_reason_id, o.competitor_id, o.competitor_unknown, o.vanish_reason_id, o.note,
	o.version, o.created_at, o.updated_at, u.name, COALESCE(a.name, ''), COALESCE(c.name, '')`

const opportunityFrom = ` FROM opportunities o
	JOIN users u ON u.id = o.owner_id
	LEFT JOIN accounts a ON a.id = o.account_id
	LEFT JOIN contacts c ON c.id = o.contact_id`

func scanOpportunity(row interface{ Scan(...any) error }) (*closer.Opportunity, error) {
	var o closer.Opportunity
	err := row.Scan(&o.ID, &o.OrgID, &o.Title, &o.OwnerID, nz(&o.AccountID), nz(&o.ContactID), nz(&o.SourceID),
		nz(&o.StageID), nz(&o.FurthestStageID), &o.Status, &o.Amount, &o.DetectedOn, &o.ExpectedCloseOn,
		&o.NextActionOn, &o.NextAction, &o.HoldReason, &o.HeldOn, &o.ReviewOn, &o.ClosedOn,
		nz(&o.LossReasonID), nz(&o.CompetitorID), &o.CompetitorUnknown, nz(&o.VanishReasonID), &o.Note,
		&o.Version, tsc(&o.Created), tsc(&o.Updated), &o.OwnerName, &o.AccountName, &o.ContactName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, closer.Errorf(closer.ENOTFOUND, "Opportunity not found.")
	} else if err != nil {
		return nil, err
	}
	return &o, nil
}

// findOpportunity reads opportunity id of orgID; another org's is ENOTFOUND.
func findOpportunity(ctx context.Context, q querier, orgID, id int64) (*closer.Opportunity, error) {
	return scanOpportunity(q.QueryRowContext(ctx, `SELECT `+opportunityColumns+opportunityFrom+` WHERE o.org_id = $1 AND o.id = $2`, orgID, id))
}

// lockOpportunity reads opportunity id of orgID as findOpportunity does,
// and locks its row until the transaction ends: a change that read the
// row then saves it over the version it read, which no other transaction
// can move in between. (SQLite's write transactions run one at a time.)
func lockOpportunity(ctx context.Context, tx *sql.Tx, dl dialect, orgID, id int64) (*closer.Opportunity, error) {
	return scanOpportunity(tx.QueryRowContext(ctx, `SELECT `+opportunityColumns+opportunityFrom+
		` WHERE o.org_id = $1 AND o.id = $2`+dl.lockRows("o"), orgID, id))
}

// FindOpportunity returns an opportunity of the actor's org, with the names
// of its owner, account and contact.
func (db *DB) FindOpportunity(ctx context.Context, id int64) (*closer.Opportunity, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	return findOpportunity(ctx, db.db, a.OrgID, id)
}

// CreateOpportunity stores a new opportunity with its defaults filled (its
// stage: the first one, whatever its status, SPEC 4) and
// records a created event carrying its initial status. A salesperson creates
// opportunities for themselves only.
func (db *DB) CreateOpportunity(ctx context.Context, o *closer.Opportunity) error {
	actor, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := actor.CanCreate(); err != nil {
		return err
	}
	if o.Status != "" {
		// checked before Prepare and Validate, which expect one of the five
		if _, err := closer.ParseStatus(string(o.Status)); err != nil {
			return err
		}
	}
	if o.OwnerID != 0 {
		if err := actor.CanAssign(o.OwnerID); err != nil {
			return err
		}
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		_, _, today, err := db.actorToday(ctx, tx)
		if err != nil {
			return err
		}
		lists, err := loadLists(ctx, tx, actor.OrgID)
		if err != nil {
			return err
		}
		o.DefaultStage(lists)
		o.Prepare(lists, actor.UserID, today)
		if err := o.Validate(lists, today); err != nil {
			return err
		}
		if err := checkReferences(ctx, tx, actor.OrgID, o); err != nil {
			return err
		}
		now := db.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO opportunities (org_id, title, owner_id, account_id, contact_id, source_id,
			stage_id, furthest_stage_id, status, amount, detected_on, expected_close_on, next_action_on, next_action,
			hold_reason, held_on, review_on, closed_on, loss_reason_id, competitor_id, competitor_unknown,
			vanish_reason_id, note, version, created_at, updated_at, title_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, 1, $24, $24, $25)
			RETURNING id`,
			actor.OrgID, o.Title, o.OwnerID, nullID(o.AccountID), nullID(o.ContactID), nullID(o.SourceID),
			nullID(o.StageID), nullID(o.FurthestStageID), string(o.Status), int64(o.Amount), o.DetectedOn, o.ExpectedCloseOn,
			o.NextActionOn, o.NextAction, o.HoldReason, o.HeldOn, o.ReviewOn, o.ClosedOn, nullID(o.LossReasonID),
			nullID(o.CompetitorID), o.CompetitorUnknown, nullID(o.VanishReasonID), o.Note, ts(now), closer.SortKey(o.Title)).Scan(&o.ID)
		if err != nil {
			return err
		}
		stored, err := findOpportunity(ctx, tx, actor.OrgID, o.ID)
		if err != nil {
			return err
		}
		sums := newSummaryWrites(actor.OrgID)
		addSummaries(sums, stored, 1)
		if err := sums.write(ctx, tx); err != nil {
			return err
		}
		*o = *stored
		created := closer.Event{OpportunityID: o.ID, Kind: closer.EventCreated, To: string(o.Status)}
		return insertEvents(ctx, tx, actor.OrgID, actor.UserID, now, []closer.Event{created})
	})
}

// checkReferences checks that the owner may own the opportunity, that the
// account and contact belong to the org, and the contact to the account.
func checkReferences(ctx context.Context, q querier, orgID int64, o *closer.Opportunity) error {
	if err := memberField(ctx, q, orgID, o.OwnerID, "owner"); err != nil {
		return err
	} else if err := inOrg(ctx, q, "accounts", orgID, o.AccountID, "account"); err != nil {
		return err
	} else if err := inOrg(ctx, q, "contacts", orgID, o.ContactID, "contact"); err != nil {
		return err
	}
	return contactOfAccount(ctx, q, orgID, o)
}

// contactOfAccount checks that an opportunity's contact is one of its
// account's, when it has both.
func contactOfAccount(ctx context.Context, q querier, orgID int64, o *closer.Opportunity) error {
	if o.AccountID == 0 || o.ContactID == 0 {
		return nil
	}
	n, err := count(ctx, q, `SELECT COUNT(*) FROM contacts WHERE org_id = $1 AND id = $2 AND account_id = $3`, orgID, o.ContactID, o.AccountID)
	if err != nil {
		return err
	} else if n == 0 {
		return closer.FieldError("contact", "Contact %d is not a contact of account %d: choose one of its contacts, or none.", o.ContactID, o.AccountID)
	}
	return nil
}

// DeleteOpportunity deletes an opportunity with its quotes, activities and
// events (owners only: Actor.CanDelete). version, when not 0, must match the
// stored one (ECONFLICT otherwise), as for every change: a delete decided on
// a stale view would lose the edit it has not seen. One with linked orders is
// refused (ECONFLICT, naming them), as an account in use is: a linked order
// names its opportunity, and the orders are the org's history.
func (db *DB) DeleteOpportunity(ctx context.Context, id int64, version int) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanDelete(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		// The row is locked first, as its DELETE will: an order being linked
		// to it (CreateOrder shares the row, an insert's foreign key check
		// its key) is waited for and then seen, or waits and then finds no
		// opportunity; it cannot slip in after the check of linked orders.
		var stored int
		err := tx.QueryRowContext(ctx, `SELECT version FROM opportunities WHERE org_id = $1 AND id = $2`+db.dialect.lockRowsToDelete(), a.OrgID, id).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) {
			return closer.Errorf(closer.ENOTFOUND, "Opportunity not found.")
		} else if err != nil {
			return err
		} else if version != 0 && version != stored {
			return conflict(version, stored)
		}
		if err := refuseLinkedOrders(ctx, tx, a.OrgID, id); err != nil {
			return err
		}
		var status, title string
		var gone closer.Opportunity
		err = tx.QueryRowContext(ctx, `DELETE FROM opportunities WHERE org_id = $1 AND id = $2
			RETURNING status, owner_id, title, detected_on, closed_on, amount, held_on, review_on,
				furthest_stage_id, competitor_id, competitor_unknown, loss_reason_id, vanish_reason_id`, a.OrgID, id).
			Scan(&status, &gone.OwnerID, &title, &gone.DetectedOn, &gone.ClosedOn, &gone.Amount, &gone.HeldOn, &gone.ReviewOn,
				nz(&gone.FurthestStageID), nz(&gone.CompetitorID), &gone.CompetitorUnknown, nz(&gone.LossReasonID), nz(&gone.VanishReasonID))
		if errors.Is(err, sql.ErrNoRows) {
			return closer.Errorf(closer.ENOTFOUND, "Opportunity not found.")
		} else if err != nil {
			return err
		}
		gone.Status = closer.Status(status)
		sums := newSummaryWrites(a.OrgID)
		addSummaries(sums, &gone, -1)
		if err := sums.write(ctx, tx); err != nil {
			return err
		}
		return db.audit(ctx, tx, closer.AuditDelete("opportunity"), auditTarget("opportunity", id), title)
	})
}

// refuseLinkedOrders refuses to delete an opportunity that orders are
// linked to, naming them (their reference, or their id), the first ten.
// Reopening it is allowed (SPEC 1): the orders stay linked, and closing it
// again as lost or vanished is refused (closer.Opportunity.CheckLinkedOrders).
func refuseLinkedOrders(ctx context.Context, q querier, orgID, id int64) error {
	type order struct {
		id  int64
		ref string
	}
	orders, err := queryAll(ctx, q, func(row rowScanner) (order, error) {
		var o order
		return o, row.Scan(&o.id, &o.ref)
	}, `SELECT id, reference FROM orders WHERE org_id = $1 AND opportunity_id = $2 ORDER BY ordered_on, id`, orgID, id)
	if err != nil || len(orders) == 0 {
		return err
	}
	var names []string
	for _, o := range orders[:min(len(orders), 10)] {
		if o.ref != "" {
			names = append(names, o.ref)
		} else {
			names = append(names, "#"+strconv.FormatInt(o.id, 10))
		}
	}
	list := strings.Join(names, ", ")
	if len(orders) > 10 {
		list += "…"
	}
	if len(orders) == 1 {
		return closer.Errorf(closer.ECONFLICT, "This opportunity has 1 linked order: %s. Delete it, or make it a direct or recurring order, first.", list)
	}
	return closer.Errorf(closer.ECONFLICT, "This opportunity has %d linked orders: %s. Delete them, or make them direct or recurring orders, first.", len(orders), list)
}

// UpdateOpportunity changes the fields of upd.
func (db *DB) UpdateOpportunity(ctx context.Context, id int64, version int, upd closer.OpportunityUpdate) (*closer.Opportunity, error) {
	return db.change(ctx, id, version, func(o *closer.Opportunity, l *closer.Lists, today closer.Date) error {
		return o.Apply(l, upd, today)
	})
}

// HoldOpportunity puts an open opportunity on hold.
func (db *DB) HoldOpportunity(ctx context.Context, id int64, version int, in closer.HoldInput) (*closer.Opportunity, error) {
	return db.change(ctx, id, version, func(o *closer.Opportunity, l *closer.Lists, today closer.Date) error {
		return o.Hold(l, in, today)
	})
}

// ResumeOpportunity puts an on-hold opportunity back to open at its stage.
func (db *DB) ResumeOpportunity(ctx context.Context, id int64, version int) (*closer.Opportunity, error) {
	return db.change(ctx, id, version, func(o *closer.Opportunity, l *closer.Lists, today closer.Date) error {
		return o.Resume(l, today)
	})
}

// CloseOpportunity closes an open or on-hold opportunity as won, lost or vanished.
func (db *DB) CloseOpportunity(ctx context.Context, id int64, version int, in closer.CloseInput) (*closer.Opportunity, error) {
	return db.change(ctx, id, version, func(o *closer.Opportunity, l *closer.Lists, today closer.Date) error {
		return o.Close(l, in, today)
	})
}

// ReopenOpportunity puts a closed opportunity back to open.
func (db *DB) ReopenOpportunity(ctx context.Context, id int64, version int) (*closer.Opportunity, error) {
	return db.change(ctx, id, version, func(o *closer.Opportunity, l *closer.Lists, today closer.Date) error {
		return o.Reopen(l, today)
	})
}

// transition is one lifecycle change applied in memory by the domain.
type transition func(o *closer.Opportunity, l *closer.Lists, today closer.Date) error

// change is the one path of every change to an opportunity: in one
// transaction it loads and locks the row, checks the version and the actor's right
// (over the new owner too, when it changes), applies the transition, checks the references that changed, saves with
// the version check and records the events. A change that would break
// what the orders linked to it rely on (their opportunity's detection date,
// account, and won outcome) is refused (CheckLinkedOrders).
func (db *DB) change(ctx context.Context, id int64, version int, apply transition) (*closer.Opportunity, error) {
	var out *closer.Opportunity
	err := db.write(ctx, func(tx *sql.Tx) error {
		actor, _, today, err := db.actorToday(ctx, tx)
		if err != nil {
			return err
		}
		before, err := lockOpportunity(ctx, tx, db.dialect, actor.OrgID, id)
		if err != nil {
			return err
		}
		// the row is locked: a version is only refused when the client
		// sent one, and another's change came before it
		if version != 0 && version != before.Version {
			return conflict(version, before.Version)
		}
		if err := actor.CanChange(before.OwnerID); err != nil {
			return err
		}
		lists, err := loadLists(ctx, tx, actor.OrgID)
		if err != nil {
			return err
		}
		after := *before
		if err := apply(&after, lists, today); err != nil {
			return err
		}
		if after.OwnerID != before.OwnerID {
			// as for every record: a salesperson cannot give theirs away
			if err := actor.CanAssign(after.OwnerID); err != nil {
				return err
			}
		}
		if err := checkChangedReferences(ctx, tx, actor.OrgID, before, &after); err != nil {
			return err
		}
		// the orders linked to it rely on its detection date and account;
		// an order's change shares the row locked above, so none moves
		// between this read and the save
		orders, err := linkedOrders(ctx, tx, actor.OrgID, id)
		if err != nil {
			return err
		} else if err := after.CheckLinkedOrders(before, orders); err != nil {
			return err
		}
		// its quotes are not sent before its detection: read only when
		// the detection moves (the row lock keeps them as they are, as
		// for the orders)
		if after.DetectedOn != before.DetectedOn {
			quotes, err := sentQuotes(ctx, tx, actor.OrgID, id)
			if err != nil {
				return err
			} else if err := after.CheckQuotes(before, quotes); err != nil {
				return err
			}
		}
		if after == *before {
			// nothing changed (an empty PATCH, a form saved as it was): no
			// new version, which would make a colleague's pending edit
			// stale for nothing, and no events
			out, err = findOpportunity(ctx, tx, actor.OrgID, id)
			return err
		}
		now := db.Now()
		if err := saveOpportunity(ctx, tx, &after, now); err != nil {
			return err
		}
		if err := activitiesFollow(ctx, tx, &after, before.AccountID); err != nil {
			return err
		}
		sums := newSummaryWrites(actor.OrgID)
		moveSummaries(sums, before, &after)
		if err := sums.write(ctx, tx); err != nil {
			return err
		}
		if err := insertEvents(ctx, tx, actor.OrgID, actor.UserID, now, closer.Changes(before, &after)); err != nil {
			return err
		}
		out, err = findOpportunity(ctx, tx, actor.OrgID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// linkedOrders reads the orders linked to opportunity id, oldest first.
func linkedOrders(ctx context.Context, q querier, orgID, id int64) ([]*closer.Order, error) {
	return queryAll(ctx, q, scanOrder, `SELECT `+orderColumns+` FROM orders WHERE org_id = $1 AND opportunity_id = $2 ORDER BY ordered_on, id`, orgID, id)
}

// sentQuotes reads the quotes of opportunity id that have a sent date,
// the earliest sent first.
func sentQuotes(ctx context.Context, q querier, orgID, id int64) ([]*closer.Quote, error) {
	return queryAll(ctx, q, scanQuote, `SELECT `+quoteColumns+` FROM quotes q WHERE q.org_id = $1 AND q.opportunity_id = $2 AND q.sent_on IS NOT NULL ORDER BY q.sent_on, q.id`, orgID, id)
}

// conflict is the answer to a stale version.
func conflict(yours, now int) error {
	return closer.Errorf(closer.ECONFLICT, "Someone changed this opportunity since you opened it (your version %d, now %d). Reload to see their change.", yours, now)
}

// checkChangedReferences checks the owner, account and contact that a
// change set, and that the contact is still one of the account's.
func checkChangedReferences(ctx context.Context, q querier, orgID int64, before, after *closer.Opportunity) error {
	if after.OwnerID != before.OwnerID {
		if err := memberField(ctx, q, orgID, after.OwnerID, "owner"); err != nil {
			return err
		}
	}
	if after.AccountID != before.AccountID {
		if err := inOrg(ctx, q, "accounts", orgID, after.AccountID, "account"); err != nil {
			return err
		}
	}
	if after.ContactID != before.ContactID {
		if err := inOrg(ctx, q, "contacts", orgID, after.ContactID, "contact"); err != nil {
			return err
		}
	}
	if after.AccountID != before.AccountID || after.ContactID != before.ContactID {
		return contactOfAccount(ctx, q, orgID, after)
	}
	return nil
}

// activitiesFollow moves the activities of o that were at its account
// before to its new account: an activity about an opportunity is at that
// opportunity's account (checkActivityRefs), and a call about a deal goes
// where the deal goes when its account is corrected. Activities at no
// account stay so; an opportunity left without an account leaves them
// where they were, since any account then agrees with it.
func activitiesFollow(ctx context.Context, tx *sql.Tx, o *closer.Opportunity, before int64) error {
	if o.AccountID == before || o.AccountID == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE activities SET account_id = $1 WHERE org_id = $2 AND opportunity_id = $3 AND account_id IS NOT NULL AND account_id <> $1`,
		o.AccountID, o.OrgID, o.ID)
	return err
}

// saveOpportunity writes o over its stored row if the row still has
// o.Version, and increments the version; a row changed meanwhile is ECONFLICT.
func saveOpportunity(ctx context.Context, tx *sql.Tx, o *closer.Opportunity, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE opportunities SET title = $1, owner_id = $2, account_id = $3, contact_id = $4,
		source_id = $5, stage_id = $6, furthest_stage_id = $7, status = $8, amount = $9, detected_on = $10,
		expected_close_on = $11, next_action_on = $12, next_action = $13, hold_reason = $14, held_on = $15,
		review_on = $16, closed_on = $17, loss_reason_id = $18, competitor_id = $19, competitor_unknown = $20,
		vanish_reason_id = $21, note = $22, updated_at = $23, version = version + 1, title_key = $27
		WHERE org_id = $24 AND id = $25 AND version = $26`,
		o.Title, o.OwnerID, nullID(o.AccountID), nullID(o.ContactID), nullID(o.SourceID), nullID(o.StageID),
		nullID(o.FurthestStageID), string(o.Status), int64(o.Amount), o.DetectedOn, o.ExpectedCloseOn,
		o.NextActionOn, o.NextAction, o.HoldReason, o.HeldOn, o.ReviewOn, o.ClosedOn, nullID(o.LossReasonID),
		nullID(o.CompetitorID), o.CompetitorUnknown, nullID(o.VanishReasonID), o.Note, ts(now),
		o.OrgID, o.ID, o.Version, closer.SortKey(o.Title))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		var current int
		if err := tx.QueryRowContext(ctx, `SELECT version FROM opportunities WHERE org_id = $1 AND id = $2`, o.OrgID, o.ID).Scan(&current); err != nil {
			return err
		}
		return conflict(o.Version, current)
	}
	return nil
}
