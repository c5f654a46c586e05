package main

import (
	"context"
	"path/filepath"
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
	entries, _, err := db.AuditLog(owner, closer.AuditFilter{Action: closer.AuditExport})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Target != "opportunities" || entries[0].Detail != "csv" ||
		entries[0].UserID != 0 || entries[0].UserName != "command line (closer export)" {
		t.Fatalf("export entries: %+v", entries)
	}
}
