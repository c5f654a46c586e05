package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"closer"
)

// TestExportIsAudited: the command line's export is in the org's audit
// log, named as the command line rather than as an owner.
func TestExportIsAudited(t *testing.T) {
	path := exportFixture(t)
	file := filepath.Join(t.TempDir(), "deals.csv")
	if _, stderr, err := runCLI(t, path, "export", "--org", "acme", "--out", file); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	entries := auditLog(t, path, closer.AuditFilter{Action: closer.AuditExport})
	if len(entries) != 1 || entries[0].Target != "opportunities" || entries[0].Detail != "csv" ||
		entries[0].UserID != 0 || entries[0].UserName != "command line (closer export)" {
		t.Fatalf("export entries: %+v", entries)
	}
}

// TestFailedExportIsNotAudited: an --out in a missing directory is an error
// naming the directory (not a temporary file), and leaves no audit entry;
// an unknown org creates no directory.
func TestFailedExportIsNotAudited(t *testing.T) {
	path := exportFixture(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "nodir")
	_, _, err := runCLI(t, path, "export", "--org", "acme", "--out", filepath.Join(missing, "x.csv"))
	if err == nil || !strings.Contains(err.Error(), "--out: the directory "+missing+" does not exist") || strings.Contains(err.Error(), ".tmp") {
		t.Fatalf("missing directory: %v", err)
	}
	newDir := filepath.Join(dir, "newdir") + "/"
	if _, stderr, err := runCLI(t, path, "export", "--org", "nope", "--out", newDir); !errors.Is(err, errReported) || !strings.Contains(stderr, `No organization has the slug "nope"`) {
		t.Fatalf("unknown org: %v %q", err, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a failed export left %v", entries)
	}
	if entries := auditLog(t, path, closer.AuditFilter{Action: closer.AuditExport}); len(entries) != 0 {
		t.Fatalf("a failed export is in the audit log: %+v", entries)
	}
}

// auditLog reads the audit log of the org acme in the database at path.
func auditLog(t *testing.T, path string, f closer.AuditFilter) []closer.AuditEntry {
	t.Helper()
	ctx := context.Background()
	db, err := openDB(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	owner, err := orgOwnerContext(ctx, db, "acme")
	if err != nil {
		t.Fatal(err)
	}
	entries, _, err := db.AuditLog(owner, f)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}
