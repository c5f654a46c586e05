package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate applies the embedded migrations not applied yet (ApplyMigrations),
// for the callers that need not know how many.
func (db *DB) Migrate(ctx context.Context) error {
	_, err := db.ApplyMigrations(ctx)
	return err
}

// ApplyMigrations applies the embedded migrations not applied yet, each in
// its own transaction, in file name order (NNNN_name.sql), and returns how
// many it applied (0: the schema was up to date). A migration may have a
// step in Go (goSteps), run after its SQL in the same transaction, for what
// SQL cannot compute on both databases, and one that rebuilds tables on
// SQLite (sqliteRebuilds), run last, without foreign key enforcement.
func (db *DB) ApplyMigrations(ctx context.Context) (int, error) {
	return db.applyMigrations(ctx, math.MaxInt)
}

// applyMigrations applies the embedded migrations not applied yet up to
// version last (tests stop at an older schema with it).
func (db *DB) applyMigrations(ctx context.Context, last int) (int, error) {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return 0, err
	}
	sort.Strings(names)
	if err := db.checkNotNewer(ctx, names); err != nil {
		return 0, err
	}
	applied := 0
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return applied, fmt.Errorf("migration %s: name must start with a number", base)
		}
		if version > last {
			break
		}
		text, err := migrations.ReadFile(name)
		if err != nil {
			return applied, err
		}
		run, rebuild := db.write, sqliteRebuilds[version]
		if db.dialect != sqlite {
			rebuild = nil
		} else if rebuild != nil {
			run = db.writeWithoutForeignKeys
		}
		done := false
		if err := run(ctx, func(tx *sql.Tx) error {
			if err := db.dialect.lockMigrations(ctx, tx); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, db.dialect.schema(string(text), version)); err != nil {
				return err
			}
			if step := goSteps[version]; step != nil {
				if err := step(ctx, tx, db.Now()); err != nil {
					return err
				}
			}
			if rebuild != nil {
				if err := rebuild(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, version, ts(db.Now()))
			done = err == nil
			return err
		}); err != nil {
			return applied, fmt.Errorf("migration %s: %w", base, err)
		}
		if done {
			applied++
		}
	}
	return applied, db.refreshStatistics(ctx)
}

// checkNotNewer refuses a database that a newer Closer migrated: this
// binary does not know its schema, and would read and write it by its
// older rules (a downgrade, or an older instance started after a newer one
// migrated). names are the embedded migrations, sorted.
func (db *DB) checkNotNewer(ctx context.Context, names []string) error {
	known := 0
	if len(names) > 0 {
		known, _ = strconv.Atoi(strings.SplitN(strings.TrimPrefix(names[len(names)-1], "migrations/"), "_", 2)[0])
	}
	var latest sql.NullInt64
	if err := db.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&latest); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if latest.Valid && latest.Int64 > int64(known) {
		return fmt.Errorf("migrate: this database was migrated by a newer version of Closer (migration %d; this one knows up to %d): run that version, or restore a backup made with this one", latest.Int64, known)
	}
	return nil
}

// refreshStatistics gives SQLite's query planner the sizes and spreads of the
// tables and indexes: without them it may pick an index that reads a whole
// org instead of a few rows. PRAGMA optimize analyzes only the tables never
// analyzed or much grown since, so it costs nothing when nothing changed; call
// it after a migration and after a bulk write. PostgreSQL's autovacuum keeps
// its own statistics.
//
// ANALYZE is not bounded (PRAGMA analysis_limit): a bounded ANALYZE reads the
// first entries of each index, all of one org, status and owner, and told
// the planner that an org held 1,001 of a demo's 100,000 opportunities and
// that a status or an owner did not narrow them down (full: 100,000, 20,000
// and 5,264).
//
// SQLite loads the statistics with the schema, once per connection: the
// other connections of the pool would keep planning with the old ones (after
// a first import, those of empty tables: the activities page read every
// activity of its owner instead of a page). When the statistics changed, an
// empty view created and dropped changes the schema, which makes every
// connection reload schema and statistics and replan its prepared statements.
func (db *DB) refreshStatistics(ctx context.Context) error {
	if db.dialect != sqlite {
		return nil
	}
	before, err := db.statisticsDigest(ctx)
	if err != nil {
		return fmt.Errorf("refresh statistics: %w", err)
	}
	if _, err := db.db.ExecContext(ctx, `PRAGMA optimize = 0x10002`); err != nil {
		return fmt.Errorf("refresh statistics: %w", err)
	}
	after, err := db.statisticsDigest(ctx)
	if err != nil {
		return fmt.Errorf("refresh statistics: %w", err)
	}
	if after == before {
		return nil
	}
	if err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE VIEW IF NOT EXISTS closer_reload_statistics AS SELECT 1`)
		if err == nil {
			_, err = tx.ExecContext(ctx, `DROP VIEW closer_reload_statistics`)
		}
		return err
	}); err != nil {
		return fmt.Errorf("refresh statistics: %w", err)
	}
	return nil
}

// statisticsDigest returns the planner's table and index sizes as one text,
// to tell whether an ANALYZE changed them ("" before any).
func (db *DB) statisticsDigest(ctx context.Context) (string, error) {
	var exists int
	if err := db.db.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'`).Scan(&exists); err != nil || exists == 0 {
		return "", err
	}
	var digest sql.NullString
	err := db.db.DB.QueryRowContext(ctx, `SELECT group_concat(tbl || ' ' || COALESCE(idx, '') || ' ' || stat, ';') FROM (SELECT * FROM sqlite_stat1 ORDER BY tbl, idx)`).Scan(&digest)
	return digest.String, err
}
