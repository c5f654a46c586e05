package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"closer"
)

// Limits on what an XLSX archive may unzip to: a zip bomb is refused, and
// the small parts read whole (the workbook, its styles) are read so far.
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
	wb, err := openWorkbook(data)
	if err != nil {
		return nil, err
	}
	if len(wb.sheets) == 0 {
		return nil, closer.FieldError("file", "The workbook has no sheet.")
	}
	if m.Sheet != "" {
		for _, s := range wb.sheets {
			if strings.EqualFold(s.name, m.Sheet) {
				t, _, err := wb.read(s, m, false)
				return t, err
			}
		}
		return nil, closer.FieldError("sheet", "The workbook has no sheet %q (it has %s).", m.Sheet, strings.Join(wb.names(), ", "))
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

// book is an open XLSX file: its sheets, and what the shown text of its
// cells needs (the shared strings, the styles, the date system). Its small
// parts are decoded with encoding/xml; a sheet and the shared strings,
// which may be millions of tags, with xmlScanner, as a stream: a sheet is
// never held in memory, only the table read from it.
type book struct {
	zip      *zip.Reader
	sheets   []sheet
	active   int // the tab the workbook opens on
	date1904 bool
	strings  []string
	styles   *styles
}

// sheet is a sheet of the workbook, in the order of its tabs.
type sheet struct {
	name   string
	part   string // its XML in the archive
	hidden bool
}

func (wb *book) names() []string {
	var out []string
	for _, s := range wb.sheets {
		out = append(out, s.name)
	}
	return out
}

func openWorkbook(data []byte) (*book, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || findFile(z, "xl/workbook.xml") == nil {
		return nil, closer.FieldError("file", "The file is a zip archive, not an Excel workbook: import a .xlsx or CSV file.")
	}
	cantOpen := func(err error) error {
		return closer.FieldError("file", "The XLSX file cannot be opened: %v.", err)
	}
	var size uint64
	for _, f := range z.File {
		if size += f.UncompressedSize64; size > xlsxUnzipLimit { // the zip reader holds each part to its stated size
			return nil, cantOpen(fmt.Errorf("it unzips to more than %d MiB", xlsxUnzipLimit>>20))
		}
	}
	wb := &book{zip: z}
	parts, err := wb.readWorkbook()
	if err != nil {
		return nil, cantOpen(err)
	}
	if f := findFile(z, parts.sharedStrings); f != nil {
		if wb.strings, err = readSharedStrings(f); err != nil {
			return nil, cantOpen(err)
		}
	}
	wb.styles = readStyles(findFile(z, parts.styles), wb.date1904)
	return wb, nil
}

// workbookParts names the parts of the archive that the workbook's
// relationships point to, besides its sheets.
type workbookParts struct {
	sharedStrings, styles string
}

// readWorkbook reads the workbook's sheets (their names, order, visibility
// and parts), the tab it opens on and its date system.
func (wb *book) readWorkbook() (workbookParts, error) {
	var doc struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Views []struct {
			ActiveTab string `xml:"activeTab,attr"`
		} `xml:"bookViews>workbookView"`
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			State string     `xml:"state,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	parts := workbookParts{sharedStrings: "xl/sharedStrings.xml", styles: "xl/styles.xml"}
	if err := unmarshalPart(wb.zip, "xl/workbook.xml", &doc); err != nil {
		return parts, err
	} else if err := unmarshalPart(wb.zip, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return parts, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := strings.ReplaceAll(r.Target, `\`, "/")
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
		switch {
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			parts.sharedStrings = t
		case strings.HasSuffix(r.Type, "/styles"):
			parts.styles = t
		}
	}
	for _, s := range doc.Sheets {
		sh := sheet{name: s.Name, hidden: s.State != "" && s.State != "visible"}
		for _, a := range s.Attrs {
			if a.Name.Local == "id" {
				sh.part = targets[a.Value]
			}
		}
		wb.sheets = append(wb.sheets, sh)
	}
	if len(doc.Views) > 0 {
		if tab, err := strconv.Atoi(doc.Views[0].ActiveTab); err == nil && tab >= 0 && tab < len(wb.sheets) {
			wb.active = tab
		}
	}
	wb.date1904, _ = strconv.ParseBool(doc.Pr.Date1904)
	return parts, nil
}

// candidates returns the sheets readXLSX may read without a sheet named: the
// visible ones, the active tab first; every sheet if none is visible.
func (wb *book) candidates() []sheet {
	var out []sheet
	for i, s := range wb.sheets {
		if s.hidden {
			continue
		} else if i == wb.active {
			out = append([]sheet{s}, out...)
		} else {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return wb.sheets
	}
	return out
}

// errOtherSheet stops the reading of a sheet that lacks the mapping's columns.
var errOtherSheet = errors.New("importer: the sheet lacks the mapping's columns")

// read reads one sheet in one pass, row by row. Nothing but the table is
// kept. fits reports whether the sheet has the mapping's columns; with
// probe, a sheet that lacks them is read no further than its header.
func (wb *book) read(s sheet, m *Mapping, probe bool) (t *Table, fits bool, err error) {
	t, err = wb.readRows(s, m, probe)
	if errors.Is(err, errOtherSheet) {
		return nil, false, err
	}
	fits = err == nil || t != nil && t.Header != nil && t.hasColumns(m)
	if err != nil {
		t = nil
	}
	return t, fits, err
}

func (wb *book) readRows(s sheet, m *Mapping, probe bool) (*Table, error) {
	cantRead := func(err error) error {
		return closer.FieldError("file", "The sheet %q cannot be read: %v.", s.name, err)
	}
	zf := findFile(wb.zip, s.part)
	if zf == nil {
		return nil, cantRead(errors.New("the archive has no " + s.part))
	}
	r, c, err := openPart(zf)
	if err != nil {
		return nil, cantRead(err)
	}
	defer c.Close()
	rows := newSheetReader(r, wb)
	t := &Table{Format: "xlsx", Encoding: "utf-8", Sheet: s.name, Sheets: wb.names(), Date1904: wb.date1904}
	table := newTableRows(t, m, false)
	prev := 0 // the last row read: a sheet writes no blank row, it skips its number
	var hidden []int
	for {
		ok, err := rows.next()
		if err != nil {
			return t, cantRead(err)
		} else if !ok {
			break
		}
		line, shown, raw := rows.line, rows.shown, rows.raw
		if line > prev+1 || blank(shown) {
			table.blank()
		}
		prev = line
		if blank(shown) {
			continue
		} else if rows.hidden {
			hidden = append(hidden, line)
		}
		if len(rows.uncalculated) > 0 {
			if t.uncalculated == nil {
				t.uncalculated = map[int][]int{}
			}
			t.uncalculated[line] = slices.Clone(rows.uncalculated)
		}
		started := t.Header != nil
		if err := table.row(line, shown, raw); err != nil {
			return t, err
		} else if !started && t.Header != nil && probe && !t.hasColumns(m) {
			return t, errOtherSheet
		}
	}
	started := t.Header != nil
	if err := table.end(nil); err != nil {
		return t, err
	} else if t.Header == nil {
		return nil, closer.FieldError("file", "The sheet %q is empty.", s.name)
	} else if !started && probe && !t.hasColumns(m) {
		return t, errOtherSheet
	}
	merged, err := rows.merged()
	if err != nil {
		return t, cantRead(err)
	}
	t.fillMerged(merged)
	err = t.done()
	t.Hidden = rowsAmong(t.Rows, hidden)
	return t, err
}

// rowsAmong returns the lines, among the sorted lines, of the rows
// (sorted by line) of the table.
func rowsAmong(rows []Row, lines []int) []int {
	var out []int
	i := 0
	for _, l := range lines {
		for i < len(rows) && rows[i].Line < l {
			i++
		}
		if i < len(rows) && rows[i].Line == l {
			out = append(out, l)
		}
	}
	return out
}

// findFile returns the archive's part of that name (case and the slashes
// of Windows tools aside), or nil.
func findFile(z *zip.Reader, name string) *zip.File {
	for _, f := range z.File {
		if f.Name == name {
			return f
		}
	}
	for _, f := range z.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			return f
		}
	}
	return nil
}

// unmarshalPart decodes the small XML part of the archive of that name.
func unmarshalPart(z *zip.Reader, name string, v any) error {
	f := findFile(z, name)
	if f == nil {
		return errors.New("the archive has no " + name)
	}
	return unmarshalFile(f, v)
}

// unmarshalFile decodes a small XML part of the archive (the workbook, its
// relationships, its styles).
func unmarshalFile(f *zip.File, v any) error {
	r, c, err := openPart(f)
	if err != nil {
		return err
	}
	defer c.Close()
	d := xml.NewDecoder(io.LimitReader(r, xlsxUnzipXMLLimit))
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // openPart made it UTF-8
	return d.Decode(v)
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
