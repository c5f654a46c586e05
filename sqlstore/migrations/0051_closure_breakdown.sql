-- The closures of each month per owner and outcome, split by what the
-- funnel, the losses and the vanishings rank them by, kept by the store at
-- the same write points as closure_months (sqlstore/closure_breakdown.go):
-- their whole months read these rows instead of every closure of the period.
-- kind says what item_id is:
--   1: the furthest stage reached (0: none), for every closure;
--   2: the competitor of a lost one (0: none, -1: unknown);
--   3: the loss reason of a lost one (0: none);
--   4: the vanish reason of a vanished one (0: none).
-- Ids only: names, order and retirement are the org's lists' at read time.
-- A row never holds n = 0.
CREATE TABLE closure_breakdown (
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    kind        INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    status      TEXT NOT NULL,
    owner_id    BIGINT NOT NULL,
    item_id     BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    amount      BIGINT NOT NULL,
    PRIMARY KEY (org_id, kind, month, status, owner_id, item_id)
) {{CLUSTERED}};
INSERT INTO closure_breakdown (org_id, kind, month, status, owner_id, item_id, n, amount)
    SELECT org_id, 1, CAST(substr(closed_on, 1, 4) AS INTEGER) * 12 + CAST(substr(closed_on, 6, 2) AS INTEGER) - 1, status, owner_id, COALESCE(furthest_stage_id, 0), COUNT(*), SUM(amount)
    FROM opportunities WHERE closed_on IS NOT NULL AND status IN ('won', 'lost', 'vanished')
    GROUP BY 1, 3, 4, 5, 6;
INSERT INTO closure_breakdown (org_id, kind, month, status, owner_id, item_id, n, amount)
    SELECT org_id, 2, CAST(substr(closed_on, 1, 4) AS INTEGER) * 12 + CAST(substr(closed_on, 6, 2) AS INTEGER) - 1, status, owner_id,
        CASE WHEN competitor_id IS NOT NULL THEN competitor_id WHEN competitor_unknown THEN -1 ELSE 0 END, COUNT(*), SUM(amount)
    FROM opportunities WHERE closed_on IS NOT NULL AND status = 'lost'
    GROUP BY 1, 3, 4, 5, 6;
INSERT INTO closure_breakdown (org_id, kind, month, status, owner_id, item_id, n, amount)
    SELECT org_id, 3, CAST(substr(closed_on, 1, 4) AS INTEGER) * 12 + CAST(substr(closed_on, 6, 2) AS INTEGER) - 1, status, owner_id, COALESCE(loss_reason_id, 0), COUNT(*), SUM(amount)
    FROM opportunities WHERE closed_on IS NOT NULL AND status = 'lost'
    GROUP BY 1, 3, 4, 5, 6;
INSERT INTO closure_breakdown (org_id, kind, month, status, owner_id, item_id, n, amount)
    SELECT org_id, 4, CAST(substr(closed_on, 1, 4) AS INTEGER) * 12 + CAST(substr(closed_on, 6, 2) AS INTEGER) - 1, status, owner_id, COALESCE(vanish_reason_id, 0), COUNT(*), SUM(amount)
    FROM opportunities WHERE closed_on IS NOT NULL AND status = 'vanished'
    GROUP BY 1, 3, 4, 5, 6;
