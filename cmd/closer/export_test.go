package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"closer"
	"closer/export"
)

// exportFixture creates a SQLite database holding the org acme with an
// account and two opportunities, one of them won, and returns its path.
func exportFixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "closer.db")
	ctx := context.Background()
	db, err := openDB(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sys := closer.NewSystemContext(ctx)
	org := &closer.Org{Name: "Acme", Slug: "acme"}
	u := &closer.User{Email: "boss@acme.test", Name: "Boss"}
	for _, err := range []error{db.CreateOrg(sys, org, "en"), db.CreateUser(sys, u, "")} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddMember(sys, "acme", u.Email, closer.RoleOwner); err != nil {
		t.Fatal(err)
	}
	actx := closer.NewContextWithActor(sys, closer.Actor{OrgID: org.ID, UserID: u.ID, Role: closer.RoleOwner})
	acc := &closer.Account{Name: "Dupont SARL"}
	if err := db.CreateAccount(actx, acc); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Windows", "Doors"} {
		o := &closer.Opportunity{Title: title, AccountID: acc.ID, Amount: 150000}
		if err := db.CreateOpportunity(actx, o); err != nil {
			t.Fatal(err)
		}
		if title == "Doors" {
			amount := closer.Money(149999)
			if _, err := db.CloseOpportunity(actx, o.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.DateOf(db.Now(), org.Location()), Amount: &amount}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return path
}

// runCLI runs the program with args against the database at path.
func runCLI(t *testing.T, path string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		if k == "CLOSER_DB" {
			return path
		}
		return ""
	}
	err = run(context.Background(), args, getenv, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestExportToDirectory(t *testing.T) {
	path := exportFixture(t)
	dir := filepath.Join(t.TempDir(), "exports") + "/"
	stdout, stderr, err := runCLI(t, path, "export", "--org", "acme", "--out", dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, en := range export.Entities {
		file := filepath.Join(dir, "acme-"+en+".csv")
		if !strings.Contains(stdout, file) {
			t.Errorf("stdout does not name %s:\n%s", file, stdout)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil || !slices.Equal(rows[0], export.Columns(en)) {
			t.Errorf("%s: %v %v", file, err, rows)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "acme-opportunities.csv"))
	for _, want := range []string{"Windows,Boss,Dupont SARL,,,Detection,open,1500.00,", "Doors,Boss,Dupont SARL,,,Detection,won,1499.99,"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the opportunities lack %q:\n%s", want, data)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(export.Entities) {
		t.Errorf("%d files in the directory, want %d (no temporary file left)", len(entries), len(export.Entities))
	}
}

func TestExportToFile(t *testing.T) {
	path := exportFixture(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "deals.json")
	if _, stderr, err := runCLI(t, path, "export", "--org", "acme", "--format", "json", "--out", file); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var recs []map[string]any
	data, _ := os.ReadFile(file)
	if err := json.Unmarshal(data, &recs); err != nil || len(recs) != 2 || recs[1]["amount"] != 1499.99 {
		t.Errorf("%v %v\n%s", err, recs, data)
	}
	xlsx := filepath.Join(dir, "accounts.xlsx")
	if _, stderr, err := runCLI(t, path, "export", "--org", "acme", "--entity", "accounts", "--format", "xlsx", "--out", xlsx); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if data, _ := os.ReadFile(xlsx); !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		t.Errorf("%s is not an XLSX file", xlsx)
	}
	// --entity into an existing directory writes that entity only.
	only := t.TempDir()
	if _, stderr, err := runCLI(t, path, "export", "--org", "acme", "--entity", "contacts", "--out", only); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if entries, _ := os.ReadDir(only); len(entries) != 1 || entries[0].Name() != "acme-contacts.csv" {
		t.Errorf("directory holds %v", entries)
	}
}

func TestExportRefusesBadInput(t *testing.T) {
	path := exportFixture(t)
	out := filepath.Join(t.TempDir(), "x.csv")
	for _, c := range []struct {
		name   string
		args   []string
		err    error
		stderr string
	}{
		{"no org", []string{"export", "--out", out}, errUsage, "--org and --out are required"},
		{"no out", []string{"export", "--org", "acme"}, errUsage, "--org and --out are required"},
		{"an argument", []string{"export", "--org", "acme", "--out", out, "extra"}, errUsage, "Usage: closer export"},
		{"an unknown org", []string{"export", "--org", "nobody", "--out", out}, errReported, "closer: "},
		{"a bad format", []string{"export", "--org", "acme", "--format", "pdf", "--out", out}, errReported, "(format)"},
		{"a bad entity", []string{"export", "--org", "acme", "--entity", "users", "--out", out}, errReported, "(entity)"},
		{"an unwritable place", []string{"export", "--org", "acme", "--out", filepath.Join(t.TempDir(), "missing", "x.csv")}, nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, path, c.args...)
			if c.err == nil {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if !errors.Is(err, c.err) || !strings.Contains(stderr, c.stderr) {
				t.Errorf("err %v, stderr %q; want %v and %q", err, stderr, c.err, c.stderr)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused export left %s", out)
	}
}

func TestExportHelp(t *testing.T) {
	stdout, _, err := runCLI(t, "", "help")
	if err != nil || !strings.Contains(stdout, "export ") {
		t.Errorf("help does not list export: %v\n%s", err, stdout)
	}
	stdout, _, err = runCLI(t, "", "export", "-h")
	if err != nil || !strings.Contains(stdout, "--out DIR_OR_FILE") {
		t.Errorf("export -h: %v\n%s", err, stdout)
	}
}

// TestExportFormatFromFileName: without --format, a file named .xlsx or
// .json gets that format (it got CSV, which Excel refuses to open as a
// workbook); a --format that the name contradicts is refused, writing
// nothing; any other name is CSV unless --format says otherwise.
func TestExportFormatFromFileName(t *testing.T) {
	db := exportFixture(t)
	dir := t.TempDir()
	for _, c := range []struct {
		args  []string
		magic string // the file's first bytes
	}{
		{[]string{"--out", filepath.Join(dir, "a.xlsx")}, "PK\x03\x04"},
		{[]string{"--out", filepath.Join(dir, "a.JSON")}, "["},
		{[]string{"--out", filepath.Join(dir, "a.csv")}, "title,"},
		{[]string{"--out", filepath.Join(dir, "a.txt")}, "title,"},
		{[]string{"--format", "xlsx", "--out", filepath.Join(dir, "b.xlsx")}, "PK\x03\x04"},
		{[]string{"--format", "json", "--out", filepath.Join(dir, "b")}, "["},
	} {
		out := c.args[len(c.args)-1]
		if _, stderr, err := cli(t, db, "", append([]string{"export", "--org", "acme"}, c.args...)...); err != nil {
			t.Fatalf("%v: %v %s", c.args, err, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil || !bytes.HasPrefix(b, []byte(c.magic)) {
			t.Errorf("%v: %v, the file starts with %q, want %q", c.args, err, b[:min(len(b), 8)], c.magic)
		}
	}
	bad := filepath.Join(dir, "c.xlsx")
	_, stderr, err := cli(t, db, "", "export", "--org", "acme", "--format", "csv", "--out", bad)
	if !errors.Is(err, errUsage) || !strings.Contains(stderr, "names a .xlsx file, but --format is csv") {
		t.Fatalf("--format csv --out c.xlsx: %v %q", err, stderr)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Fatal("a refused export wrote its file")
	}
}

// TestExportToStreamsAndLinks: --out - writes the export on standard
// output, alone; an --out that is a symbolic link (/dev/stdout is one) or a
// named pipe is written through, the link kept. The export's temporary
// file was renamed over the path: as root, --out /dev/stdout replaced the
// system's /dev/stdout link by a plain file.
func TestExportToStreamsAndLinks(t *testing.T) {
	db := exportFixture(t)
	out, stderr, err := cli(t, db, "", "export", "--org", "acme", "--out", "-")
	if err != nil || !strings.HasPrefix(out, "title,") || strings.Contains(out, "opportunities:") || !strings.Contains(out, "Windows") ||
		stderr != "opportunities: standard output\n" {
		t.Fatalf("--out -: %v %q %q", err, out, stderr)
	}
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target.json"), filepath.Join(dir, "latest.json")
	os.WriteFile(target, []byte("an older export, longer than the new one will be"+strings.Repeat(".", 5000)), 0o644)
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := cli(t, db, "", "export", "--org", "acme", "--out", link); err != nil {
		t.Fatalf("--out a link: %v %s", err, stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", st.Mode(), err)
	}
	var rows []map[string]any
	if b, _ := os.ReadFile(target); json.Unmarshal(b, &rows) != nil || len(rows) != 2 {
		t.Fatalf("the link's target: %q", b)
	}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	read := make(chan []byte, 1)
	go func() {
		b, _ := os.ReadFile(fifo)
		read <- b
	}()
	if _, stderr, err := cli(t, db, "", "export", "--org", "acme", "--out", fifo); err != nil {
		t.Fatalf("--out a named pipe: %v %s", err, stderr)
	}
	if b := <-read; !bytes.HasPrefix(b, []byte("title,")) {
		t.Fatalf("read from the pipe: %q", b)
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe was replaced: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Fatalf("files left: %v", entries)
	}
}

// TestExportNeverReplacesTheDatabase: an --out that names the SQLite
// database (by another path, or a link) or its WAL is refused, and the
// database is untouched: closer export --out closer.db replaced it by a
// CSV file.
func TestExportNeverReplacesTheDatabase(t *testing.T) {
	db := exportFixture(t)
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{db, filepath.Join(filepath.Dir(db), ".", filepath.Base(db)), db + "-wal", link} {
		_, stderr, err := cli(t, db, "", "export", "--org", "acme", "--out", out)
		if !errors.Is(err, errUsage) || !strings.Contains(stderr, "is the database (--db "+db+") or one of its files") {
			t.Errorf("--out %s: %v %q", out, err, stderr)
		}
	}
	if out, stderr, err := cli(t, db, "", "export", "--org", "acme", "--out", "-"); err != nil || !strings.Contains(out, "Windows") {
		t.Fatalf("the database after: %v %q", err, stderr)
	}
}
