package importer

import (
	"context"
	"strings"

	"closer"
)

// What an import of opportunities finds again. A row that matches an
// opportunity the org has (closer.OpportunityKey: the account the row
// resolves to, the title with accents and case aside, the detection date) is
// left as it is: neither updated nor added twice, and counted in the
// report's Unchanged. A file imported twice (or a web import submitted
// twice) then adds nothing the second time. The report names the rows left
// as they are whose status, stage, owner, amount or close date differ from
// the opportunity's (see noteDifferences): an updated export imported again
// changes nothing, and says so.
//
// The matching counts: each of the org's opportunities answers for one row.
// Two identical rows are two opportunities when the org has neither (the
// same deal twice is not impossible), one left and one imported when the
// org has one, both left when it has both.
//
// A row without a detection date (no column, or an empty cell) is detected
// today, or on its close date when it is closed: a date the org's
// opportunity, imported on another day or from a file that gave its date,
// may not have. Once the rows that give a date have taken theirs, such a
// row matches an opportunity of its account and title whatever its
// detection date: a closed row, one closed on the same day (whatever its
// status: the report says it differs); else, as an open or on-hold row
// does, one still open or on hold (a deal closed since the last export). A
// file of current deals without dates, imported again the next day or
// after an update, adds nothing. A closed opportunity of that title closed
// on another day (last year's "Maintenance contract") is another deal: an
// open row is then imported, and the report lists it (BesideClosed), since
// it may also be the same deal, closed in Closer since the file was
// exported. To tell two opportunities of one title at one customer apart,
// give their detection dates.

// titleKey is an OpportunityKey without its date.
type titleKey struct {
	account int64
	title   string
}

// closedKey is a titleKey and a close date.
type closedKey struct {
	titleKey
	closedOn closer.Date
}

// knownRows returns which rows of t find again an opportunity the org has,
// nil when the org has none (nothing is then read of the rows): it costs an
// import into an empty org one query. A row whose account, title, status or
// date cannot be read matches nothing; its problem is found when it is
// imported. It notes in rs what reportAgain writes.
func (rs *opportunityRows) knownRows(ctx context.Context, t *Table) ([]bool, error) {
	all, err := rs.res.b.OpportunityKeys()
	if err != nil || len(all) == 0 {
		return nil, err
	}
	byKey := newQueues[closer.OpportunityKey](len(all), len(all), nil)
	for i := len(all) - 1; i >= 0; i-- {
		byKey.pushFront(all[i].Key, i)
	}
	used := make([]bool, len(all))
	known := make([]bool, len(t.Rows))
	found := func(row, i int, st closer.Status) {
		known[row] = true
		rs.noteDifferences(&t.Rows[row], st, &all[i])
	}
	type undated struct {
		row      int
		st       closer.Status
		key      titleKey
		closedOn closer.Date // of a closed row
	}
	var later []undated
	for i := range t.Rows {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r := &t.Rows[i]
		title := rs.title.text(r)
		account, ok := rs.res.knownAccount(rs.account.text(r))
		if title == "" || !ok {
			continue
		}
		st, ok := rs.statusOf(r)
		if !ok {
			continue
		}
		if rs.detectedOn.text(r) == "" {
			u := undated{row: i, st: st, key: titleKey{account, closer.SortKey(strings.TrimSpace(title))}}
			if st.IsClosure() {
				var p *Problem
				if u.closedOn, p = rs.c.date(rs.closedOn, r); p != nil || u.closedOn.IsZero() {
					continue // refused when imported
				}
			}
			later = append(later, u)
			continue
		}
		on, p := rs.c.date(rs.detectedOn, r)
		if p != nil {
			continue
		}
		if j := byKey.take(closer.KeyOf(account, title, on), used); j >= 0 {
			found(i, j, st)
		}
	}
	if len(later) == 0 {
		return known, nil
	}
	// The rows without a detection date: the closed ones find those closed
	// on their day first; then every row left finds one still open or on
	// hold, or tells whether its title was closed.
	// Only the opportunities of those rows' titles are queued.
	wanted := make(map[titleKey]bool, len(later))
	for _, u := range later {
		wanted[u.key] = true
	}
	next := make([]int, len(all))
	open := newQueues[titleKey](len(all), 0, next)    // still open or on hold
	closed := newQueues[closedKey](len(all), 0, next) // by title and close date
	closedTitles := map[titleKey]bool{}
	for i := len(all) - 1; i >= 0; i-- {
		o := &all[i]
		tk := titleKey{o.Key.AccountID, o.Key.Title}
		if !wanted[tk] {
			continue
		} else if o.Status.IsClosure() {
			closed.pushFront(closedKey{tk, o.ClosedOn}, i)
			closedTitles[tk] = true
		} else {
			open.pushFront(tk, i)
		}
	}
	matched := make([]bool, len(later))
	for n, u := range later {
		if u.st.IsClosure() {
			if j := closed.take(closedKey{u.key, u.closedOn}, used); j >= 0 {
				found(u.row, j, u.st)
				matched[n] = true
				rs.undatedFound++
			}
		}
	}
	for n, u := range later {
		if matched[n] {
			continue
		}
		if j := open.take(u.key, used); j >= 0 {
			found(u.row, j, u.st)
			rs.undatedFound++
		} else if !u.st.IsClosure() && closedTitles[u.key] {
			rs.besideClosed = append(rs.besideClosed, t.Rows[u.row].Line)
		}
	}
	return known, nil
}

// statusOf reads a row's status: open when it gives none; false when it is
// not one (build says why).
func (rs *opportunityRows) statusOf(r *Row) (closer.Status, bool) {
	st := rs.status.text(r)
	if st == "" {
		return closer.StatusOpen, true
	}
	s, err := closer.ParseStatus(strings.ToLower(st))
	return s, err == nil
}

// reportAgain writes what knownRows found into the report: the rows found
// again without a detection date, those imported beside a closed
// opportunity of their title, and the rows found again that differ from
// what the org has.
func (rs *opportunityRows) reportAgain(rep *Report) {
	rep.UnchangedUndated = rs.undatedFound
	rep.BesideClosed = rs.besideClosed
	rep.Differing, rep.MoreDiffering = rs.differing, rs.moreDiffering
}
