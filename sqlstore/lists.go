package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"closer"
)

var _ closer.ListService = (*DB)(nil)

// Lists returns the actor's org's configurable lists, in position order.
func (db *DB) Lists(ctx context.Context) (*closer.Lists, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	return loadLists(ctx, db.db, a.OrgID)
}

func loadLists(ctx context.Context, q querier, orgID int64) (*closer.Lists, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, name, position, retired, price FROM list_items WHERE org_id = $1 ORDER BY kind, position, id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	l := &closer.Lists{}
	for rows.Next() {
		var it closer.ListItem
		var kind string
		if err := rows.Scan(&it.ID, &kind, &it.Name, &it.Position, &it.Retired, &it.Price); err != nil {
			return nil, err
		}
		it.Kind = closer.ListKind(kind)
		l.Add(it)
	}
	return l, rows.Err()
}

// CreateListItem adds an entry at its position, 1..n+1 (closer.CheckPosition),
// or at the end of its list when no position is given (0) (owners only).
func (db *DB) CreateListItem(ctx context.Context, it *closer.ListItem) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanAdminister(); err != nil {
		return err
	} else if _, err := closer.ParseListKind(string(it.Kind)); err != nil {
		return err
	} else if err := it.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error { return insertListItem(ctx, tx, db.dialect, a.OrgID, it) })
}

// orgListNames is the first key of the advisory lock of the names and
// positions of an org's list (lockListNames), the org's id the second.
// The lists take the keys from it on, one each, in closer.ListKinds order.
const orgListNames = 727280

// lockListNames makes the writes that give a name or a position to an
// entry of one of an org's lists (a new entry, a renamed or moved one) run
// one after the other on PostgreSQL: a transaction-scoped advisory lock of
// the org's list, taken before the list is read. Each checks the names
// (checkListName) and counts the entries in a read, then writes: under
// READ COMMITTED, two creations of "Racer" and "RACER" at once both read a
// list without either, and both wrote theirs, at the same position. The
// second now waits for the first to commit, then reads its entry, and is
// refused "already in the list". A lock rather than a unique index: names
// are one name as closer.SameListName compares them (Unicode case folding
// of the normalised name), which no index of both databases computes, and
// the position of a new entry at the end (n+1) needs the count serialised
// as well. SQLite needs none: its write transactions run one at a time.
func lockListNames(ctx context.Context, q querier, d dialect, orgID int64, kind closer.ListKind) error {
	if d != postgres {
		return nil
	}
	key := orgListNames
	for i, k := range closer.ListKinds {
		if k == kind {
			key += i
		}
	}
	_, err := q.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, ($2::bigint % 2147483647)::int)`, key, orgID)
	return err
}

// listEntry is where an entry of a list stands.
type listEntry struct {
	id       int64
	position int
	retired  bool
}

// lockList reads the entries of one of an org's lists, and locks them (on
// PostgreSQL; SQLite's writes run one at a time) in the order of their ids
// until the transaction ends: two changes of one list (positions shifted,
// the last stage in use retired) then run one after the other, each seeing
// the other's result, and never wait for each other.
func lockList(ctx context.Context, tx *sql.Tx, dl dialect, orgID int64, kind closer.ListKind) ([]listEntry, error) {
	return queryAll(ctx, tx, func(row rowScanner) (listEntry, error) {
		var e listEntry
		return e, row.Scan(&e.id, &e.position, &e.retired)
	}, `SELECT id, position, retired FROM list_items WHERE org_id = $1 AND kind = $2 ORDER BY id`+dl.lockRows("list_items"), orgID, string(kind))
}

// insertListItem stores a new entry at its position, shifting the entries
// from there one place down, or at the end when no position is given (0);
// a position beyond the end is refused: positions stay 1..n. It takes the
// list's lock (lockListNames) first.
func insertListItem(ctx context.Context, q querier, dl dialect, orgID int64, it *closer.ListItem) error {
	if err := lockListNames(ctx, q, dl, orgID, it.Kind); err != nil {
		return err
	}
	n, err := checkListName(ctx, q, orgID, it)
	if err != nil {
		return err
	}
	if it.Position == 0 {
		it.Position = n + 1
	} else if err := closer.CheckPosition(it.Position, n+1); err != nil {
		return err
	} else if _, err := q.ExecContext(ctx, `UPDATE list_items SET position = position + 1 WHERE org_id = $1 AND kind = $2 AND position >= $3`,
		orgID, string(it.Kind), it.Position); err != nil {
		return err
	}
	err = q.QueryRowContext(ctx, `INSERT INTO list_items (org_id, kind, name, position, retired, price) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		orgID, string(it.Kind), it.Name, it.Position, it.Retired, it.Price).Scan(&it.ID)
	if closer.ErrorCode(translate(err)) == closer.ECONFLICT {
		return nameTaken(it.Name)
	}
	return err
}

