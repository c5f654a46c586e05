package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Backup writes a consistent copy of the database to path while it is in
// use: SQLite's VACUUM INTO (a compact, ready-to-open database file), or
// pg_dump's custom format for PostgreSQL (restore with pg_restore).
//
// The copy is written to a temporary file beside path and takes its name
// only once complete: a backup that fails or is interrupted (Ctrl-C, a
// full disk, pg_dump waiting on a lock) leaves nothing behind, neither a
// truncated file that looks like a backup nor one that makes the next
// attempt refuse an existing path.
func (db *DB) Backup(ctx context.Context, path string) (err error) {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: the directory %s does not exist", dir)
	} else if err == nil && !st.IsDir() {
		return fmt.Errorf("backup: %s is not a directory", dir)
	}
	if db.dialect == postgres {
		if _, err := exec.LookPath("pg_dump"); err != nil {
			return fmt.Errorf("backup: PostgreSQL backups use pg_dump, which is not installed here")
		}
	}
	// VACUUM INTO takes an empty file; pg_dump overwrites one.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("backup: cannot write in %s: %w", dir, pathCause(err))
	}
	tmp.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if db.dialect == postgres {
		err = db.pgDump(ctx, tmp.Name())
	} else if _, err = db.db.ExecContext(ctx, `VACUUM INTO $1`, tmp.Name()); err != nil {
		err = fmt.Errorf("backup: %w", err)
	}
	if ctx.Err() != nil {
		// The copy may have been cut short, or even finished as the
		// interrupt came: either way the command failed, and keeps nothing.
		return fmt.Errorf("backup: interrupted, nothing written")
	} else if err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("backup: cannot write %s: %w", path, pathCause(err))
	}
	return nil
}

// pgDump writes the database to path with pg_dump's custom format.
func (db *DB) pgDump(ctx context.Context, path string) error {
	// The password goes in the environment, not on the command line
	// where any user of the machine sees it (ps).
	dsn, password := withoutPassword(libpqURL(db.dsn))
	cmd := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--no-owner", "--file", path, dsn)
	if password != "" {
		cmd.Env = append(os.Environ(), "PGPASSWORD="+password)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("backup: pg_dump: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// libpqParams are the parameters of a connection URL that libpq, and so
// pg_dump, knows (PostgreSQL's "Parameter Key Words").
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "password": true,
	"passfile": true, "require_auth": true, "channel_binding": true, "connect_timeout": true,
	"client_encoding": true, "options": true, "application_name": true, "fallback_application_name": true,
	"keepalives": true, "keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "replication": true, "gssencmode": true, "sslmode": true, "requiressl": true,
	"sslnegotiation": true, "sslcompression": true, "sslcert": true, "sslkey": true, "sslpassword": true,
	"sslcertmode": true, "sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true,
	"requirepeer": true, "ssl_min_protocol_version": true, "ssl_max_protocol_version": true,
	"krbsrvname": true, "gsslib": true, "gssdelegation": true, "service": true,
	"target_session_attrs": true, "load_balance_hosts": true,
}

// libpqURL returns a postgres:// URL without the parameters libpq does not
// know, which pg_dump refuses ("invalid URI query parameter"): the server
// settings that Closer's driver passes on (plan_cache_mode, which the
// README documents, search_path…) and the driver's own options
// (default_query_exec_mode…). None of them changes what a dump holds.
func libpqURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.RawQuery == "" {
		return dsn
	}
	q := u.Query()
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
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

// pathCause is the cause of a file system error without the path it names
// (a temporary file's, which means nothing to the reader).
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
