package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"closer"
)

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// readCSV reads a CSV file with the mapping's delimiter and encoding. Quoted
// fields may hold delimiters, quotes and line breaks; each row keeps the
// number a spreadsheet shows it under (the line where it starts, less the
// line breaks inside the cells above it).
func readCSV(data []byte, m *Mapping) (*Table, error) {
	t := &Table{Format: "csv", Encoding: "utf-8"}
	checked, utf16 := false, false
	order, noBOM := utf16Order(data)
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		for bytes.HasPrefix(data, utf8BOM) { // a tool that added its own to a file that had one
			data = data[len(utf8BOM):]
		}
	case bytes.HasPrefix(data, utf16LEBOM), bytes.HasPrefix(data, utf16BEBOM):
		// Excel's "Unicode text" export: UTF-16 with its byte order mark,
		// whatever the mapping says (the mark leaves no doubt), and tabs
		// between its cells whatever the mapping's delimiter (sniffed).
		dec, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, closer.FieldError("file", "The file cannot be read as UTF-16: %v.", err)
		}
		data, t.Encoding, utf16 = dec, "utf-16", true
	case noBOM:
		// UTF-16 without its byte order mark (SQL Server's bcp -w, .NET
		// and PowerShell exports): read as UTF-8, each character's zero
		// byte would split the cells in two or make a quote bare.
		dec, err := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, closer.FieldError("file", "The file cannot be read as UTF-16: %v.", err)
		}
		data, t.Encoding, utf16 = dec, "utf-16", true
	case binary(data):
		// An image, a compressed file, a program's own format, named
		// .csv: its bytes read as a quote error on some line.
		return nil, closer.FieldError("file", "The file is not text but binary data (an image, a compressed or another program's file?): import a CSV or .xlsx file.")
	case m.Encoding == "auto" && !utf8.Valid(data) && multiByteUTF8(data):
		// UTF-8 but for a few bytes (a cell pasted from a Windows-1252
		// file): read as Windows-1252, its accents would all turn to
		// mojibake ("Ã‰lodie"). Read as UTF-8, the cells with those
		// bytes are bad rows that name their line and column.
		t.strayBytes = true
	case charmaps[m.Encoding] != nil, m.Encoding == "auto" && !utf8.Valid(data):
		enc := m.Encoding
		if enc == "auto" {
			enc = guessEncoding(data)
		}
		dec, err := charmaps[enc].NewDecoder().Bytes(data)
		if err != nil {
			return nil, closer.FieldError("file", "The file cannot be read as %s: %v.", enc, err)
		}
		data, t.Encoding, checked = dec, enc, true
	case m.Encoding == "auto":
		checked = true // valid UTF-8 as a whole
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, closer.FieldError("file", "The file is empty.")
	}
	if crLineEnds(data) {
		// Excel for Mac's "CSV (Macintosh)" ends its lines with a lone
		// carriage return, which the CSV reader does not take for one (a
		// line break inside a cell is a line feed there).
		data = crToLF(data)
	}
	t.Delimiter = m.Delimiter
	directive, sep := sepDirective(data)
	if sep {
		t.Delimiter = directive // the file says so: Excel reads it so
	} else if t.Delimiter == "auto" || t.Delimiter == "" || utf16 {
		t.Delimiter = sniffDelimiter(data)
	}
	strict := *t
	bare, starts, err := readRecords(t, data, m, checked, sep, false)
	if bare {
		// A quote inside a cell that is not quoted (Écran 27" ): Excel and
		// LibreOffice read it as a quote. So does a second, lenient reading,
		// kept when it reads more of the file, and only if its records start
		// on the lines where the strict reading's did (or failed): a cell
		// that starts with a quote and goes on after it ("Best" offer) is
		// read leniently up to the next quote at a cell's end, maybe lines
		// below, and would swallow the rows between.
		lenient := strict
		if _, lstarts, lerr := readRecords(&lenient, data, m, checked, sep, true); lerr == nil && (err != nil || len(lenient.Problems) < len(t.Problems)) && slices.Equal(starts, lstarts) {
			t, err = &lenient, nil
		}
	}
	if err != nil && t.Header == nil && t.Delimiter == m.Delimiter {
		// Read with the wrong delimiter, a comma-separated file's quoted
		// "1234,56" is a quote inside a cell before the header is found:
		// the delimiter is what to correct, not the quotes.
		if derr := otherDelimiter(data, t.Delimiter, m); derr != nil {
			return nil, derr
		}
	}
	if err != nil {
		return nil, err
	} else if t.Delimiter == m.Delimiter { // not the file's, nor sniffed
		if err := wrongDelimiter(data, t, m); err != nil {
			return nil, err
		}
	}
	return t, t.done()
}

