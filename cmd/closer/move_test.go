package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMoveDemoByExportAndImport follows the guides' move of an org: the
// demo exported to a directory, then each file imported into a new org with
// the built-in profile of Closer's own export, accounts, contacts,
// opportunities, orders, quotes, activities; the file of one entity given the profile of
// another is refused with the profile to use.
func TestMoveDemoByExportAndImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "closer.db")
	dir := filepath.Join(t.TempDir(), "exports") + "/"
	steps := [][]string{
		{"demo", "--opportunities", "200"},
		{"export", "--org", "demo", "--out", dir},
		{"org", "add", "--name", "Moved", "--slug", "moved"},
		{"user", "add", "--email", "boss@moved.test", "--name", "Boss"},
		{"member", "add", "--org", "moved", "--email", "boss@moved.test", "--role", "owner"},
	}
	for _, args := range steps {
		if _, stderr, err := runCLI(t, path, args...); err != nil {
			t.Fatalf("closer %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
	}
	_, stderr, err := runCLI(t, path, "import", "--org", "moved", "--profile", "closer", dir+"demo-accounts.csv")
	if err == nil || !strings.Contains(stderr, "Closer's own export of accounts, not of opportunities: import it with the profile closer-accounts") {
		t.Errorf("accounts read as opportunities: %v\n%s", err, stderr)
	}
	for _, step := range []struct{ profile, entity string }{
		{"closer-accounts", "accounts"}, {"closer-contacts", "contacts"}, {"closer", "opportunities"}, {"closer-orders", "orders"},
		{"closer-quotes", "quotes"}, {"closer-activities", "activities"},
	} {
		f, err := os.Open(dir + "demo-" + step.entity + ".csv")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil || len(rows) < 10 {
			t.Fatalf("%s: %d rows, %v", step.entity, len(rows), err)
		}
		want := fmt.Sprintf("Imported %d %s from %d rows.\n", len(rows)-1, step.entity, len(rows)-1)
		stdout, stderr, err := runCLI(t, path, "import", "--org", "moved", "--profile", step.profile, f.Name())
		if err != nil || !strings.HasPrefix(stdout, want) {
			t.Fatalf("import of %s: %v, want %q\n%s%s", step.entity, err, want, stdout, stderr)
		}
		// Each file finds the accounts and contacts of the earlier ones again.
		if step.entity != "accounts" && (strings.Contains(stdout, "created 1 account") || strings.Contains(stdout, "accounts:") ||
			strings.Contains(stdout, "created 1 contact") || strings.Contains(stdout, "contacts:")) {
			t.Errorf("import of %s created records:\n%s", step.entity, stdout)
		}
	}
}

// TestImportHeaderOnly imports the export of an organization that has no
// record of an entity (a header alone, CSV and XLSX) as nothing to import,
// exit status 0: a scripted move of an organization does not stop at it.
func TestImportHeaderOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "closer.db")
	dir := filepath.Join(t.TempDir(), "exports") + "/"
	for _, args := range [][]string{
		{"migrate"},
		{"org", "add", "--name", "Empty", "--slug", "empty"},
		{"org", "add", "--name", "Moved", "--slug", "moved"},
		{"user", "add", "--email", "boss@moved.test", "--name", "Boss"},
		{"member", "add", "--org", "moved", "--email", "boss@moved.test", "--role", "owner"},
		{"export", "--org", "empty", "--out", dir},
		{"export", "--org", "empty", "--format", "xlsx", "--out", dir},
	} {
		if _, stderr, err := runCLI(t, path, args...); err != nil {
			t.Fatalf("closer %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
	}
	for _, step := range []struct{ profile, entity string }{
		{"closer-accounts", "accounts"}, {"closer-contacts", "contacts"}, {"closer", "opportunities"}, {"closer-orders", "orders"},
	} {
		for _, ext := range []string{".csv", ".xlsx"} {
			stdout, stderr, err := runCLI(t, path, "import", "--org", "moved", "--profile", step.profile, dir+"empty-"+step.entity+ext)
			want := "Nothing to import: the file has a header but no data rows (0 " + step.entity + ").\n"
			if err != nil || stdout != want {
				t.Errorf("%s%s: %v, want %q\n%s%s", step.entity, ext, err, want, stdout, stderr)
			}
		}
	}
}
