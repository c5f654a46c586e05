package sqlstore

import (
	"context"
	"strings"

	"closer"
)

// opportunity_counts holds the number of opportunities per status and
// owner, from which the lists' totals come without counting rows.
var opportunityCountsTable = summaryTable{"opportunity_counts", []string{"status", "owner_id"}, false}

// adjustCount adds delta to the number of opportunities of owner in status,
// at once (Bulk adds its counts before its other summaries).
func adjustCount(ctx context.Context, q querier, orgID int64, status closer.Status, ownerID int64, delta int) error {
	return opportunityCountsTable.adjust(ctx, q, orgID, summaryDelta{n: delta}, string(status), ownerID)
}

// addCount counts o sign times (1: added, -1: removed) in s.
func addCount(s *summaryWrites, o *closer.Opportunity, sign int) {
	s.adjust(&opportunityCountsTable, summaryDelta{n: sign}, string(o.Status), o.OwnerID)
}

// moveCount records in s that an opportunity changed status or owner.
func moveCount(s *summaryWrites, before, after *closer.Opportunity) {
	if before.Status == after.Status && before.OwnerID == after.OwnerID {
		return
	}
	addCount(s, before, -1)
	addCount(s, after, 1)
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