// readRecords reads the records of data into t: the header, the rows, and
// the lines left out above and below them. bare reports whether a quote
// inside an unquoted cell made a record unreadable; lazy reads such quotes
// as text (encoding/csv's LazyQuotes).
//
// starts lists the physical line where each record (or unreadable record)
// starts, to compare readings.
func readRecords(t *Table, data []byte, m *Mapping, checked, sep, lazy bool) (bare bool, starts []int, err error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = rune(t.Delimiter[0])
	r.FieldsPerRecord = -1
	r.LazyQuotes = lazy
	// Room for a row per line: a large file's table then grows by no copy
	// (a million rows: 56 MB, which doubling would take twice over).
	t.Rows = make([]Row, 0, min(bytes.Count(data, []byte{'\n'})+1, maxRows))
	rows := newTableRows(t, m, checked)
	var values repeatedValues
	var end int64 // where the last record ended
	// breaks counts the line breaks inside the cells read so far: a row's
	// number is its physical line less those, the row a spreadsheet shows.
	breaks := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bare = bare || errors.Is(pe.Err, csv.ErrBareQuote)
			starts = append(starts, pe.StartLine)
			if t.Header == nil {
				return bare, starts, closer.FieldError("file", "Line %d: %v.", pe.StartLine-breaks, unreadable(pe.Err))
			}
			t.problem(unreadableRow(pe.StartLine-breaks, pe.Err))
			if len(t.Problems) >= maxProblems {
				break
			}
			continue
		} else if err != nil {
			return bare, starts, err
		}
		line, _ := r.FieldPos(0)
		starts = append(starts, line)
		line -= breaks
		for _, c := range rec {
			if strings.IndexByte(c, '\n') >= 0 {
				breaks += strings.Count(c, "\n")
			}
		}
		if blankLineAt(data, end) { // encoding/csv skips empty lines
			rows.blank()
		}
		end = r.InputOffset()
		switch {
		case sep:
			t.LeftOut, sep = append(t.LeftOut, line), false
			continue
		case blank(rec):
			rows.blank()
			continue
		case t.Header != nil:
			values.keep(rec)
		}
		if err := rows.row(line, rec, nil); err != nil {
			return bare, starts, err
		}
	}
	return bare, starts, rows.end(closer.FieldError("file", "The file is empty."))
}

// unreadable says encoding/csv's error about a record for people: its
// quote errors are sentences, in English here and in French through the
// web's catalog; other errors as they are.
func unreadable(err error) any {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return closer.Phrasef("a quote opens a cell that does not close on this line: check the quotes")
	case errors.Is(err, csv.ErrBareQuote):
		return closer.Phrasef("a quote inside a cell that does not start with one: check the quotes")
	}
	return err
}

// unreadableRow is the problem of a record that cannot be read.
func unreadableRow(line int, err error) Problem {
	p := Problem{Line: line}
	switch {
	case errors.Is(err, csv.ErrQuote):
		return p.because("a quote opens a cell that does not close on this line: check the quotes")
	case errors.Is(err, csv.ErrBareQuote):
		return p.because("a quote inside a cell that does not start with one: check the quotes")
	}
	return p.because("the row cannot be read: %s", err.Error())
}

