package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"closer"
	"closer/export"
)

func runExport(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "export", "--org SLUG [--format csv|json|xlsx] [--entity "+strings.Join(export.Entities, "|")+"] --out DIR_OR_FILE", &dsn)
	slug := fs.String("org", "", "the organization's slug (required)")
	format := fs.String("format", export.FormatCSV, "csv, json or xlsx")
	entity := fs.String("entity", "", "what to export into a file (default opportunities); a directory gets every entity")
	out := fs.String("out", "", "a directory (one file per entity, created if missing when it ends with /) or a file (required)")
	if err := parse(e, fs, args); err != nil {
		return err
	}
	if *slug == "" || *out == "" {
		return usageError(e, fs, "--org and --out are required")
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return explain(e, err)
	}
	ent, err := export.ParseEntity(*entity)
	if err != nil {
		return explain(e, err)
	}
	// A directory (existing, or named with a trailing slash) gets one file
	// per entity, or only --entity's when given; anything else is a file.
	files := map[string]string{}
	if isDir(*out) {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
		entities := export.Entities
		if *entity != "" {
			entities = []string{ent}
		}
		for _, en := range entities {
			files[en] = filepath.Join(*out, export.FileName(*slug, en, f))
		}
	} else {
		files[ent] = *out
	}
	db, err := openExistingDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	actx, err := orgOwnerContext(ctx, db, *slug)
	if err != nil {
		return explain(e, err)
	}
	src := export.Source{Records: db, Lists: db, Orgs: db, Lookups: db}
	for _, en := range export.Entities {
		path, ok := files[en]
		if !ok {
			continue
		}
		// Recorded before the file is written: an export that cannot be
		// audited does not happen.
		entry := closer.AuditEntry{Action: closer.AuditExport, UserName: "command line (closer export)", Target: en, Detail: f}
		if err := db.Record(actx, entry); err != nil {
			return explain(e, err)
		}
		if err := writeExport(actx, src, en, f, path); err != nil {
			return explain(e, err)
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", en, path)
	}
	return nil
}

// isDir reports whether out names a directory: an existing one, or a path
// ending with a separator.
func isDir(out string) bool {
	if strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator)) {
		return true
	}
	st, err := os.Stat(out)
	return err == nil && st.IsDir()
}

// writeExport writes one entity to path through a temporary file in the same
// directory, renamed into place only when complete: a failed export never
// leaves a truncated file that looks whole.
func writeExport(ctx context.Context, src export.Source, entity, format, path string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = export.Write(ctx, src, entity, format, tmp); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
