-- One index on the lower-cased titles instead of two (issue 2). The title
-- sort's opportunities_title (0009) and the text search's
-- opportunities_search (0039) held the same LOWER(title) after the org, and
-- that expression was the costliest part of both to build (a million rows:
-- about 7 s of CPU each in a bulk's rebuild). The merged index keeps the
-- title sort's order (org, lower title, id) and carries the account the
-- search reads, so both still read it alone: on SQLite the sort walks it in
-- order and the search scans it as a covering index (EXPLAIN QUERY PLAN);
-- on PostgreSQL the sort reads it in order, with or without a status, and
-- the search, which no B-tree can narrow, reads the table as before.
DROP INDEX opportunities_search;
DROP INDEX opportunities_title;
CREATE INDEX opportunities_title ON opportunities (org_id, LOWER(title), id, account_id);
