package importer

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportStoreNotes: a note reaches the store in one form whatever the
// entry point (closer.NormalizeNote): created or changed as the API and the
// form do, or imported from CSV (whose reader turns a quoted cell's CRLF
// into LF) and from XLSX. The import once trimmed a note's indentation,
// and the API kept its CRLF and trailing spaces, so that an exported note
// did not import back as it was.
func TestImportStoreNotes(t *testing.T) {
	notes := []string{
		"Multi\nline\r\nnote with \"quotes\", commas; semicolons\n\n=1+1",
		"   leading and trailing spaces   \n",
		"\n  - a pasted list\r\n  - its second item\r\n",
	}
	want := []string{
		"Multi\nline\nnote with \"quotes\", commas; semicolons\n\n=1+1",
		"   leading and trailing spaces",
		"  - a pasted list\n  - its second item",
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "notes")
		stored := func(title string) string {
			t.Helper()
			got, _, err := db.FindOpportunities(ctx, closer.OpportunityFilter{Q: title})
			if err != nil || len(got) != 1 {
				t.Fatalf("%s: %d found, %v", title, len(got), err)
			}
			return got[0].Note
		}
		for i, n := range notes {
			o := &closer.Opportunity{Title: "API " + string(rune('A'+i)), Note: n}
			if err := db.CreateOpportunity(ctx, o); err != nil {
				t.Fatal(err)
			}
			if got := stored(o.Title); got != want[i] {
				t.Errorf("created: %q, want %q", got, want[i])
			}
			changed := n + " "
			if _, err := db.UpdateOpportunity(ctx, o.ID, o.Version, closer.OpportunityUpdate{Note: &changed}); err != nil {
				t.Fatal(err)
			} else if got := stored(o.Title); got != want[i] {
				t.Errorf("changed: %q, want %q", got, want[i])
			}
		}
		m := mapping(t, `{"columns": {"title": "title", "note": "note"}}`)
		var file strings.Builder
		w := csv.NewWriter(&file)
		w.UseCRLF = true // as Excel writes it; the reader turns CRLF in a quoted cell into LF
		w.Write([]string{"title", "note"})
		f := excelize.NewFile()
		f.SetSheetRow("Sheet1", "A1", &[]any{"title", "note"})
		for i, n := range notes {
			w.Write([]string{"CSV " + string(rune('A'+i)), closer.NeutralizeFormula(n)})
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			f.SetSheetRow("Sheet1", cell, &[]any{"XLSX " + string(rune('A'+i)), closer.NeutralizeFormula(n)})
		}
		w.Flush()
		for name, data := range map[string][]byte{"x.csv": []byte(file.String()), "x.xlsx": workbook(t, f)} {
			tb, err := Read(name, bytes.NewReader(data), m)
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := Run(ctx, db, m, tb, Options{Now: fixedNow}); err != nil || rep.Imported != len(notes) {
				t.Fatalf("%s: %v %+v", name, err, rep)
			}
		}
		for i := range notes {
			for _, from := range []string{"CSV ", "XLSX "} {
				if got := stored(from + string(rune('A'+i))); got != want[i] {
					t.Errorf("imported from %s: %q, want %q", from, got, want[i])
				}
			}
		}
	})
}
