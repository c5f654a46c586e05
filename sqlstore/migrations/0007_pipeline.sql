-- The salesperson's day (Today, the pipeline board). Partial indexes: they
-- hold only the rows the pages read (open opportunities, on-hold reviews,
-- activities not done yet), so they stay small at a million opportunities.
-- Queries name the same statuses as literals, so both databases use them.

-- Board: counts and totals per stage, and each column's first cards by next action.
CREATE INDEX opportunities_board ON opportunities (org_id, stage_id, next_action_on, owner_id, amount) WHERE status = 'open';
-- Today: next actions due (and missing), for the team and for one owner.
CREATE INDEX opportunities_open_next ON opportunities (org_id, next_action_on) WHERE status = 'open';
CREATE INDEX opportunities_open_owner_next ON opportunities (org_id, owner_id, next_action_on) WHERE status = 'open';
-- Today: on-hold reviews due.
CREATE INDEX opportunities_review ON opportunities (org_id, review_on) WHERE status = 'on_hold';
-- Today: activities due and not done, for the team and for one owner.
CREATE INDEX activities_open_due ON activities (org_id, due_on) WHERE done_on IS NULL;
CREATE INDEX activities_open_owner_due ON activities (org_id, owner_id, due_on) WHERE done_on IS NULL;
