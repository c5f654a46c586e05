-- The salesperson's day (Today, the pipeline board). Partial indexes: they
-- hold only the rows the pages read (open opportunities, on-hold reviews,
-- activities not done yet), so they stay small at a million opportunities.
-- Queries repeat the same conditions as literals, so that SQLite and
-- PostgreSQL both match them.

-- Board: counts and totals per stage (covering), and each column's first
-- cards by next action (then those without one, newest first).
CREATE INDEX opportunities_board ON opportunities (org_id, stage_id, next_action_on, owner_id, amount) WHERE status = 'open';
-- Today: next actions due, for the team and for one owner, in date order.
CREATE INDEX opportunities_open_next ON opportunities (org_id, next_action_on) WHERE status = 'open';
CREATE INDEX opportunities_open_owner_next ON opportunities (org_id, owner_id, next_action_on) WHERE status = 'open';
-- Today: open opportunities without a next action or without an account, oldest detected first.
CREATE INDEX opportunities_unplanned ON opportunities (org_id, detected_on, owner_id) WHERE status = 'open' AND (next_action_on IS NULL OR account_id IS NULL);
-- Today: on-hold reviews due.
CREATE INDEX opportunities_review ON opportunities (org_id, review_on, owner_id) WHERE status = 'on_hold';
-- Today: activities due and not done, for the team and for one owner.
CREATE INDEX activities_open_due ON activities (org_id, due_on) WHERE done_on IS NULL;
CREATE INDEX activities_open_owner_due ON activities (org_id, owner_id, due_on) WHERE done_on IS NULL;
