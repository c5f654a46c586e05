package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"closer"
	"closer/export"
	"closer/sqlstore"
)

func runExport(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "export", "--org SLUG [--format csv|json|xlsx] [--entity "+strings.Join(export.Entities, "|")+"] --out DIR_OR_FILE", &dsn)
	slug := fs.String("org", "", "the organization's slug (required)")
	format := fs.String("format", "", "csv, json or xlsx (default: the --out file's extension when it is one of these, else csv)")
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
	// A directory (existing, or named with a trailing slash) gets one file
	// per entity, or only --entity's when given; anything else is a file,
	// in a directory that must exist.
	dir := isDir(*out)
	// A file named .xlsx is a workbook: the format follows the name unless
	// --format says otherwise, and a format the name contradicts is refused
	// rather than written under a name that spreadsheets then refuse.
	if ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(*out), ".")); !dir && slices.Contains(export.Formats, ext) && ext != f {
		if *format != "" {
			return usageError(e, fs, "--out %s names a .%s file, but --format is %s: give the file a .%s name, or leave --format out", *out, ext, f, f)
		}
		f = ext
	}
	ent, err := export.ParseEntity(*entity)
	if err != nil {
		return explain(e, err)
	}
	if !dir {
		if err := checkOutDir(filepath.Dir(*out)); err != nil {
			return err
		}
	}
	// The org first: an unknown one creates no directory.
	db, actx, err := openOrg(ctx, e, dsn, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	files := map[string]string{}
	if dir {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fmt.Errorf("--out: cannot create the directory %s: %w", *out, pathCause(err))
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
	for _, path := range files {
		if isDatabaseFile(path, dsn) {
			return usageError(e, fs, "--out %s is the database (--db %s) or one of its files: an export would replace it", path, redact(dsn))
		}
	}
	src := export.Source{Records: db, Lists: db, Orgs: db, Lookups: db}
	for _, en := range export.Entities {
		path, ok := files[en]
		if !ok {
			continue
		}
		// Recorded once the file is written, before it takes its name: an
		// export that cannot be audited does not happen, and a failed one
		// is not in the log.
		entry := closer.AuditEntry{Action: closer.AuditExport, UserName: "command line (closer export)", Target: en, Detail: f}
		if err := writeExport(actx, src, en, f, path, e.stdout, func() error { return db.Record(actx, entry) }); err != nil {
			return explain(e, err)
		}
		if replaceable(path) {
			fmt.Fprintf(e.stdout, "%s: %s\n", en, path)
		} else {
			// The data went to a stream, maybe stdout itself: the list
			// of files must not be mixed with it.
			fmt.Fprintf(e.stderr, "%s: %s\n", en, outName(path))
		}
	}
	return nil
}

// isDatabaseFile reports whether path names the SQLite database of dsn or
// one of the files SQLite keeps beside it (-wal, -shm, -journal), which an
// export must never replace: --out closer.db turned the database into a
// CSV file.
func isDatabaseFile(path, dsn string) bool {
	if sqlstore.IsPostgres(dsn) {
		return false
	}
	db := strings.TrimPrefix(dsn, "file:")
	out, err1 := filepath.Abs(path)
	abs, err2 := filepath.Abs(db)
	outInfo, errOut := os.Stat(path)
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if err1 == nil && err2 == nil && out == abs+suffix {
			return true
		}
		if st, err := os.Stat(db + suffix); err == nil && errOut == nil && os.SameFile(st, outInfo) {
			return true
		}
	}
	return false
}

// checkOutDir checks that the directory of an --out file exists.
func checkOutDir(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("--out: the directory %s does not exist (an --out ending with / is a directory, created when missing)", dir)
	} else if err != nil {
		return fmt.Errorf("--out: %s: %w", dir, pathCause(err))
	} else if !st.IsDir() {
		return fmt.Errorf("--out: %s is not a directory", dir)
	}
	return nil
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

// isDir reports whether out names a directory: an existing one, or a path
// ending with a separator.
func isDir(out string) bool {
	if strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator)) {
		return true
	}
	st, err := os.Stat(out)
	return err == nil && st.IsDir()
}

// writeExport writes one entity to path through a temporary file, and
// calls done once it is complete: a failed export never leaves a truncated
// file that looks whole, nor is it recorded. A path that does not exist
// yet, or a regular file, takes the temporary file's place by a rename in
// its directory. Anything else is written in place, the link or device
// kept: "-" (standard output), /dev/stdout, a named pipe, a symbolic link
// (a rename would replace the link, /dev/stdout by a plain file).
func writeExport(ctx context.Context, src export.Source, entity, format, path string, stdout io.Writer, done func() error) (err error) {
	replace := replaceable(path)
	dir := filepath.Dir(path)
	if !replace {
		dir = "" // the system's temporary directory: /dev takes no file
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("--out: cannot write in %s: %w", filepath.Dir(path), pathCause(err))
	}
	defer func() {
		if err != nil || !replace {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = export.Write(ctx, src, entity, format, tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = done(); err != nil {
		return err
	}
	if !replace {
		return copyOut(tmp, path, stdout)
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("--out: cannot write %s: %w", path, pathCause(err))
	}
	return nil
}

// replaceable reports whether an export takes path's place by a rename: a
// path that does not exist yet, or a regular file (not a link to one).
func replaceable(path string) bool {
	if path == "-" {
		return false
	}
	st, err := os.Lstat(path)
	return errors.Is(err, fs.ErrNotExist) || err == nil && st.Mode().IsRegular()
}

// outName names --out for the reader: "-" is standard output.
func outName(path string) string {
	if path == "-" {
		return "standard output"
	}
	return path
}

// copyOut copies the complete export in tmp to path, written in place, or
// to stdout for "-".
func copyOut(tmp *os.File, path string, stdout io.Writer) error {
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if path == "-" {
		_, err := io.Copy(stdout, tmp)
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return fmt.Errorf("--out: cannot write %s: %w", path, pathCause(err))
	}
	if _, err := io.Copy(f, tmp); err != nil {
		f.Close()
		return fmt.Errorf("--out: cannot write %s: %w", path, pathCause(err))
	}
	return f.Close()
}
