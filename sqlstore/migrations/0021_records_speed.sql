-- The records pages, second round. The order totals per kind read one index
-- alone (a range per kind when a date range is given; the owner is checked in
-- the index) instead of every order of the org. The accounts list and the
-- account suggestions of the forms read accounts in the order of their
-- case-insensitive name instead of sorting them all.
CREATE INDEX orders_kind_totals ON orders (org_id, kind, ordered_on, owner_id, amount);
CREATE INDEX accounts_lower_name ON accounts (org_id, LOWER(name));
