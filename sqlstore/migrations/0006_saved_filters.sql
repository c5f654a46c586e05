-- Saved filters of the list pages, per user and org.
CREATE TABLE saved_filters (
    id          {{ID}},
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    page        TEXT NOT NULL,
    name        TEXT NOT NULL,
    query       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX saved_filters_name ON saved_filters (org_id, user_id, page, name);
