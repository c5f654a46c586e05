-- Statistics at a million opportunities. opportunities_closures replaces
-- opportunities_stats (0004): it also covers the loss and vanish columns,
-- so that the losses and vanishings read the period's range of the index
-- and never the table rows, and it holds only closed opportunities (the
-- stats queries' closed_on range implies closed_on IS NOT NULL, which both
-- planners prove). opportunities_on_hold covers the on-hold snapshot (count,
-- value, age, overdue reviews, per owner) without visiting the rows; it
-- repeats status so that SQLite sees it covers "status = 'on_hold'" and
-- prefers it to opportunities_status_owner.
DROP INDEX opportunities_stats;
CREATE INDEX opportunities_closures ON opportunities (org_id, closed_on, status, owner_id, amount, detected_on,
    furthest_stage_id, competitor_id, competitor_unknown, loss_reason_id, vanish_reason_id) WHERE closed_on IS NOT NULL;
CREATE INDEX opportunities_on_hold ON opportunities (org_id, status, owner_id, held_on, review_on, amount) WHERE status = 'on_hold';
