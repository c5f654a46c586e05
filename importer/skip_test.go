package importer

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"closer"
)

// pipedriveDeleted is QA round 4's F18 file: a Pipedrive export whose
// filter included a deleted deal, with its Lost time.
const pipedriveDeleted = "Title,Status,Value,Won time,Lost time\nA,Won,100,2017-02-01,\nB,Deleted,100,,2017-02-03\n"

// TestStatusTranslatedToNoneRefused: an empty values.status target is
// refused when the mapping is read, pointing to skip; it imported the
// rows as open, their close date dropped (F18).
func TestStatusTranslatedToNoneRefused(t *testing.T) {
	doc := `{"columns": {"title": "Title", "status": "Status", "amount": "Value", "closed_on": "Won time|Lost time?"},
		"values": {"status": {"Won": "won", "Lost": "lost", "Open": "open", "Deleted": ""}},
		"defaults": {"loss_reason": "NR", "competitor": "unknown"}}`
	_, err := ParseMapping(strings.NewReader(doc))
	want := `values.status: "Deleted" → "" gives no status, which would import those rows as open: translate it to a status (open, on_hold, won, lost, vanished), or leave those rows out with skip: {"skip": {"Status": ["Deleted"]}}.`
	if closer.ErrorCode(err) != closer.EINVALID || closer.ErrorField(err) != "values" || closer.ErrorMessage(err) != want {
		t.Fatalf("got %v (field %q), want %q", err, closer.ErrorField(err), want)
	}
	// A stage translated to none still is one: the closed rows' stage.
	if _, err := ParseMapping(strings.NewReader(`{"columns": {"title": "T", "stage": "S"}, "values": {"stage": {"Won": ""}}}`)); err != nil {
		t.Fatal(err)
	}
}

