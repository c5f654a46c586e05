package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"closer/importer"
)

// TestImportProgressOnStderr: an import that lasts prints on stderr the
// rows checked, then written, then the end of the writes; standard output
// holds the summary alone, as before.
func TestImportProgressOnStderr(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "closer.db")
	for _, args := range [][]string{{"migrate"}, {"org", "add", "--name", "Acme", "--lang", "en"}} {
		if _, stderr, err := cli(t, db, "", args...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
	}
	var b strings.Builder
	b.WriteString("opportunity_id,sales_agent,account,deal_stage,engage_date,close_date,close_value\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "D%04d,Ann Lee,Acme %d,Won,2024-01-10,2024-02-%02d,%d\n", i, i%9, i%28+1, 100+i)
	}
	data := filepath.Join(dir, "deals.csv")
	if err := os.WriteFile(data, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// Every look at the clock is a second after the one before.
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	progressClock = func() time.Time { now = now.Add(time.Second); return now }
	defer func() { progressClock = time.Now }()

	stdout, stderr, err := cli(t, db, "", "import", "--org", "acme", "--profile", "maven", "--dry-run", data)
	if err != nil {
		t.Fatalf("dry run: %v\n%s%s", err, stdout, stderr)
	}
	want := "checking rows: 0 of 5000\nchecking rows: 4096 of 5000\nchecking rows: 5000 of 5000\n" +
		"preparing the writes: 0 of 5000 rows (dry run: nothing is written)\npreparing the writes: 4096 of 5000 rows (dry run: nothing is written)\n" +
		"preparing the writes: 5000 of 5000 rows (dry run: nothing is written)\n" +
		"finishing…\n"
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
	if !strings.HasPrefix(stdout, "Dry run, nothing written: would import 5000 opportunities from 5000 rows.\n") || strings.Contains(stdout, "rows:") {
		t.Errorf("stdout:\n%s", stdout)
	}
	stdout, stderr, err = cli(t, db, "", "import", "--org", "acme", "--profile", "maven", data)
	if err != nil || !strings.HasPrefix(stdout, "Imported 5000 opportunities from 5000 rows.\n") ||
		!strings.HasSuffix(stderr, "writing rows: 5000 of 5000\nfinishing the writes of 5000 rows…\n") {
		t.Errorf("import: %v\n%s%s", err, stdout, stderr)
	}
}

// TestRowCounter: nothing in the first second, then a line a second at
// most, but the end of the writes at once; on a terminal, one line written
// over, and erased before the summary.
func TestRowCounter(t *testing.T) {
	start := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	now := start
	clock := func() time.Time { return now }
	at := func(ms int) { now = start.Add(time.Duration(ms) * time.Millisecond) }
	var out bytes.Buffer
	c := newRowCounter(&out, false, clock)
	steps := []struct {
		ms int
		p  importer.Progress
	}{
		{100, importer.Progress{Phase: importer.PhaseChecking, Rows: 0, Total: 9000}},      // first second: nothing
		{900, importer.Progress{Phase: importer.PhaseChecking, Rows: 4096, Total: 9000}},   // nothing
		{1000, importer.Progress{Phase: importer.PhaseChecking, Rows: 8192, Total: 9000}},  // shown
		{1500, importer.Progress{Phase: importer.PhaseChecking, Rows: 9000, Total: 9000}},  // within the second: nothing
		{2100, importer.Progress{Phase: importer.PhaseWriting, Rows: 4096, Total: 9000}},   // shown
		{2200, importer.Progress{Phase: importer.PhaseFinishing, Rows: 9000, Total: 9000}}, // shown at once
	}
	for _, s := range steps {
		at(s.ms)
		c.report(s.p)
	}
	c.end()
	if want := "checking rows: 8192 of 9000\nwriting rows: 4096 of 9000\nfinishing the writes of 9000 rows…\n"; out.String() != want {
		t.Errorf("log:\n%q\nwant\n%q", out.String(), want)
	}
	// A small file: the end of the writes within the first second shows nothing.
	out.Reset()
	c = newRowCounter(&out, false, clock)
	at(2500)
	c.report(importer.Progress{Phase: importer.PhaseFinishing, Rows: 10, Total: 10})
	if out.Len() != 0 {
		t.Errorf("a small file printed %q", out.String())
	}

	out.Reset()
	now = start
	c = newRowCounter(&out, false, clock)
	c.terminal = true
	at(1200)
	c.report(importer.Progress{Phase: importer.PhaseChecking, Rows: 4096, Total: 9000})
	at(2400)
	c.report(importer.Progress{Phase: importer.PhaseWriting, Rows: 4096, Total: 9000})
	c.end()
	if want := "\r\033[Kchecking rows: 4096 of 9000\r\033[Kwriting rows: 4096 of 9000\r\033[K"; out.String() != want {
		t.Errorf("terminal:\n%q\nwant\n%q", out.String(), want)
	}
}
