package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// sqliteDeferIndexes is how many rows a bulk must have written into a table,
// and at least a sqliteDeferShare of the rows the table held before, for the
// bulk to drop the table's secondary indexes and build them again once the
// load is done.
//
// Each row inserted into a table with a dozen indexes updates a dozen B-trees
// all over, and SQLite copies every index page a multi-row INSERT touches
// into its statement journal: that was most of a large bulk's time. Without
// the indexes, rows are appended to the table's B-tree; CREATE INDEX then
// sorts each index once, for the rows already there too. Below this size, or
// when the rows already in the table outnumber the loaded ones by far (a
// small import into a large database), maintaining the indexes row by row
// costs less than rebuilding them.
const sqliteDeferIndexes = 20_000

// sqliteDeferShare: a bulk into a table that already holds N rows defers its
// indexes once it has written N/sqliteDeferShare rows. Keeping sixteen
// indexes up costs about four times what rebuilding them costs per row, so
// past a quarter of the table the rows still to come would cost more kept
// than the whole table rebuilt. 300,000 generated rows into an org of
// 300,000 opportunities (a dry run): 114 s (41 s of CPU) deferring at N rows,
// 36 s (14 s of CPU) at N/4 (BENCHMARKS.md, "Ninth pass").
const sqliteDeferShare = 4

// sqliteAppendIndexes are the non-unique indexes that a bulk keeps up to date
// row by row even when it defers the others: their keys follow the order in
// which a bulk writes (the org, then an id it counts up, or the parent's id
// for children written right after their parent: an opportunity's events,
// the demo's quotes and activities), so each entry lands after the previous
// one, on the same page, and SQLite appends it there without searching the
// tree. Building them after the load would sort what is already sorted: at
// 2,000,000 events, events_opportunity cost 1.3 s of CPU kept up, 3.6 s built
// afterwards.
var sqliteAppendIndexes = map[string]bool{
	"opportunities_recent":   true,
	"events_opportunity":     true,
	"quotes_opportunity":     true,
	"activities_opportunity": true,
}

// deferredIndex is a secondary index dropped for the duration of a bulk.
type deferredIndex struct {
	name, sql string
}

// deferIndexes drops the non-unique secondary indexes of table inside the
// bulk's transaction and returns them. Unique indexes stay: they enforce a
// rule (one target per person and period) that the failing write must
// report; nor do sqliteAppendIndexes. Being in the transaction, a rolled-back
// bulk brings them back.
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
		if !sqliteAppendIndexes[ix.name] {
			ixs = append(ixs, ix)
		}
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

// rebuildIndexes creates the deferred indexes of table again, from their own
// SQL, then analyzes the table inside the transaction: dropping an index
// deletes its sqlite_stat1 rows, and the statistics of a table that grew
// that much are stale anyway. The bulk commits its statistics with its rows
// instead of counting on PRAGMA optimize afterwards (which did analyze such
// a table again, in the tests, but only by its own heuristics); optimize then
// finds the table analyzed at its new size and leaves it.
func rebuildIndexes(ctx context.Context, tx *sql.Tx, table string, ixs []deferredIndex) error {
	if len(ixs) == 0 {
		return nil
	}
	for _, ix := range ixs {
		if _, err := tx.ExecContext(ctx, ix.sql); err != nil {
			return fmt.Errorf("create index %s: %w", ix.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `ANALYZE "`+table+`"`); err != nil {
		return fmt.Errorf("analyze %s: %w", table, err)
	}
	return nil
}
