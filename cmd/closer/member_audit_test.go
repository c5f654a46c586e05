package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"closer"
)

// TestMemberAddIsAudited: the command line's member changes are in the
// org's audit log, named as the command line, and a role change says so.
func TestMemberAddIsAudited(t *testing.T) {
	path := exportFixture(t) // acme, its owner boss@acme.test
	if _, _, err := runCLI(t, path, "user", "add", "--email", "marie@acme.test"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ role, want string }{
		{"owner", "marie@acme.test is owner of acme"},
		{"sales", "marie@acme.test: role changed from owner to sales in acme"},
		{"sales", "marie@acme.test is sales of acme (unchanged)"},
	} {
		out, stderr, err := runCLI(t, path, "member", "add", "--org", "acme", "--email", "MARIE@acme.test", "--role", c.role)
		if err != nil || strings.TrimSpace(out) != c.want {
			t.Fatalf("member add --role %s: %v %q %q, want %q", c.role, err, out, stderr, c.want)
		}
	}
	entries := auditLog(t, path, closer.AuditFilter{})
	var got []string
	for _, en := range entries {
		if strings.HasPrefix(en.Action, "member.") {
			if en.UserID != 0 || en.UserName != "command line (closer member add)" {
				t.Errorf("entry by %d %q", en.UserID, en.UserName)
			}
			got = append(got, en.Action+" "+en.Target+" "+en.Detail)
		}
	}
	want := []string{"member.role marie@acme.test owner → sales", "member.add marie@acme.test owner"} // newest first
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMemberAddRoleInAnyCase: --role is read in any case, as --lang and
// --currency are ("Owner" was refused); an unknown role is named.
func TestMemberAddRoleInAnyCase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	for _, args := range [][]string{{"migrate"}, {"org", "add", "--name", "Dupont"}, {"user", "add", "--email", "marie@dupont.fr"}} {
		if _, stderr, err := cli(t, db, "", args...); err != nil {
			t.Fatalf("%v: %v %s", args, err, stderr)
		}
	}
	if out, stderr, err := cli(t, db, "", "member", "add", "--org", "dupont", "--email", "marie@dupont.fr", "--role", " Owner "); err != nil || out != "marie@dupont.fr is owner of dupont\n" {
		t.Fatalf("--role Owner: %v %q %q", err, out, stderr)
	}
	if _, stderr, err := cli(t, db, "", "member", "add", "--org", "dupont", "--email", "marie@dupont.fr", "--role", "boss"); !errors.Is(err, errReported) || !strings.Contains(stderr, `not "boss"`) {
		t.Fatalf("--role boss: %v %q", err, stderr)
	}
}
