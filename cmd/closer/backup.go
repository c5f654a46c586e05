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
