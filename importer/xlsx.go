package importer

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"closer"
)

// Limits on what an XLSX archive may unzip to: a zip bomb is refused.
const (
	xlsxUnzipLimit    = 512 << 20
	xlsxUnzipXMLLimit = 64 << 20
)

// readXLSX reads the mapping's sheet of a workbook: each cell's shown text,
// and beside it its stored value (so that a date is read from its serial
// number whatever its display format). Without a sheet named, it reads the
// first one, unless that one lacks a column the mapping requires and a later
// one has them all (a workbook that opens on a cover or a summary sheet).
func readXLSX(data []byte, m *Mapping) (t *Table, err error) {
	defer func() { // a malformed archive must not take the process down
		if r := recover(); r != nil {
			t, err = nil, closer.FieldError("file", "The XLSX file is damaged.")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxUnzipXMLLimit})
	if err != nil {
		return nil, closer.FieldError("file", "The XLSX file cannot be opened: %v.", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, closer.FieldError("file", "The workbook has no sheet.")
	}
	if m.Sheet != "" {
		for _, s := range sheets {
			if strings.EqualFold(s, m.Sheet) {
				return readSheet(f, s, sheets, m)
			}
		}
		return nil, closer.FieldError("sheet", "The workbook has no sheet %q (it has %s).", m.Sheet, strings.Join(sheets, ", "))
	}
	t, err = readSheet(f, sheets[0], sheets, m)
	if err == nil && t.hasColumns(m) || len(m.Columns) == 0 {
		return t, err
	}
	for _, s := range sheets[1:] {
		if other, err := readSheet(f, s, sheets, m); err == nil && other.hasColumns(m) {
			return other, nil
		}
	}
	return t, err
}

// readSheet reads one sheet of a workbook.
func readSheet(f *excelize.File, sheet string, sheets []string, m *Mapping) (*Table, error) {
	shown, err := f.GetRows(sheet)
	if err != nil {
		return nil, closer.FieldError("file", "The sheet %q cannot be read: %v.", sheet, err)
	}
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, closer.FieldError("file", "The sheet %q cannot be read: %v.", sheet, err)
	}
	t := &Table{Format: "xlsx", Encoding: "utf-8", Sheet: sheet, Sheets: sheets}
	if len(shown) > maxRows+maxPreamble+1 {
		return nil, closer.FieldError("file", "Too many rows (%d at most).", maxRows)
	}
	var lead headerFinder
	for i := range shown {
		if blank(shown[i]) {
			continue
		}
		r := []string{} // not nil: the row is an XLSX one
		if i < len(raw) {
			r = raw[i]
		}
		if t.Header == nil {
			if lead.add(leadRow{line: i + 1, cells: shown[i], raw: r}) {
				if err := t.start(&lead, m, false); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := t.add(i+1, shown[i], r, false); err != nil {
			return nil, err
		}
	}
	if t.Header == nil {
		if len(lead.rows) == 0 {
			return nil, closer.FieldError("file", "The sheet %q is empty.", sheet)
		} else if err := t.start(&lead, m, false); err != nil {
			return nil, err
		}
	}
	return t, t.done()
}

// excelSerialDate reads a stored cell value as an Excel date serial number
// (days since 1899-12-30, with the 1900 leap-year quirk).
func excelSerialDate(raw string) (closer.Date, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || !(f >= 1 && f <= 401768) { // 401768 is 2999-12-31; NaN is neither
		return closer.Date{}, false
	}
	tm, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return closer.Date{}, false
	}
	return closer.NewDate(tm.Year(), tm.Month(), tm.Day()), true
}
