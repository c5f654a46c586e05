package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"closer"
)

// Limits against hostile or mistaken input. A file beyond them is refused
// with a clear error rather than read into memory without end. They are
// variables so that tests can lower them.
var (
	maxFileSize = int64(1 << 30) // bytes read from a file (the caller usually caps uploads lower)
	maxRows     = 2_000_000      // data rows
	maxColumns  = 5000           // columns of the header: "all properties" exports have hundreds
	maxCells    = 64_000_000     // cells of the table (rows times columns): a sparse sheet's rows are as wide as its header
	maxCell     = 1 << 20        // bytes in one cell: a quote left open swallows the file; a field's own limit is the domain's
	maxProblems = 1000           // problems listed; the rest are counted
)

// Table is a file read into memory: its header and its data rows, each with
// the physical line (CSV) or row number (XLSX) where it starts. Rows that
// could not be read (ragged, badly quoted, oversized cells, bad UTF-8) are
// left out of Rows and listed in Problems.
type Table struct {
	Header []string
	// HeaderLine is the header's line: 1, or the line below the titles
	// that Read left out (see header.go).
	HeaderLine int
	Rows       []Row
	Problems   []Problem
	// LeftOut lists the lines outside the table that Read did not read:
	// titles above the header, a report's closing lines below the rows.
	LeftOut []int
	// GroupTitles are the rows among LeftOut that name a group of rows
	// (see dropGroupTitle).
	GroupTitles []GroupTitle
	// Hidden lists the lines of the rows among Rows that the workbook
	// hides (by hand, by a filter, in a collapsed group): read as the
	// others, as Excel's own "Save as CSV" and other tools read them, and
	// named in the report (see Report.HiddenRows), so that a sheet
	// filtered to the rows meant does not import the others unsaid.
	Hidden []int
	// uncalculated holds, by line, the columns of a workbook's cells whose
	// formula has no stored result: a workbook a program wrote (openpyxl)
	// and no spreadsheet calculated. Such a cell reads as empty here, and
	// as its result in a spreadsheet (see columns.failedFormula).
	uncalculated map[int][]int
	// Skipped counts the problems beyond the listed ones.
	Skipped int
	// Format is "csv" or "xlsx"; Encoding and Delimiter say how a CSV was
	// read, Sheet which sheet of a workbook, among its Sheets.
	Format    string
	Encoding  string
	Delimiter string
	Sheet     string
	Sheets    []string
	// Date1904 is true for a workbook of the 1904 date system.
	Date1904 bool
	// strayBytes is true for a file read as UTF-8 with encoding "auto"
	// although some of its bytes are not (see readCSV).
	strayBytes bool
}

// Row is one data row of a Table. Raw holds the stored value of an XLSX
// number cell (a date's serial number, an amount's unformatted digits)
// beside its shown text in Cells, and "" for any other cell (text, a
// boolean, an error): a number typed as text reads as text, as in a CSV
// file. Raw is nil for CSV.
type Row struct {
	Line  int
	Cells []string
	Raw   []string
}

// Read reads a CSV or XLSX file: XLSX when its content is a zip archive or
// its name ends in .xlsx, CSV otherwise. Errors about the whole file (empty,
// not an XLSX, too large, duplicate or missing header) are returned; bad
// rows are collected in the Table's Problems.
func Read(name string, r io.Reader, m *Mapping) (*Table, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return ReadBytes(name, data, m)
}

