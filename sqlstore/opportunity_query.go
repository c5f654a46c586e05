package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"closer"
)

// opportunitySorts maps the sort keys of closer.OpportunityFilter to their
// column, and tells whether the column may be NULL (NULLs sort last).
var opportunitySorts = map[string]struct {
	expr     string
	nullable bool
}{
	"amount":      {"o.amount", false},
	"next_action": {"o.next_action_on", true},
	"closed_on":   {"o.closed_on", true},
	"title":       {"o.title_key", false},
	"held_on":     {"o.held_on", true},
}

// maxSearch bounds the search text: longer is a paste accident or an attack.
const maxSearch = 200

// opportunityWhere turns a filter into the conditions of the actor's org.
func opportunityWhere(orgID int64, f closer.OpportunityFilter) (*where, error) {
	w := &where{}
	w.add(`o.org_id = ?`, orgID)
	if len(f.Statuses) > 0 {
		var marks []string
		var args []any
		seen := map[closer.Status]bool{}
		for _, s := range f.Statuses {
			st, err := closer.ParseStatus(string(s))
			if err != nil {
				return nil, err
			} else if seen[st] {
				continue
			}
			seen[st] = true
			marks = append(marks, "?")
			args = append(args, string(st))
		}
		w.add(`o.status IN (`+strings.Join(marks, ", ")+`)`, args...)
	}
	if f.OwnerID != 0 {
		w.add(`o.owner_id = ?`, f.OwnerID)
	}
	if f.StageID != 0 {
		w.add(`o.stage_id = ?`, f.StageID)
	}
	if f.SourceID != 0 {
		w.add(`o.source_id = ?`, f.SourceID)
	}
	if f.AccountID != 0 {
		w.add(`o.account_id = ?`, f.AccountID)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		if !utf8.ValidString(q) || utf8.RuneCountInString(q) > maxSearch {
			return nil, closer.FieldError("q", "The search text must be valid text of %d characters at most.", maxSearch)
		}
		p := likePattern(q)
		w.add(`(o.title_key LIKE ? ESCAPE '\' OR o.account_id IN (SELECT id FROM accounts WHERE org_id = ? AND name_key LIKE ? ESCAPE '\'))`, p, orgID, p)
	}
	for _, c := range []struct {
		cond string
		d    closer.Date
	}{
		{`o.closed_on >= ?`, f.ClosedFrom}, {`o.closed_on <= ?`, f.ClosedTo},
		{`o.detected_on >= ?`, f.DetectedFrom}, {`o.detected_on <= ?`, f.DetectedTo},
	} {
		if !c.d.IsZero() {
			w.add(c.cond, c.d.String())
		}
	}
	return w, nil
}

