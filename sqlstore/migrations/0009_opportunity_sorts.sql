-- The opportunity list's sorts, each answered in index order instead of
-- sorting the org's rows; and an opportunity's orders.
CREATE INDEX opportunities_recent ON opportunities (org_id, id);
CREATE INDEX opportunities_amount ON opportunities (org_id, amount, id);
CREATE INDEX opportunities_title ON opportunities (org_id, LOWER(title), id);
CREATE INDEX opportunities_next_action ON opportunities (org_id, next_action_on, id);
CREATE INDEX orders_opportunity_date ON orders (org_id, opportunity_id, ordered_on);
