-- The diagnostics thresholds an org's owner sets (closer.Thresholds); an
-- org without a row uses closer.DefaultThresholds.
CREATE TABLE diagnostic_thresholds (
    org_id            BIGINT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    min_sample        INTEGER NOT NULL,
    factor            DOUBLE PRECISION NOT NULL,
    points            DOUBLE PRECISION NOT NULL,
    win_points        DOUBLE PRECISION NOT NULL,
    revenue_share     DOUBLE PRECISION NOT NULL,
    price_share       DOUBLE PRECISION NOT NULL,
    no_vanish_sample  INTEGER NOT NULL,
    history_periods   INTEGER NOT NULL,
    updated_at        TEXT NOT NULL
);
