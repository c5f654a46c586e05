package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math/bits"
	"strings"
	"sync"
)

// sqliteMaxParams is SQLite's bound on the parameters of one statement.
const sqliteMaxParams = 32766

// sqliteWriter writes a bulk on SQLite. The transaction is immediate (the
// DSN's _txlock), so it holds the write lock from the start: ids are
// counted up, without any race, from the largest id each table ever gave,
// read once: its MAX(id), or its sequence (sqlite_sequence, AUTOINCREMENT)
// when the newest rows were deleted. Written with their ids, the rows move
// the sequence on past them.
//
// nextID runs on the bulk's goroutine, write on the goroutine that writes
// (see bulk.flush): mu guards what both use.
type sqliteWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	mu    sync.Mutex
	next  map[string]int64
	stmts map[sqliteStmtKey]*sql.Stmt
	// before is each table's largest id when the bulk began: about how many
	// rows it held (guarded by mu). written counts the rows the bulk wrote
	// into it.
	before  map[string]int64
	written map[string]int
	// deferred holds the indexes dropped for the load, per table (see
	// sqliteDeferIndexes); finish builds them again.
	deferred map[string][]deferredIndex
	// loading is set once the connection runs with sqliteLoadCache.
	loading bool
}

type sqliteStmtKey struct {
	table string
	rows  int
}

func newSQLiteWriter(ctx context.Context, tx *sql.Tx) *sqliteWriter {
	return &sqliteWriter{ctx: ctx, tx: tx, next: map[string]int64{}, stmts: map[sqliteStmtKey]*sql.Stmt{},
		before: map[string]int64{}, written: map[string]int{}, deferred: map[string][]deferredIndex{}}
}

// sqliteBulkCache is the page cache of the bulk's connection (PRAGMA
// cache_size, negative: KiB), 1 GiB instead of the pool's 64 MiB. A bulk
// inserts into every index of the tables it fills, all over each index: once
// the pages it changed outgrow the cache, SQLite spills them to the WAL and
// reads them back, again and again. The cache only grows as pages are read,
// and is cut back to the pool's size when the bulk ends, or to
// sqliteLoadCache when it defers indexes.
const sqliteBulkCache = -1 << 20

// sqliteLoadCache is the page cache, and the size at which SQLite spills the
// pages written to the WAL (PRAGMA cache_size and cache_spill, negative: KiB),
// once the bulk defers a table's indexes (see sqliteDeferIndexes). The rows
// then go to the ends of the tables' B-trees and of the indexes kept
// (sqliteAppendIndexes): a page once full is not written again, so it may
// leave the cache for the WAL, where it would go at commit anyway, and its
// memory serves the next page. With sqliteBulkCache, each page of a
// million-opportunity demo (1 GB) took fresh memory, was zeroed and freed one
// by one at commit: 58–64 s, against 48–54 s with 32 MiB (three runs each,
// alternated). The index builds that follow read the tables back from the
// WAL, about 2 s more than from memory.
const sqliteLoadCache = -32 << 10

// sqliteBulkThreads is how many helper threads SQLite's sorter may start
// while the bulk's connection builds indexes: the machine's second core
// sorts while the first reads the table.
const sqliteBulkThreads = 2

// sqliteSortRun is the page cache (PRAGMA cache_size, negative: KiB) while
// the bulk builds its deferred indexes, which SQLite's sorter also takes as
// the size of its sorted runs. With the bulk's 1 GiB cache, every index of
// a million rows fitted one run, sorted on the connection's own goroutine
// while the helper threads idled; with small runs, the helpers sort them
// while the connection reads the table, and merge them in parallel. A
// million-opportunity demo rebuilt its indexes in 36 s with the 1 GiB
// cache, 25 s with 64 MiB runs, 20–23 s with 16 MiB, 20 s with 8 MiB and 19 s
// with 4 MiB. The pages written stay cached all the same: cache_spill keeps
// them up to sqliteLoadCache.
const sqliteSortRun = -4 << 10

