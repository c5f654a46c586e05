-- Security: the audit log, sign-in failures for rate limiting, and the
-- client of each browser session (shown on the account page).

-- The audit log of sensitive actions, per org, append-only: no code path
-- updates or deletes a row (the org's deletion cascades).
CREATE TABLE audit_log (
    id         {{ID}},
    org_id     BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    user_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    user_name  TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    ip         TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
);
CREATE INDEX audit_log_org_at ON audit_log (org_id, at);

-- Failed sign-ins, known e-mail or not, counted per e-mail and per address
-- over a sliding window; rows older than the window are swept.
CREATE TABLE signin_failures (
    email  TEXT NOT NULL,
    ip     TEXT NOT NULL DEFAULT '',
    at     TEXT NOT NULL
);
CREATE INDEX signin_failures_email ON signin_failures (email, at);
CREATE INDEX signin_failures_ip ON signin_failures (ip, at);

ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN ip TEXT NOT NULL DEFAULT '';
