-- The instant of each org's latest event, kept by the store with every
-- write of events (sqlstore/event.go) and by a bulk, in the same
-- transaction. The consultant's portfolio shows the day each org last
-- moved; it read MAX(at) from the index events_at (0032), which served
-- nothing else and was the costliest index of a large bulk to build (a
-- million-opportunity demo: 2.4 million entries, 10 s of CPU) and one more
-- entry in every write of an event. Events deleted with their opportunity
-- do not take the pulse back: the deletion was a move too.
CREATE TABLE org_pulse (
    org_id          BIGINT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    last_event_at   TEXT NOT NULL
);
INSERT INTO org_pulse (org_id, last_event_at)
    SELECT org_id, MAX(at) FROM events GROUP BY org_id;
DROP INDEX events_at;