// sqliteBulkConn prepares the bulk's dedicated connection, before its
// transaction, and returns what restores it for the pool.
//
// Foreign key enforcement is turned off. A multi-row INSERT that can abort
// alone (a foreign key, a CHECK) makes
// SQLite keep a statement journal, built and freed for every statement:
// that took most of a bulk's time. The bulk checks every reference itself
// (it belongs to the org and exists, or was added before by the same bulk)
// and INSERT OR ROLLBACK turns any other violation into the rollback of the
// whole bulk. If foreign keys cannot be turned back on, the connection is
// discarded rather than returned to the pool without them.
//
// The page cache grows to sqliteBulkCache (until the bulk defers indexes:
// sqliteLoadCache), and sorts (CREATE INDEX of the indexes a large bulk
// deferred) may use sqliteBulkThreads helper threads; finish moves the
// sorts' temporary storage to files and their runs to sqliteSortRun, while
// the pages written stay cached up to the spill size (cache_spill). All of
// these are restored for the pool.
func sqliteBulkConn(ctx context.Context, conn *sql.Conn) (restore func(), err error) {
	var cache int64
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, sqliteBulkCache)); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA threads = %d`, sqliteBulkThreads)); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_spill = %d`, sqliteBulkCache)); err != nil {
		return nil, err
	}
	var temp int
	if err := conn.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&temp); err != nil {
		return nil, err
	}
	return func() {
		ctx := context.WithoutCancel(ctx)
		_, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
		if err == nil {
			_, err = conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, cache))
		}
		if err == nil {
			_, err = conn.ExecContext(ctx, `PRAGMA threads = 0`)
		}
		if err == nil { // SQLite's default: spill once the cache is full
			_, err = conn.ExecContext(ctx, `PRAGMA cache_spill = 1`)
		}
		if err == nil {
			_, err = conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA temp_store = %d`, temp))
		}
		if err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}, nil
}

func (w *sqliteWriter) nextID(table string) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, ok := w.next[table]
	if !ok {
		if err := w.tx.QueryRowContext(w.ctx, `SELECT MAX((SELECT COALESCE(MAX(id), 0) FROM `+table+`),
			(SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = $1))`, table).Scan(&n); err != nil {
			return 0, err
		}
		w.before[table] = n
	}
	n++
	w.next[table] = n
	return n, nil
}

// rowsBefore returns about how many rows table held when the bulk began.
func (w *sqliteWriter) rowsBefore(table string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return int(w.before[table])
}

// background is true: the bulk's transaction serializes the statements
// of both goroutines (database/sql holds the connection for each call).
func (w *sqliteWriter) background() bool { return true }

// batchRows fills one statement up to SQLite's parameter bound, at most 1000 rows.
func (w *sqliteWriter) batchRows(t *bulkTable) int {
	return min(sqliteMaxParams/len(t.cols), 1000)
}

// write inserts the buffered rows in statements of t.limit rows, and the
// rest in statements of decreasing powers of two rows: a table never needs
// more than a dozen prepared statements, whatever the buffer holds.
//
// Into a table that held sqliteDeferIndexes rows or more before the bulk,
// while its indexes are kept, it writes one row per statement instead. A
// statement of many rows keeps a statement journal (it could fail halfway):
// a copy of every page it changes that the transaction had already changed.
// Appended to an empty table, a statement changes a few pages; among a
// large table's rows it changes pages all over its sixteen indexes, and
// modernc's allocator then frees that journal, megabytes per statement, with
// one madvise per chunk: Maven's 8,800 rows into an org of 300,000
// opportunities took 7 s of CPU that way, 2 s one row at a time (a dry run,
// BENCHMARKS.md). A single-row INSERT keeps no statement journal.
func (w *sqliteWriter) write(t *bulkTable) error {
	c := len(t.cols)
	w.written[t.name] += t.rows()
	if _, done := w.deferred[t.name]; !done && w.written[t.name] >= max(sqliteDeferIndexes, w.rowsBefore(t.name)/sqliteDeferShare) {
		ixs, err := deferIndexes(w.ctx, w.tx, t.name)
		if err != nil {
			return err
		}
		w.deferred[t.name] = ixs
		if err := w.load(); err != nil {
			return err
		}
	}
	_, deferred := w.deferred[t.name]
	for vals := t.vals; len(vals) > 0; {
		n := len(vals) / c
		if !deferred && w.rowsBefore(t.name) >= sqliteDeferIndexes {
			n = 1 // into a large table, indexes kept: see above
		} else if n >= t.limit {
			n = t.limit
		} else {
			n = 1 << (bits.Len(uint(n)) - 1)
		}
		stmt, err := w.stmt(t, n)
		if err != nil {
			return err
		}
		if _, err := stmt.ExecContext(w.ctx, vals[:n*c]...); err != nil {
			return err
		}
		vals = vals[n*c:]
	}
	return nil
}

// load cuts the page cache to sqliteLoadCache, once.
func (w *sqliteWriter) load() error {
	if w.loading {
		return nil
	}
	for _, p := range []string{"cache_size", "cache_spill"} {
		if _, err := w.tx.ExecContext(w.ctx, fmt.Sprintf(`PRAGMA %s = %d`, p, sqliteLoadCache)); err != nil {
			return err
		}
	}
	w.loading = true
	return nil
}

// stmt returns the INSERT of n rows into t, prepared once.
func (w *sqliteWriter) stmt(t *bulkTable, n int) (*sql.Stmt, error) {
	k := sqliteStmtKey{t.name, n}
	if s, ok := w.stmts[k]; ok {
		return s, nil
	}
	s, err := w.tx.PrepareContext(w.ctx, insertSQL(t, n))
	if err != nil {
		return nil, err
	}
	w.stmts[k] = s
	return s, nil
}

// finish builds the deferred indexes again, before commit, in sorted runs
// of sqliteSortRun.
//
// It first sets temp_store to FILE for the rest of the bulk. With
// temp_store = MEMORY, SQLite's sorter holds no bound: it allocates every
// record on its own, sorts them in one list on one thread, and frees them
// one by one (a million opportunities: about 25 s of CPU in those
// allocations and frees, as pure Go's allocator returns its pages to the
// kernel). With FILE it packs the records into large buffers, and a sort
// larger than the page cache (cut to sqliteSortRun: every large one) goes
// in sorted runs, by sqliteBulkThreads helper threads, to temporary files
// that the merge reads back. The inserts before keep the pool's MEMORY:
// their statement journals are cheaper in memory than in files. The
// setting can change inside the transaction because the bulk opens no
// temporary table.
func (w *sqliteWriter) finish() error {
	if _, err := w.tx.ExecContext(w.ctx, `PRAGMA temp_store = FILE`); err != nil {
		return err
	}
	if _, err := w.tx.ExecContext(w.ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, sqliteSortRun)); err != nil {
		return err
	}
	for _, t := range bulkColumns {
		if err := rebuildIndexes(w.ctx, w.tx, t.name, w.deferred[t.name]); err != nil {
			return err
		}
	}
	return nil
}

func (w *sqliteWriter) close() {
	for _, s := range w.stmts {
		s.Close()
	}
}

// insertSQL returns a multi-row INSERT OR ROLLBACK of n rows into t: a
// violated constraint rolls back the whole bulk, which fails anyway. It uses anonymous
// ? placeholders, not the $N of the rest of the store: the driver looks up
// the name of every numbered parameter in a list as long as the statement,
// which makes binding thousands of $N quadratic.
func insertSQL(t *bulkTable, n int) string {
	row := "(" + strings.Repeat("?,", len(t.cols)-1) + "?)"
	var s strings.Builder
	s.Grow(len(t.name) + 64 + n*(len(row)+1))
	s.WriteString("INSERT OR ROLLBACK INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES ")
	for r := 0; r < n; r++ {
		if r > 0 {
			s.WriteByte(',')
		}
		s.WriteString(row)
	}
	return s.String()
}