// utf16Order returns the byte order of a file in UTF-16 without a byte
// order mark; ok is false for any other file. A sales file's characters are mostly
// Latin, whose UTF-16 is a byte and a zero (0x41 0x00 for "A" in
// little-endian): three of its first characters in four at least, with the
// zero on one side only, which no text in an 8-bit encoding or UTF-8 has
// (they never hold a zero byte).
func utf16Order(data []byte) (order unicode.Endianness, ok bool) {
	n := min(len(data), 4096) &^ 1
	if n < 4 || len(data)%2 != 0 {
		return order, false
	}
	little, big := 0, 0
	for i := 0; i < n; i += 2 {
		switch {
		case data[i] != 0 && data[i+1] == 0:
			little++
		case data[i] == 0 && data[i+1] != 0:
			big++
		}
	}
	switch pairs := n / 2; {
	case little*4 >= pairs*3 && big*8 < little:
		return unicode.LittleEndian, true
	case big*4 >= pairs*3 && little*8 < big:
		return unicode.BigEndian, true
	}
	return order, false
}

// multiByteUTF8 reports whether data holds a character of UTF-8 beyond
// ASCII ("é" as two bytes), which a file in Windows-1252 or ISO-8859-15
// holds by chance at most ("Ã©").
func multiByteUTF8(data []byte) bool {
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if n > 1 && r != utf8.RuneError {
			return true
		}
		data = data[n:]
	}
	return false
}

// latin9 reports whether a file that is not UTF-8 reads as ISO-8859-15
// (LibreOffice's "Western Europe (ISO-8859-15/EURO)") rather than as
// Windows-1252: it has none of the bytes 0x80-0x9F, which Windows-1252
// prints (€, œ, curly quotes) and ISO-8859-15 leaves to control codes, and
// one of those ISO-8859-15 gives €, œ, Œ or Ÿ where Windows-1252 has ¤, ½,
// ¼ or ¾.
func latin9(data []byte) bool {
	seen := false
	for _, c := range data {
		switch {
		case c >= 0x80 && c <= 0x9F:
			return false
		case c == 0xA4 || c == 0xBC || c == 0xBD || c == 0xBE:
			seen = true
		}
	}
	return seen
}

// sniffDelimiter picks, among , ; tab and |, the one that splits the first
// lines most consistently: the same number of times (more than none) on the
// most lines, as a table's header and rows do, whatever a title above them
// or a decimal comma in a cell holds. Ties go to the one found more often
// on those lines, then to that order; "," when none appears.
func sniffDelimiter(data []byte) string {
	const delims = ",;\t|"
	var lines [][4]int // per line outside quotes, the count of each delimiter
	var line [4]int
	quoted := false
	for i := 0; i <= len(data) && len(lines) < sniffLines; i++ {
		if i == len(data) || !quoted && data[i] == '\n' {
			if line != [4]int{} {
				lines = append(lines, line)
			}
			line = [4]int{}
			continue
		}
		if data[i] == '"' {
			quoted = !quoted
		} else if k := strings.IndexByte(delims, data[i]); k >= 0 && !quoted {
			line[k]++
		}
	}
	best, bestLines, bestCount := 0, 0, 0
	for k := range 4 {
		seen := map[int]int{} // count on a line → lines
		for _, l := range lines {
			if l[k] > 0 {
				seen[l[k]]++
			}
		}
		for count, n := range seen {
			if n > bestLines || n == bestLines && count > bestCount {
				best, bestLines, bestCount = k, n, count
			}
		}
	}
	return delims[best : best+1]
}

// crLineEnds reports whether the file's lines end with a lone carriage
// return, as its first line outside quoted cells does.
func crLineEnds(data []byte) bool {
	quoted := false
	for i, c := range data {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			return false
		case c == '\r':
			return i+1 == len(data) || data[i+1] != '\n'
		}
	}
	return false
}

// crToLF turns every lone carriage return of data into a line feed.
func crToLF(data []byte) []byte {
	out := make([]byte, len(data))
	for i, c := range data {
		if c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			c = '\n'
		}
		out[i] = c
	}
	return out
}

// binary reports whether data is no text, as its first bytes (8 KiB) tell:
// a zero byte, and more than one byte in 20 a control code other than a
// tab or a line end, which a text's stray character (a NUL in a cell, a
// bad row) is far from.
func binary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) < 0 {
		return false
	}
	controls := 0
	for _, c := range head {
		if c < ' ' && c != '\t' && c != '\n' && c != '\r' || c == 0x7F {
			controls++
		}
	}
	return controls*20 > len(head)
}

// sniffLines is how many lines with a delimiter sniffDelimiter reads.
const sniffLines = 20

func validUTF8(s string) bool { return utf8.ValidString(s) }
