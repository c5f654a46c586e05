package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"closer"
)

// importWorkbook reads a workbook built by fill with the mapping m and runs
// the import into a fake store.
func importWorkbook(t *testing.T, m *Mapping, fill func(f *excelize.File)) *fakeStore {
	t.Helper()
	f := excelize.NewFile()
	fill(f)
	tb, err := Read("deals.xlsx", bytes.NewReader(workbook(t, f)), m)
	if err != nil {
		t.Fatal(err)
	}
	s := newFakeStore()
	if rep, err := Run(ownerCtx(), s, m, tb, Options{Now: fixedNow}); err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	return s
}

func rows(f *excelize.File, sheet string, rows ...[]any) {
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow(sheet, cell, &r)
	}
}

// TestReadXLSXNumbers reads an amount cell from its stored number, whatever
// the mapping's decimal separator: three decimals are not a thousands group.
func TestReadXLSXNumbers(t *testing.T) {
	for _, dec := range []string{".", ","} {
		m := mapping(t, `{"columns": {"title": "Title", "amount": "Amount"}, "decimal_separator": "`+dec+`"}`)
		s := importWorkbook(t, m, func(f *excelize.File) {
			rows(f, "Sheet1", []any{"Title", "Amount"}, []any{"Three decimals", 123.456}, []any{"Formula", nil}, []any{"Plain", 1234.5})
			f.SetCellFormula("Sheet1", "B3", "=3*0.375")
			f.SetCellValue("Sheet1", "B3", 1.125) // the value Excel caches
			f.SetCellFormula("Sheet1", "B3", "=3*0.375")
		})
		for i, want := range []closer.Money{12346, 113, 123450} {
			if s.opps[i].Amount != want {
				t.Errorf("decimal %q, %s: %d, want %d", dec, s.opps[i].Title, s.opps[i].Amount, want)
			}
		}
	}
}

// TestReadXLSXDate1904 reads the dates of a workbook of the 1904 date system
// (older Excel for Mac), whose serial numbers count from 1904.
func TestReadXLSXDate1904(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "detected_on": "Detected"}, "date_format": "02/01/2006"}`)
	s := importWorkbook(t, m, func(f *excelize.File) {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
		rows(f, "Sheet1", []any{"Title", "Detected"}, []any{"Roof", time.Date(2016, 1, 10, 0, 0, 0, 0, time.UTC)})
	})
	if got := s.opps[0].DetectedOn; got != closer.MustDate("2016-01-10") {
		t.Errorf("detected on %s, want 2016-01-10", got)
	}
}

// TestReadXLSXAlternativeDateColumns reads a date from the stored serial of
// whichever of a field's columns gives it ("Won time | Lost time"), not
// from its shown text, which Excel writes month first.
func TestReadXLSXAlternativeDateColumns(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "status": "Status", "amount": "Value", "closed_on": "Won time|Lost time"},
		"defaults": {"loss_reason": "Not recorded", "competitor": "unknown"}, "date_format": "DD/MM/YY"}`)
	s := importWorkbook(t, m, func(f *excelize.File) {
		rows(f, "Sheet1", []any{"Title", "Status", "Value", "Won time", "Lost time"},
			[]any{"Roof", "won", 100, time.Date(2016, 3, 5, 14, 30, 0, 0, time.UTC), nil},
			[]any{"Porch", "lost", 100, nil, time.Date(2016, 4, 2, 9, 0, 0, 0, time.UTC)})
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
		f.SetCellStyle("Sheet1", "D2", "E3", style)
	})
	if s.opps[0].ClosedOn != closer.MustDate("2016-03-05") || s.opps[1].ClosedOn != closer.MustDate("2016-04-02") {
		t.Errorf("closed on %s and %s", s.opps[0].ClosedOn, s.opps[1].ClosedOn)
	}
}

