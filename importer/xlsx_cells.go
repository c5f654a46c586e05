package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The cells of a sheet, read from its XML as a stream, one row at a time,
// so that a large sheet is never held in memory: each cell's shown text
// and a number cell's stored value, then the merged ranges, which come
// after the rows.

// xlsxMaxRows is the last row a sheet can have.
const xlsxMaxRows = 1 << 20

// sheetReader reads a sheet's XML one row at a time.
type sheetReader struct {
	x  *xmlScanner
	wb *book
	// The row read last: its number, its cells' shown text, and beside
	// each number cell its stored value ("" beside any other cell). The
	// slices are the row's own: a table keeps them.
	line       int
	shown, raw []string
	// hidden is true for a row the sheet hides (hidden by hand, by a
	// filter, or in a collapsed group): its cells are read all the same.
	hidden bool
	// uncalculated lists the columns (0-based) of the row's cells that
	// hold a formula and no stored result (no <v>).
	uncalculated []int
	done         bool
	cell         cellXML
}

func newSheetReader(r io.Reader, wb *book) *sheetReader {
	return &sheetReader{x: newXMLScanner(r), wb: wb}
}

// cellXML is what the XML of the cell being read says.
type cellXML struct {
	typ     string
	style   int
	value   []byte // <v>
	valued  bool   // a <v> was read, maybe empty (a formula's empty text)
	inValue bool
	formula bool
	inline  bool // an <is> inline string, whose text is in text
	inText  bool
	text    richText
}

// next reads the next row into line, shown and raw; false at the end of
// the rows. Rows numbered out of order are an error.
func (s *sheetReader) next() (bool, error) {
	if s.done {
		return false, nil
	}
	inRow, col := false, 0
	c, x := &s.cell, s.x
	for {
		if err := x.next(); err != nil {
			return false, err
		}
		switch x.kind {
		case xmlEOF:
			s.done = true
			return inRow, nil
		case xmlStart:
			switch {
			case x.is("row"):
				line := s.line + 1
				if r := x.attr("r"); r != nil {
					var ok bool
					if line, ok = atoi(r); !ok {
						return false, errors.New("a row's number is not a number")
					}
				}
				if line > xlsxMaxRows {
					return false, fmt.Errorf("row %d is beyond a sheet's last row (%d)", line, xlsxMaxRows)
				} else if line < 1 {
					return false, errors.New("a row's number is not a number")
				} else if line <= s.line {
					return false, fmt.Errorf("row %d comes after row %d", line, s.line)
				}
				n := len(s.shown)
				s.line, s.shown, s.raw, inRow, col = line, make([]string, 0, n), make([]string, 0, n), true, 0
				s.uncalculated = s.uncalculated[:0]
				h := string(x.attr("hidden"))
				s.hidden = h == "1" || h == "true"
			case !inRow:
			case x.is("c"):
				col++
				if r := x.attr("r"); r != nil {
					var err error
					if col, err = cellColumn(r); err != nil {
						return false, err
					}
				}
				c.typ, c.style = cellType(x.attr("t")), 0
				if st, ok := atoi(x.attr("s")); ok {
					c.style = st
				}
				c.value, c.valued, c.inValue, c.formula, c.inline = c.value[:0], false, false, false, false
				c.text.reset()
			case x.is("v"):
				c.inValue, c.valued = true, true
			case x.is("f"):
				c.formula = true
			case x.is("is"):
				c.inline, c.inText = true, true
			case c.inText:
				c.text.start(x.name)
			}
		case xmlText:
			if c.inValue {
				c.value = append(c.value, x.text...)
			} else if c.inText {
				c.text.write(x.text)
			}
		case xmlEnd:
			switch {
			case x.is("row") && inRow:
				return true, nil
			case x.is("sheetData"):
				s.done = true
				return inRow, nil
			case !inRow:
			case x.is("c"):
				s.put(col, c)
			case x.is("v"):
				c.inValue = false
			case x.is("is"):
				c.inText = false
			case c.inText:
				c.text.end(x.name)
			}
		}
	}
}

