-- One narrow index on the closures instead of two wide ones (issue 2).
-- opportunities_closures (0008: eleven columns and the cycle-days
-- expression) and opportunities_by_outcome (0035: nine columns) made every
-- statistic an index-only scan of the opportunities. Since the summary
-- tables (0042 to 0057) hold every whole month and quarter, the statistics
-- read opportunities only for the days of a period that do not make a whole
-- month: at most two months' closures. Those few rows no longer need
-- covering indexes, and the two were the costliest to keep: about 8 s of
-- CPU per million opportunities to build in a large bulk, and two wide
-- entries in every write. opportunities_closed covers the counts and
-- amounts by day, status and owner (the cut months' totals, the recently
-- closed list); the medians and breakdowns of cut months read their rows.
-- Partial: only closures have a close date, and a range on closed_on
-- implies it on both databases.
DROP INDEX opportunities_closures;
DROP INDEX opportunities_by_outcome;
CREATE INDEX opportunities_closed ON opportunities (org_id, closed_on, status, owner_id, amount) WHERE closed_on IS NOT NULL;
