package sqlstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// OpenExisting refuses a missing or empty SQLite file and creates nothing;
// Open creates it; an empty dsn is refused by both.
func TestOpenExisting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "closr.db")
	if _, err := OpenExisting(ctx, missing); !errors.Is(err, ErrNoDatabase) || !strings.Contains(err.Error(), missing) {
		t.Fatalf("missing file: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("OpenExisting left files behind: %v", entries)
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	if _, err := OpenExisting(ctx, empty); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("empty file: %v", err)
	}
	for _, dsn := range []string{"", "  "} {
		if _, err := Open(ctx, dsn); err == nil {
			t.Fatalf("Open(%q) must fail", dsn)
		}
		if _, err := OpenExisting(ctx, dsn); err == nil || errors.Is(err, ErrNoDatabase) {
			t.Fatalf("OpenExisting(%q): %v", dsn, err)
		}
	}
	path := filepath.Join(dir, "closer.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Migrate(ctx)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err = OpenExisting(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