// ReadBytes is Read over a file already in memory (an upload), which it
// does not copy. The Table holds nothing of data: the caller may drop it.
func ReadBytes(name string, data []byte, m *Mapping) (*Table, error) {
	if int64(len(data)) > maxFileSize {
		return nil, tooLarge()
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case ext == ".ods" || bytes.Contains(data[:min(len(data), 200)], []byte("application/vnd.oasis.opendocument.spreadsheet")):
		return nil, closer.FieldError("file", "This is an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV.")
	case ext == ".numbers":
		return nil, closer.FieldError("file", "This is an Apple Numbers file: export it as .xlsx or CSV.")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data, m)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, closer.FieldError("file", "This is an old Excel .xls file: save it as .xlsx or CSV.")
	case bytes.Contains(data[:min(len(data), 1024)], []byte("urn:schemas-microsoft-com:office:spreadsheet")):
		return nil, closer.FieldError("file", "This is an Excel 2003 XML spreadsheet: save it as .xlsx or CSV.")
	case isHTML(data):
		// Many web apps' "Excel export" is an HTML table named .xls.
		return nil, closer.FieldError("file", "This is a web page (HTML), not a spreadsheet: open it in Excel and save it as .xlsx or CSV.")
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return nil, closer.FieldError("file", "This is a PDF document, not a spreadsheet: export the data as CSV or .xlsx.")
	case isJSON(data):
		return nil, closer.FieldError("file", "This is a JSON file: import a CSV or .xlsx file (Closer's own export: choose CSV or XLSX).")
	case ext == ".xlsx" || ext == ".xlsm":
		return nil, closer.FieldError("file", "%s is not an XLSX file (it is not a zip archive).", filepath.Base(name))
	}
	return readCSV(data, m)
}

// readAll reads r whole, and one byte beyond maxFileSize at most. A file or
// a reader that tells its length is read into a buffer of that size:
// io.ReadAll grows its buffer by copies, which for a file of 60 MB costs
// about 150 MB more.
func readAll(r io.Reader) ([]byte, error) {
	size := int64(-1)
	switch v := r.(type) {
	case interface{ Len() int }: // bytes.Reader, strings.Reader, bytes.Buffer
		size = int64(v.Len())
	case *os.File:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	if size > maxFileSize {
		return nil, tooLarge()
	}
	r = io.LimitReader(r, maxFileSize+1)
	if size < 0 {
		return io.ReadAll(r)
	}
	buf := make([]byte, 0, size+1) // +1: the end is seen without growing
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return nil, err
		case len(buf) == cap(buf): // longer than it said (a growing file)
			rest, err := io.ReadAll(r)
			return append(buf, rest...), err
		}
	}
}

func tooLarge() error {
	return closer.FieldError("file", "The file is too large (%d MiB at most).", maxFileSize>>20)
}

// isHTML reports whether data starts like a web page.
func isHTML(data []byte) bool {
	start := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 512)], utf8BOM), " \t\r\n"))
	for _, tag := range []string{"<!doctype html", "<html", "<table"} {
		if bytes.HasPrefix(start, []byte(tag)) {
			return true
		}
	}
	return false
}

// isJSON reports whether data is a JSON document (an export of records).
func isJSON(data []byte) bool {
	start := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
	return len(start) > 0 && (start[0] == '[' || start[0] == '{') && json.Valid(data[len(data)-len(start):])
}

// add appends a data row, or a problem for a row that cannot be read; the
// readers skip blank rows before. Raw is nil for CSV. Too many rows is an
// error about the whole file.
func (t *Table) add(line int, cells, raw []string, utf8Checked bool) error {
	if len(t.Rows) >= maxRows {
		return closer.FieldError("file", "Line %d: too many rows (%d at most).", line, maxRows)
	} else if (len(t.Rows)+1)*len(t.Header) > maxCells {
		return closer.FieldError("file", "Line %d: the table is too large (%d columns; %d cells at most): delete the columns the import does not read, or split the file.", line, len(t.Header), maxCells)
	} else if len(cells) > maxColumns {
		t.problem(rowWidth(line, len(cells), len(t.Header)))
		return nil
	}
	for len(cells) > len(t.Header) && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1] // trailing empty cells, as spreadsheets write them
	}
	if t.repeatsHeader(cells) {
		// Two exports pasted one below the other: the second one's header
		// is no record (an account "Company" owned by a member "Owner").
		t.dropGroupTitle()
		t.LeftOut = append(t.LeftOut, line)
		return nil
	}
	if len(cells) != len(t.Header) && (raw == nil || len(cells) > len(t.Header)) {
		t.problem(rowWidth(line, len(cells), len(t.Header)))
		return nil
	}
	for len(cells) < len(t.Header) { // XLSX rows stop at their last non-empty cell
		cells = append(cells, "")
	}
	for raw != nil && len(raw) < len(t.Header) {
		raw = append(raw, "")
	}
	for i, c := range cells {
		if len(c) > maxCell {
			t.problem(Problem{Line: line, Field: t.Header[i]}.because("the cell is too long (%d bytes at most)", maxCell))
			return nil
		} else if !utf8Checked && !validUTF8(c) && t.strayBytes {
			t.problem(Problem{Line: line, Field: t.Header[i], Value: c}.because("the text is not valid UTF-8, unlike the rest of the file (pasted from another file?): correct it, or set the encoding to windows-1252 if the whole file is in it"))
			return nil
		} else if !utf8Checked && !validUTF8(c) {
			t.problem(Problem{Line: line, Field: t.Header[i], Value: c}.because("the text is not valid UTF-8 (set the encoding to windows-1252 or auto)"))
			return nil
		}
	}
	t.Rows = append(t.Rows, Row{Line: line, Cells: cells, Raw: raw})
	return nil
}

