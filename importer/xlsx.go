package importer

import (
	"archive/zip"
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
		if !isWorkbookZip(data) {
			return nil, closer.FieldError("file", "The file is a zip archive, not an Excel workbook: import a .xlsx or CSV file.")
		}
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
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.Date1904 = *props.Date1904
	}
	if err := fillMerged(f, sheet, shown, raw); err != nil {
		return nil, closer.FieldError("file", "The sheet %q cannot be read: %v.", sheet, err)
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

// isWorkbookZip reports whether data is a zip archive that holds a
// workbook (xl/workbook.xml, or its macro-enabled twin's).
func isWorkbookZip(data []byte) bool {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range z.File {
		if strings.EqualFold(f.Name, "xl/workbook.xml") {
			return true
		}
	}
	return false
}

// fillMerged gives every cell of a column's merged range the value of its
// first cell. A report groups its rows so, the salesperson's name once
// beside their deals; a sheet stores the value in the first cell only, and
// the rows below would have no owner. Ranges across columns (a title over
// the table, a group of headers) are left as they are.
func fillMerged(f *excelize.File, sheet string, shown, raw [][]string) error {
	merged, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return err
	}
	for _, mc := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil || c1 != c2 || r2 <= r1 || r1 > len(shown) {
			continue
		}
		col := c1 - 1
		top, topRaw := cellAt(shown, r1-1, col), cellAt(raw, r1-1, col)
		for r := r1; r < min(r2, len(shown)); r++ {
			setCell(shown, r, col, top)
			if r < len(raw) {
				setCell(raw, r, col, topRaw)
			}
		}
	}
	return nil
}

func cellAt(rows [][]string, r, c int) string {
	if r < len(rows) && c < len(rows[r]) {
		return rows[r][c]
	}
	return ""
}

func setCell(rows [][]string, r, c int, v string) {
	for len(rows[r]) <= c {
		rows[r] = append(rows[r], "")
	}
	rows[r][c] = v
}

// excelSerialDate reads a stored cell value as an Excel date serial number:
// days since 1899-12-30, with the 1900 leap-year quirk, or, in a workbook
// of the 1904 date system (older Excel for Mac), days since 1904-01-01.
func excelSerialDate(raw string, date1904 bool) (closer.Date, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || !(f >= 1 && f <= 401768) { // 401768 is 2999-12-31; NaN is neither
		return closer.Date{}, false
	}
	tm, err := excelize.ExcelDateToTime(f, date1904)
	if err != nil {
		return closer.Date{}, false
	}
	return closer.NewDate(tm.Year(), tm.Month(), tm.Day()), true
}
