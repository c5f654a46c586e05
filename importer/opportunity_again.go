package importer

import (
	"context"

	"closer"
)

// What an import of opportunities finds again. A row that matches an
// opportunity the org has (closer.OpportunityKey: the account the row
// resolves to, the title with accents and case aside, the detection date) is
// left as it is: neither updated nor added twice, and counted in the
// report's Unchanged. A file imported twice (or a web import submitted
// twice) then adds nothing the second time.
//
// The matching counts: each of the org's opportunities answers for one row.
// Two identical rows are two opportunities when the org has neither (the
// same deal twice is not impossible), one left and one imported when the
// org has one, both left when it has both.
//
// A row without a detection date (no column, or an empty cell) would be
// detected today (or on its close or expected close date, when earlier): a
// date the org's opportunity, imported on another day, does not have. Such
// a row matches an opportunity of its account and title whatever its
// detection date, once the rows that give a date have taken theirs: a file
// without dates, imported again the next day, adds nothing either. To
// import a second opportunity of the same title at the same account, give
// its detection date.

// titleKey is an OpportunityKey without its date.
type titleKey struct {
	account int64
	title   string
}

// knownRows returns which rows of t find again an opportunity the org has,
// nil when the org has none (nothing is then read of the rows): it costs an
// import into an empty org one query. A row whose account, title or
// detection date cannot be read matches nothing; its problem is found when
// it is imported.
func (rs *opportunityRows) knownRows(ctx context.Context, t *Table) ([]bool, error) {
	keys, err := rs.res.b.OpportunityKeys()
	if err != nil || len(keys) == 0 {
		return nil, err
	}
	byTitle := make(map[titleKey]int, len(keys))
	for k, n := range keys {
		byTitle[titleKey{k.AccountID, k.Title}] += n
	}
	known := make([]bool, len(t.Rows))
	type undated struct {
		row int
		key titleKey
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
		if rs.detectedOn.text(r) == "" {
			later = append(later, undated{i, titleKey{account, closer.SortKey(title)}})
			continue
		}
		on, p := rs.c.date(rs.detectedOn, r)
		if p != nil {
			continue
		}
		k := closer.KeyOf(account, title, on)
		if keys[k] > 0 {
			keys[k]--
			byTitle[titleKey{k.AccountID, k.Title}]--
			known[i] = true
		}
	}
	for _, u := range later {
		if byTitle[u.key] > 0 {
			byTitle[u.key]--
			known[u.row] = true
		}
	}
	return known, nil
}
