package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"closer"
)

var _ closer.PipelineService = (*DB)(nil)

// The salesperson's day: the agenda (Today page) and the pipeline board.
// Every block is one query with the names joined; the partial indexes of
// migration 0007 serve them (their WHERE clauses name the statuses as
// literals, so that SQLite and PostgreSQL both match the indexes).

// agendaLimit bounds the rows of one agenda block.
func agendaLimit(n int) int {
	switch {
	case n <= 0:
		return 20
	case n > 200:
		return 200
	}
	return n
}

// withTotal scans a row whose last column is the total of the rows the
// block would hold without its limit, after the columns scanOpportunity reads.
type withTotal struct {
	rows  *sql.Rows
	total *int
}

func (w withTotal) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.total)...) }

// Agenda returns the day of f.OwnerID (the whole team for 0) as of f.Today.
func (db *DB) Agenda(ctx context.Context, f closer.AgendaFilter) (*closer.Agenda, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	if f.Today.IsZero() {
		return nil, closer.FieldError("today", "The day of the agenda is required.")
	}
	limit := agendaLimit(f.Limit)
	out := &closer.Agenda{}
	if out.Due, out.DueTotal, err = db.dueActions(ctx, a.OrgID, f.OwnerID, f.Today, limit); err != nil {
		return nil, err
	}
	today := f.Today.String()
	blocks := []struct {
		cond  string
		args  []any
		order string
		list  *[]*closer.Opportunity
		total *int
	}{
		{`o.status = 'on_hold' AND o.review_on <= ?`, []any{today}, `o.review_on, o.id`, &out.Reviews, &out.ReviewsTotal},
		// The always-true range on detected_on steers SQLite's planner to the
		// small partial index opportunities_unplanned for the count too.
		{`o.status = 'open' AND (o.next_action_on IS NULL OR o.account_id IS NULL) AND o.detected_on >= '1900-01-01'`, nil,
			`o.detected_on, o.id`, &out.Unplanned, &out.UnplannedTotal},
		{`o.status IN ('won', 'lost', 'vanished') AND o.closed_on >= ? AND o.closed_on <= ?`,
			[]any{f.Today.AddDays(-closer.RecentDays).String(), today}, `o.closed_on DESC, o.id DESC`, &out.Closed, &out.ClosedTotal},
	}
	for _, b := range blocks {
		w := &where{}
		w.add(`o.org_id = ?`, a.OrgID)
		w.add(b.cond, b.args...)
		if f.OwnerID != 0 {
			w.add(`o.owner_id = ?`, f.OwnerID)
		}
		// The page's ids come first (the index gives them in order, up
		// to the limit); the total is an uncorrelated subquery, counted
		// once on the same index; only the page's rows are read in full.
		cond := w.String()
		query := `SELECT ` + opportunityColumns + `, (SELECT COUNT(*) FROM opportunities o` + cond + `)` + opportunityFrom +
			` WHERE o.id IN (SELECT o.id FROM opportunities o` + cond + ` ORDER BY ` + b.order + ` LIMIT ` + w.arg(limit) + `)` +
			` ORDER BY ` + b.order
		if *b.list, *b.total, err = opportunitiesWithTotal(ctx, db.db, query, w.args); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// opportunitiesWithTotal reads opportunities followed by a total column.
func opportunitiesWithTotal(ctx context.Context, q querier, query string, args []any) ([]*closer.Opportunity, int, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*closer.Opportunity
	total := 0
	for rows.Next() {
		o, err := scanOpportunity(withTotal{rows, &total})
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}

// dueActions reads, in one query, the open opportunities whose next action
// is due and the open activities due, the oldest first.
func (db *DB) dueActions(ctx context.Context, orgID, ownerID int64, today closer.Date, limit int) ([]closer.DueAction, int, error) {
	// Both halves share the placeholders: $1 org, $2 today, $3 owner.
	args := []any{orgID, today.String()}
	oCond := `o.org_id = $1 AND o.status = 'open' AND o.next_action_on <= $2`
	tCond := `t.org_id = $1 AND t.done_on IS NULL AND t.due_on <= $2`
	if ownerID != 0 {
		args = append(args, ownerID)
		oCond += ` AND o.owner_id = $3`
		tCond += ` AND t.owner_id = $3`
	}
	args = append(args, limit)
	lim := "$" + strconv.Itoa(len(args))
	// Each half takes its first rows from its partial index, in order; the
	// names are joined to those rows only, and the totals are counted on
	// the same indexes by uncorrelated subqueries.
	query := `SELECT x.on_day, CASE WHEN x.act_id = 0 THEN o.next_action ELSE t.subject END, x.act_id, COALESCE(t.kind, ''),
		x.opp_id, COALESCE(o.title, ''), COALESCE(t.account_id, o.account_id), COALESCE(a.name, ''), u.id, u.name,
		(SELECT COUNT(*) FROM opportunities o WHERE ` + oCond + `) + (SELECT COUNT(*) FROM activities t WHERE ` + tCond + `)
	FROM (
		SELECT * FROM (SELECT o.next_action_on AS on_day, o.id AS opp_id, 0 AS act_id FROM opportunities o
			WHERE ` + oCond + ` ORDER BY o.next_action_on, o.id LIMIT ` + lim + `) due_opps
		UNION ALL
		SELECT * FROM (SELECT t.due_on, t.opportunity_id, t.id FROM activities t
			WHERE ` + tCond + ` ORDER BY t.due_on, t.id LIMIT ` + lim + `) due_acts
	) x
	LEFT JOIN activities t ON t.id = x.act_id
	LEFT JOIN opportunities o ON o.id = x.opp_id
	LEFT JOIN accounts a ON a.id = COALESCE(t.account_id, o.account_id)
	JOIN users u ON u.id = CASE WHEN x.act_id = 0 THEN o.owner_id ELSE t.owner_id END
	ORDER BY x.on_day, COALESCE(x.opp_id, 0), x.act_id LIMIT ` + lim
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []closer.DueAction
	total := 0
	for rows.Next() {
		var d closer.DueAction
		var kind string
		if err := rows.Scan(&d.On, &d.What, &d.ActivityID, &kind, nz(&d.OpportunityID), &d.Title, nz(&d.AccountID), &d.AccountName,
			&d.OwnerID, &d.OwnerName, &total); err != nil {
			return nil, 0, err
		}
		d.ActivityKind = closer.ActivityKind(kind)
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// boardLimit bounds the cards of one board column.
func boardLimit(n int) int {
	switch {
	case n <= 0:
		return 30
	case n > 200:
		return 200
	}
	return n
}

// Board returns the pipeline's columns: the count and total of the open
// opportunities at each stage (one aggregate query), then the first cards
// of every column (one query: a UNION ALL of per-stage LIMITs, each served
// by the board index).
func (db *DB) Board(ctx context.Context, ownerID int64, perColumn int) ([]closer.StageColumn, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	limit := boardLimit(perColumn)
	w := &where{}
	w.add(`li.org_id = ? AND li.kind = 'stages'`, a.OrgID)
	join := `o.org_id = li.org_id AND o.stage_id = li.id AND o.status = 'open'`
	if ownerID != 0 {
		join += ` AND o.owner_id = ` + w.arg(ownerID)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT li.id, li.name, li.position, li.retired, COUNT(o.id), COALESCE(CAST(SUM(o.amount) AS BIGINT), 0)
		FROM list_items li LEFT JOIN opportunities o ON `+join+w.String()+`
		GROUP BY li.id, li.name, li.position, li.retired
		ORDER BY li.position, li.id`, w.args...)
	if err != nil {
		return nil, err
	}
	var cols []closer.StageColumn
	for rows.Next() {
		var c closer.StageColumn
		if err := rows.Scan(&c.Stage.ID, &c.Stage.Name, &c.Stage.Position, &c.Stage.Retired, &c.Count, &c.Amount); err != nil {
			rows.Close()
			return nil, err
		}
		c.Stage.Kind = closer.ListStages
		if !c.Stage.Retired || c.Count > 0 {
			cols = append(cols, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cards, err := db.boardCards(ctx, a.OrgID, ownerID, cols, limit)
	if err != nil {
		return nil, err
	}
	for i := range cols {
		cols[i].Cards = cards[cols[i].Stage.ID]
	}
	return cols, nil
}

// boardCardColumns are what a board card shows, its move form and its
// rights need: a dozen of the opportunity's thirty columns, whose reading
// was most of the cards' query.
const boardCardColumns = `o.id, o.title, o.owner_id, o.account_id, o.stage_id, o.status, o.amount,
	o.next_action_on, o.next_action, o.version, u.name, COALESCE(a.name, '')`

// boardCards reads the first limit open opportunities of each non-empty
// column, the most urgent next action first, those without one last.
func (db *DB) boardCards(ctx context.Context, orgID, ownerID int64, cols []closer.StageColumn, limit int) (map[int64][]*closer.Opportunity, error) {
	out := map[int64][]*closer.Opportunity{}
	w := &where{}
	org, lim := w.arg(orgID), w.arg(limit)
	owner := ""
	if ownerID != 0 {
		owner = ` AND owner_id = ` + w.arg(ownerID)
	}
	var parts []string
	for _, c := range cols {
		if c.Count == 0 {
			continue
		}
		// Two runs per column, each in the board index's order: the cards
		// with a next action (earliest first), then those without one.
		stage := w.arg(c.Stage.ID)
		base := `SELECT id FROM opportunities WHERE org_id = ` + org + ` AND status = 'open' AND stage_id = ` + stage + owner
		parts = append(parts,
			`SELECT id FROM (`+base+` AND next_action_on IS NOT NULL ORDER BY next_action_on, id LIMIT `+lim+`) s`+strconv.Itoa(len(parts)),
			`SELECT id FROM (`+base+` AND next_action_on IS NULL ORDER BY id DESC LIMIT `+lim+`) s`+strconv.Itoa(len(parts)+1))
	}
	if len(parts) == 0 {
		return out, nil
	}
	rows, err := db.db.QueryContext(ctx, `SELECT `+boardCardColumns+` FROM opportunities o
		JOIN users u ON u.id = o.owner_id
		LEFT JOIN accounts a ON a.id = o.account_id
		WHERE o.org_id = `+org+` AND o.id IN (`+strings.Join(parts, " UNION ALL ")+`)`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var o closer.Opportunity
		o.OrgID = orgID
		if err := rows.Scan(&o.ID, &o.Title, &o.OwnerID, nz(&o.AccountID), nz(&o.StageID), &o.Status, &o.Amount,
			&o.NextActionOn, &o.NextAction, &o.Version, &o.OwnerName, &o.AccountName); err != nil {
			return nil, err
		}
		out[o.StageID] = append(out[o.StageID], &o)
	}
	for stage, cards := range out {
		sortCards(cards)
		out[stage] = cards[:min(len(cards), limit)]
	}
	return out, rows.Err()
}

// sortCards orders a column's cards: the earliest next action first (ties:
// the oldest first), those without one last (the newest first).
func sortCards(cards []*closer.Opportunity) {
	slices.SortFunc(cards, func(a, b *closer.Opportunity) int {
		switch {
		case a.NextActionOn.IsZero() != b.NextActionOn.IsZero():
			if a.NextActionOn.IsZero() {
				return 1
			}
			return -1
		case a.NextActionOn.Before(b.NextActionOn):
			return -1
		case b.NextActionOn.Before(a.NextActionOn):
			return 1
		case a.NextActionOn.IsZero():
			return cmp.Compare(b.ID, a.ID)
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
