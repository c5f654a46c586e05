package main

import (
	"context"
	"fmt"

	"closer/sqlstore"
)

func runDemo(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "demo", "[--opportunities N]", &dsn)
	n := fs.Int("opportunities", 0, "how many opportunities to generate (default: a realistic small business; up to 1000000)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 0 || *n > 1_000_000 {
		fmt.Fprintln(e.stderr, "closer demo: --opportunities must be between 1 and 1000000")
		return errUsage
	}
	db, err := openDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	lines, err := ensureDemo(ctx, db, *n)
	if err != nil {
		return explain(e, err)
	}
	for _, l := range lines {
		fmt.Fprintln(e.stdout, l)
	}
	return nil
}

// ensureDemo loads the demo org unless it exists, and returns how to sign in.
func ensureDemo(ctx context.Context, db *sqlstore.DB, n int) ([]string, error) {
	return nil, fmt.Errorf("the demo organization is not available yet")
}
