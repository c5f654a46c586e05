package importer

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestRunProgress: a Run reports the rows it checked, every checkEvery rows
// and at the end, then the rows it wrote, then the end of the writes; the
// rows it finds again in the org are checked but not written, and counted
// out of the writing phase's total. The report is the same as without a
// progress callback, and each row is counted once in it although it is
// built twice (checked, then written).
func TestRunProgress(t *testing.T) {
	const n = 10_000
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		path := writeGenerated(t, t.TempDir(), n)
		ctx := newStoreOrg(t, db, "progress")
		m, _ := Profile("maven")
		var got []Progress
		rep, err := Run(ctx, db, m, readFile(t, path, m), Options{Now: fixedNow, Progress: func(p Progress) { got = append(got, p) }})
		if err != nil || rep.Imported != n {
			t.Fatalf("%v %+v", err, rep)
		}
		want := []Progress{
			{PhaseChecking, 0, n}, {PhaseChecking, 4096, n}, {PhaseChecking, 8192, n}, {PhaseChecking, n, n},
			{PhaseWriting, 0, n}, {PhaseWriting, 4096, n}, {PhaseWriting, 8192, n}, {PhaseWriting, n, n},
			{PhaseFinishing, n, n},
		}
		if !slices.Equal(got, want) {
			t.Errorf("progress:\n got %v\nwant %v", got, want)
		}
		if sum := rep.ByStatus[closer.StatusWon] + rep.ByStatus[closer.StatusLost] + rep.ByStatus[closer.StatusOpen]; sum != n {
			t.Errorf("by status %v: %d rows, want %d", rep.ByStatus, sum, n)
		}

		// The same file and 500 more rows: the first n are found again.
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		must(t, err)
		for i := range 500 {
			fmt.Fprintf(f, "N%04d,Agent 1,GTX,Account 1,Won,2016-02-01,2016-03-01,100\n", i)
		}
		must(t, f.Close())
		got = nil
		rep, err = Run(ctx, db, m, readFile(t, path, m), Options{Now: fixedNow, Progress: func(p Progress) { got = append(got, p) }})
		if err != nil || rep.Imported != 500 || rep.Unchanged != n {
			t.Fatalf("again: %v %+v", err, rep)
		}
		want = []Progress{
			{PhaseChecking, 0, n + 500}, {PhaseChecking, 4096, n + 500}, {PhaseChecking, 8192, n + 500}, {PhaseChecking, n + 500, n + 500},
			{PhaseWriting, 0, 500}, {PhaseWriting, 500, 500}, {PhaseFinishing, 500, 500},
		}
		if !slices.Equal(got, want) {
			t.Errorf("progress again:\n got %v\nwant %v", got, want)
		}
	})
}

// TestRunProgressRejected: a file with a bad row reports its check, and no
// writing: nothing is written.
func TestRunProgressRejected(t *testing.T) {
	m, _ := Profile("maven")
	data := "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n" +
		"A,Agent 1,GTX,Acme,Won,2016-01-01,2016-02-01,100\nB,Agent 1,GTX,Acme,Won,2016-13-45,2016-02-01,100\n"
	var got []Progress
	_, err := Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", data, m), Options{Now: fixedNow, Progress: func(p Progress) { got = append(got, p) }})
	if closer.ErrorCode(err) != closer.EINVALID {
		t.Fatalf("bad row: %v", err)
	}
	if want := []Progress{{PhaseChecking, 0, 2}, {PhaseChecking, 2, 2}}; !slices.Equal(got, want) {
		t.Errorf("progress %v, want %v", got, want)
	}
}

// TestRunCountsRowsOnce: the cells a row's status does not use and the
// on-hold rows without a hold date are counted once, though each row is
// built twice (checked, then written).
func TestRunCountsRowsOnce(t *testing.T) {
	m := &Mapping{Columns: map[string]string{"title": "Title", "status": "Status", "closed_on": "Closed", "detected_on": "Detected",
		"hold_reason": "Why", "review_on": "Review"}}
	data := "Title,Status,Closed,Detected,Why,Review\n" +
		"A,open,2025-05-01,2025-01-10,,\n" +
		"B,on_hold,,2025-01-10,Tender,2026-12-01\n" +
		"C,on_hold,,2025-01-11,Tender,2026-12-01\n"
	rep, err := Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", data, m), Options{Now: fixedNowLater})
	if err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	if rep.NoHoldDate != 2 || len(rep.Ignored) != 1 || rep.Ignored[0].Rows != 1 {
		t.Errorf("held without a date %d, ignored %+v: want 2 and closed_on on 1 open row", rep.NoHoldDate, rep.Ignored)
	}
}

// TestRepeatedValues: a column's repeated values are one string that the
// rows share, and no cell keeps its line's string; a column of mostly new
// values (an id) stops being shared.
func TestRepeatedValues(t *testing.T) {
	var v repeatedValues
	var rows [][]string
	for i := range 1000 {
		line := fmt.Sprintf("id%d,Won,Acme,", i)
		rec := strings.Split(line, ",")
		v.keep(rec)
		for j, c := range rec {
			if c != "" && inside(c, line) {
				t.Fatalf("row %d, cell %d (%q) still points into its line", i, j, c)
			}
		}
		rows = append(rows, rec)
	}
	if unsafe.StringData(rows[0][1]) != unsafe.StringData(rows[999][1]) || unsafe.StringData(rows[3][2]) != unsafe.StringData(rows[500][2]) {
		t.Errorf("a repeated value is not shared")
	}
	if v.columns[0] != nil {
		t.Errorf("the id column is still shared (%d values)", len(v.columns[0]))
	}
	if rows[999][0] != "id999" || rows[999][3] != "" {
		t.Errorf("row 999: %q", rows[999])
	}
}

// inside reports whether s's bytes lie within line's.
func inside(s, line string) bool {
	p, start := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(line)))
	return p >= start && p < start+uintptr(len(line))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