// opportunityOrder returns the ORDER BY clause of a filter: newest first by
// default, ties broken by id, NULL dates last. "recent" is the order of
// creation and honours Desc as every other sort does: descending is the
// newest first, ascending the oldest first.
func opportunityOrder(f closer.OpportunityFilter) (string, error) {
	switch {
	case f.Sort == "" || f.Sort == "recent" && f.Desc:
		return recentOrder, nil
	case f.Sort == "recent":
		return oldestOrder, nil
	}
	s, ok := opportunitySorts[f.Sort]
	if !ok {
		return "", closer.FieldError("sort", "Sort by recent, amount, next_action, closed_on, title or held_on, not %q.", f.Sort)
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	order := ` ORDER BY ` + s.expr + dir + `, o.id` + dir
	if s.nullable {
		order = ` ORDER BY ` + s.expr + ` IS NULL, ` + s.expr + dir + `, o.id` + dir
	}
	return order, nil
}

// FindOpportunities lists a page of the opportunities a filter selects, and
// how many it selects in all. The page's ids come from a query the indexes
// answer; only those rows are then read with their names.
func (db *DB) FindOpportunities(ctx context.Context, f closer.OpportunityFilter) ([]*closer.Opportunity, int, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	w, err := opportunityWhere(a.OrgID, f)
	if err != nil {
		return nil, 0, err
	}
	order, err := opportunityOrder(f)
	if err != nil {
		return nil, 0, err
	}
	page := f.Page.Normalize()
	countQuery, countArgs := `SELECT COUNT(*) FROM opportunities o`+w.String(), w.args
	if strings.TrimSpace(f.Q) != "" {
		// A text search reads every row it matches anyway: one pass
		// gives both the page and the total.
		search := `SELECT o.id, COUNT(*) OVER () FROM opportunities o` + w.String() + order +
			` LIMIT ` + w.arg(page.Limit) + ` OFFSET ` + w.arg(page.Offset)
		ids, total, err := searchPageIDs(ctx, db.db, search, w.args)
		if err == nil && len(ids) == 0 && page.Offset > 0 {
			total, err = count(ctx, db.db, countQuery, countArgs...)
		}
		if err != nil {
			return nil, 0, err
		}
		out, err := opportunitiesByID(ctx, db.db, a.OrgID, ids)
		return out, total, err
	}
	query, args := `SELECT o.id FROM opportunities o`+w.String()+order+` LIMIT `+w.arg(page.Limit)+` OFFSET `+w.arg(page.Offset), w.args
	if statuses := uniqueStatuses(f.Statuses); len(statuses) > 1 && order == recentOrder && page.Offset+page.Limit <= maxMergedPage {
		if query, args, err = mergedPageQuery(a.OrgID, f, statuses, page); err != nil {
			return nil, 0, err
		}
	}
	ids, err := pageIDs(ctx, db.db, query, args)
	if err != nil {
		return nil, 0, err
	}
	// A short page tells the total without counting.
	total := page.Offset + len(ids)
	if len(ids) == page.Limit || (len(ids) == 0 && page.Offset > 0) {
		if countable(f) {
			total, err = countedTotal(ctx, db.db, a.OrgID, uniqueStatuses(f.Statuses), f.OwnerID)
		} else {
			total, err = count(ctx, db.db, countQuery, countArgs...)
		}
		if err != nil {
			return nil, 0, err
		}
	}
	out, err := opportunitiesByID(ctx, db.db, a.OrgID, ids)
	return out, total, err
}

// recentOrder is the default order: newest first.
const recentOrder = ` ORDER BY o.id DESC`

// oldestOrder is "recent" reversed: oldest first.
const oldestOrder = ` ORDER BY o.id ASC`

// maxMergedPage bounds the pages that mergedPageQuery serves: deeper pages
// are rare and take the plain query.
const maxMergedPage = 5000

// mergedPageQuery selects a page of the newest opportunities of several
// statuses as the merge of one index range per status, each cut at the page's
// end: the database then sorts a few hundred ids instead of every match.
func mergedPageQuery(orgID int64, f closer.OpportunityFilter, statuses []closer.Status, page closer.Page) (string, []any, error) {
	w := &where{}
	var parts []string
	for _, st := range statuses {
		one := f
		one.Statuses = []closer.Status{st}
		sub, err := opportunityWhere(orgID, one)
		if err != nil {
			return "", nil, err
		}
		// renumber the sub-filter's placeholders after the arguments so far
		cond := sub.String()
		for i := len(sub.args); i >= 1; i-- {
			cond = strings.ReplaceAll(cond, "$"+strconv.Itoa(i), "$#"+strconv.Itoa(len(w.args)+i))
		}
		w.args = append(w.args, sub.args...)
		limit := w.arg(page.Offset + page.Limit)
		parts = append(parts, `SELECT id FROM (SELECT o.id FROM opportunities o`+strings.ReplaceAll(cond, "$#", "$")+recentOrder+` LIMIT `+limit+`) s`+strconv.Itoa(len(parts)))
	}
	query := `SELECT id FROM (` + strings.Join(parts, ` UNION ALL `) + `) m ORDER BY id DESC LIMIT ` + w.arg(page.Limit) + ` OFFSET ` + w.arg(page.Offset)
	return query, w.args, nil
}

// uniqueStatuses drops repeated statuses (already checked by opportunityWhere).
func uniqueStatuses(in []closer.Status) []closer.Status {
	var out []closer.Status
	seen := map[closer.Status]bool{}
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// pageIDs runs a query of ids.
func pageIDs(ctx context.Context, q querier, query string, args []any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
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

// searchPageIDs reads a page of ids and, beside each, how many rows the
// query selects in all (a COUNT(*) OVER () column).
func searchPageIDs(ctx context.Context, q querier, query string, args []any) ([]int64, int, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var ids []int64
	total := 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &total); err != nil {
			return nil, 0, err
		}
		ids = append(ids, id)
	}
	return ids, total, rows.Err()
}

// opportunitiesByID reads the opportunities of ids, in the order of ids.
func opportunitiesByID(ctx context.Context, q querier, orgID int64, ids []int64) ([]*closer.Opportunity, error) {
	out := make([]*closer.Opportunity, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	w := &where{}
	w.add(`o.org_id = ?`, orgID)
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = "?", id
	}
	w.add(`o.id IN (`+strings.Join(marks, ", ")+`)`, args...)
	rows, err := q.QueryContext(ctx, `SELECT `+opportunityColumns+opportunityFrom+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]*closer.Opportunity, len(ids))
	for rows.Next() {
		o, err := scanOpportunity(rows)
		if err != nil {
			return nil, err
		}
		byID[o.ID] = o
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if o, ok := byID[id]; ok {
			out = append(out, o)
		}
	}
	return out, nil
}
