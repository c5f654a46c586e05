-- Losses and vanishings read only their own closures: opportunities_by_outcome
-- leads with the status, so that "lost in the period" is one range of it
-- (a third of the period's closures, a ninth for the vanished), and covers
-- the columns they split by. Partial: only closures have a close date.
-- opportunities_closed (0001) is a prefix of opportunities_closures (0008)
-- and no query needs it any more: dropping it keeps the number of indexes
-- that every write maintains unchanged.
DROP INDEX opportunities_closed;
CREATE INDEX opportunities_by_outcome ON opportunities (org_id, status, closed_on, owner_id, competitor_id, competitor_unknown,
    loss_reason_id, vanish_reason_id, amount) WHERE closed_on IS NOT NULL;
