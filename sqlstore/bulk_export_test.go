package sqlstore

import "context"

// SQLiteDeferIndexes exposes, to the tests of sqlstore_test, how many rows a
// bulk writes into a table before it defers the table's indexes.
const SQLiteDeferIndexes = sqliteDeferIndexes

// FillSortKeys exposes the Go step of migration 0064 to the tests.
var FillSortKeys = fillSortKeys

// JoinStoredLines exposes the Go step of migration 0065 to the tests.
var JoinStoredLines = joinStoredLines

// MigrationIDsNeverReused exposes the migration that gave SQLite's ids
// AUTOINCREMENT.
const MigrationIDsNeverReused = migrationIDsNeverReused

// MigrateTo applies the migrations up to version only, for the tests of a
// migration on a database of the schema before it.
func (db *DB) MigrateTo(ctx context.Context, version int) error {
	_, err := db.applyMigrations(ctx, version)
	return err
}

// ApplyMigrationsTo applies the migrations up to version only, and returns
// how many it applied.
func (db *DB) ApplyMigrationsTo(ctx context.Context, version int) (int, error) {
	return db.applyMigrations(ctx, version)
}

// MigrationMend exposes the migration that mends records stored under
// older rules, and MendStoredRecords its Go step.
const MigrationMend = migrationMend

var MendStoredRecords = mendStoredRecords
