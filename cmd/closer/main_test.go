package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"closer/demo"
)

// cli runs the command line in-process against dbPath and returns its
// output and error.
func cli(t *testing.T, dbPath, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		if k == "CLOSER_DB" {
			return dbPath
		}
		return ""
	}
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	out, _, err := cli(t, db, "", "help")
	if err != nil || !strings.Contains(out, "org add") || !strings.Contains(out, "import") {
		t.Fatalf("help: %v\n%s", err, out)
	}
	// migrate says what it did: every migration on a new database, then none
	files, err := filepath.Glob("../../sqlstore/migrations/*.sql")
	if err != nil || len(files) < 2 {
		t.Fatalf("migrations: %v %v", files, err)
	}
	if out, _, err := cli(t, db, "", "migrate"); err != nil || out != fmt.Sprintf("applied %d migrations\n", len(files)) {
		t.Fatalf("migrate a new database: %v %q", err, out)
	}
	if out, _, err := cli(t, db, "", "migrate"); err != nil || out != "schema up to date\n" {
		t.Fatalf("migrate again: %v %q", err, out)
	}
	out, _, err = cli(t, db, "", "org", "add", "--name", "Menuiserie Dupont & Fils")
	if err != nil || strings.TrimSpace(out) != "menuiserie-dupont-fils" {
		t.Fatalf("org add: %v %q", err, out)
	}
	if _, stderr, err := cli(t, db, "", "org", "add", "--name", "Autre", "--slug", "menuiserie-dupont-fils"); !errors.Is(err, errReported) || !strings.Contains(stderr, "already exists") {
		t.Fatalf("duplicate org: %v %q", err, stderr)
	}
	if _, stderr, err := cli(t, db, "", "org", "add", "--name", "X", "--timezone", "Mars/Olympus"); err == nil || !strings.Contains(stderr, "timezone") {
		t.Fatalf("bad timezone: %v %q", err, stderr)
	}
	if _, _, err := cli(t, db, "", "org", "add"); !errors.Is(err, errUsage) {
		t.Fatalf("missing --name: %v", err)
	}
	if _, _, err := cli(t, db, "correct horse battery\n", "user", "add", "--email", "Marie@Dupont.fr", "--name", "Marie"); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := cli(t, db, "short\n", "user", "add", "--email", "x@dupont.fr"); err == nil || !strings.Contains(stderr, "8 characters") {
		t.Fatalf("short password: %v %q", err, stderr)
	}
	if _, stderr, err := cli(t, db, "", "member", "add", "--org", "menuiserie-dupont-fils", "--email", "marie@dupont.fr", "--role", "boss"); err == nil || !strings.Contains(stderr, "Role") {
		t.Fatalf("bad role: %v %q", err, stderr)
	}
	if _, _, err := cli(t, db, "", "member", "add", "--org", "menuiserie-dupont-fils", "--email", "marie@dupont.fr", "--role", "owner"); err != nil {
		t.Fatal(err)
	}
	out, _, err = cli(t, db, "", "token", "create", "--email", "marie@dupont.fr", "--name", "laptop")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err != nil || !strings.HasPrefix(lines[len(lines)-1], "closer_") {
		t.Fatalf("token create: %v %q", err, out)
	}
	if _, stderr, err := cli(t, db, "", "frobnicate"); !errors.Is(err, errUsage) || !strings.Contains(stderr, "unknown command") {
		t.Fatalf("unknown command: %v %q", err, stderr)
	}
	if _, _, err := cli(t, db, "", "org", "add", "-h"); err != nil {
		t.Fatalf("-h must succeed: %v", err)
	}
}