// TestSkipLeavesRowsOut: the mapping's skip rule leaves out the rows whose
// cell holds one of its values (trimmed, case aside, accents however
// written), unchecked and unimported, and the report counts them (F18).
func TestSkipLeavesRowsOut(t *testing.T) {
	doc := `{"columns": {"title": "Title", "status": "Status", "amount": "Value", "closed_on": "Won time|Lost time?"},
		"values": {"status": {"Won": "won", "Lost": "lost", "Open": "open"}},
		"defaults": {"loss_reason": "NR", "competitor": "unknown"},
		"skip": {"Status": ["Deleted", "Supprimée"]}}`
	m, err := ParseMapping(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	// Line 5's bad amount and unknown status are not checked: the row is left out.
	data := pipedriveDeleted + "C, DELETED ,not an amount,,\nD," + norm.NFD.String("supprimée") + ",1,,\nE,Open,5,,\n"
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	if rep.Rows != 5 || rep.Imported != 2 || rep.SkippedRows != 3 || len(s.opps) != 2 || s.opps[0].Title != "A" || s.opps[1].Title != "E" {
		t.Fatalf("report %+v, opportunities %+v", rep, s.opps)
	}
	var b strings.Builder
	rep.WriteText(&b)
	if !strings.Contains(b.String(), "Imported 2 opportunities from 5 rows.") || !strings.Contains(b.String(), "  3 rows left out by the mapping's skip rule\n") {
		t.Errorf("summary:\n%s", b.String())
	}
	// A dry run counts them alike; a row the rule does not leave out is
	// still checked.
	rep, err = Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", pipedriveDeleted+"F,Archived,1,,\n", m), Options{DryRun: true, Now: fixedNow})
	if err == nil || rep == nil || rep.SkippedRows != 1 || len(rep.Problems) != 1 || rep.Problems[0].Line != 4 {
		t.Fatalf("%v %+v", err, rep)
	}
	// Another export's prefix ("Deal - Status") answers, as it does for columns.
	m = mapping(t, `{"columns": {"title": "Title", "status": "Status"}, "skip": {"Status": ["Deleted"]}}`)
	rep, err = Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", "Deal - Title,Deal - Status\nA,Open\nB,deleted\n", m), Options{DryRun: true, Now: fixedNow})
	if err != nil || rep.SkippedRows != 1 || rep.Imported != 1 {
		t.Fatalf("prefixed column: %v %+v", err, rep)
	}
}

// TestSkipEmptyCells: "" leaves out the rows whose cell is empty.
func TestSkipEmptyCells(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title"}, "skip": {"Kind": ["", "test"]}}`)
	rep, err := Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", "Title,Kind\nA,\nB,real\nC,  \nD,Test\n", m), Options{Now: fixedNow})
	if err != nil || rep.Imported != 1 || rep.SkippedRows != 3 {
		t.Fatalf("%v %+v", err, rep)
	}
}

// TestSkipColumnMissing: a skip column the file lacks is an error naming
// skip.COLUMN, before any row is read, as a missing mapped column is.
func TestSkipColumnMissing(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title"}, "skip": {"Etat": ["Deleted"]}}`)
	rep, err := Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", "Title,Status\nA,Open\n", m), Options{Now: fixedNow})
	want := `Line 1: skip.Etat: the file has no column "Etat" (its columns: Title, Status).`
	if rep != nil || closer.ErrorCode(err) != closer.EINVALID || closer.ErrorField(err) != "skip" || closer.ErrorMessage(err) != want {
		t.Fatalf("got %v (field %q) %+v, want %q", err, closer.ErrorField(err), rep, want)
	}
}

// TestSkipColumnOptional: a skip column named with a trailing "?" may be
// missing from the file (the Pipedrive profile's Status rule, when the
// status is mapped to another column); present, it leaves rows out.
func TestSkipColumnOptional(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title"}, "skip": {"Etat?": ["Deleted"]}}`)
	rep, err := Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", "Title,Status\nA,Open\n", m), Options{Now: fixedNow})
	if err != nil || rep.Imported != 1 || rep.SkippedRows != 0 {
		t.Fatalf("without the column: %v %+v", err, rep)
	}
	rep, err = Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", "Title,Etat\nA,Open\nB,deleted\n", m), Options{Now: fixedNow})
	if err != nil || rep.Imported != 1 || rep.SkippedRows != 1 {
		t.Fatalf("with the column: %v %+v", err, rep)
	}
}

// TestParseMappingRefusesBadSkip checks the skip rule's shape when the
// mapping is read, naming skip or skip.COLUMN.
func TestParseMappingRefusesBadSkip(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`{"columns": {"title": "T"}, "skip": {"Status": []}}`, `skip.Status lists no value`},
		{`{"columns": {"title": "T"}, "skip": {"Status": "Deleted"}}`, `"skip.Status" has a text where a list is expected`},
		{`{"columns": {"title": "T"}, "skip": {"Status": [1]}}`, `"skip.Status" has a number where a text is expected`},
		{`{"columns": {"title": "T"}, "skip": ["Status"]}`, `"skip" has a list where an object is expected`},
		{`{"columns": {"title": "T"}, "skip": {" ": ["x"]}}`, `skip: a column's name is empty`},
		{`{"columns": {"title": "T"}, "skip": {"S": ["x"], "S": ["y"]}}`, `The key "S" is written twice in skip`},
		{`{"columns": {"title": "T"}, "Skip": {"S": ["x"]}}`, `"Skip" is not a key of the mapping: did you mean "skip"?`},
		{`{"columns": {"title": "T"}, "skip": {"S": ["x"` + strings.Repeat(`, "x"`, maxSkipValues) + `]}}`, `skip.S lists 1001 values (1000 at most)`},
	} {
		_, err := ParseMapping(strings.NewReader(c.doc))
		if closer.ErrorCode(err) != closer.EINVALID || !strings.Contains(closer.ErrorMessage(err), c.want) {
			t.Errorf("%.70s: got %v, want %q", c.doc, err, c.want)
		}
	}
	m := &Mapping{Columns: map[string]string{"title": "T"}, Skip: map[string][]string{"S": {"\xff"}}}
	if err := m.Validate(); closer.ErrorField(err) != "skip" {
		t.Errorf("bad UTF-8: %v", err)
	}
}

// TestSkipRoundTrips: a mapping with skip, as the import screen shows it
// to be saved, reads back the same; a copy shares none of its lists.
func TestSkipRoundTrips(t *testing.T) {
	m, ok := Profile("pipedrive")
	if !ok || len(m.Skip["Status?"]) != 1 || m.Skip["Status?"][0] != "Deleted" {
		t.Fatalf("pipedrive skips %v", m.Skip)
	}
	if !strings.Contains(m.String(), `"skip": {`) {
		t.Errorf("no skip in\n%s", m)
	}
	again, err := ParseMapping(strings.NewReader(m.String()))
	if err != nil || again.String() != m.String() {
		t.Fatalf("%v\n%s", err, again)
	}
	c := m.Clone()
	c.Skip["Status?"][0] = "changed"
	if m.Skip["Status?"][0] != "Deleted" {
		t.Error("a clone shares its skip lists")
	}
	if p, _ := Profile("pipedrive"); p.Skip["Status?"][0] != "Deleted" {
		t.Error("the profile shares its skip lists with its users")
	}
}
