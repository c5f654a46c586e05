package importer

import (
	"archive/zip"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// The styles of a workbook, as far as the shown text of a cell needs them:
// the number format of each cell style. A cell's s attribute is an index
// into the cell styles (cellXfs); each names a number format, built in
// (below 164) or written in the workbook (numFmts).

// styles turns a cell's stored value into its shown text.
type styles struct {
	numFmtOf []int          // each cell style's number format id
	codes    map[int]string // the workbook's own number formats
	date1904 bool
	compiled []*numFmt // by cell style, compiled on first use
	done     []bool
	excelize *excelizeFormatter
}

// readStyles reads the workbook's cell styles. A workbook without a styles
// part, or with one that cannot be read, shows every cell unformatted.
func readStyles(f *zip.File, date1904 bool) *styles {
	st := &styles{codes: map[int]string{}, date1904: date1904, excelize: &excelizeFormatter{date1904: date1904}}
	if f == nil {
		return st
	}
	var doc struct {
		NumFmts []struct {
			ID     string `xml:"numFmtId,attr"`
			Code   string `xml:"formatCode,attr"`
			Code16 string `xml:"formatCode16,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID string `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := unmarshalFile(f, &doc); err != nil {
		return st
	}
	for _, nf := range doc.NumFmts {
		id, err := strconv.Atoi(nf.ID)
		if _, twice := st.codes[id]; err != nil || twice { // the first one counts
			continue
		}
		if nf.Code16 != "" {
			st.codes[id] = nf.Code16
		} else {
			st.codes[id] = nf.Code
		}
	}
	for _, xf := range doc.Xfs {
		id, _ := strconv.Atoi(xf.NumFmtID) // none is 0, General
		st.numFmtOf = append(st.numFmtOf, id)
	}
	st.compiled = make([]*numFmt, len(st.numFmtOf))
	st.done = make([]bool, len(st.numFmtOf))
	return st
}

// format returns the number format of the cell style s, or nil when the
// cell shows its value as it is stored: the default style 0 (whatever it
// says, as excelize read it), a style the workbook lacks, a format id
// that is neither built in nor the workbook's.
func (st *styles) format(s int) *numFmt {
	if s <= 0 || s >= len(st.numFmtOf) {
		return nil
	}
	if !st.done[s] {
		st.done[s] = true
		id := st.numFmtOf[s]
		code, ok := st.codes[id]
		if !ok {
			code, ok = builtInNumFmt[id]
		}
		if ok {
			st.compiled[s] = compileNumFmt(code)
		}
	}
	return st.compiled[s]
}

// number returns the shown text of a number cell of style s that stores v.
func (st *styles) number(s int, v string) string {
	g := generalText(v)
	f := st.format(s)
	if f == nil {
		return g
	}
	if shown, ok := f.number(g, st.date1904); ok {
		return shown
	}
	return st.excelize.format(f.code, v)
}

// text returns the shown text of a text cell of style s (a string, a
// boolean, an error): the text section of its format, if it has one.
func (st *styles) text(s int, v string) string {
	if f := st.format(s); f != nil {
		return f.text(v)
	}
	return v
}

// builtInNumFmt are the number formats that every workbook has without
// writing them, those excelize knows under the English locale.
var builtInNumFmt = map[int]string{
	0:  "general",
	1:  "0",
	2:  "0.00",
	3:  "#,##0",
	4:  "#,##0.00",
	9:  "0%",
	10: "0.00%",
	11: "0.00E+00",
	12: "# ?/?",
	13: "# ??/??",
	14: "mm-dd-yy",
	15: "d-mmm-yy",
	16: "d-mmm",
	17: "mmm-yy",
	18: "h:mm AM/PM",
	19: "h:mm:ss AM/PM",
	20: "hh:mm",
	21: "hh:mm:ss",
	22: "m/d/yy hh:mm",
	37: "#,##0 ;(#,##0)",
	38: "#,##0 ;[red](#,##0)",
	39: "#,##0.00 ;(#,##0.00)",
	40: "#,##0.00 ;[red](#,##0.00)",
	41: `_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)`,
	42: `_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)`,
	43: `_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)`,
	44: `_("$"* #,##0.00_);_("$"* \(#,##0.00\);_("$"* "-"??_);_(@_)`,
	45: "mm:ss",
	46: "[h]:mm:ss",
	47: "mm:ss.0",
	48: "##0.0E+0",
	49: "@",
}

// excelizeFormatter renders the formats that numFmt does not (fractions,
// scientific notation, conditions, elapsed times, dates in another
// language...) with excelize, on a workbook of one cell: the text a reader
// of the whole workbook through excelize would show. It is slow (tens of
// microseconds a cell), so its answers are kept, up to a bound.
type excelizeFormatter struct {
	date1904 bool
	f        *excelize.File
	styleOf  map[string]int
	cache    map[[2]string]string
}

const excelizeCacheSize = 1 << 14

func (x *excelizeFormatter) format(code, v string) string {
	key := [2]string{code, v}
	if s, ok := x.cache[key]; ok {
		return s
	}
	s := x.render(code, v)
	if x.cache == nil {
		x.cache = map[[2]string]string{}
	}
	if len(x.cache) < excelizeCacheSize {
		x.cache[key] = s
	}
	return s
}

func (x *excelizeFormatter) render(code, v string) string {
	if x.f == nil {
		x.f, x.styleOf = excelize.NewFile(), map[string]int{}
		date1904 := x.date1904
		_ = x.f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904})
	}
	style, ok := x.styleOf[code]
	if !ok {
		var err error
		if style, err = x.f.NewStyle(&excelize.Style{CustomNumFmt: &code}); err != nil {
			style = 0
		}
		x.styleOf[code] = style
	}
	if style == 0 {
		return generalText(v)
	}
	const sheet, cell = "Sheet1", "A1"
	if x.f.SetCellDefault(sheet, cell, v) != nil || x.f.SetCellStyle(sheet, cell, cell, style) != nil {
		return generalText(v)
	}
	s, err := x.f.GetCellValue(sheet, cell)
	if err != nil {
		return generalText(v)
	}
	return s
}
