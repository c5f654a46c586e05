package main

import (
	"context"
	"fmt"
)

func runBackup(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "backup", "--out FILE", &dsn)
	out := fs.String("out", "", "the backup file to write (must not exist)")
	if err := parse(e, fs, args); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(e.stderr, "closer backup: --out is required")
		fs.Usage()
		return errUsage
	}
	if isDatabaseFile(*out, dsn) {
		// A -wal or -shm file that is not there yet: SQLite would take
		// the copy for its journal at the next start.
		return usageError(e, fs, "--out %s is the database (--db %s) or one of its files: choose a new file name", *out, redact(dsn))
	}
	db, err := openExistingDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written to %s\n", *out)
	return nil
}
