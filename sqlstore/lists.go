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

// CreateListItem adds an entry at the end of its list (owners only).
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
	return db.write(ctx, func(tx *sql.Tx) error { return insertListItem(ctx, tx, a.OrgID, it) })
}

func insertListItem(ctx context.Context, q querier, orgID int64, it *closer.ListItem) error {
	if it.Position == 0 {
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM list_items WHERE org_id = $1 AND kind = $2`, orgID, string(it.Kind)).Scan(&it.Position); err != nil {
			return err
		}
	}
	err := q.QueryRowContext(ctx, `INSERT INTO list_items (org_id, kind, name, position, retired, price) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		orgID, string(it.Kind), it.Name, it.Position, it.Retired, it.Price).Scan(&it.ID)
	if closer.ErrorCode(translate(err)) == closer.ECONFLICT {
		return &closer.Error{Code: closer.ECONFLICT, Field: "name", Message: "\"" + it.Name + "\" is already in the list."}
	}
	return err
}

// UpdateListItem renames, moves, retires or restores an entry (owners
// only). Moving an entry shifts the others so positions stay 1..n.
func (db *DB) UpdateListItem(ctx context.Context, it *closer.ListItem) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanAdminister(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		var kind string
		var pos int
		err := tx.QueryRowContext(ctx, `SELECT kind, position FROM list_items WHERE org_id = $1 AND id = $2`, a.OrgID, it.ID).Scan(&kind, &pos)
		if errors.Is(err, sql.ErrNoRows) {
			return closer.Errorf(closer.ENOTFOUND, "List entry not found.")
		} else if err != nil {
			return err
		}
		it.Kind = closer.ListKind(kind)
		if err := it.Validate(); err != nil {
			return err
		}
		if it.Position <= 0 {
			it.Position = pos
		}
		if it.Position != pos {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM list_items WHERE org_id = $1 AND kind = $2`, a.OrgID, kind).Scan(&n); err != nil {
				return err
			}
			it.Position = min(it.Position, n)
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
			return &closer.Error{Code: closer.ECONFLICT, Field: "name", Message: "\"" + it.Name + "\" is already in the list."}
		}
		return err
	})
}
