-- Statistics at a million opportunities. opportunities_closures replaces
-- opportunities_stats (0004): it also covers the loss and vanish columns,
-- so that the losses and vanishings read the period's range of the index
-- and never the table rows. Its last column is the cycle time in days
-- (detected_on to closed_on), sqlstore's cycleDays expression verbatim, so
-- that the medians read it from the index instead of parsing two dates per
-- closure. It is not partial (WHERE closed_on IS NOT NULL would halve it):
-- with the statistics of ANALYZE, SQLite then prefers opportunities_closed
-- and reads a table row per closure.
-- opportunities_on_hold covers the on-hold snapshot (count, value, overdue
-- reviews, per owner) without visiting the rows, in held_on order so that
-- the median age is a short walk of it; it repeats status so that SQLite
-- sees it covers "status = 'on_hold'" and prefers it to
-- opportunities_status_owner.
DROP INDEX opportunities_stats;
CREATE INDEX opportunities_closures ON opportunities (org_id, closed_on, status, owner_id, amount, detected_on,
    furthest_stage_id, competitor_id, competitor_unknown, loss_reason_id, vanish_reason_id,
    ((365 * ((12 * CAST(substr(closed_on, 1, 4) AS INTEGER) + CAST(substr(closed_on, 6, 2) AS INTEGER) - 3) / 12) + ((12 * CAST(substr(closed_on, 1, 4) AS INTEGER) + CAST(substr(closed_on, 6, 2) AS INTEGER) - 3) / 12) / 4 - ((12 * CAST(substr(closed_on, 1, 4) AS INTEGER) + CAST(substr(closed_on, 6, 2) AS INTEGER) - 3) / 12) / 100 + ((12 * CAST(substr(closed_on, 1, 4) AS INTEGER) + CAST(substr(closed_on, 6, 2) AS INTEGER) - 3) / 12) / 400 + (153 * ((CAST(substr(closed_on, 6, 2) AS INTEGER) + 9) % 12) + 2) / 5 + CAST(substr(closed_on, 9, 2) AS INTEGER)) - (365 * ((12 * CAST(substr(detected_on, 1, 4) AS INTEGER) + CAST(substr(detected_on, 6, 2) AS INTEGER) - 3) / 12) + ((12 * CAST(substr(detected_on, 1, 4) AS INTEGER) + CAST(substr(detected_on, 6, 2) AS INTEGER) - 3) / 12) / 4 - ((12 * CAST(substr(detected_on, 1, 4) AS INTEGER) + CAST(substr(detected_on, 6, 2) AS INTEGER) - 3) / 12) / 100 + ((12 * CAST(substr(detected_on, 1, 4) AS INTEGER) + CAST(substr(detected_on, 6, 2) AS INTEGER) - 3) / 12) / 400 + (153 * ((CAST(substr(detected_on, 6, 2) AS INTEGER) + 9) % 12) + 2) / 5 + CAST(substr(detected_on, 9, 2) AS INTEGER))));
CREATE INDEX opportunities_on_hold ON opportunities (org_id, status, held_on, owner_id, review_on, amount) WHERE status = 'on_hold';