// repeatsHeader reports whether a row's cells are the header's (trimmed,
// case aside), in a table of two columns or more: in a table of one, the
// column's name may be a value.
func (t *Table) repeatsHeader(cells []string) bool {
	if len(cells) != len(t.Header) || len(t.Header) < 2 {
		return false
	}
	for i, c := range cells {
		if c = strings.TrimSpace(c); c != t.Header[i] && !strings.EqualFold(columnName(c), t.Header[i]) {
			return false
		}
	}
	return true
}

func (t *Table) problem(p Problem) {
	if len(t.Problems) >= maxProblems {
		t.Skipped++
		return
	}
	t.Problems = append(t.Problems, p)
}

// setHeader checks and keeps the header row, found on line. Two columns
// may share a name as long as the mapping reads neither (see find), and a
// column's name may be long (a survey's question) unless the mapping reads
// it (see compile).
func (t *Table) setHeader(line int, cells []string) error {
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if blank(cells) {
		return closer.FieldError("file", "Line %d: the header row is empty.", line)
	} else if len(cells) > maxColumns {
		return closer.FieldError("file", "Line %d: too many columns (%d; %d at most): delete the columns the import does not read.", line, len(cells), maxColumns)
	}
	t.Header, t.HeaderLine = make([]string, len(cells)), line
	for i, c := range cells {
		c = strings.TrimSpace(c)
		if !validUTF8(c) && t.strayBytes {
			return closer.FieldError("file", "Line %d: the header is not valid UTF-8, unlike the rest of the file (pasted from another file?): correct it, or set the encoding to windows-1252 if the whole file is in it.", line)
		} else if !validUTF8(c) {
			return closer.FieldError("file", "Line %d: the header is not valid UTF-8 (set the encoding to windows-1252 or auto).", line)
		}
		t.Header[i] = columnName(c)
	}
	return nil
}

// composed returns s in Unicode's composed form (NFC): "é" as one letter,
// where macOS tools and some copies write "e" and a combining accent, which
// look alike and compare unequal. ASCII costs one scan.
func composed(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFC.String(s)
		}
	}
	return s
}

