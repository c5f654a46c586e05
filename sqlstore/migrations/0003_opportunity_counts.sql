-- How many opportunities each owner has in each status, kept by the store in
-- the same transaction as every write: list totals on a large org are read
-- here instead of counted (a count of a million index entries takes tens of
-- milliseconds; this takes microseconds).
CREATE TABLE opportunity_counts (
    org_id    BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    status    TEXT NOT NULL,
    owner_id  BIGINT NOT NULL,
    n         BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, status, owner_id)
);
INSERT INTO opportunity_counts (org_id, status, owner_id, n)
    SELECT org_id, status, owner_id, COUNT(*) FROM opportunities GROUP BY org_id, status, owner_id;
