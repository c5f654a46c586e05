-- Who erased a contact's personal data, and when (GDPR right to erasure).
CREATE TABLE contact_erasures (
    id          {{ID}},
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    contact_id  BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id     BIGINT REFERENCES users (id),
    at          TEXT NOT NULL
);
CREATE INDEX contact_erasures_contact ON contact_erasures (org_id, contact_id);

-- Invitations to join an org by a one-time link; only the secret's hash is kept.
CREATE TABLE invitations (
    id           {{ID}},
    org_id       BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'sales', 'consultant')),
    hash         TEXT NOT NULL UNIQUE,
    invited_by   BIGINT REFERENCES users (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    accepted_at  TEXT,
    revoked_at   TEXT
);
CREATE INDEX invitations_org ON invitations (org_id, id);