// TestReadXLSXMergedCells gives the rows under a cell merged down a column
// (a report's salesperson, once beside their deals) its value; a title
// merged across the columns stays a title.
func TestReadXLSXMergedCells(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}}`)
	s := importWorkbook(t, m, func(f *excelize.File) {
		rows(f, "Sheet1", []any{"Deals of 2016"}, []any{}, []any{"Owner", "Title"},
			[]any{"Zoé", "Deal 1"}, []any{nil, "Deal 2"}, []any{nil, "Deal 3"}, []any{"Luc", "Deal 4"})
		f.MergeCell("Sheet1", "A1", "B1")
		f.MergeCell("Sheet1", "A4", "A6")
	})
	owners := map[string]string{}
	for _, o := range s.opps {
		owners[o.Title] = s.userName(o.OwnerID)
	}
	if owners["Deal 2"] != "Zoé" || owners["Deal 3"] != "Zoé" || owners["Deal 4"] != "Luc" || len(s.opps) != 4 {
		t.Errorf("owners: %v", owners)
	}
}

// TestReadXLSXTextNumbers reads a number typed in a text cell (a CSV
// pasted into a sheet, a column formatted as Text) as text, with the
// mapping's decimal separator, as in a CSV file: only a number cell is read
// from its stored value.
func TestReadXLSXTextNumbers(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "amount": "Amount"}, "decimal_separator": ","}`)
	tb := readWorkbook(t, m, func(f *excelize.File) {
		rows(f, "Sheet1", []any{"Title", "Amount"},
			[]any{"A", "1.234"}, []any{"B", "12.500"}, []any{"C", "1 234,56"}, []any{"D", 1.234},
			[]any{"E", "1e3"}, []any{"F", "0x1p4"})
	})
	s := newFakeStore()
	rep, _ := Run(ownerCtx(), s, m, tb, Options{Now: fixedNow, DryRun: true})
	var bad []string
	for _, p := range rep.Problems {
		bad = append(bad, p.String())
	}
	if len(bad) != 2 || !strings.Contains(bad[0], `line 6: amount "1e3": not an amount`) || !strings.Contains(bad[1], `line 7: amount "0x1p4": not an amount`) {
		t.Fatalf("problems: %q", bad)
	}
	tb.Rows = tb.Rows[:4]
	if _, err := Run(ownerCtx(), s, m, tb, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	for i, want := range []closer.Money{123400, 1250000, 123456, 123} {
		if s.opps[i].Amount != want {
			t.Errorf("%s: %d, want %d", s.opps[i].Title, s.opps[i].Amount, want)
		}
	}
}

