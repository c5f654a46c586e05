package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"closer"
)

// goSteps are the Go steps of migrations, by version: each runs after its
// migration's SQL, in the same transaction, at the store's now (when it
// records what it did).
var goSteps = map[int]func(context.Context, *sql.Tx, time.Time) error{
	64: func(ctx context.Context, tx *sql.Tx, _ time.Time) error { return fillSortKeys(ctx, tx) },
	65: func(ctx context.Context, tx *sql.Tx, _ time.Time) error { return joinStoredLines(ctx, tx) },
	67: mendStoredRecords,
}

// sortKeyColumns are the names kept with their closer.SortKey: table, name
// column, key column.
var sortKeyColumns = [...][3]string{
	{"accounts", "name", "name_key"},
	{"contacts", "name", "name_key"},
	{"opportunities", "title", "title_key"},
}

// fillSortKeys writes the sort key of every name whose key, filled by the
// migration's SQL with LOWER(), is not its closer.SortKey: names with
// accents or other letters than ASCII's. The names are read first, then the
// keys written, so that no read is open while the same table is written.
func fillSortKeys(ctx context.Context, tx *sql.Tx) error {
	for _, c := range sortKeyColumns {
		table, name, key := c[0], c[1], c[2]
		rows, err := tx.QueryContext(ctx, `SELECT id, `+name+`, `+key+` FROM `+table)
		if err != nil {
			return err
		}
		keys := map[int64]string{}
		for rows.Next() {
			var id int64
			var n, k string
			if err := rows.Scan(&id, &n, &k); err != nil {
				rows.Close()
				return err
			}
			if want := closer.SortKey(n); want != k {
				keys[id] = want
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(keys) == 0 {
			continue
		}
		stmt, err := tx.PrepareContext(ctx, `UPDATE `+table+` SET `+key+` = $1 WHERE id = $2`)
		if err != nil {
			return err
		}
		for id, k := range keys {
			if _, err := stmt.ExecContext(ctx, k, id); err != nil {
				stmt.Close()
				return fmt.Errorf("%s %d: %w", table, id, err)
			}
		}
		stmt.Close()
	}
	return nil
}
