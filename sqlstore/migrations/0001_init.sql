-- Closer's schema, one text for SQLite and PostgreSQL. {{ID}} becomes the
-- dialect's auto-increment primary key. Dates are TEXT 'YYYY-MM-DD' (days in
-- the org's time zone), instants TEXT RFC 3339 in UTC, money BIGINT cents.
-- Every org-scoped table carries org_id and its indexes lead with it.

CREATE TABLE orgs (
    id          {{ID}},
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    currency    TEXT NOT NULL DEFAULT 'EUR',
    timezone    TEXT NOT NULL DEFAULT 'Europe/Paris',
    created_at  TEXT NOT NULL
);

CREATE TABLE users (
    id             {{ID}},
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL DEFAULT '',
    lang           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);

CREATE TABLE memberships (
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'sales', 'consultant')),
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE tokens (
    id            {{ID}},
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    hash          TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE list_items (
    id        {{ID}},
    org_id    BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('stages', 'loss_reasons', 'vanish_reasons', 'competitors', 'sources')),
    name      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    retired   BOOLEAN NOT NULL DEFAULT FALSE,
    price     BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX list_items_name ON list_items (org_id, kind, name);

CREATE TABLE accounts (
    id          {{ID}},
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    owner_id    BIGINT REFERENCES users (id),
    city        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX accounts_name ON accounts (org_id, name);

CREATE TABLE contacts (
    id          {{ID}},
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    account_id  BIGINT REFERENCES accounts (id),
    owner_id    BIGINT REFERENCES users (id),
    name        TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    job_title   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX contacts_account ON contacts (org_id, account_id);
CREATE INDEX contacts_name ON contacts (org_id, name);

CREATE TABLE opportunities (
    id                  {{ID}},
    org_id              BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    title               TEXT NOT NULL,
    owner_id            BIGINT NOT NULL REFERENCES users (id),
    account_id          BIGINT REFERENCES accounts (id),
    contact_id          BIGINT REFERENCES contacts (id),
    source_id           BIGINT REFERENCES list_items (id),
    stage_id            BIGINT REFERENCES list_items (id),
    furthest_stage_id   BIGINT REFERENCES list_items (id),
    status              TEXT NOT NULL CHECK (status IN ('open', 'on_hold', 'won', 'lost', 'vanished')),
    amount              BIGINT NOT NULL DEFAULT 0,
    detected_on         TEXT NOT NULL,
    expected_close_on   TEXT,
    next_action_on      TEXT,
    next_action         TEXT NOT NULL DEFAULT '',
    hold_reason         TEXT NOT NULL DEFAULT '',
    held_on             TEXT,
    review_on           TEXT,
    closed_on           TEXT,
    loss_reason_id      BIGINT REFERENCES list_items (id),
    competitor_id       BIGINT REFERENCES list_items (id),
    competitor_unknown  BOOLEAN NOT NULL DEFAULT FALSE,
    vanish_reason_id    BIGINT REFERENCES list_items (id),
    note                TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
-- Lists filtered by status and owner, newest first (the API's main query).
CREATE INDEX opportunities_status_owner ON opportunities (org_id, status, owner_id, id);
CREATE INDEX opportunities_owner ON opportunities (org_id, owner_id, id);
-- Statistics: closures by date, per owner.
CREATE INDEX opportunities_closed ON opportunities (org_id, closed_on, status, owner_id);
CREATE INDEX opportunities_account ON opportunities (org_id, account_id);
CREATE INDEX opportunities_stage ON opportunities (org_id, stage_id);

CREATE TABLE events (
    id              {{ID}},
    org_id          BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    opportunity_id  BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    at              TEXT NOT NULL,
    user_id         BIGINT REFERENCES users (id),
    kind            TEXT NOT NULL CHECK (kind IN ('created', 'status', 'stage', 'owner', 'amount')),
    from_value      TEXT NOT NULL DEFAULT '',
    to_value        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_opportunity ON events (org_id, opportunity_id, id);

CREATE TABLE quotes (
    id              {{ID}},
    org_id          BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    opportunity_id  BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    number          TEXT NOT NULL,
    amount          BIGINT NOT NULL DEFAULT 0,
    sent_on         TEXT,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'declined', 'expired')),
    created_at      TEXT NOT NULL
);
CREATE INDEX quotes_opportunity ON quotes (org_id, opportunity_id);

CREATE TABLE orders (
    id              {{ID}},
    org_id          BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    account_id      BIGINT NOT NULL REFERENCES accounts (id),
    opportunity_id  BIGINT REFERENCES opportunities (id) ON DELETE SET NULL,
    owner_id        BIGINT REFERENCES users (id),
    kind            TEXT NOT NULL CHECK (kind IN ('linked', 'direct', 'recurring')),
    reference       TEXT NOT NULL DEFAULT '',
    amount          BIGINT NOT NULL DEFAULT 0,
    ordered_on      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX orders_ordered ON orders (org_id, ordered_on, kind, owner_id);
CREATE INDEX orders_account ON orders (org_id, account_id);
CREATE INDEX orders_opportunity ON orders (org_id, opportunity_id);

CREATE TABLE activities (
    id              {{ID}},
    org_id          BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'email', 'task', 'relaunch')),
    owner_id        BIGINT NOT NULL REFERENCES users (id),
    subject         TEXT NOT NULL,
    due_on          TEXT,
    done_on         TEXT,
    opportunity_id  BIGINT REFERENCES opportunities (id) ON DELETE CASCADE,
    account_id      BIGINT REFERENCES accounts (id),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX activities_owner_due ON activities (org_id, owner_id, due_on);
CREATE INDEX activities_opportunity ON activities (org_id, opportunity_id);
CREATE INDEX activities_account ON activities (org_id, account_id);

CREATE TABLE targets (
    id         {{ID}},
    org_id     BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL DEFAULT 0,
    period     TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
    starts_on  TEXT NOT NULL,
    amount     BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX targets_period ON targets (org_id, user_id, period, starts_on);