// TestMissingDatabase: only serve, migrate and demo create a SQLite file
// that does not exist; every other subcommand names the path, says how to
// create it, and writes nothing (a backup of a mistyped path must not
// succeed with an empty copy). An empty --db is refused by all.
func TestMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "closr.db")
	for _, args := range [][]string{
		{"org", "add", "--name", "Dupont"},
		{"user", "add", "--email", "marie@dupont.fr"},
		{"member", "add", "--org", "dupont", "--email", "marie@dupont.fr", "--role", "owner"},
		{"token", "create", "--email", "marie@dupont.fr"},
		{"import", "--org", "dupont", "--profile", "closer", filepath.Join(dir, "deals.csv")},
		{"export", "--org", "dupont", "--out", filepath.Join(dir, "out.csv")},
		{"backup", "--out", filepath.Join(dir, "backup.db")},
	} {
		if args[0] == "import" {
			os.WriteFile(args[len(args)-1], []byte("title\nWindows\n"), 0o644)
		}
		_, _, err := cli(t, db, "", args...)
		if err == nil || !strings.Contains(err.Error(), "no database at "+db) || !strings.Contains(err.Error(), "closer migrate") {
			t.Errorf("%v: %v", args, err)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%v created %s", args, db)
		}
		for _, f := range []string{"backup.db", "out.csv"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				t.Fatalf("%v wrote %s", args, f)
			}
		}
	}
	for _, args := range [][]string{{"migrate"}, {"org", "add", "--name", "Dupont"}, {"backup", "--out", filepath.Join(dir, "b.db")}, {"demo"}} {
		args = append(args, "--db", "")
		if _, stderr, err := cli(t, db, "", args...); !errors.Is(err, errUsage) || !strings.Contains(stderr, "--db is empty") {
			t.Errorf("%v: %v %q", args, err, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 { // deals.csv
		t.Fatalf("files left: %v", entries)
	}
	if _, _, err := cli(t, db, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	if out, _, err := cli(t, db, "", "org", "add", "--name", "Dupont"); err != nil || strings.TrimSpace(out) != "dupont" {
		t.Fatalf("org add after migrate: %v %q", err, out)
	}
}

// TestStrayArguments: a word a subcommand does not take is an error that
// names it (exit status 2), before anything is written; flags after a
// stray word are not silently dropped.
func TestStrayArguments(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "closer.db")
	if _, _, err := cli(t, db, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"org", "add", "--name", "Menuiserie", "Dupont", "--slug", "dupont"},
		{"org", "add", "--name", "Bois SA", "extra", "--timezone", "America/New_York"},
		{"user", "add", "--email", "a@b.fr", "Dupont", "--name", "Anne B"},
		{"member", "add", "--org", "menuiserie", "--email", "a@b.fr", "--role", "sales", "x"},
		{"token", "create", "--email", "a@b.fr", "laptop"},
		{"demo", "junk", "--opportunities", "5"},
		{"migrate", "junk"},
		{"backup", "--out", filepath.Join(dir, "x.db"), "junk"},
		{"export", "--org", "menuiserie", "--out", filepath.Join(dir, "x.csv"), "junk"},
		{"serve", "--addr", "127.0.0.1:0", "junk"},
	} {
		_, stderr, err := cli(t, db, "correct horse battery\n", args...)
		if !errors.Is(err, errUsage) || !strings.Contains(stderr, "unexpected argument") {
			t.Errorf("%v: %v %q", args, err, stderr)
		}
	}
	for _, f := range []string{"x.db", "x.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s written", f)
		}
	}
	_, stderr, _ := cli(t, db, "", "org", "add", "--name", "Menuiserie", "Dupont")
	if !strings.Contains(stderr, `unexpected argument "Dupont": quote a name with spaces`) {
		t.Errorf("message: %q", stderr)
	}
	// Flags after the data file of an import are read, not dropped.
	if _, _, err := cli(t, db, "", "org", "add", "--name", "Acme", "--lang", "en"); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "deals.csv")
	os.WriteFile(data, []byte("title,owner\nWindows,Ann Lee\n"), 0o644)
	mapping := filepath.Join(dir, "mapping.json")
	os.WriteFile(mapping, []byte(`{"entity": "opportunities", "columns": {"title": "title", "owner": "owner"}}`), 0o644)
	if out, stderr, err := cli(t, db, "", "import", "--org", "acme", data, "--mapping", mapping, "--dry-run"); err != nil || !strings.Contains(out, "ry run") {
		t.Errorf("import with flags after the file: %v\n%s%s", err, out, stderr)
	}
	if _, stderr, err := cli(t, db, "", "import", "--org", "acme", "--mapping", mapping, data, data); !errors.Is(err, errUsage) || !strings.Contains(stderr, "one data file") {
		t.Errorf("two data files: %v %q", err, stderr)
	}
}

