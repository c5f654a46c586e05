package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"closer"
)

// value is one cell: text, or a number written as decimal text ("1234.50",
// "3") that JSON and XLSX write as a number. CSV and XLSX write a text
// that a spreadsheet would run as a formula behind a single quote
// (closer.NeutralizeFormula); numbers are written as they are.
type value struct {
	text   string
	number bool
}

func text(s string) value { return value{text: s} }

func date(d closer.Date) value { return value{text: d.String()} }

// amount writes minor units as major units with "." and two decimals.
func amount(m closer.Money) value {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return value{text: fmt.Sprintf("%s%d.%02d", sign, m/100, m%100), number: true}
}

func integer(n int) value { return value{text: strconv.Itoa(n), number: true} }

// rowWriter writes a table: the header once, then the rows; close finishes
// the file. Nothing it writes is complete before close returns nil; abort
// drops what a failed export left (XLSX's temporary files).
type rowWriter interface {
	header(columns []string) error
	row(values []value) error
	close() error
	abort()
}

// newRowWriter returns the writer of a format; sheet names the XLSX sheet.
func newRowWriter(format string, w io.Writer, sheet string) (rowWriter, error) {
	switch format {
	case FormatCSV:
		return &csvWriter{w: csv.NewWriter(w)}, nil
	case FormatJSON:
		return &jsonWriter{w: bufio.NewWriterSize(w, 64<<10)}, nil
	case FormatXLSX:
		return newXLSXWriter(w, sheet)
	}
	return nil, closer.FieldError("format", "The format must be csv, json or xlsx, not %q.", format)
}

// csvWriter writes RFC 4180 CSV through encoding/csv (which buffers).
type csvWriter struct{ w *csv.Writer }

func (c *csvWriter) header(columns []string) error { return c.w.Write(columns) }

func (c *csvWriter) row(values []value) error {
	rec := make([]string, len(values))
	for i, v := range values {
		rec[i] = v.text
		if !v.number {
			rec[i] = closer.NeutralizeFormula(v.text)
		}
	}
	return c.w.Write(rec)
}

func (c *csvWriter) abort() {}

func (c *csvWriter) close() error {
	c.w.Flush()
	return c.w.Error()
}

// jsonWriter writes one JSON array of objects, an object per line.
type jsonWriter struct {
	w       *bufio.Writer
	columns [][]byte // the keys, already encoded
	rows    int
}

func (j *jsonWriter) header(columns []string) error {
	for _, c := range columns {
		k, _ := json.Marshal(c)
		j.columns = append(j.columns, k)
	}
	_, err := j.w.WriteString("[")
	return err
}

func (j *jsonWriter) row(values []value) error {
	if j.rows > 0 {
		j.w.WriteString(",")
	}
	j.rows++
	j.w.WriteString("\n{")
	for i, v := range values {
		if i > 0 {
			j.w.WriteByte(',')
		}
		j.w.Write(j.columns[i])
		j.w.WriteByte(':')
		switch {
		case v.text == "":
			j.w.WriteString("null")
		case v.number:
			j.w.WriteString(v.text)
		default:
			s, err := json.Marshal(v.text)
			if err != nil {
				return err
			}
			j.w.Write(s)
		}
	}
	_, err := j.w.WriteString("}")
	return err
}

func (j *jsonWriter) abort() {}

func (j *jsonWriter) close() error {
	j.w.WriteString("\n]\n")
	return j.w.Flush()
}

// xlsxWriter writes one sheet with excelize's StreamWriter, which keeps
// rows in a temporary file rather than in memory until close zips them.
type xlsxWriter struct {
	out  io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	next int // the next row number
}

// maxXLSXRows is the row limit of a sheet, header included.
const maxXLSXRows = excelize.TotalRows

func newXLSXWriter(w io.Writer, sheet string) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		f.Close()
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &xlsxWriter{out: w, f: f, sw: sw, next: 1}, nil
}

func (x *xlsxWriter) header(columns []string) error {
	cells := make([]any, len(columns))
	for i, c := range columns {
		cells[i] = c
	}
	return x.put(cells)
}

func (x *xlsxWriter) row(values []value) error {
	cells := make([]any, len(values))
	for i, v := range values {
		switch {
		case v.text == "":
			cells[i] = nil
		case v.number:
			n, err := strconv.ParseFloat(v.text, 64)
			if err != nil {
				return err
			}
			cells[i] = n
		default:
			cells[i] = closer.NeutralizeFormula(v.text)
		}
	}
	return x.put(cells)
}

func (x *xlsxWriter) put(cells []any) error {
	if x.next > maxXLSXRows {
		return closer.FieldError("format", "An XLSX sheet holds %d rows at most: export this org as CSV or JSON.", maxXLSXRows-1)
	}
	cell, err := excelize.CoordinatesToCellName(1, x.next)
	if err != nil {
		return err
	}
	x.next++
	return x.sw.SetRow(cell, cells)
}

func (x *xlsxWriter) abort() { x.f.Close() }

func (x *xlsxWriter) close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	return x.f.Write(x.out)
}
