package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// sqliteDeferIndexes is how many rows a bulk must have written into a table,
// and at least as many as the table held before, for the bulk to drop the
// table's secondary indexes and build them again once the load is done.
//
// Each row inserted into a table with a dozen indexes updates a dozen B-trees
// all over, and SQLite copies every index page a multi-row INSERT touches
// into its statement journal: that was most of a large bulk's time. Without
// the indexes, rows are appended to the table's B-tree; CREATE INDEX then
// sorts each index once. Below this size, or when the rows already in the
// table outnumber the loaded ones (a small import into a large database),
// maintaining the indexes row by row costs less than rebuilding them.
const sqliteDeferIndexes = 20_000

// deferredIndex is a secondary index dropped for the duration of a bulk.
type deferredIndex struct {
	name, sql string
}

// deferIndexes drops the non-unique secondary indexes of table inside the
// bulk's transaction and returns them. Unique indexes stay: they enforce a
// rule (one target per person and period) that the failing write must
// report. Being in the transaction, a rolled-back bulk brings them back.
func deferIndexes(ctx context.Context, tx *sql.Tx, table string) ([]deferredIndex, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema
		WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name`, table)
	if err != nil {
		return nil, err
	}
	var ixs []deferredIndex
	for rows.Next() {
		var ix deferredIndex
		if err := rows.Scan(&ix.name, &ix.sql); err != nil {
			rows.Close()
			return nil, err
		}
		ixs = append(ixs, ix)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, ix := range ixs {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+ix.name+`"`); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", ix.name, err)
		}
	}
	return ixs, nil
}

// rebuildIndexes creates the deferred indexes again, from their own SQL.
func rebuildIndexes(ctx context.Context, tx *sql.Tx, ixs []deferredIndex) error {
	for _, ix := range ixs {
		if _, err := tx.ExecContext(ctx, ix.sql); err != nil {
			return fmt.Errorf("create index %s: %w", ix.name, err)
		}
	}
	return nil
}
