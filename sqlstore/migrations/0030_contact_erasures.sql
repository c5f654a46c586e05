-- Who erased a contact's personal data, and when (GDPR right to erasure).
CREATE TABLE contact_erasures (
    id          {{ID}},
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    contact_id  BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id     BIGINT REFERENCES users (id),
    at          TEXT NOT NULL
);
CREATE INDEX contact_erasures_contact ON contact_erasures (org_id, contact_id);