// TestHelp: closer help <command> and <command> -h print the command's
// usage on stdout (exit status 0); a flag error prints it on stderr (2).
// The usage never shows the password of the environment's database URL.
func TestHelp(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	for _, args := range [][]string{{"help", "serve"}, {"serve", "-h"}, {"help", "org", "add"}, {"org", "add", "--help"}} {
		out, stderr, err := cli(t, db, "", args...)
		want := "Usage: closer " + strings.Join(args[1:], " ")
		if args[0] != "help" {
			want = "Usage: closer " + strings.Join(args[:len(args)-1], " ")
		}
		if err != nil || !strings.HasPrefix(out, want+" ") || stderr != "" {
			t.Errorf("%v: %v, stdout %q, stderr %q", args, err, out, stderr)
		}
	}
	if out, stderr, err := cli(t, db, "", "serve", "--nope"); !errors.Is(err, errUsage) || out != "" || !strings.Contains(stderr, "Usage: closer serve") {
		t.Errorf("flag error: %v, stdout %q, stderr %q", err, out, stderr)
	}
	// help's own -h is its usage, the list, on stdout (exit status 0)
	for _, args := range [][]string{{"help", "-h"}, {"help", "--help"}, {"help", "-help"}, {"help", "help"}, {"-h"}} {
		out, stderr, err := cli(t, db, "", args...)
		if err != nil || !strings.Contains(out, "Usage: closer <command>") || !strings.Contains(out, "token create") || stderr != "" {
			t.Errorf("%v: %v, stdout %q, stderr %q", args, err, out, stderr)
		}
	}
	if out, stderr, err := cli(t, db, "", "help", "serve", "-h"); err != nil || !strings.HasPrefix(out, "Usage: closer serve ") || stderr != "" {
		t.Errorf("help serve -h: %v, stdout %q, stderr %q", err, out, stderr)
	}
	if _, stderr, err := cli(t, db, "", "help", "frobnicate"); !errors.Is(err, errUsage) || !strings.Contains(stderr, "unknown command") {
		t.Errorf("help of an unknown command: %v %q", err, stderr)
	}
	// A group's word: its subcommands' usage, on stdout when asked for (0),
	// on stderr when the subcommand is missing or unknown (2).
	for _, args := range [][]string{{"token", "-h"}, {"help", "user"}, {"org", "--help"}, {"member", "-h"}} {
		group := args[0]
		if group == "help" {
			group = args[1]
		}
		out, stderr, err := cli(t, db, "", args...)
		if err != nil || !strings.Contains(out, "Usage: closer "+group+" ") || !strings.Contains(out, "-db") || stderr != "" {
			t.Errorf("%v: %v, stdout %q, stderr %q", args, err, out, stderr)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"org"}, "closer org: a subcommand is missing"},
		{[]string{"token", "--email", "a@b.c"}, "closer token: a subcommand is missing"},
		{[]string{"user", "remove"}, `closer: unknown command "user remove"`},
	} {
		out, stderr, err := cli(t, db, "", c.args...)
		if !errors.Is(err, errUsage) || out != "" || !strings.HasPrefix(stderr, c.want) || !strings.Contains(stderr, "Usage: closer "+c.args[0]+" ") {
			t.Errorf("%v: %v, stdout %q, stderr %q", c.args, err, out, stderr)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a group's usage created the database")
	}
	out, _, _ := cli(t, db, "", "help")
	for _, want := range []string{"opportunities, accounts, contacts, orders, quotes or activities", "PostgreSQL with pg_dump"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
	for _, args := range [][]string{{"migrate", "-h"}, {"migrate", "--nope"}, {"serve", "-h"}} {
		var stdout, stderr bytes.Buffer
		getenv := func(k string) string {
			return map[string]string{"CLOSER_DB": "postgres://closer:S3cretPw@127.0.0.1:1/x", "CLOSER_SMTP_URL": "smtp://closer:MailPw@127.0.0.1:25"}[k]
		}
		run(context.Background(), args, getenv, strings.NewReader(""), &stdout, &stderr)
		all := stdout.String() + stderr.String()
		if strings.Contains(all, "S3cretPw") || strings.Contains(all, "MailPw") || !strings.Contains(all, "postgres://closer:***@127.0.0.1:1/x") {
			t.Errorf("%v shows a password:\n%s", args, all)
		}
	}
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "closer.db")
	if _, _, err := cli(t, db, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cli(t, db, "", "org", "add", "--name", "Acme", "--lang", "en"); err != nil {
		t.Fatal(err)
	}
	mapping := filepath.Join(dir, "mapping.json")
	os.WriteFile(mapping, []byte(`{"entity": "opportunities", "columns": {"title": "deal", "owner": "rep", "status": "state", "amount": "value", "closed_on": "closed", "competitor": "winner", "loss_reason": "why"}, "date_format": "2006-01-02"}`), 0o644)
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("deal,rep,state,value,closed,winner,why\nWindows,Ann Lee,won,1200.50,2024-03-01,,\nDoors,Ann Lee,open,300,,,\n"), 0o644)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("deal,rep,state,value,closed,winner,why\nWindows,Ann Lee,won,1200.50,2024-03-01,,\nDoors,Bob,lost,300,2024-03-02,,Lead time\n"), 0o644)

	// A bad row: non-zero, the line and the reason, nothing written; the
	// error output says it failed (it said nothing), a dry run's too.
	out, stderr, err := cli(t, db, "", "import", "--org", "acme", "--mapping", mapping, bad)
	if err == nil || !strings.Contains(out, "line 3") || !strings.Contains(out, "competitor") ||
		!strings.HasSuffix(stderr, "closer import: nothing imported, 1 problem: listed with their lines on standard output\n") {
		t.Fatalf("bad import: %v\n%s\n%s", err, out, stderr)
	}
	if _, stderr, err := cli(t, db, "", "import", "--org", "acme", "--mapping", mapping, "--dry-run", bad); err == nil || !strings.Contains(stderr, "nothing imported, 1 problem") {
		t.Fatalf("bad dry run: %v %q", err, stderr)
	}
	// A dry run reports and writes nothing; the real run imports both rows.
	if out, _, err = cli(t, db, "", "import", "--org", "acme", "--mapping", mapping, "--dry-run", good); err != nil {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if out, _, err = cli(t, db, "", "import", "--org", "acme", "--mapping", mapping, good); err != nil || !strings.Contains(out, "2") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if _, stderr, err := cli(t, db, "", "import", "--org", "acme", good); !errors.Is(err, errUsage) || !strings.Contains(stderr, "either --mapping or --profile are required") {
		t.Fatalf("missing mapping: %v %q", err, stderr)
	}
	// Both: "not both", not "either … are required" (QA round 5, N15).
	if _, stderr, err := cli(t, db, "", "import", "--org", "acme", "--mapping", mapping, "--profile", "maven", good); !errors.Is(err, errUsage) || !strings.Contains(stderr, "--mapping or --profile, not both") {
		t.Fatalf("a mapping and a profile: %v %q", err, stderr)
	}
	if _, stderr, err := cli(t, db, "", "import", "--org", "nope", "--mapping", mapping, good); err == nil || !strings.Contains(stderr, `No organization has the slug "nope"`) {
		t.Fatalf("unknown org: %v %q", err, stderr)
	}
	// Closer's own JSON export is not read as a CSV file.
	exported := filepath.Join(dir, "acme-opportunities.json")
	if _, stderr, err := cli(t, db, "", "export", "--org", "acme", "--format", "json", "--out", exported); err != nil {
		t.Fatal(stderr)
	}
	if _, stderr, err := cli(t, db, "", "import", "--org", "acme", "--profile", "closer", exported); !errors.Is(err, errReported) ||
		!strings.Contains(stderr, "is a JSON file: import a CSV or XLSX file") || !strings.Contains(stderr, "--format csv or xlsx") {
		t.Fatalf("JSON file: %v %q", err, stderr)
	}
}

func TestDemoCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	for _, n := range []string{"0", "-1", "1000001"} {
		if _, stderr, err := cli(t, db, "", "demo", "--opportunities", n); !errors.Is(err, errUsage) || !strings.Contains(stderr, "between 1 and 1000000") {
			t.Errorf("--opportunities %s: %v %q", n, err, stderr)
		}
	}
	// Only decimal digits: flag.Int read 010 as octal 8 and 0x10 as 16.
	for _, n := range []string{"0x10", "0b11", "0o7", "1e3", "1_000", "ten"} {
		if _, stderr, err := cli(t, db, "", "demo", "--opportunities", n); !errors.Is(err, errUsage) || !strings.Contains(stderr, "decimal digits") {
			t.Errorf("--opportunities %s: %v %q", n, err, stderr)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("a refused demo created the database")
	}
	ten := filepath.Join(t.TempDir(), "ten.db")
	if out, _, err := cli(t, ten, "", "demo", "--opportunities", "010"); err != nil || !strings.Contains(out, "loaded: 10 opportunities") {
		t.Errorf("--opportunities 010 must load ten: %v\n%s", err, out)
	}
	out, _, err := cli(t, db, "", "demo", "--opportunities", "200")
	if err != nil || !strings.Contains(out, "claire@demo.closer.test") {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	if _, _, err := cli(t, db, "", "demo"); err == nil {
		t.Fatal("a second demo must be refused")
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if _, _, err := cli(t, db, "", "backup", "--out", backup); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(backup); err != nil || st.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}
}

// TestServe starts the server on a random loopback port with the demo,
// checks /healthz and the sign-in page, and stops it.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		getenv := func(k string) string {
			if k == "CLOSER_DB" {
				return db
			}
			return ""
		}
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--demo"}, getenv, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var lines []string
	for len(lines) < 4 && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	go io.Copy(io.Discard, pr)
	first := lines[0]
	i := strings.Index(first, "http://")
	if i < 0 {
		t.Fatalf("no URL printed: %q", lines)
	}
	url := strings.Fields(first[i:])[0]
	if !strings.Contains(strings.Join(lines, "\n"), "demo1234") {
		t.Fatalf("no demo sign-in printed: %q", lines)
	}
	for _, path := range []string{"/healthz", "/signin"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
	}
	// A live stream left open does not hold up the shutdown.
	stream := openLiveStream(t, url, "claire@"+demo.EmailDomain, demo.Password)
	defer stream.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
}