// TestReadXLSXHiddenSheets never reads a hidden (or very hidden) sheet
// unless the mapping names it: the active tab, or the first visible sheet
// with the mapping's columns, is read, and the report names it.
func TestReadXLSXHiddenSheets(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "amount": "Amount"}}`)
	deals := func(f *excelize.File, sheet, title string) {
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		rows(f, sheet, []any{"Title", "Amount"}, []any{title, 100})
	}
	for _, c := range []struct {
		name  string
		fill  func(f *excelize.File)
		sheet string
	}{
		{"hidden first sheet", func(f *excelize.File) {
			f.SetSheetName("Sheet1", "Archive2019")
			deals(f, "Archive2019", "OLD deal")
			deals(f, "Deals", "NEW deal")
			f.SetActiveSheet(1)
			if err := f.SetSheetVisible("Archive2019", false); err != nil {
				t.Fatal(err)
			}
		}, "Deals"},
		{"very hidden first sheet", func(f *excelize.File) {
			f.SetSheetName("Sheet1", "Archive2019")
			deals(f, "Archive2019", "OLD deal")
			deals(f, "Deals", "NEW deal")
			f.SetActiveSheet(1)
			if err := f.SetSheetVisible("Archive2019", false, true); err != nil {
				t.Fatal(err)
			}
		}, "Deals"},
		{"the active tab first", func(f *excelize.File) {
			f.SetSheetName("Sheet1", "2023")
			deals(f, "2023", "OLD deal")
			deals(f, "2024", "NEW deal")
			f.SetActiveSheet(1)
		}, "2024"},
		{"an active tab without the columns", func(f *excelize.File) {
			deals(f, "Deals", "NEW deal")
			f.NewSheet("Notes")
			rows(f, "Notes", []any{"Call Ann", "Monday"})
			f.SetActiveSheet(2)
			f.DeleteSheet("Sheet1")
		}, "Deals"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := readWorkbook(t, m, c.fill)
			if tb.Sheet != c.sheet || len(tb.Rows) != 1 || tb.Rows[0].Cells[0] != "NEW deal" {
				t.Fatalf("read %q: %+v", tb.Sheet, tb.Rows)
			}
			rep, err := Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
			if err != nil || rep.Sheet != c.sheet {
				t.Fatalf("%v %+v", err, rep)
			}
			var text strings.Builder
			rep.WriteText(&text)
			if !strings.Contains(text.String(), fmt.Sprintf("sheet read: %q", c.sheet)) {
				t.Errorf("summary:\n%s", text.String())
			}
		})
	}
	// A hidden sheet named by the mapping is read.
	m.Sheet = "archive2019"
	tb := readWorkbook(t, m, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Archive2019")
		deals(f, "Archive2019", "OLD deal")
		deals(f, "Deals", "NEW deal")
		f.SetActiveSheet(1)
		f.SetSheetVisible("Archive2019", false)
	})
	if tb.Sheet != "Archive2019" || tb.Rows[0].Cells[0] != "OLD deal" {
		t.Errorf("named hidden sheet: %q %+v", tb.Sheet, tb.Rows)
	}
}

// readWorkbook reads a workbook built by fill with the mapping m.
func readWorkbook(t *testing.T, m *Mapping, fill func(f *excelize.File)) *Table {
	t.Helper()
	f := excelize.NewFile()
	fill(f)
	tb, err := Read("deals.xlsx", bytes.NewReader(workbook(t, f)), m)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// TestReadSpreadsheetErrors makes a row bad whose mapped cell holds a
// spreadsheet error, an XLSX error cell or its text in a CSV file: a failed
// VLOOKUP is no owner named "#N/A".
func TestReadSpreadsheetErrors(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner", "account": "Account", "amount": "Amount?"}, "values": {"account": {"#NULL!": "Unknown"}}}`)
	f := excelize.NewFile()
	rows(f, "Sheet1", []any{"Title", "Owner", "Account"}, []any{"Deal A", 987654, 987655}, []any{"Deal B", "Ann", "Acme"})
	data := patchSheet(t, workbook(t, f), `<c r="B2"><v>987654</v></c>`, `<c r="B2" t="e"><v>#N/A</v></c>`)
	data = patchSheet(t, data, `<c r="C2"><v>987655</v></c>`, `<c r="C2" t="e"><f>Z99</f><v>#REF!</v></c>`)
	tb, err := Read("deals.xlsx", bytes.NewReader(data), m)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
	if err == nil || len(rep.Problems) != 1 || rep.Problems[0].String() != `line 2: owner "#N/A": the cell holds a spreadsheet error (a formula that failed)` {
		t.Fatalf("xlsx: %v %+v", err, rep)
	}
	csv := "Title,Owner,Account,Amount\nA,Ann,Acme,#DIV/0!\n#name?,Ann,Acme,\nC,Ann,#NULL!,\nD,Ann,Acme,\n"
	rep, err = Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", csv, m), Options{Now: fixedNow})
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	want := []string{`line 2: amount "#DIV/0!": the cell holds a spreadsheet error (a formula that failed)`, `line 3: title "#name?": the cell holds a spreadsheet error (a formula that failed)`}
	if err == nil || !slices.Equal(got, want) {
		t.Fatalf("csv: %v %q", err, got)
	}
}

// patchSheet replaces old by new in the first sheet's XML of an XLSX file:
// cells that excelize does not write, such as error cells.
func patchSheet(t *testing.T, data []byte, old, new string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("no %s in %s", old, b)
			}
			b = bytes.Replace(b, []byte(old), []byte(new), 1)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestReadPercentAmount refuses a percentage as an amount: a workbook's
// percentage cell stores 0.12 for 12%, which its stored value made an
// amount of 12 cents; a CSV file's "12 %" is refused alike.
func TestReadPercentAmount(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "amount": "Amount"}}`)
	tb := readWorkbook(t, m, func(f *excelize.File) {
		rows(f, "Sheet1", []any{"Title", "Amount"}, []any{"Rate", 0.12}, []any{"Plain", 1234.5})
		pct, err := f.NewStyle(&excelize.Style{NumFmt: 9}) // 0%
		if err != nil {
			t.Fatal(err)
		}
		f.SetCellStyle("Sheet1", "B2", "B2", pct)
	})
	csv := readString(t, "x.csv", "Title,Amount\nRate,12 %\nPlain,1234.50\n", m)
	for name, tb := range map[string]*Table{"xlsx": tb, "csv": csv} {
		rep, err := Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
		if err == nil || len(rep.Problems) != 1 || !strings.HasPrefix(rep.Problems[0].String(), `line 2: amount "12`) ||
			rep.Problems[0].Reason != "a percentage, not an amount: check which column the mapping reads" {
			t.Errorf("%s: %v %+v", name, err, rep)
		}
	}
}
