package main

import (
	"context"
	"fmt"
	"strings"

	"closer"
	"closer/demo"
	"closer/sqlstore"
)

func runDemo(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "demo", "[--opportunities N]", &dsn)
	n := intFlag(fs, "opportunities", demo.DefaultOpportunities, "how many opportunities to generate: `N`, in decimal digits, from 1 to 1000000 (the default is a realistic small business)")
	if err := parse(e, fs, args); err != nil {
		return err
	}
	if *n < 1 || *n > 1_000_000 {
		return usageError(e, fs, "--opportunities must be between 1 and 1000000, not %d", *n)
	}
	db, err := openDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.FindOrgBySlug(ctx, demo.Slug); err == nil {
		fmt.Fprintf(e.stderr, "closer demo: the demo organization (%s) already exists in this database\n", demo.Slug)
		return errReported
	}
	lines, err := ensureDemo(ctx, db, *n)
	if err != nil {
		return explain(e, err)
	}
	for _, l := range lines {
		fmt.Fprintln(e.stdout, l)
	}
	return nil
}

// serveDemo is serve --demo: it loads the demo org into an empty database,
// or finds it loaded by an earlier start, and returns how to sign in. A
// database that holds other organizations is refused: the demo's users sign
// in with a password printed in the README.
func serveDemo(ctx context.Context, db *sqlstore.DB) ([]string, error) {
	if _, err := db.FindOrgBySlug(ctx, demo.Slug); closer.ErrorCode(err) != closer.ENOTFOUND {
		if err != nil {
			return nil, err
		}
		return ensureDemo(ctx, db, 0)
	}
	const shown = 5
	slugs, total, err := db.OrgSlugs(ctx, shown)
	if err != nil {
		return nil, err
	}
	if total > 0 {
		list := strings.Join(slugs, ", ")
		if total > len(slugs) {
			list += fmt.Sprintf(" and %d more", total-len(slugs))
		}
		return nil, closer.Errorf(closer.ECONFLICT, "--demo needs an empty database; this one has organizations: %s. Start without --demo, or give another --db.", list)
	}
	return ensureDemo(ctx, db, 0)
}

// ensureDemo loads the demo org unless it exists, and returns how to sign in.
func ensureDemo(ctx context.Context, db *sqlstore.DB, n int) ([]string, error) {
	var lines []string
	if _, err := db.FindOrgBySlug(ctx, demo.Slug); closer.ErrorCode(err) == closer.ENOTFOUND {
		creds, err := demo.Load(ctx, db, demo.Options{Opportunities: n})
		if err != nil {
			return nil, err
		}
		s := creds.Summary
		lines = append(lines, fmt.Sprintf("Demo organization %q loaded: %d opportunities, %d accounts, %d orders.",
			creds.Org, s.Opportunities, s.Accounts, s.Orders))
	} else if err != nil {
		return nil, err
	}
	lines = append(lines,
		fmt.Sprintf("Sign in as the owner: %s, password %s", "claire@"+demo.EmailDomain, demo.Password),
		fmt.Sprintf("(every demo user has that password; the consultant is %s)", "consultant@"+demo.EmailDomain))
	return lines, nil
}
