-- The opportunities on hold now, counted per day and owner, kept by the store
-- at the same write points as closure_months (sqlstore/hold_days.go): the
-- on-hold snapshot (count, value, median age, overdue reviews) reads a few
-- rows per owner and day instead of every opportunity on hold.
-- kind says what day is:
--   1: the day put on hold (held_on; '' when not known);
--   2: the review date (review_on; '' when none);
--   3: the day put on hold, for the whole team (owner_id 0).
-- Each opportunity on hold counts once in each kind. A row never holds n = 0.
-- On SQLite the table is clustered on its key (WITHOUT ROWID).
CREATE TABLE hold_days (
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    kind        INTEGER NOT NULL,
    day         TEXT NOT NULL,
    owner_id    BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    amount      BIGINT NOT NULL,
    PRIMARY KEY (org_id, kind, day, owner_id)
) {{CLUSTERED}};
INSERT INTO hold_days (org_id, kind, day, owner_id, n, amount)
    SELECT org_id, 1, COALESCE(held_on, ''), owner_id, COUNT(*), SUM(amount)
    FROM opportunities WHERE status = 'on_hold'
    GROUP BY 1, 3, 4;
INSERT INTO hold_days (org_id, kind, day, owner_id, n, amount)
    SELECT org_id, 2, COALESCE(review_on, ''), owner_id, COUNT(*), SUM(amount)
    FROM opportunities WHERE status = 'on_hold'
    GROUP BY 1, 3, 4;
INSERT INTO hold_days (org_id, kind, day, owner_id, n, amount)
    SELECT org_id, 3, COALESCE(held_on, ''), 0, COUNT(*), SUM(amount)
    FROM opportunities WHERE status = 'on_hold'
    GROUP BY 1, 3;
