-- The orders of each month per owner and kind, kept by the store in the same
-- transaction as every write of an order (sqlstore/order_months.go), and
-- rebuilt per org at the end of a large bulk: the statistics of whole months
-- read a dozen of these rows a month instead of every order of the period.
-- month is year * 12 + month - 1 of ordered_on; owner_id 0 stands for an
-- order without an owner. A row never holds n = 0. On SQLite the table is
-- clustered on its key (WITHOUT ROWID).
CREATE TABLE order_months (
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    month       INTEGER NOT NULL,
    owner_id    BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (org_id, month, owner_id, kind)
) {{CLUSTERED}};
INSERT INTO order_months (org_id, month, owner_id, kind, n)
    SELECT org_id, CAST(substr(ordered_on, 1, 4) AS INTEGER) * 12 + CAST(substr(ordered_on, 6, 2) AS INTEGER) - 1,
        COALESCE(owner_id, 0), kind, COUNT(*)
    FROM orders
    GROUP BY 1, 2, 3, 4;
