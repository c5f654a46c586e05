package importer

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The parts of a sheet's XML that excelize's row iterator does not give:
// the type of each cell and the stored value of a number, and the merged
// ranges, which come after the rows. cellReader reads them as a stream,
// beside the iterator, so that a large sheet is never held in memory.

// cellReader reads a sheet's XML one row at a time.
type cellReader struct {
	d    *xml.Decoder
	line int      // the row read last
	raw  []string // its number cells' stored values
	done bool     // the rows are all read
	err  error
}

func newCellReader(r io.Reader) *cellReader {
	d := xml.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	d.Strict = false
	return &cellReader{d: d}
}

// row returns the stored values of the number cells of the row on line
// ("" for every other cell: text, a boolean, an error), or none when the
// sheet has no such row. Lines are asked in increasing order.
func (c *cellReader) row(line int) ([]string, error) {
	for !c.done && c.err == nil && c.line < line {
		c.next()
	}
	if c.err != nil {
		return nil, c.err
	} else if c.line == line {
		return c.raw, nil
	}
	return nil, nil
}

// next reads the next row element, or sets done at the end of the rows.
func (c *cellReader) next() {
	inRow, col := false, 0
	var cellType string
	inValue, formula := false, false
	var value strings.Builder
	for {
		tok, err := c.d.RawToken()
		if err == io.EOF {
			c.done = true
			return
		} else if err != nil {
			c.err = err
			return
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "row":
				n := c.line + 1
				if r := attr(el, "r"); r != "" {
					var err error
					if n, err = strconv.Atoi(r); err != nil {
						c.err = errors.New("a row's number is not a number")
						return
					}
				}
				c.line, c.raw, inRow, col = n, c.raw[:0], true, 0
			case "c":
				if !inRow {
					continue
				}
				col++
				if r := attr(el, "r"); r != "" {
					x, _, err := excelize.CellNameToCoordinates(r)
					if err != nil {
						c.err = err
						return
					}
					col = x
				}
				cellType, formula = attr(el, "t"), false
				value.Reset()
			case "v":
				inValue = inRow
			case "f":
				formula = true
			}
		case xml.CharData:
			if inValue {
				value.Write(el)
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "v":
				inValue = false
			case "c":
				v := strings.TrimSpace(value.String())
				if !inRow || v == "" || !numberCell(cellType, formula, v) {
					continue
				}
				for len(c.raw) < col {
					c.raw = append(c.raw, "")
				}
				c.raw[col-1] = v
			case "row":
				return
			case "sheetData":
				c.done = true
				return
			}
		}
	}
}

// numberCell reports whether a cell of that type, with or without a
// formula, stores a number: no type or "n" (text is "s", "inlineStr" or
// "str", and "b", "e" and "d" are booleans, errors and ISO dates). A
// formula's cached number typed "str", as excelize writes it, is a number
// too when it is written as one ("1.125", not "1,125" or "1 125").
func numberCell(typ string, formula bool, v string) bool {
	switch typ {
	case "", "n":
		return true
	case "str":
		return formula && plainNumber.MatchString(v)
	}
	return false
}

var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// cellRange is a merged range of cells, from column c1 of row r1 to column
// c2 of row r2 (1-based).
type cellRange struct{ c1, r1, c2, r2 int }

// merged reads the rest of the sheet for its merged ranges.
func (c *cellReader) merged() ([]cellRange, error) {
	if c.err != nil {
		return nil, c.err
	}
	var out []cellRange
	for {
		tok, err := c.d.RawToken()
		if err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		el, ok := tok.(xml.StartElement)
		if !ok || el.Name.Local != "mergeCell" {
			continue
		}
		from, to, _ := strings.Cut(attr(el, "ref"), ":")
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 == nil && err2 == nil {
			out = append(out, cellRange{c1, r1, c2, r2})
		}
	}
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// sheetParts returns the part of the archive that holds each sheet, as the
// workbook and its relationships name them.
func sheetParts(z *zip.Reader) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := unmarshalPart(z, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	} else if err := unmarshalPart(z, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
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
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		for _, a := range s.Attrs {
			if a.Name.Local == "id" {
				parts[s.Name] = targets[a.Value]
			}
		}
	}
	return parts, nil
}

// unmarshalPart decodes the XML part of the archive of that name.
func unmarshalPart(z *zip.Reader, name string, v any) error {
	for _, f := range z.File {
		if !strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		return xml.NewDecoder(io.LimitReader(rc, xlsxUnzipXMLLimit)).Decode(v)
	}
	return errors.New("the archive has no " + name)
}
