package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"closer"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is a connection pool to Closer's database, SQLite or PostgreSQL.
type DB struct {
	db      *pool
	dialect dialect
	dsn     string
	origin  string      // this pool's random id, to skip its own change notifications (notify.go)
	file    os.FileInfo // the SQLite file opened, for Ping; nil for PostgreSQL and :memory:

	// Now returns the current time; tests replace it to control "today".
	Now closer.Clock
}

// Open connects to dsn: a postgres:// (or postgresql://) URL, or the path of a
// SQLite file (created when missing). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) { return open(ctx, dsn, true) }

// OpenExisting is Open for a database that must exist already: a missing
// (or empty) SQLite file is ErrNoDatabase, and nothing is created, so that
// a mistyped path is not taken for a new, empty database.
func OpenExisting(ctx context.Context, dsn string) (*DB, error) { return open(ctx, dsn, false) }

// ErrNoDatabase says that OpenExisting found no SQLite database at its path.
var ErrNoDatabase = errors.New("no database")

func open(ctx context.Context, dsn string, create bool) (*DB, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, errors.New("open database: no SQLite file path or postgres:// URL given")
	}
	d := &DB{dsn: dsn, Now: time.Now, origin: newOrigin()}
	var (
		sdb *sql.DB
		err error
		// connectTimeout bounds the first connection and its ping; 0: none.
		connectTimeout time.Duration
	)
	if IsPostgres(dsn) {
		d.dialect = postgres
		var cfg *pgx.ConnConfig
		if cfg, err = postgresConfig(dsn); err == nil {
			connectTimeout = cfg.ConnectTimeout
			sdb = stdlib.OpenDB(*cfg)
		}
		if err == nil {
			sdb.SetMaxOpenConns(16)
			sdb.SetMaxIdleConns(16)
			sdb.SetConnMaxIdleTime(5 * time.Minute)
			d.db = &pool{DB: sdb}
		}
	} else {
		d.dialect = sqlite
		if create {
			err = createSQLite(ctx, dsn)
		} else {
			err = checkSQLite(dsn)
		}
		if err == nil {
			sdb, err = sql.Open("sqlite", sqliteDSN(dsn, create))
		}
		if err == nil {
			// WAL lets readers run beside the single writer.
			sdb.SetMaxOpenConns(8)
			sdb.SetMaxIdleConns(8)
			d.db = &pool{DB: sdb, stmts: newStmtCache()}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	pctx := ctx
	if connectTimeout > 0 {
		var cancel context.CancelFunc
		pctx, cancel = context.WithTimeout(ctx, connectTimeout)
		defer cancel()
	}
	if err := d.db.PingContext(pctx); err != nil {
		d.db.Close()
		if ctx.Err() == nil && (pctx.Err() != nil || errors.Is(err, context.DeadlineExceeded)) {
			return nil, fmt.Errorf("connect to database: no answer within %s (connect_timeout in the URL changes it): %w", connectTimeout, err)
		}
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	if path := sqlitePath(dsn); d.dialect == sqlite && path != ":memory:" {
		if d.file, err = os.Stat(path); err != nil {
			d.db.Close()
			return nil, fmt.Errorf("open database: %w", err)
		}
	}
	return d, nil
}

// postgresConnectTimeout bounds each new PostgreSQL connection when neither
// the URL nor PGCONNECT_TIMEOUT sets connect_timeout: a server that accepts
// connections but never answers must not hang the command line or a start.
const postgresConnectTimeout = 10 * time.Second

// postgresConfig parses a PostgreSQL URL into the connection settings
// Closer uses.
func postgresConfig(dsn string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	// Closer's reads are ranges (of dates, months) whose size the planner
	// must see: a generic plan of a prepared statement guesses a few rows
	// and walks the index row by row (a quarter of closure_months: 4 ms
	// instead of 1.6), so every execution is planned with its values,
	// unless the URL says otherwise.
	if _, set := cfg.RuntimeParams["plan_cache_mode"]; !set {
		cfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	if cfg.ConnectTimeout == 0 && !connectTimeoutSet(dsn) {
		cfg.ConnectTimeout = postgresConnectTimeout
	}
	return cfg, nil
}

// connectTimeoutSet reports whether the URL or the environment sets
// connect_timeout (0 included: it asks to wait without limit).
func connectTimeoutSet(dsn string) bool {
	if os.Getenv("PGCONNECT_TIMEOUT") != "" {
		return true
	}
	u, err := url.Parse(dsn)
	return err == nil && u.Query().Has("connect_timeout")
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqlitePageSize is the page size of a new SQLite database; an existing one
// keeps its own. SQLite's default of 4 KiB suits small databases; Closer's
// grow to gigabytes at a million opportunities, where every page costs a
// lookup in the cache, a frame in the WAL and its system calls, and a bulk's
// commit and checkpoint write them all: with 16 KiB pages the
// million-opportunity demo committed in 6 s instead of 10, and took 0.5 GB
// less memory.
const sqlitePageSize = 16 << 10

// createSQLite gives a SQLite database that does not exist yet (or is an
// empty file) its page size, then turns on WAL, on a connection of its own:
// the pool's DSN pragmas cannot, as its driver runs them in alphabetical
// order, journal_mode before page_size, and a database in WAL mode keeps its
// page size.
func createSQLite(ctx context.Context, dsn string) error {
	path := sqlitePath(dsn)
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a directory, not a database file", path)
	} else if path == ":memory:" || err == nil && st.Size() > 0 {
		return nil
	}
	db, err := sql.Open("sqlite", "file:"+sqliteURIPath(path))
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, fmt.Sprintf(`PRAGMA page_size = %d`, sqlitePageSize))
	if err == nil {
		_, err = db.ExecContext(ctx, `PRAGMA journal_mode = WAL`)
	}
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	return nil
}

// checkSQLite returns ErrNoDatabase when the SQLite file of dsn is missing
// or empty (a new file's header is written with its first table).
func checkSQLite(dsn string) error {
	path := sqlitePath(dsn)
	if path == ":memory:" {
		return nil
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && st.Size() == 0 {
		return fmt.Errorf("%w at %s", ErrNoDatabase, path)
	} else if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a directory, not a database file", path)
	}
	return nil
}

// sqliteBusyTimeout is how long, in milliseconds, a SQLite write waits for
// another connection's write transaction to end before it gives up (errBusy).
const sqliteBusyTimeout = 10_000

// sqlitePath is the file of a SQLite dsn.
func sqlitePath(dsn string) string { return strings.TrimPrefix(dsn, "file:") }

// sqliteDSN sets, for every pooled connection, WAL, foreign keys, a busy
// timeout and immediate write transactions (no deadlock on lock upgrade).
// mmap_size lets reads use the file's pages in place: without it each
// connection copies every page it reads into its own cache (statistics over
// 100,000 opportunities: a third of their CPU in page allocation and reads).
// Without create, the file is opened read-write only: SQLite does not
// create it if it went missing since it was checked.
func sqliteDSN(path string, create bool) string {
	path = sqlitePath(path)
	q := url.Values{}
	if !create && path != ":memory:" {
		q.Set("mode", "rw")
	}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(" + strconv.Itoa(sqliteBusyTimeout) + ")", "synchronous(NORMAL)", "cache_size(-65536)", "temp_store(MEMORY)", "mmap_size(1073741824)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + sqliteURIPath(path) + "?" + q.Encode()
}

// sqliteURIPath writes a file path in a SQLite URI (file:PATH?QUERY), where
// "?" starts the query, "#" ends the path and "%" escapes a byte: a --db
// of closer#2.db, what?.db or 100%.db must open that file, not closer,
// what or a name decoded from it.
func sqliteURIPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
}

// Close closes the pool.
func (db *DB) Close() error {
	db.db.stmts.close()
	return db.db.Close()
}

// Ping checks that the database answers, for /healthz; ctx bounds the wait.
// A SQLite database must also still be the file at its path: one deleted
// or replaced (mv) while Closer runs still answers through the file Closer
// holds open, but whatever is written there is lost at the next start.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.db.PingContext(ctx); err != nil {
		return err
	}
	if db.file == nil {
		return nil
	}
	path := sqlitePath(db.dsn)
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("the database file %s is gone: %w", path, err)
	} else if !os.SameFile(st, db.file) {
		return fmt.Errorf("the database file %s was replaced since Closer opened it: restart Closer", path)
	}
	return nil
}