// put sets the cell of column col (1-based) of the row being read.
func (s *sheetReader) put(col int, c *cellXML) {
	if c.formula && !c.valued {
		s.uncalculated = append(s.uncalculated, col-1)
	}
	shown, raw := s.wb.cellText(c)
	if shown == "" && raw == "" {
		return
	}
	for len(s.shown) < col {
		s.shown, s.raw = append(s.shown, ""), append(s.raw, "")
	}
	if raw == shown {
		raw = shown // one copy of the text
	}
	s.shown[col-1], s.raw[col-1] = shown, raw
}

// cellType returns a cell's t attribute.
func cellType(t []byte) string {
	switch string(t) {
	case "":
		return ""
	case "n":
		return "n"
	case "s":
		return "s"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	case "e":
		return "e"
	case "d":
		return "d"
	}
	return string(t)
}

// atoi reads a decimal number of at most 18 digits.
func atoi(b []byte) (int, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// cellText returns a cell's shown text, and its stored value if it is a
// number cell ("" for any other: text, a boolean, an error).
func (wb *book) cellText(c *cellXML) (shown, raw string) {
	switch c.typ {
	case "s": // an index into the shared strings
		if i, ok := atoi(c.value); ok && i < len(wb.strings) {
			return wb.styles.text(c.style, wb.strings[i]), ""
		}
		return "", ""
	case "inlineStr":
		if c.inline {
			return wb.styles.text(c.style, c.text.String()), ""
		}
		return wb.styles.text(c.style, string(c.value)), ""
	case "str": // a formula's text, shown as it is
		v := string(c.value)
		if t := strings.TrimSpace(v); c.formula && plainNumber.MatchString(t) {
			return v, t
		}
		return v, ""
	case "b":
		switch v := string(c.value); v {
		case "1":
			return "TRUE", ""
		case "0":
			return "FALSE", ""
		default:
			return wb.styles.text(c.style, v), ""
		}
	case "d": // an ISO 8601 date, which the import reads as written
		return string(c.value), ""
	case "", "n":
		v := strings.TrimSpace(string(c.value))
		if v == "" {
			return "", ""
		}
		return wb.styles.number(c.style, v), v
	}
	// An error (#N/A) or a type of no standard.
	return wb.styles.number(c.style, string(c.value)), ""
}

// plainNumber is a number as a formula's cached value typed "str" writes
// one when excelize writes it: such a cell is a number cell ("1.125"), but
// not "1,125" or "1 125", which are text.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// cellColumn returns the column (1-based) of a cell reference such as
// "AB12".
func cellColumn(ref []byte) (int, error) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		if col = col*26 + int(c-'a'+1); col > 16384 {
			return 0, fmt.Errorf("the cell reference %q is beyond the last column", ref)
		}
	}
	if i == 0 || i == len(ref) {
		return 0, fmt.Errorf("the cell reference %q is not one", ref)
	}
	for ; i < len(ref); i++ {
		if ref[i] < '0' || ref[i] > '9' {
			return 0, fmt.Errorf("the cell reference %q is not one", ref)
		}
	}
	return col, nil
}

// cellRange is a merged range of cells, from column c1 of row r1 to column
// c2 of row r2 (1-based).
type cellRange struct{ c1, r1, c2, r2 int }

// merged reads the rest of the sheet for its merged ranges.
func (s *sheetReader) merged() ([]cellRange, error) {
	var out []cellRange
	for {
		if err := s.x.next(); err != nil {
			return nil, err
		} else if s.x.kind == xmlEOF {
			return out, nil
		} else if s.x.kind != xmlStart || !s.x.is("mergeCell") {
			continue
		}
		from, to, _ := strings.Cut(string(s.x.attr("ref")), ":")
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 == nil && err2 == nil {
			out = append(out, cellRange{c1, r1, c2, r2})
		}
	}
}
