-- The closures of each month, per owner, outcome and cycle time, kept by the
-- store in the same transaction as every write of an opportunity (and
-- rebuilt per org at the end of a large bulk): the statistics of whole
-- months read a few thousand of these rows instead of every closure of the
-- period. month is year * 12 + month - 1 of closed_on; cycle_days is
-- sqlstore's cycleDays (closed_on minus detected_on, in days). Only the
-- latest closure of an opportunity is here: reopening removes it, closing
-- again adds the new one (SPEC section 1). A row never holds n = 0.
-- On SQLite the table is clustered on its key (WITHOUT ROWID): a range of
-- months is one walk of one b-tree, amounts included.
CREATE TABLE closure_months (
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    month       INTEGER NOT NULL,
    owner_id    BIGINT NOT NULL,
    status      TEXT NOT NULL,
    cycle_days  INTEGER NOT NULL,
    n           BIGINT NOT NULL,
    amount      BIGINT NOT NULL,
    PRIMARY KEY (org_id, month, owner_id, status, cycle_days)
) {{CLUSTERED}};
INSERT INTO closure_months (org_id, month, owner_id, status, cycle_days, n, amount)
    SELECT org_id, CAST(substr(closed_on, 1, 4) AS INTEGER) * 12 + CAST(substr(closed_on, 6, 2) AS INTEGER) - 1,
        owner_id, status, ((365 * ((12 * CAST(substr(closed_on, 1, 4) AS INTEGER) + CAST(substr(closed_on, 6, 2) AS INTEGER) - 3) / 12) + ((12 * CAST(substr(closed_on, 1, 4) AS INTEGER) + CAST(substr(closed_on, 6, 2) AS INTEGER) - 3) / 12) / 4 - ((12 * CAST(substr(closed_on, 1, 4) AS INTEGER) + CAST(substr(closed_on, 6, 2) AS INTEGER) - 3) / 12) / 100 + ((12 * CAST(substr(closed_on, 1, 4) AS INTEGER) + CAST(substr(closed_on, 6, 2) AS INTEGER) - 3) / 12) / 400 + (153 * ((CAST(substr(closed_on, 6, 2) AS INTEGER) + 9) % 12) + 2) / 5 + CAST(substr(closed_on, 9, 2) AS INTEGER)) - (365 * ((12 * CAST(substr(detected_on, 1, 4) AS INTEGER) + CAST(substr(detected_on, 6, 2) AS INTEGER) - 3) / 12) + ((12 * CAST(substr(detected_on, 1, 4) AS INTEGER) + CAST(substr(detected_on, 6, 2) AS INTEGER) - 3) / 12) / 4 - ((12 * CAST(substr(detected_on, 1, 4) AS INTEGER) + CAST(substr(detected_on, 6, 2) AS INTEGER) - 3) / 12) / 100 + ((12 * CAST(substr(detected_on, 1, 4) AS INTEGER) + CAST(substr(detected_on, 6, 2) AS INTEGER) - 3) / 12) / 400 + (153 * ((CAST(substr(detected_on, 6, 2) AS INTEGER) + 9) % 12) + 2) / 5 + CAST(substr(detected_on, 9, 2) AS INTEGER))), COUNT(*), SUM(amount)
    FROM opportunities WHERE closed_on IS NOT NULL AND status IN ('won', 'lost', 'vanished')
    GROUP BY 1, 2, 3, 4, 5;
