package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"closer"
	"closer/importer"
	"closer/sqlstore"
)

func runImport(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "import", "--org SLUG (--mapping FILE.json | --profile NAME) [--dry-run] DATA.csv|DATA.xlsx", &dsn)
	slug := fs.String("org", "", "the organization's slug (required)")
	mappingPath := fs.String("mapping", "", "the import mapping document (JSON, SPEC section 4)")
	profile := fs.String("profile", "", "a built-in mapping instead of --mapping: "+profileNames())
	dryRun := fs.Bool("dry-run", false, "check every row and report, write nothing")
	files, err := parseArgs(e, fs, args)
	if err != nil {
		return err
	}
	if len(files) > 1 {
		return usageError(e, fs, "one data file at a time: unexpected argument %q", files[1])
	}
	if *mappingPath != "" && *profile != "" {
		return usageError(e, fs, "--mapping or --profile, not both: a profile is a built-in mapping")
	} else if *slug == "" || len(files) != 1 || *mappingPath == "" && *profile == "" {
		return usageError(e, fs, "--org, one data file, and either --mapping or --profile are required")
	}
	m, err := loadMapping(*mappingPath, *profile)
	if err != nil {
		return explain(e, err)
	}
	dataPath := files[0]
	// The importer reads CSV and XLSX; a JSON file (Closer's own JSON
	// export, say) would fail as a CSV with a parser's message.
	if strings.EqualFold(filepath.Ext(dataPath), ".json") {
		return explain(e, closer.FieldError("file", "%s is a JSON file: import a CSV or XLSX file (for Closer's own export, export with --format csv or xlsx).", dataPath))
	}
	f, err := os.Open(dataPath)
	if err != nil {
		return err
	}
	defer f.Close()
	counter := newRowCounter(e.stderr, *dryRun, progressClock) // its first second counts the reading
	t, err := importer.Read(filepath.Base(dataPath), f, m)
	if err != nil {
		return explain(e, err)
	}
	db, actx, err := openOrg(ctx, e, dsn, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	// Opportunities without an owner are the acting owner's: an org
	// without one cannot take a file that names none.
	if a, _ := closer.ActorFromContext(actx); a.UserID == 0 && m.Entity == importer.EntityOpportunities &&
		m.Columns["owner"] == "" && m.Defaults["owner"] == "" {
		return explain(e, closer.FieldError("owner", "The organization %s has no active owner, and the mapping gives no owner: map an owner column, or add an owner first (closer member add --org %s --email EMAIL --role owner).", *slug, *slug))
	}
	rep, err := importer.Run(actx, db, m, t, importer.Options{DryRun: *dryRun, Progress: counter.report})
	counter.end()
	if rep != nil {
		rep.WriteText(e.stdout)
	}
	if err != nil {
		if rep != nil && closer.ErrorCode(err) == closer.EINVALID {
			// The report, bad rows included, is the command's output; the
			// error output says that it failed, for a script or a reader
			// whose stdout goes to a file.
			n := len(rep.Problems) + rep.MoreProblems
			fmt.Fprintf(e.stderr, "closer import: nothing imported, %d problem%s: listed with their lines on standard output\n", n, map[bool]string{true: "s"}[n != 1])
			return errReported
		}
		return explain(e, err)
	}
	if !*dryRun {
		// On PostgreSQL, the pages open on running servers update (live).
		if a, ok := closer.ActorFromContext(actx); ok {
			if err := db.Notify(ctx, a.OrgID); err != nil {
				fmt.Fprintln(e.stderr, "warning: open pages were not told of the import:", err)
			}
		}
	}
	return nil
}

// loadMapping reads a mapping document, or takes a built-in profile.
func loadMapping(path, profile string) (*importer.Mapping, error) {
	if profile != "" {
		m, ok := importer.Profile(profile)
		if !ok {
			return nil, closer.FieldError("profile", "Unknown profile %q (built in: %s).", profile, profileNames())
		}
		return m, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return importer.ParseMapping(f)
}

func profileNames() string {
	var names []string
	for _, p := range importer.Profiles() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

// openOrg opens an existing database and returns it with the context of
// the org's owner, in whose name the command acts.
func openOrg(ctx context.Context, e env, dsn, slug string) (*sqlstore.DB, context.Context, error) {
	db, err := openExistingDB(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	actx, err := orgOwnerContext(ctx, db, slug)
	if closer.ErrorCode(err) == closer.ENOTFOUND {
		err = closer.FieldError("org", "No organization has the slug %q in this database (%s).", slug, redact(dsn))
	}
	if err != nil {
		db.Close()
		return nil, nil, explain(e, err)
	}
	return db, actx, nil
}

// orgOwnerContext acts in the org of slug for the command line: as the
// system, in the name of the org's first active owner (so that records and
// events are attributed to a person).
func orgOwnerContext(ctx context.Context, db *sqlstore.DB, slug string) (context.Context, error) {
	sys := closer.NewSystemContext(ctx)
	org, err := db.FindOrgBySlug(sys, slug)
	if err != nil {
		return nil, err
	}
	actor := closer.Actor{OrgID: org.ID, Role: closer.RoleOwner}
	members, err := db.Members(closer.NewContextWithActor(sys, actor))
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		if m.Role == closer.RoleOwner && m.Active {
			actor.UserID, actor.Name = m.UserID, m.Name
			break
		}
	}
	return closer.NewContextWithActor(sys, actor), nil
}