// openLiveStream signs in and opens the demo org's live stream, and
// returns it once the server has answered.
func openLiveStream(t *testing.T, base, email, password string) io.ReadCloser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.PostForm(base+"/signin", neturl.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = client.Get(base + "/o/demo/live")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		resp.Body.Close()
		t.Fatalf("live stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return resp.Body
}

// TestServeMailSettings: a bad SMTP URL, a missing sender or a bad base
// URL stop the start with a message; a good SMTP URL (from the
// environment) is announced without its password.
func TestServeMailSettings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--smtp-url", "http://mail.example.test", "--smtp-from", "a@example.test"}, "smtp:// or smtps://"},
		{[]string{"--smtp-url", "smtp://mail.example.test"}, "--smtp-from"},
		{[]string{"--base-url", "crm.example.test"}, "--base-url"},
		{[]string{"--base-url", "https://crm.example.test/?x=1"}, "--base-url"},
	} {
		args := append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, c.args...)
		err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{{"", ""}, {"https://crm.example.test/", "https://crm.example.test"}, {"http://127.0.0.1:8080/closer", "http://127.0.0.1:8080/closer"}} {
		if got, err := checkBaseURL(c.in); err != nil || got != c.want {
			t.Errorf("checkBaseURL(%q) = %q, %v", c.in, got, err)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	env := map[string]string{"CLOSER_DB": db, "CLOSER_SMTP_URL": "smtp://closer:s3cret@127.0.0.1:2525", "CLOSER_SMTP_FROM": "Closer <closer@example.test>",
		"CLOSER_BASE_URL": "https://crm.example.test"}
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var lines []string
	for len(lines) < 2 && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	go io.Copy(io.Discard, pr)
	out := strings.Join(lines, "\n")
	if !strings.Contains(out, "Invitation e-mails go through smtp://closer@127.0.0.1:2525") || strings.Contains(out, "s3cret") {
		t.Errorf("start: %q", out)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
}

// TestDBFlagBeforeCommand: --db, which every command takes, may come before
// the command (closer --db x.db migrate), as a global flag; it was an
// "unknown command \"--db x.db\"". Another flag there says where flags go.
func TestDBFlagBeforeCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "first.db")
	other := filepath.Join(dir, "env.db") // CLOSER_DB, which --db overrides
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", db, "migrate"}, "applied"},
		{[]string{"--db=" + db, "org", "add", "--name", "Dupont"}, "dupont\n"},
		{[]string{"-db", db, "org", "add", "--name", "Martin"}, "martin\n"},
		{[]string{"--db", db, "help"}, "Usage: closer <command>"},
	} {
		out, stderr, err := cli(t, other, "", c.args...)
		if err != nil || !strings.Contains(out, c.want) {
			t.Fatalf("%v: %v %q %q", c.args, err, out, stderr)
		}
	}
	if _, err := os.Stat(other); err == nil {
		t.Fatal("CLOSER_DB was used instead of --db")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", ":0", "serve"}, "--addr before the command: flags go after it"},
		{[]string{"--db"}, "--db needs a value"},
		{[]string{"--db", db}, "a command is missing after --db"},
		{[]string{"--db", db, "frobnicate"}, `unknown command "frobnicate"`},
	} {
		if out, stderr, err := cli(t, other, "", c.args...); !errors.Is(err, errUsage) || out != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: %v %q %q, want %q", c.args, err, out, stderr, c.want)
		}
	}
}

