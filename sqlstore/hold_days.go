package sqlstore

import (
	"context"

	"closer"
)

// hold_days (migration 0056) counts the opportunities on hold now per day
// and owner, twice: by the day each was put on hold (kind holdHeld), from
// which come the count, the value and the ages, and by its review date
// (kind holdReview), from which come the overdue reviews. The on-hold
// snapshot reads a few rows per owner and day there instead of every
// opportunity on hold. It is kept at the same write points as
// closure_months, by the same functions (addSummaries, moveSummaries,
// bulkSummaries, rebuildSummaries).

// Kinds of hold_days rows: what day is.
const (
	holdHeld   = 1 // the day put on hold, "" when not known
	holdReview = 2 // the review date, "" when none
)

// holdKey is a row of hold_days.
type holdKey struct {
	kind  int
	day   string // YYYY-MM-DD, or ""
	owner int64
}

// holdsOf returns the rows of hold_days o counts in (none unless on hold),
// and its amount.
func holdsOf(o *closer.Opportunity) ([]holdKey, closer.Money) {
	if o.Status != closer.StatusOnHold {
		return nil, 0
	}
	return []holdKey{
		{kind: holdHeld, day: dayText(o.HeldOn), owner: o.OwnerID},
		{kind: holdReview, day: dayText(o.ReviewOn), owner: o.OwnerID},
	}, o.Amount
}