// SQL returns the underlying pool, for tests and benchmarks.
func (db *DB) SQL() *sql.DB { return db.db.DB }

// IsPostgres reports whether the database is PostgreSQL.
func (db *DB) IsPostgres() bool { return db.dialect == postgres }

// today returns the current day in the org's time zone.
func (db *DB) today(org *closer.Org) closer.Date {
	return closer.DateOf(db.Now(), org.Location())
}

// querier is what reads need: a pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// writeAttempts bounds how many times write runs a transaction that
// PostgreSQL aborted to break a deadlock or a serialization failure.
const writeAttempts = 3

// write runs fn in a transaction, committed when fn returns nil. Every
// write transaction of the store runs here. One that PostgreSQL aborts to
// break a deadlock (summaryWrites takes the summaries' rows in one order,
// so the store's own writes should not meet one) is run again from the
// start, up to writeAttempts times: fn must not keep anything of a failed
// run but what it computes again.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := db.writeOnce(ctx, fn)
		if attempt == writeAttempts || !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
}

// writeOnce runs fn in a transaction, committed when fn returns nil.
func (db *DB) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
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

// timeLayout writes instants in UTC, fixed width, so that text order is time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func ts(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTS(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idScanner reads a nullable id into an int64 (NULL → 0).
type idScanner struct{ dst *int64 }

func (s idScanner) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*s.dst = n.Int64
	return nil
}

// nz wraps a destination for a nullable id column.
func nz(dst *int64) sql.Scanner { return idScanner{dst} }

// timeScanner reads an instant stored as text.
type timeScanner struct{ dst *time.Time }

func (s timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.dst = time.Time{}
	case string:
		*s.dst = parseTS(v)
	case []byte:
		*s.dst = parseTS(string(v))
	case time.Time:
		*s.dst = v
	default:
		return fmt.Errorf("cannot scan %T into a time", src)
	}
	return nil
}

// tsc wraps a destination for an instant column.
func tsc(dst *time.Time) sql.Scanner { return timeScanner{dst} }
