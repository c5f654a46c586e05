package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// migrationIDsNeverReused is the migration from which an id is never given
// twice on SQLite (see dialect.schema).
const migrationIDsNeverReused = 66

// sqliteRebuilds are the Go steps of migrations that rebuild tables on
// SQLite, by version: each runs after its migration's SQL, in the same
// transaction, on a connection without foreign key enforcement
// (writeWithoutForeignKeys). PostgreSQL has nothing to rebuild.
var sqliteRebuilds = map[int]func(context.Context, *sql.Tx) error{
	migrationIDsNeverReused: neverReuseIDs,
}

// idColumn is the id column of a table that {{ID}} created before
// migrationIDsNeverReused: an INTEGER PRIMARY KEY without AUTOINCREMENT.
var idColumn = regexp.MustCompile(`\bid(\s+)INTEGER PRIMARY KEY(\s*[,)])`)

// rebuildingTable is the name of a table while it is rebuilt.
const rebuildingTable = "closer_rebuilding"

// neverReuseIDs gives every table with an id column AUTOINCREMENT, which
// SQLite cannot add to a table but by rebuilding it (see dialect.schema for
// why): each table is created again under another name from its own
// CREATE TABLE text, the id column's AUTOINCREMENT added, its rows copied,
// the table dropped and the copy renamed; its indexes are then built again
// from their own text, and its statistics put back. The copy starts its
// sequence at the largest id it holds, and startSequencesPastGoneIDs then
// past the largest id the database still names: the newest record deleted
// before the migration, which the audit log names, keeps its id to itself.
//
// A new database's tables are rebuilt too, empty: the migrations before
// this one create them as they always did.
func neverReuseIDs(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return err
	}
	tables := map[string]string{}
	var names []string
	for rows.Next() {
		var name, text string
		if err := rows.Scan(&name, &text); err != nil {
			rows.Close()
			return err
		}
		switch len(idColumn.FindAllStringIndex(text, -1)) {
		case 0:
		case 1:
			tables[name] = text
			names = append(names, name)
		default:
			rows.Close()
			return fmt.Errorf("table %s: more than one id column in %q", name, text)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	analyzed := false
	for _, name := range names {
		stats, err := rebuildWithAutoincrement(ctx, tx, name, tables[name])
		if err != nil {
			return fmt.Errorf("rebuild %s: %w", name, err)
		}
		analyzed = analyzed || stats
	}
	if err := startSequencesPastGoneIDs(ctx, tx); err != nil {
		return err
	}
	if !analyzed {
		return nil
	}
	// Load the statistics put back into this connection's planner; the
	// others reload them with the schema that changed.
	_, err = tx.ExecContext(ctx, `ANALYZE sqlite_schema`)
	return err
}

// rebuildWithAutoincrement rebuilds the table name, whose CREATE TABLE
// text is text, with AUTOINCREMENT on its id (neverReuseIDs), and reports
// whether it put statistics back. Foreign keys must be off: DROP TABLE
// would first delete every row that refers to the table's.
func rebuildWithAutoincrement(ctx context.Context, tx *sql.Tx, name, text string) (analyzed bool, err error) {
	columns, ok := strings.CutPrefix(text, "CREATE TABLE "+name+" ")
	if !ok {
		if columns, ok = strings.CutPrefix(text, `CREATE TABLE "`+name+`" `); !ok {
			return false, fmt.Errorf("unexpected CREATE TABLE text %q", text)
		}
	}
	create := "CREATE TABLE " + rebuildingTable + " " + idColumn.ReplaceAllString(columns, "id${1}INTEGER PRIMARY KEY AUTOINCREMENT${2}")
	attached, err := queryTexts(ctx, tx, `SELECT sql FROM sqlite_schema
		WHERE tbl_name = $1 AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`, name)
	if err != nil {
		return false, err
	}
	stats, err := saveStatistics(ctx, tx, name)
	if err != nil {
		return false, err
	}
	for _, q := range []string{
		create,
		// Same columns, same constraints: SQLite copies the rows' records
		// as they are, without decoding them (its transfer optimization).
		`INSERT INTO ` + rebuildingTable + ` SELECT * FROM "` + name + `"`,
		`DROP TABLE "` + name + `"`,
		`ALTER TABLE ` + rebuildingTable + ` RENAME TO "` + name + `"`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return false, err
		}
	}
	for _, q := range attached {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return false, err
		}
	}
	return len(stats.rows) > 0, stats.restore(ctx, tx)
}

