package sqlstore

import (
	"context"
	"fmt"
	"os"
	"os/exec"
)

// Backup writes a consistent copy of the database to path while it is in
// use: SQLite's VACUUM INTO (a compact, ready-to-open database file), or
// pg_dump's custom format for PostgreSQL (restore with pg_restore).
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	}
	if db.dialect == postgres {
		if _, err := exec.LookPath("pg_dump"); err != nil {
			return fmt.Errorf("backup: PostgreSQL backups use pg_dump, which is not installed here")
		}
		cmd := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--no-owner", "--file", path, db.dsn)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("backup: pg_dump: %v: %s", err, out)
		}
		return nil
	}
	if _, err := db.db.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