// TestDatabasePathWithURICharacters: a SQLite --db whose name holds "#",
// "?" or "%" is that file. The driver reads a file: URI, where "#" ends the
// path, "?" starts the query and "%" escapes a byte: closer migrate --db
// 'closer#2.db' created "closer", and every later command found no
// database at closer#2.db.
func TestDatabasePathWithURICharacters(t *testing.T) {
	for _, name := range []string{"closer#2.db", "what?.db", "100%.db", "100%25.db", "a b.db"} {
		dir := t.TempDir()
		db := filepath.Join(dir, name)
		if _, stderr, err := cli(t, db, "", "migrate"); err != nil {
			t.Fatalf("%s: migrate: %v %s", name, err, stderr)
		}
		if out, stderr, err := cli(t, db, "", "org", "add", "--name", "Dupont"); err != nil || out != "dupont\n" {
			t.Fatalf("%s: org add: %v %q %s", name, err, out, stderr)
		}
		backup := filepath.Join(dir, "backup of "+name)
		if _, stderr, err := cli(t, db, "", "backup", "--out", backup); err != nil {
			t.Fatalf("%s: backup: %v %s", name, err, stderr)
		}
		if out, stderr, err := cli(t, backup, "", "org", "add", "--name", "Martin"); err != nil || out != "martin\n" {
			t.Fatalf("%s: the backup: %v %q %s", name, err, out, stderr)
		}
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		for _, n := range names {
			if !strings.HasPrefix(n, name) && !strings.HasPrefix(n, "backup of "+name) {
				t.Errorf("%s: another file was written: %v", name, names)
			}
		}
	}
}

