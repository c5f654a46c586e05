package sqlstore

import "context"

// closure_quarters (migration 0057) is closure_months added up per
// calendar quarter: the median cycle times of whole quarters read it, a few
// times fewer rows than their months (the cycle days of three months
// overlap). adjustClosures keeps it with closure_months, row for row, and
// rebuildClosures rebuilds it from closure_months.

// quarterOfMonth numbers the quarter of a month numbered as monthNumber.
func quarterOfMonth(month int) int { return month / 3 }

// rebuildQuarters recounts an org's closure_quarters from its closure_months.
func rebuildQuarters(ctx context.Context, q querier, orgID int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM closure_quarters WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO closure_quarters (org_id, quarter, owner_id, status, cycle_days, n, amount)
		SELECT org_id, month / 3, owner_id, status, cycle_days, SUM(n), SUM(amount)
		FROM closure_months WHERE org_id = $1
		GROUP BY org_id, month / 3, owner_id, status, cycle_days`, orgID)
	return err
}

// splitQuarters splits a range of whole months into the whole calendar
// quarters it covers and the months before and after them; ok is false when
// it covers no whole quarter.
func splitQuarters(m monthRange) (edges []monthRange, quarters monthRange, ok bool) {
	first := (m.first + 2) / 3 // the first quarter that starts in m
	last := (m.last+1)/3 - 1   // the last quarter that ends in m
	if last < first {
		return []monthRange{m}, monthRange{}, false
	}
	if m.first < first*3 {
		edges = append(edges, monthRange{m.first, first*3 - 1})
	}
	if m.last > last*3+2 {
		edges = append(edges, monthRange{last*3 + 3, m.last})
	}
	return edges, monthRange{first, last}, true
}
