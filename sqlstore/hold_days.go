package sqlstore

import (
	"context"
	"strconv"

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

// heldNow takes the on-hold snapshot now of the team and of each owner (of
// one owner only when ownerID is set), in two statements over hold_days
// whatever the number on hold: the counts and values per owner and age
// range, with the overdue reviews per owner (heldSums), and the middle days
// put on hold of each owner and of the team, from which come the median
// ages (heldMedians).
func (db *DB) heldNow(ctx context.Context, orgID, ownerID int64, today closer.Date) (closer.HeldNow, error) {
	out := closer.HeldNow{Owners: map[int64]closer.OnHold{}, Ages: closer.HoldAges()}
	if err := db.heldSums(ctx, &out, orgID, ownerID, today); err != nil {
		return out, err
	}
	return out, db.heldMedians(ctx, &out, orgID, ownerID, today)
}

// heldSums adds up the rows by day put on hold per owner and age range (an
// index in out.Ages, -1 for a day not known), and the rows of review dates
// before today per owner.
func (db *DB) heldSums(ctx context.Context, out *closer.HeldNow, orgID, ownerID int64, today closer.Date) error {
	var w where
	w.add("org_id = ?", orgID)
	if ownerID != 0 {
		w.add("owner_id = ?", ownerID)
	}
	held, review, todayArg := w.arg(holdHeld), w.arg(holdReview), w.arg(today)
	// The age range of a day: its age (today - day) is under a range's end
	// when the day is after today minus that end.
	ranges := "CASE WHEN day = '' THEN -1"
	for i, b := range out.Ages {
		if b.To != 0 {
			ranges += " WHEN day > " + w.arg(today.AddDays(-b.To)) + " THEN " + strconv.Itoa(i)
		} else {
			ranges += " ELSE " + strconv.Itoa(i)
		}
	}
	rows, err := db.db.QueryContext(ctx, `SELECT owner_id, kind, CASE WHEN kind = `+held+` THEN `+ranges+` END ELSE 0 END,
		CAST(SUM(n) AS BIGINT), CAST(SUM(amount) AS BIGINT) FROM hold_days`+w.String()+`
		AND (kind = `+held+` OR kind = `+review+` AND day <> '' AND day < `+todayArg+`)
		GROUP BY owner_id, kind, 3`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	unknown := closer.AgeBucket{From: -1}
	for rows.Next() {
		var owner int64
		var kind, age, n int
		var amount closer.Money
		if err := rows.Scan(&owner, &kind, &age, &n, &amount); err != nil {
			return err
		}
		o := out.Owners[owner]
		if kind == holdReview {
			o.OverdueReviews += n
			out.Team.OverdueReviews += n
		} else {
			o.Count, o.Amount = o.Count+n, o.Amount+amount
			out.Team.Count, out.Team.Amount = out.Team.Count+n, out.Team.Amount+amount
			b := &unknown
			if age >= 0 {
				b = &out.Ages[age]
			}
			b.Count, b.Amount = b.Count+n, b.Amount+amount
		}
		out.Owners[owner] = o
	}
	if unknown.Count > 0 {
		out.Ages = append(out.Ages, unknown)
	}
	return rows.Err()
}

// heldMedians sets the median age on hold of each owner and of the team
// (closer.MedianOfCounts over the days put on hold, not known ones left
// out). The days are numbered in order with a running sum of how many were
// put on hold up to each (a window in SQL); only the one or two days that
// hold the middle ranks come out, a few rows whatever the number on hold.
// The ages of the middle ranks are those of the middle days: an age is
// today minus the day, so ordering by day orders the ages backwards, and
// the middle of a count is the same from either end.
func (db *DB) heldMedians(ctx context.Context, out *closer.HeldNow, orgID, ownerID int64, today closer.Date) error {
	var w where
	w.add("org_id = ?", orgID)
	w.add("kind = ?", holdHeld)
	w.add("day <> ''")
	if ownerID != 0 {
		w.add("owner_id = ?", ownerID)
	}
	middle := func(team, from string) string {
		return `SELECT ` + team + `, owner_id, day, upto - n, n, total FROM (SELECT owner_id, day, n,
			CAST(SUM(n) OVER (PARTITION BY owner_id ORDER BY day ROWS UNBOUNDED PRECEDING) AS BIGINT) AS upto,
			CAST(SUM(n) OVER (PARTITION BY owner_id) AS BIGINT) AS total
			FROM ` + from + `) c WHERE upto >= (total + 1) / 2 AND upto - n < (total + 2) / 2`
	}
	query := middle("0", "hold_days"+w.String())
	if ownerID == 0 { // the team's days, all owners together
		query += ` UNION ALL ` + middle("1", `(SELECT CAST(0 AS BIGINT) AS owner_id, day, CAST(SUM(n) AS BIGINT) AS n
			FROM hold_days`+w.String()+` GROUP BY day) team`)
	}
	rows, err := db.db.QueryContext(ctx, query, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	type middles struct{ days, count int }
	ms := map[int64]*middles{} // by owner, -1 for the team
	for rows.Next() {
		var team int
		var owner, before, n, total int64
		var day closer.Date
		if err := rows.Scan(&team, &owner, &day, &before, &n, &total); err != nil {
			return err
		}
		if team == 1 {
			owner = -1
		}
		m := ms[owner]
		if m == nil {
			m = &middles{}
			ms[owner] = m
		}
		// The day's opportunities hold the ranks after before, up to
		// before + n: rank lo, rank hi, or both (lo = hi when the count is
		// odd: one middle value).
		age := day.DaysUntil(today)
		lo, hi := (total+1)/2, (total+2)/2
		if before < lo && lo <= before+n {
			m.days, m.count = m.days+age, m.count+1
		}
		if hi != lo && before < hi && hi <= before+n {
			m.days, m.count = m.days+age, m.count+1
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for owner, m := range ms {
		median := closer.Median(float64(m.days), m.count)
		if owner == -1 {
			out.Team.MedianAgeDays = median
			continue
		}
		o := out.Owners[owner]
		o.MedianAgeDays = median
		out.Owners[owner] = o
		if ownerID != 0 { // one owner's snapshot is the team's
			out.Team.MedianAgeDays = median
		}
	}
	return nil
}