// dayText is d as hold_days stores it: YYYY-MM-DD, or "" for no date.
func dayText(d closer.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// adjustHold adds n opportunities worth amount to the row of k (n may be
// negative), and deletes the row when none is left.
func adjustHold(ctx context.Context, q querier, orgID int64, k holdKey, n int, amount closer.Money) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO hold_days (org_id, kind, day, owner_id, n, amount)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (org_id, kind, day, owner_id)
		DO UPDATE SET n = hold_days.n + excluded.n, amount = hold_days.amount + excluded.amount`,
		orgID, k.kind, k.day, k.owner, n, int64(amount)); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	_, err := q.ExecContext(ctx, `DELETE FROM hold_days
		WHERE org_id = $1 AND kind = $2 AND day = $3 AND owner_id = $4 AND n = 0`, orgID, k.kind, k.day, k.owner)
	return err
}

// addHold counts o, if on hold, sign times in hold_days.
func addHold(ctx context.Context, q querier, orgID int64, o *closer.Opportunity, sign int) error {
	ks, amount := holdsOf(o)
	for _, k := range ks {
		if err := adjustHold(ctx, q, orgID, k, sign, closer.Money(sign)*amount); err != nil {
			return err
		}
	}
	return nil
}

// moveHold records that an opportunity changed from before to after in
// hold_days (nothing happens when its rows and amount stay the same).
func moveHold(ctx context.Context, q querier, orgID int64, before, after *closer.Opportunity) error {
	k0, a0 := holdsOf(before)
	k1, a1 := holdsOf(after)
	if a0 == a1 && len(k0) == len(k1) && (len(k0) == 0 || k0[0] == k1[0] && k0[1] == k1[1]) {
		return nil
	}
	if err := addHold(ctx, q, orgID, before, -1); err != nil {
		return err
	}
	return addHold(ctx, q, orgID, after, 1)
}

// rebuildHolds recounts an org's hold_days from its opportunities in
// grouped statements (after a large bulk).
func rebuildHolds(ctx context.Context, q querier, orgID int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM hold_days WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	for kind, col := range map[int]string{holdHeld: "held_on", holdReview: "review_on"} {
		if _, err := q.ExecContext(ctx, `INSERT INTO hold_days (org_id, kind, day, owner_id, n, amount)
			SELECT org_id, $2, COALESCE(`+col+`, ''), owner_id, COUNT(*), SUM(amount)
			FROM opportunities WHERE org_id = $1 AND status = 'on_hold'
			GROUP BY org_id, 3, owner_id`, orgID, kind); err != nil {
			return err
		}
	}
	return nil
}

// heldNow reads the opportunities on hold now per owner and day put on hold,
// and per owner those whose review date is before today: the org's rows of
// hold_days by day put on hold (a few per owner and day), and the sums of
// its overdue rows per owner.
func (db *DB) heldNow(ctx context.Context, orgID int64, today closer.Date) (closer.HeldNow, error) {
	out := closer.HeldNow{Groups: []closer.HeldGroup{}, Overdue: map[int64]int{}}
	rows, err := db.db.QueryContext(ctx, `SELECT day, owner_id, n, amount FROM hold_days WHERE org_id = $1 AND kind = $2`, orgID, holdHeld)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	var days dayParser
	for rows.Next() {
		var day string
		var g closer.HeldGroup
		if err := rows.Scan(&day, &g.OwnerID, &g.Count, &g.Amount); err != nil {
			return out, err
		}
		if g.HeldOn, err = days.parse(day); err != nil {
			return out, err
		}
		out.Groups = append(out.Groups, g)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	rows, err = db.db.QueryContext(ctx, `SELECT owner_id, CAST(SUM(n) AS BIGINT) FROM hold_days
		WHERE org_id = $1 AND kind = $2 AND day <> '' AND day < $3 GROUP BY owner_id`, orgID, holdReview, today)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var owner int64
		var n int
		if err := rows.Scan(&owner, &n); err != nil {
			return out, err
		}
		out.Overdue[owner] = n
	}
	return out, rows.Err()
}

// dayParser parses the days of hold_days, once per day (a day repeats once
// per owner, in a row).
type dayParser struct {
	last string
	date closer.Date
}

// parse returns day as a date, zero for "" (not known).
func (h *dayParser) parse(day string) (closer.Date, error) {
	if day == "" {
		return closer.Date{}, nil
	} else if day == h.last {
		return h.date, nil
	}
	d, err := closer.ParseDate(day)
	if err != nil {
		return d, err
	}
	h.last, h.date = day, d
	return d, nil
}

// onHoldSnapshot takes the on-hold snapshot of the team, or of one owner
// when ownerID is set: count, value and median age from the rows by day put
// on hold added up per day (in the table's order: no sort), and the overdue
// reviews from the sum of the rows of review dates before today.
func (db *DB) onHoldSnapshot(ctx context.Context, orgID, ownerID int64, today closer.Date) (*closer.OnHold, error) {
	var w where
	w.add("org_id = ?", orgID)
	kind := w.arg(holdHeld)
	if ownerID != 0 {
		w.add("owner_id = ?", ownerID)
	}
	review, todayArg := w.arg(holdReview), w.arg(today)
	rows, err := db.db.QueryContext(ctx, `SELECT kind, day, CAST(SUM(n) AS BIGINT), CAST(SUM(amount) AS BIGINT) FROM hold_days`+w.String()+
		` AND kind = `+kind+` GROUP BY kind, day
		UNION ALL SELECT kind, '', CAST(SUM(n) AS BIGINT), 0 FROM hold_days`+w.String()+
		` AND kind = `+review+` AND day <> '' AND day < `+todayArg+` GROUP BY kind`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	h := &closer.OnHold{}
	ages := dayCounts{}
	for rows.Next() {
		var kind, n int
		var day string
		var amount closer.Money
		if err := rows.Scan(&kind, &day, &n, &amount); err != nil {
			return nil, err
		}
		if kind == holdReview {
			h.OverdueReviews += n
			continue
		}
		h.Count += n
		h.Amount += amount
		if day != "" { // the age of those put on hold on an unknown day is unknown
			d, err := closer.ParseDate(day)
			if err != nil {
				return nil, err
			}
			ages[d.DaysUntil(today)] += n
		}
	}
	h.MedianAgeDays = ages.median()
	return h, rows.Err()
}
