-- Indexes for the records pages (accounts, orders, quotes, activities):
-- each list page reads one page of rows in index order and counts with an
-- index, instead of sorting every row of the org.
CREATE INDEX orders_account_ordered ON orders (org_id, account_id, ordered_on);
CREATE INDEX quotes_status ON quotes (org_id, status, id);
CREATE INDEX activities_done ON activities (org_id, done_on);
CREATE INDEX activities_owner_done ON activities (org_id, owner_id, done_on);
