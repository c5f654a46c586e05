-- The positions of each configurable list go 1..n (sqlstore/lists.go keeps
-- them so). Entries created before creation checked the position could sit
-- anywhere: negative, twice at one place, or at the largest integer, after
-- which adding an entry at the end overflowed. Renumber every list in its
-- current order.
UPDATE list_items SET position = r.n
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY org_id, kind ORDER BY position, id) AS n FROM list_items) r
WHERE r.id = list_items.id AND list_items.position <> r.n;
