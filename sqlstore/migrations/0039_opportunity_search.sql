-- The opportunity list's text search reads every title of the org (a
-- pattern inside the words cannot use an index range): this index holds
-- all that the search reads (the lower-cased title and the account), so
-- the scan reads its small entries instead of the table's wide rows.
CREATE INDEX opportunities_search ON opportunities (org_id, LOWER(title), account_id);