// columnName returns a column's name as headers are matched: composed
// (NFC), without the invisible characters that copies and exports leave in
// it (format characters such as a zero-width space, a byte order mark in the
// middle, a soft hyphen, a direction mark), its spaces of any kind (a
// no-break space) as single plain spaces, trimmed. "Amount\u200b" is the
// column "Amount" the mapping names.
func columnName(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] < ' ' || s[i] == ' ' && (i+1 == len(s) || s[i+1] == ' ') {
			clean = false
			break
		}
	}
	if clean && (s == "" || s[0] != ' ') {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range composed(s) {
		switch {
		case unicode.Is(unicode.Cf, r):
		case unicode.IsSpace(r):
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// visibleName writes a column's name with the characters that do not show
// (controls, format characters, spaces other than the plain one) as
// <U+200B>, so that a name that looks like the mapping's tells how it
// differs.
func visibleName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r != ' ' && (!unicode.IsGraphic(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) ||
			unicode.Is(unicode.Mn, r) && b.Len() == 0 || strings.ContainsRune(blankLetters, r)) {
			fmt.Fprintf(&b, "<U+%04X>", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// blankLetters are characters that show as nothing although they are
// letters or symbols: the braille blank, the Hangul fillers.
const blankLetters = "\u2800\u3164\u115f\u1160\uffa0"

// done leaves out a totals row once the table is read. A table with a
// header and no data row is no error: it is what an export of an entity
// the organization has none of writes, and the command line and the API
// import it as nothing to import (see Table.NoRows).
func (t *Table) done() error {
	t.dropTotals()
	return nil
}

// NoRows returns the error of a table with a header and no data row (nor
// unreadable row), nil otherwise: the import screen refuses such an upload,
// where an empty file is more likely the wrong one than an empty entity.
func (t *Table) NoRows() error {
	if len(t.Rows) == 0 && len(t.Problems) == 0 && t.Skipped == 0 {
		return closer.FieldError("file", "The file has a header but no data rows.")
	}
	return nil
}

// Column returns the index of the column named name, or -1 when there is
// none or several (see find).
func (t *Table) Column(name string) int {
	i, err := t.find(name)
	if err != nil {
		return -1
	}
	return i
}

// find returns the index of the column named name: exactly, then ignoring
// case, then ignoring an export's "Entity - " prefix ("Deal - Title"
// answers "Title"; among several, the prefix most columns carry: a deals
// export's "Deal - Organization" before "Person - Organization"); -1 when
// none does. Two columns of that exact name (or, without one, of that name
// in any case, or of that name after prefixes none of which is the main
// one) are an error: the import cannot tell which one to read.
func (t *Table) find(name string) (int, error) {
	name = columnName(name)
	for _, match := range []func(h string) bool{
		func(h string) bool { return h == name },
		func(h string) bool { return strings.EqualFold(h, name) },
	} {
		found, n := -1, 0
		for i, h := range t.Header {
			if match(h) {
				if n++; found < 0 {
					found = i
				}
			}
		}
		if n > 1 {
			return -1, closer.FieldError("columns", "Line %d: the file has %d columns named %q: rename them, or delete those the import does not need.", t.HeaderLine, n, t.Header[found])
		} else if found >= 0 {
			return found, nil
		}
	}
	var found []int
	for i, h := range t.Header {
		if _, after, ok := strings.Cut(h, " - "); ok && strings.EqualFold(strings.TrimSpace(after), name) {
			found = append(found, i)
		}
	}
	switch len(found) {
	case 0:
		return -1, nil
	case 1:
		return found[0], nil
	}
	// "Deal - Organization" and "Person - Organization": the export's own
	// records are those of the prefix most of its columns carry.
	main := t.mainPrefix()
	var names []string
	for _, i := range found {
		if prefix, _, _ := strings.Cut(t.Header[i], " - "); strings.EqualFold(strings.TrimSpace(prefix), main) {
			return i, nil
		}
		names = append(names, strconv.Quote(t.Header[i]))
	}
	return -1, closer.FieldError("columns", "Line %d: the columns %s all answer %q: name the one to read in the mapping.", t.HeaderLine, strings.Join(names, ", "), name)
}

// mainPrefix returns the "Entity" of "Entity - Field" that more columns of
// the header carry than any other, or "" (none, or a tie).
func (t *Table) mainPrefix() string {
	count := map[string]int{}
	for _, h := range t.Header {
		if prefix, _, ok := strings.Cut(h, " - "); ok {
			count[strings.ToLower(strings.TrimSpace(prefix))]++
		}
	}
	best, tie := "", false
	for p, n := range count {
		switch {
		case n > count[best] || best == "":
			best, tie = p, false
		case n == count[best]:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// rowWidth is the problem of a row of got fields under a header of want.
func rowWidth(line, got, want int) Problem {
	return Problem{Line: line}.because("the row has %d fields, the header has %d", got, want)
}