// TestNewerSchemaRefused: a database migrated by a newer Closer (a
// migration this binary does not know) is refused by every command, instead
// of "schema up to date" and reads and writes by older rules.
func TestNewerSchemaRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	if _, _, err := cli(t, db, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	d, err := openExistingDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.SQL().Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (99999, '2030-01-01T00:00:00Z')`)
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"migrate"}, {"org", "add", "--name", "Dupont"}} {
		out, _, err := cli(t, db, "", args...)
		if err == nil || !strings.Contains(err.Error(), "migrated by a newer version of Closer (migration 99999") || out != "" {
			t.Errorf("%v: %v %q", args, err, out)
		}
	}
}

// TestDBOtherThanSQLiteOrPostgres: a URL of another database, and a
// directory, are named as such, creating nothing; a URL was taken for a
// SQLite path ("unable to open database file").
func TestDBOtherThanSQLiteOrPostgres(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ db, want string }{
		{"mysql://closer:s3cret@localhost/closer", "--db mysql://closer:***@localhost/closer: Closer takes a SQLite file path (closer.db, not mysql://…) or a postgres:// URL"},
		{"sqlite://closer.db", "not sqlite://…"},
		{dir, dir + " is a directory, not a database file"},
	} {
		for _, args := range [][]string{{"migrate"}, {"serve", "--addr", "127.0.0.1:0"}, {"org", "add", "--name", "Dupont"}} {
			_, _, err := cli(t, c.db, "", args...)
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "s3cret") {
				t.Errorf("%s %v: %v, want %q", c.db, args, err, c.want)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files written: %v", entries)
	}
}

// TestUserAddPasswordFromStdin: the first line of standard input is the
// password, without its line end (LF or CRLF); no input is no password;
// its length is counted in characters, as the message says ("äöüäöü" is
// six, and was taken as twelve bytes), up to 1024.
func TestUserAddPasswordFromStdin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	if _, _, err := cli(t, db, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("é", 1024)
	for i, c := range []struct {
		stdin, password string // password "": none
		refused         string
	}{
		{"", "", ""},
		{"\n", "", ""},
		{"correct horse\n", "correct horse", ""},
		{"correct horse\r\n", "correct horse", ""},
		{" spaces kept \nsecond line\n", " spaces kept ", ""},
		{"no line end", "no line end", ""},
		{long + "\n", long, ""},
		{"äöüäöü\n", "", "at least 8 characters"},
		{strings.Repeat("a", 1025), "", "too long"},
	} {
		email := fmt.Sprintf("user%d@dupont.fr", i)
		out, stderr, err := cli(t, db, c.stdin, "user", "add", "--email", email)
		if c.refused != "" {
			if !errors.Is(err, errReported) || !strings.Contains(stderr, c.refused) {
				t.Errorf("%q: %v %q, want %q", c.stdin, err, stderr, c.refused)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v %s", c.stdin, err, stderr)
			continue
		}
		if c.password == "" {
			if !strings.Contains(out, "without a password") {
				t.Errorf("%q: %q", c.stdin, out)
			}
			continue
		}
		d, err := openExistingDB(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		_, err = d.Authenticate(context.Background(), email, c.password)
		d.Close()
		if err != nil {
			t.Errorf("%q: sign in with %q: %v", c.stdin, c.password, err)
		}
	}
}
