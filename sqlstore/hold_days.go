package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"closer"
)

// hold_days (migration 0056) counts the opportunities on hold now per day
// and owner, three times: by the day each was put on hold (kind holdHeld),
// from which come the count, the value and the ages; the same for the whole
// team (kind holdTeamHeld, owner 0), which the team's snapshot reads
// without adding up the owners' rows; and by its review date (kind
// holdReview), from which come the overdue reviews. The on-hold snapshot
// reads a few rows per owner and day there instead of every opportunity on
// hold. It is kept at the same write points as
// closure_months, by the same functions (addSummaries, moveSummaries,
// bulkSummaries, rebuildSummaries).

// Kinds of hold_days rows: what day is.
const (
	holdHeld     = 1 // the day put on hold, "" when not known
	holdReview   = 2 // the review date, "" when none
	holdTeamHeld = 3 // the day put on hold, for the team (owner 0)
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
		{kind: holdTeamHeld, day: dayText(o.HeldOn)},
	}, o.Amount
}

// dayText is d as hold_days stores it: YYYY-MM-DD, or "" for no date.
func dayText(d closer.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// adjustHold adds n opportunities worth amount to the row of k in s (n may
// be negative).
func adjustHold(s *summaryWrites, k holdKey, n int, amount closer.Money) {
	s.adjust(&holdDaysTable, summaryDelta{n, amount}, k.kind, k.day, k.owner)
}

// addHold counts o, if on hold, sign times in hold_days.
func addHold(s *summaryWrites, o *closer.Opportunity, sign int) {
	ks, amount := holdsOf(o)
	for _, k := range ks {
		adjustHold(s, k, sign, closer.Money(sign)*amount)
	}
}

// moveHold records that an opportunity changed from before to after in
// hold_days (nothing happens when its rows and amount stay the same).
func moveHold(s *summaryWrites, before, after *closer.Opportunity) {
	k0, a0 := holdsOf(before)
	k1, a1 := holdsOf(after)
	if a0 == a1 && slices.Equal(k0, k1) {
		return
	}
	addHold(s, before, -1)
	addHold(s, after, 1)
}

// rebuildHolds recounts an org's hold_days from its opportunities in
// grouped statements (after a large bulk).
func rebuildHolds(ctx context.Context, q querier, orgID int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM hold_days WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	for kind, rows := range map[int]struct{ day, owner string }{
		holdHeld: {"held_on", "owner_id"}, holdReview: {"review_on", "owner_id"}, holdTeamHeld: {"held_on", "0"},
	} {
		if _, err := q.ExecContext(ctx, `INSERT INTO hold_days (org_id, kind, day, owner_id, n, amount)
			SELECT org_id, $2, COALESCE(`+rows.day+`, ''), `+rows.owner+`, COUNT(*), SUM(amount)
			FROM opportunities WHERE org_id = $1 AND status = 'on_hold'
			GROUP BY org_id, 3, 4`, orgID, kind); err != nil {
			return err
		}
	}
	return nil
}

// heldNow takes the on-hold snapshot now of the team, and of each owner
// when byOwner is set (of one owner only when ownerID is set), with the
// team's age ranges, in one statement over hold_days whatever the number on
// hold, read while the org's time zone says what day it is: its rows by day
// put on hold (per owner, or the team's without byOwner) come out as one
// text "owner:day:count:amount,…", and its rows by review date as one text
// "owner:day:count,…" (string_agg, in the table's order: no database
// sorts), folded here into the counts, the values, the overdue reviews
// (review date before today), the median ages (closer.MedianOfCounts, days
// not known left out) and the age ranges.
func (db *DB) heldNow(ctx context.Context, orgID, ownerID int64, byOwner bool) (closer.HeldNow, error) {
	out := closer.HeldNow{Owners: map[int64]closer.OnHold{}, Ages: closer.HoldAges()}
	var w where
	w.add("org_id = ?", orgID)
	kind := holdHeld
	if ownerID != 0 {
		w.add("owner_id = ?", ownerID)
		byOwner = true // one owner: their rows are the team's
	} else if !byOwner {
		kind = holdTeamHeld
	}
	held, review := w.arg(kind), w.arg(holdReview)
	w.add("kind IN (" + held + ", " + review + ")")
	var days, reviews sql.NullString
	var today closer.Date
	err := together(
		func() error {
			return db.db.QueryRowContext(ctx, `SELECT
				string_agg(concat_ws(':', owner_id, day, n, amount), ',')
					FILTER (WHERE kind = `+held+`),
				string_agg(concat_ws(':', owner_id, day, n), ',')
					FILTER (WHERE kind = `+review+` AND day <> '')
				FROM hold_days`+w.String(), w.args...).Scan(&days, &reviews)
		},
		func() error {
			org, err := findOrg(ctx, db.db, orgID)
			if err == nil {
				today = db.today(org)
			}
			return err
		},
	)
	if err != nil {
		return out, err
	}
	team, ages := dayCounts{}, map[int64]dayCounts{}
	unknown := closer.AgeBucket{From: -1}
	var parse dayParser
	for rest := days.String; rest != ""; {
		var row string
		row, rest, _ = strings.Cut(rest, ",")
		f, ok := fields(row)
		if !ok {
			return out, fmt.Errorf("on hold: row %q", row)
		}
		owner, err1 := strconv.ParseInt(f[0], 10, 64)
		n, err2 := strconv.Atoi(f[2])
		amount, err3 := strconv.ParseInt(f[3], 10, 64)
		if err := errors.Join(err1, err2, err3); err != nil {
			return out, fmt.Errorf("on hold: row %q: %w", row, err)
		}
		if byOwner {
			o := out.Owners[owner]
			o.Count, o.Amount = o.Count+n, o.Amount+closer.Money(amount)
			out.Owners[owner] = o
		}
		out.Team.Count, out.Team.Amount = out.Team.Count+n, out.Team.Amount+closer.Money(amount)
		b := &unknown
		if f[1] != "" {
			d, err := parse.parse(f[1])
			if err != nil {
				return out, err
			}
			age := d.DaysUntil(today)
			team[age] += n
			if byOwner {
				if ages[owner] == nil {
					ages[owner] = dayCounts{}
				}
				ages[owner][age] += n
			}
			b = ageRange(out.Ages, age)
		}
		b.Count, b.Amount = b.Count+n, b.Amount+closer.Money(amount)
	}
	if unknown.Count > 0 {
		out.Ages = append(out.Ages, unknown)
	}
	out.Team.MedianAgeDays = team.median()
	for owner, a := range ages {
		o := out.Owners[owner]
		o.MedianAgeDays = a.median()
		out.Owners[owner] = o
	}
	overdue := today.String() // a review date before it is past
	for rest := reviews.String; rest != ""; {
		var row string
		row, rest, _ = strings.Cut(rest, ",")
		f, ok := fields(row + ":")
		if !ok {
			return out, fmt.Errorf("on hold: review row %q", row)
		}
		if f[1] >= overdue {
			continue
		}
		owner, err1 := strconv.ParseInt(f[0], 10, 64)
		n, err2 := strconv.Atoi(f[2])
		if err := errors.Join(err1, err2); err != nil {
			return out, fmt.Errorf("on hold: review row %q: %w", row, err)
		}
		out.Team.OverdueReviews += n
		if o, ok := out.Owners[owner]; ok {
			o.OverdueReviews += n
			out.Owners[owner] = o
		}
	}
	return out, nil
}

// fields splits a row of the texts of heldNow at its three colons.
func fields(row string) (f [4]string, ok bool) {
	rest := row
	for i := range 3 {
		if f[i], rest, ok = strings.Cut(rest, ":"); !ok {
			return f, false
		}
	}
	f[3] = rest
	return f, !strings.Contains(rest, ":")
}

// ageRange returns the range of ages an age in days falls in: a day put on
// hold ahead of today counts in the youngest.
func ageRange(ages []closer.AgeBucket, age int) *closer.AgeBucket {
	i := 0
	for i < len(ages)-1 && ages[i].To != 0 && age >= ages[i].To {
		i++
	}
	return &ages[i]
}

// dayParser parses the days of hold_days, once per day (a day repeats once
// per owner, in a row).
type dayParser struct {
	last string
	date closer.Date
}

// parse returns day as a date.
func (h *dayParser) parse(day string) (closer.Date, error) {
	if day == h.last {
		return h.date, nil
	}
	d, err := closer.ParseDate(day)
	if err != nil {
		return d, err
	}
	h.last, h.date = day, d
	return d, nil
}