// tableExists reports whether SQLite's schema holds the table name, such
// as sqlite_sequence, which SQLite creates with the first table that needs it.
func tableExists(ctx context.Context, tx *sql.Tx, name string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = $1`, name).Scan(&n)
	return n > 0, err
}

// queryTexts returns the one text column of every row of query.
func queryTexts(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// statistics are a table's rows of sqlite_stat1 and sqlite_stat4, which
// ANALYZE wrote and DROP TABLE deletes: a rebuilt table holds the same rows
// and indexes, of the same names, so they hold for it still, and putting
// them back spares ANALYZE reading every index again (seconds at a million
// rows).
type statistics struct {
	table string
	rows  map[string][][]any // by statistics table
}

// statisticsColumns are the columns of each statistics table.
var statisticsColumns = map[string]string{
	"sqlite_stat1": "tbl, idx, stat",
	"sqlite_stat4": "tbl, idx, neq, nlt, ndlt, sample",
}

// saveStatistics reads the statistics of table, from whichever statistics
// tables exist (none before the first ANALYZE).
func saveStatistics(ctx context.Context, tx *sql.Tx, table string) (statistics, error) {
	s := statistics{table: table, rows: map[string][][]any{}}
	for stat, cols := range statisticsColumns {
		if ok, err := tableExists(ctx, tx, stat); err != nil || !ok {
			if err != nil {
				return s, err
			}
			continue
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+cols+` FROM `+stat+` WHERE tbl = $1`, table)
		if err != nil {
			return s, err
		}
		n := strings.Count(cols, ",") + 1
		for rows.Next() {
			vals := make([]any, n)
			ptrs := make([]any, n)
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return s, err
			}
			s.rows[stat] = append(s.rows[stat], vals)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return s, err
		}
	}
	return s, nil
}

// restore writes the saved statistics back.
func (s statistics) restore(ctx context.Context, tx *sql.Tx) error {
	for stat, rows := range s.rows {
		cols := statisticsColumns[stat]
		params := strings.TrimSuffix(strings.Repeat("?, ", strings.Count(cols, ",")+1), ", ")
		for _, vals := range rows {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+stat+` (`+cols+`) VALUES (`+params+`)`, vals...); err != nil {
				return fmt.Errorf("statistics: %w", err)
			}
		}
	}
	return nil
}

// writeWithoutForeignKeys runs fn in a transaction, committed when fn
// returns nil, as write does, on a SQLite connection of its own without
// foreign key enforcement, which only a connection outside a transaction
// can turn off: with it, DROP TABLE first deletes the table's rows, and by
// ON DELETE CASCADE every row that refers to them.
//
// A rebuild copies every row with its id, so every reference finds its row
// as before. The tests make sure of it (PRAGMA foreign_key_check); the
// migration does not: the check reads every reference of the database once
// more, 56 s of CPU on a database of a million opportunities, three times
// the rebuild's own.
//
// The connection is prepared as a bulk's that builds indexes
// (sqliteBulkConn, sqliteWriter.finish): sorts in temporary files, in runs
// of sqliteSortRun by sqliteBulkThreads threads, and the pages written
// spilled to the WAL past sqliteLoadCache.
func (db *DB) writeWithoutForeignKeys(ctx context.Context, fn func(tx *sql.Tx) error) error {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	restore, err := sqliteBulkConn(ctx, conn)
	if err != nil {
		return err
	}
	defer restore()
	for _, p := range []string{`PRAGMA temp_store = FILE`, fmt.Sprintf(`PRAGMA cache_size = %d`, sqliteSortRun), fmt.Sprintf(`PRAGMA cache_spill = %d`, sqliteLoadCache)} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return translate(fmt.Errorf("begin: %w", err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return translate(err)
	}
	if err := tx.Commit(); err != nil {
		return translate(fmt.Errorf("commit: %w", err))
	}
	return nil
}
