package sqlstore

import (
	"context"

	"closer"
)

// order_months (migration 0055) holds the orders of each month per owner
// and kind: the statistics of whole months read it instead of every order
// of the period (a dozen rows a month, whatever the org's size), and read
// the orders only for the days of a period that do not make a whole month.
// Every write of an order keeps it in its own transaction: CreateOrder,
// UpdateOrder and DeleteOrder (moveOrder), and Bulk (summaryDeltas). Nothing
// else changes an order's month, owner or kind: deleting its opportunity
// only unlinks it. An org's deletion removes its rows (ON DELETE CASCADE).

// orderMonthKey is the row of order_months an order counts in.
type orderMonthKey struct {
	month int
	owner int64 // 0: no owner
	kind  closer.OrderKind
}

func orderMonthOf(o *closer.Order) orderMonthKey {
	return orderMonthKey{month: monthNumber(o.OrderedOn), owner: o.OwnerID, kind: o.Kind}
}

// moveOrder records in s that an order changed from before to after
// (either nil when the order is created or deleted).
func moveOrder(s *summaryWrites, before, after *closer.Order) {
	if before != nil {
		k := orderMonthOf(before)
		s.adjust(&orderMonthsTable, summaryDelta{n: -1}, k.month, k.owner, string(k.kind))
	}
	if after != nil {
		k := orderMonthOf(after)
		s.adjust(&orderMonthsTable, summaryDelta{n: 1}, k.month, k.owner, string(k.kind))
	}
}

// writeOrderMove writes at once that an order changed from before to after
// (moveOrder).
func writeOrderMove(ctx context.Context, q querier, orgID int64, before, after *closer.Order) error {
	sums := newSummaryWrites(orgID)
	moveOrder(sums, before, after)
	return sums.write(ctx, q)
}

// rebuildOrderMonths recounts an org's order_months from its orders in one
// grouped statement (after a large bulk). The orders are first counted per
// day, kind and owner, the order of the index orders_ordered, so that SQLite
// counts them as it walks the index instead of sorting every order: only
// the days' counts are sorted into months.
func rebuildOrderMonths(ctx context.Context, q querier, orgID int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM order_months WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO order_months (org_id, month, owner_id, kind, n)
		SELECT $1, `+monthSQL("ordered_on")+`, COALESCE(owner_id, 0), kind, SUM(n)
		FROM (SELECT ordered_on, kind, owner_id, COUNT(*) AS n FROM orders WHERE org_id = $1
			GROUP BY ordered_on, kind, owner_id) days
		GROUP BY 2, 3, kind`, orgID)
	return err
}

// ordersOfMonths counts the orders of the scope's whole months m per group,
// in the table's order (month, owner, kind), so that no database sorts them,
// and the months are folded into the groups here.
func (db *DB) ordersOfMonths(ctx context.Context, s statsScope, m monthRange, g closer.Grouping, fs *figureSet) error {
	var w where
	w.add("org_id = ?", s.orgID)
	w.add("month >= ? AND month <= ?", m.first, m.last)
	if s.ownerID != 0 {
		w.add("owner_id = ?", s.ownerID)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT month, owner_id, kind, CAST(SUM(n) AS BIGINT)
		FROM order_months`+w.String()+` GROUP BY month, owner_id, kind`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var month, owner int64
		var kind string
		var n int
		if err := rows.Scan(&month, &owner, &kind, &n); err != nil {
			return err
		}
		k, err := knownKind(kind, n)
		if err != nil {
			return err
		}
		fs.at(groupLabel(g, monthsGroupNumber(g, month, owner))).AddOrders(k, n)
	}
	return rows.Err()
}

// knownKind returns kind as an order kind, or an error when it is none of
// the three: n orders are never dropped silently.
func knownKind(kind string, n int) (closer.OrderKind, error) {
	k := closer.OrderKind(kind)
	switch k {
	case closer.OrderLinked, closer.OrderDirect, closer.OrderRecurring:
		return k, nil
	}
	return "", closer.Errorf(closer.EINTERNAL, "stats: %d orders of an unknown kind", n)
}
