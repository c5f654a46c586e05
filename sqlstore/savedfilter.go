package sqlstore

import (
	"context"
	"database/sql"
	"slices"

	"closer"
)

var _ closer.SavedFilterService = (*DB)(nil)

// SavedFilters lists the actor's saved filters of page, by name.
func (db *DB) SavedFilters(ctx context.Context, page string) ([]*closer.SavedFilter, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, user_id, page, name, query, created_at FROM saved_filters
		WHERE org_id = $1 AND user_id = $2 AND page = $3 ORDER BY id`, a.OrgID, a.UserID, page)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*closer.SavedFilter{}
	for rows.Next() {
		var f closer.SavedFilter
		if err := rows.Scan(&f.ID, &f.UserID, &f.Page, &f.Name, &f.Query, tsc(&f.Created)); err != nil {
			return nil, err
		}
		out = append(out, &f)
	}
	slices.SortStableFunc(out, func(a, b *closer.SavedFilter) int { return closer.CompareNames(a.Name, b.Name) })
	return out, rows.Err()
}

// CreateSavedFilter saves a filter of the actor; a name already used on the
// same page answers ECONFLICT, naming the field.
func (db *DB) CreateSavedFilter(ctx context.Context, f *closer.SavedFilter) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := f.Validate(); err != nil {
		return err
	}
	f.UserID, f.Created = a.UserID, db.Now()
	return db.write(ctx, func(tx *sql.Tx) error {
		n, err := count(ctx, tx, `SELECT COUNT(*) FROM saved_filters WHERE org_id = $1 AND user_id = $2 AND page = $3 AND LOWER(name) = LOWER($4)`,
			a.OrgID, a.UserID, f.Page, f.Name)
		if err != nil {
			return err
		} else if n > 0 {
			return &closer.Error{Code: closer.ECONFLICT, Field: "name", Message: "You already have a filter of that name.", Format: "You already have a filter of that name."}
		}
		return tx.QueryRowContext(ctx, `INSERT INTO saved_filters (org_id, user_id, page, name, query, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.OrgID, a.UserID, f.Page, f.Name, f.Query, ts(f.Created)).Scan(&f.ID)
	})
}

// DeleteSavedFilter deletes one of the actor's filters; anyone else's is
// ENOTFOUND, like an unknown one.
func (db *DB) DeleteSavedFilter(ctx context.Context, id int64) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM saved_filters WHERE org_id = $1 AND user_id = $2 AND id = $3`, a.OrgID, a.UserID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return closer.Errorf(closer.ENOTFOUND, "Saved filter not found.")
		}
		return nil
	})
}
