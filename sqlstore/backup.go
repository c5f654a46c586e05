package sqlstore

import (
	"context"
	"fmt"
	"net/url"
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
		// The password goes in the environment, not on the command line
		// where any user of the machine sees it (ps).
		dsn, password := withoutPassword(db.dsn)
		cmd := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--no-owner", "--file", path, dsn)
		if password != "" {
			cmd.Env = append(os.Environ(), "PGPASSWORD="+password)
		}
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

// withoutPassword returns a postgres:// URL without its password, and the
// password; any other form of connection string unchanged.
func withoutPassword(dsn string) (string, string) {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn, ""
	}
	password, ok := u.User.Password()
	if !ok {
		return dsn, ""
	}
	u.User = url.User(u.User.Username())
	return u.String(), password
}