// checkListName refuses a name that another entry of its list already has,
// case aside (closer.SameListName, as names are resolved), and returns how
// many entries the list holds.
func checkListName(ctx context.Context, q querier, orgID int64, it *closer.ListItem) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM list_items WHERE org_id = $1 AND kind = $2`, orgID, string(it.Kind))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return 0, err
		}
		n++
		if id != it.ID && closer.SameListName(name, it.Name) {
			return 0, nameTaken(name)
		}
	}
	return n, rows.Err()
}

// nameTaken is the answer to a name already in the list.
func nameTaken(name string) error {
	e := closer.Errorf(closer.ECONFLICT, "%q is already in the list.", name)
	e.Field = "name"
	return e
}

// UpdateListItem renames, moves, retires or restores an entry (owners
// only). Moving an entry shifts the others so positions stay 1..n; a
// position out of 1..n is refused (closer.CheckPosition), 0 keeps it.
func (db *DB) UpdateListItem(ctx context.Context, it *closer.ListItem) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanAdminister(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT kind FROM list_items WHERE org_id = $1 AND id = $2`, a.OrgID, it.ID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return closer.Errorf(closer.ENOTFOUND, "List entry not found.")
		} else if err != nil {
			return err
		}
		it.Kind = closer.ListKind(kind)
		if err := it.Validate(); err != nil {
			return err
		} else if err := lockListNames(ctx, tx, db.dialect, a.OrgID, it.Kind); err != nil {
			return err
		}
		entries, err := lockList(ctx, tx, db.dialect, a.OrgID, it.Kind)
		if err != nil {
			return err
		}
		var pos, inUse int // inUse: the other entries not retired
		var wasRetired bool
		for _, e := range entries {
			if e.id == it.ID {
				pos, wasRetired = e.position, e.retired
			} else if !e.retired {
				inUse++
			}
		}
		if it.Kind == closer.ListStages && it.Retired && !wasRetired && inUse == 0 {
			// an open opportunity sits at a stage: none left, none created
			return closer.FieldError("retired", "An org keeps at least one stage in use.")
		}
		n, err := checkListName(ctx, tx, a.OrgID, it)
		if err != nil {
			return err
		}
		if it.Position == 0 {
			it.Position = pos
		} else if err := closer.CheckPosition(it.Position, n); err != nil {
			return err
		}
		if it.Position != pos {
			if it.Position < pos {
				_, err = tx.ExecContext(ctx, `UPDATE list_items SET position = position + 1 WHERE org_id = $1 AND kind = $2 AND position >= $3 AND position < $4`, a.OrgID, kind, it.Position, pos)
			} else {
				_, err = tx.ExecContext(ctx, `UPDATE list_items SET position = position - 1 WHERE org_id = $1 AND kind = $2 AND position > $3 AND position <= $4`, a.OrgID, kind, pos, it.Position)
			}
			if err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE list_items SET name = $1, position = $2, retired = $3, price = $4 WHERE org_id = $5 AND id = $6`,
			it.Name, it.Position, it.Retired, it.Price, a.OrgID, it.ID)
		if closer.ErrorCode(translate(err)) == closer.ECONFLICT {
			return nameTaken(it.Name)
		}
		return err
	})
}
