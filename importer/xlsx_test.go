package importer

import (
	"bytes"
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
