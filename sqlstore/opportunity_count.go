package sqlstore

import (
	"context"
	"strings"

	"closer"
)

// adjustCount adds delta to the number of opportunities of owner in status.
func adjustCount(ctx context.Context, q querier, orgID int64, status closer.Status, ownerID int64, delta int) error {
	_, err := q.ExecContext(ctx, `INSERT INTO opportunity_counts (org_id, status, owner_id, n) VALUES ($1, $2, $3, $4)
		ON CONFLICT (org_id, status, owner_id) DO UPDATE SET n = opportunity_counts.n + excluded.n`,
		orgID, string(status), ownerID, delta)
	return err
}

// moveCount records that an opportunity changed status or owner.
func moveCount(ctx context.Context, q querier, orgID int64, before, after *closer.Opportunity) error {
	if before.Status == after.Status && before.OwnerID == after.OwnerID {
		return nil
	}
	if err := adjustCount(ctx, q, orgID, before.Status, before.OwnerID, -1); err != nil {
		return err
	}
	return adjustCount(ctx, q, orgID, after.Status, after.OwnerID, 1)
}

// recount rebuilds an org's counts from its rows, after a bulk write.
func recount(ctx context.Context, q querier, orgID int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM opportunity_counts WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO opportunity_counts (org_id, status, owner_id, n)
		SELECT org_id, status, owner_id, COUNT(*) FROM opportunities WHERE org_id = $1 GROUP BY org_id, status, owner_id`, orgID)
	return err
}

// countable reports whether a filter selects by status and owner only, so
// that its total can be read from the counts.
func countable(f closer.OpportunityFilter) bool {
	return f.StageID == 0 && f.SourceID == 0 && f.AccountID == 0 && strings.TrimSpace(f.Q) == "" &&
		f.ClosedFrom.IsZero() && f.ClosedTo.IsZero() && f.DetectedFrom.IsZero() && f.DetectedTo.IsZero()
}

// countedTotal sums the counts of the statuses (all when none) of an owner
// (everyone when 0).
func countedTotal(ctx context.Context, q querier, orgID int64, statuses []closer.Status, ownerID int64) (int, error) {
	w := &where{}
	w.add(`org_id = ?`, orgID)
	if len(statuses) > 0 {
		marks := make([]string, len(statuses))
		args := make([]any, len(statuses))
		for i, s := range statuses {
			marks[i], args[i] = "?", string(s)
		}
		w.add(`status IN (`+strings.Join(marks, ", ")+`)`, args...)
	}
	if ownerID != 0 {
		w.add(`owner_id = ?`, ownerID)
	}
	return count(ctx, q, `SELECT COALESCE(SUM(n), 0) FROM opportunity_counts`+w.String(), w.args...)
}
