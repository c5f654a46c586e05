-- closure_months added up per calendar quarter (quarter is year * 4 +
-- quarter - 1, the month number divided by 3), kept by the store with
-- closure_months, in the same statements' transaction
-- (sqlstore/closure_quarters.go): the median cycle times of a quarter read
-- some 1,400 rows there instead of 3,500 at 100,000 opportunities. A row
-- never holds n = 0. On SQLite the table is clustered on its key.
CREATE TABLE closure_quarters (
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    quarter     INTEGER NOT NULL,
    owner_id    BIGINT NOT NULL,
    status      TEXT NOT NULL,
    cycle_days  INTEGER NOT NULL,
    n           BIGINT NOT NULL,
    amount      BIGINT NOT NULL,
    PRIMARY KEY (org_id, quarter, owner_id, status, cycle_days)
) {{CLUSTERED}};
INSERT INTO closure_quarters (org_id, quarter, owner_id, status, cycle_days, n, amount)
    SELECT org_id, month / 3, owner_id, status, cycle_days, SUM(n), SUM(amount)
    FROM closure_months
    GROUP BY org_id, month / 3, owner_id, status, cycle_days;
