package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"slices"
	"sort"
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
// and beside a number cell its stored value (so that a date is read from its
// serial number whatever its display format). Without a sheet named, it
// reads a visible sheet that has the mapping's columns, the active tab (the
// one the workbook opens on) first: a hidden sheet (an archive, a lookup
// table) is never read unless named, and a workbook that opens on a cover
// or a summary sheet is read from its table.
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
	wb, err := openWorkbook(f, data, sheets)
	if err != nil {
		return nil, err
	}
	if m.Sheet != "" {
		for _, s := range sheets {
			if strings.EqualFold(s, m.Sheet) {
				t, _, err := wb.read(s, m, false)
				return t, err
			}
		}
		return nil, closer.FieldError("sheet", "The workbook has no sheet %q (it has %s).", m.Sheet, strings.Join(sheets, ", "))
	}
	order := wb.candidates()
	if len(m.Columns) > 0 {
		for _, s := range order {
			// Only the header is read of a sheet that lacks the columns.
			if t, fits, err := wb.read(s, m, true); fits {
				return t, err
			}
		}
	}
	// No sheet has the columns: the first one is read, and the import says
	// which column it lacks.
	t, _, err = wb.read(order[0], m, false)
	return t, err
}

// book is an open XLSX file and what readXLSX needs of it.
type book struct {
	f        *excelize.File
	zip      *zip.Reader
	sheets   []string
	paths    map[string]string // sheet → its part in the archive
	date1904 bool
}

func openWorkbook(f *excelize.File, data []byte, sheets []string) (*book, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, closer.FieldError("file", "The XLSX file cannot be opened: %v.", err)
	}
	wb := &book{f: f, zip: z, sheets: sheets}
	if wb.paths, err = sheetParts(z); err != nil {
		return nil, closer.FieldError("file", "The XLSX file cannot be opened: %v.", err)
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.date1904 = *props.Date1904
	}
	return wb, nil
}

// candidates returns the sheets readXLSX may read without a sheet named: the
// visible ones, the active tab first; every sheet if none is visible.
func (wb *book) candidates() []string {
	active := wb.f.GetSheetName(wb.f.GetActiveSheetIndex())
	var out []string
	for _, s := range wb.sheets {
		if visible, err := wb.f.GetSheetVisible(s); err == nil && visible {
			if s == active {
				out = append([]string{s}, out...)
			} else {
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 {
		return wb.sheets
	}
	return out
}

// errOtherSheet stops the reading of a sheet that lacks the mapping's columns.
var errOtherSheet = errors.New("importer: the sheet lacks the mapping's columns")

// read reads one sheet in one pass, row by row: the shown text of each
// cell from excelize's row iterator, the stored value and the type of each
// cell from the sheet's XML beside it. Nothing but the table is kept. fits
// reports whether the sheet has the mapping's columns; with probe, a sheet
// that lacks them is read no further than its header.
func (wb *book) read(sheet string, m *Mapping, probe bool) (t *Table, fits bool, err error) {
	t, err = wb.readRows(sheet, m, probe)
	if errors.Is(err, errOtherSheet) {
		return nil, false, err
	}
	fits = err == nil || t != nil && t.Header != nil && t.hasColumns(m)
	if err != nil {
		t = nil
	}
	return t, fits, err
}

func (wb *book) readRows(sheet string, m *Mapping, probe bool) (*Table, error) {
	cantRead := func(err error) error {
		return closer.FieldError("file", "The sheet %q cannot be read: %v.", sheet, err)
	}
	rows, err := wb.f.Rows(sheet)
	if err != nil {
		return nil, cantRead(err)
	}
	defer rows.Close()
	part := wb.paths[sheet]
	zf := wb.file(part)
	if zf == nil {
		return nil, cantRead(errors.New("the archive has no " + part))
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, cantRead(err)
	}
	defer rc.Close()
	cells := newCellReader(rc)
	t := &Table{Format: "xlsx", Encoding: "utf-8", Sheet: sheet, Sheets: wb.sheets, Date1904: wb.date1904}
	lead := newHeaderFinder(m)
	for line := 1; rows.Next(); line++ {
		shown, err := rows.Columns()
		if err != nil {
			return t, cantRead(err)
		}
		raw, err := cells.row(line)
		if err != nil {
			return t, cantRead(err)
		}
		if blank(shown) {
			continue
		}
		r := make([]string, len(shown)) // not nil: the row is an XLSX one
		for i := range min(len(r), len(raw)) {
			if r[i] = raw[i]; r[i] == shown[i] {
				r[i] = shown[i] // one copy of the text
			}
		}
		if t.Header == nil {
			if lead.add(leadRow{line: line, cells: shown, raw: r}) {
				if err := t.start(lead, false); err != nil {
					return t, err
				} else if probe && !t.hasColumns(m) {
					return t, errOtherSheet
				}
			}
			continue
		}
		if err := t.add(line, shown, r, false); err != nil {
			return t, err
		}
	}
	if err := rows.Error(); err != nil {
		if errors.Is(err, excelize.ErrMaxRows) {
			return t, closer.FieldError("file", "Too many rows (%d at most).", maxRows)
		}
		return t, cantRead(err)
	}
	if t.Header == nil {
		if len(lead.rows) == 0 {
			return nil, closer.FieldError("file", "The sheet %q is empty.", sheet)
		} else if err := t.start(lead, false); err != nil {
			return t, err
		} else if probe && !t.hasColumns(m) {
			return t, errOtherSheet
		}
	}
	merged, err := cells.merged()
	if err != nil {
		return t, cantRead(err)
	}
	t.fillMerged(merged)
	return t, t.done()
}

// file returns the archive's part of that name (case aside), or nil.
func (wb *book) file(name string) *zip.File {
	for _, f := range wb.zip.File {
		if f.Name == name {
			return f
		}
	}
	for _, f := range wb.zip.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			return f
		}
	}
	return nil
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
// the table, a group of headers) are left as they are, and so are ranges
// whose first cell is not in a data row.
func (t *Table) fillMerged(ranges []cellRange) {
	row := func(line int) *Row {
		i := sort.Search(len(t.Rows), func(i int) bool { return t.Rows[i].Line >= line })
		if i < len(t.Rows) && t.Rows[i].Line == line {
			return &t.Rows[i]
		}
		return nil
	}
	for _, mc := range ranges {
		col := mc.c1 - 1
		top := row(mc.r1)
		if mc.c1 != mc.c2 || mc.r2 <= mc.r1 || top == nil || col >= len(t.Header) {
			continue
		}
		for line := mc.r1 + 1; line <= mc.r2; line++ {
			r := row(line)
			if r == nil {
				if line > t.Rows[len(t.Rows)-1].Line {
					break
				}
				continue
			}
			r.Cells[col], r.Raw = top.Cells[col], slices.Clone(r.Raw)
			r.Raw[col] = top.Raw[col]
		}
	}
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
