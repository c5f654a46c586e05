-- Consultant notes: recommendations attached to an org and a period (a
-- month, quarter or year starting on starts_on). consultant_notes holds the
-- current version of each note; consultant_note_versions every version,
-- the current one included, append-only: editing a note never loses what it
-- said before. events_at gives the portfolio the org's latest event without
-- reading all of them.
CREATE TABLE consultant_notes (
    id          {{ID}},
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    period      TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
    starts_on   TEXT NOT NULL,
    body        TEXT NOT NULL,
    author_id   BIGINT NOT NULL REFERENCES users (id),
    editor_id   BIGINT NOT NULL REFERENCES users (id),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX consultant_notes_period ON consultant_notes (org_id, starts_on, id);

CREATE TABLE consultant_note_versions (
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    note_id     BIGINT NOT NULL REFERENCES consultant_notes (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    editor_id   BIGINT NOT NULL REFERENCES users (id),
    at          TEXT NOT NULL,
    PRIMARY KEY (org_id, note_id, version)
);

CREATE INDEX events_at ON events (org_id, at);
