-- Names sorted and searched without regard to case or accents: each
-- account's and contact's name and each opportunity's title keep their
-- closer.SortKey ("Électricité Dupont" → "electricite dupont"), written with
-- the name by every write. LOWER() sorted "Électricité" after "Zinc" on
-- SQLite (which lowers only ASCII) and a search for "electricite" found
-- nothing. The keys are filled here from LOWER(), exact for names in ASCII;
-- the migration's Go step (sqlstore/migrate_keys.go) then writes the key of
-- every other name.
ALTER TABLE accounts ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE opportunities ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
UPDATE accounts SET name_key = LOWER(name);
UPDATE contacts SET name_key = LOWER(name);
UPDATE opportunities SET title_key = LOWER(title);
DROP INDEX accounts_lower_name;
CREATE INDEX accounts_name_key ON accounts (org_id, name_key, id);
DROP INDEX contacts_name;
CREATE INDEX contacts_name_key ON contacts (org_id, name_key, id);
DROP INDEX opportunities_title;
CREATE INDEX opportunities_title ON opportunities (org_id, title_key, id, account_id);
