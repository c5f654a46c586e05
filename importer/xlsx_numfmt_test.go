package importer

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheetCells reads the first sheet of a workbook with the importer's
// reader: the shown text of each non-empty cell, by its reference.
func sheetCells(t *testing.T, data []byte) map[string]string {
	t.Helper()
	wb, err := openWorkbook(data)
	if err != nil {
		t.Fatal(err)
	}
	zf := findFile(wb.zip, wb.sheets[0].part)
	r, c, err := openPart(zf)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows := newSheetReader(r, wb)
	out := map[string]string{}
	for {
		ok, err := rows.next()
		if err != nil {
			t.Fatal(err)
		} else if !ok {
			return out
		}
		for i, v := range rows.shown {
			if v != "" {
				ref, _ := excelize.CoordinatesToCellName(i+1, rows.line)
				out[ref] = v
			}
		}
	}
}

// excelizeCells reads the first sheet of a workbook with excelize, as the
// importer did before it read sheets itself.
func excelizeCells(t *testing.T, data []byte) map[string]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for r, row := range rows {
		for c, v := range row {
			if v != "" {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				out[ref] = v
			}
		}
	}
	return out
}

// sameCells reports every cell whose text differs between the two reads.
func sameCells(t *testing.T, got, want map[string]string, about func(ref string) string) {
	t.Helper()
	for ref, w := range want {
		if g := got[ref]; g != w {
			t.Errorf("%s %s: %q, excelize shows %q", ref, about(ref), g, w)
		}
	}
	for ref, g := range got {
		if _, ok := want[ref]; !ok {
			t.Errorf("%s %s: %q, excelize shows nothing", ref, about(ref), g)
		}
	}
}

// numFmtCases are number formats people use, and some they rarely do
// (which excelize renders for the importer).
var numFmtCases = []string{
	"General", "0", "0.00", "#,##0", "#,##0.00", "0%", "0.00%", "0.0", "#,##0.000", "00000", "#", "#,###", "0.##", "#.00",
	`#,##0.00\ "€"`, `#,##0.00 [$€-40C]`, `[$$-409]#,##0.00`, `"$"#,##0.00`, `#,##0 "k€"`, `[$CHF] #,##0.00`,
	`_-* #,##0.00\ _€_-;\-* #,##0.00\ _€_-;_-* "-"??\ _€_-;_-@_-`, `#,##0.00_);(#,##0.00)`, `#,##0.00_);[Red](#,##0.00)`,
	`#,##0;-#,##0`, `#,##0.00;[Red]-#,##0.00`, `0.00;(0.00);"zero"`, `#,##0%`, `0.0%;-0.0%`, `[Blue]#,##0`,
	"@", `"Ref "@`, `0;-0;0;"Text: "@`,
	"mm-dd-yy", "d-mmm-yy", "d-mmm", "mmm-yy", "hh:mm", "hh:mm:ss", "m/d/yy hh:mm", "mm:ss",
	"dd/mm/yyyy", "d/m/yy", "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss", "dd/mm/yyyy hh:mm", "d mmm yyyy", "dddd d mmmm yyyy",
	"ddd dd mmm", "mmmmm yy", "DD/MM/YYYY", "yyyy\"年\"m\"月\"d\"日\"", "h\"h\"mm", "m/d", "yy", "h:m:s",
	// Rendered by excelize.
	"0.00E+00", "# ?/?", "[h]:mm:ss", "mm:ss.0", "h:mm AM/PM", "h:mm:ss AM/PM", "[$-40C]d mmmm yyyy",
	"[$-F800]dddd, mmmm dd, yyyy", `#,##0,`, `# ##0,00`, `[<1000]0;#,##0`, "##0.0E+0", "0.0#",
}

var numFmtValues = []any{0, 1, -1, 7, 42, 1054.5, -1054.5, 123.456, 0.125, 0.5, -0.5, 2.5, 0.005, -0.004, 1234567.891,
	0.1 + 0.2, 123456789012.5, 1e20, -1e-7, 45292, 45292.75, 45658.999999, 61, 62, 60.5, 2958465, 2958466, 12345678901234567,
	"text", "1.5", true, false}

// TestNumFmtAsExcelize reads cells of many formats and values as excelize
// shows them: the formats rendered here (numFmt) and the rest, left to
// excelize, give the text the importer showed when excelize read the
// whole sheet, in both date systems.
func TestNumFmtAsExcelize(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		t.Run(fmt.Sprint("1904=", date1904), func(t *testing.T) {
			f := excelize.NewFile()
			if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
				t.Fatal(err)
			}
			about := map[string]string{}
			for r, code := range numFmtCases {
				style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
				if err != nil {
					t.Fatalf("%q: %v", code, err)
				}
				for c, v := range numFmtValues {
					ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
					f.SetCellValue("Sheet1", ref, v)
					f.SetCellStyle("Sheet1", ref, ref, style)
					about[ref] = fmt.Sprintf("%v in %q", v, code)
				}
			}
			// The built-in formats, by their number.
			for id := range 50 {
				style, err := f.NewStyle(&excelize.Style{NumFmt: id})
				if err != nil {
					continue
				}
				for c, v := range numFmtValues {
					ref, _ := excelize.CoordinatesToCellName(c+1, len(numFmtCases)+id+1)
					f.SetCellValue("Sheet1", ref, v)
					f.SetCellStyle("Sheet1", ref, ref, style)
					about[ref] = fmt.Sprintf("%v in built-in format %d", v, id)
				}
			}
			data := workbook(t, f)
			sameCells(t, sheetCells(t, data), excelizeCells(t, data), func(ref string) string { return about[ref] })
		})
	}
}

// TestNumFmtKinds: the formats of sheets people have are rendered here,
// not cell by cell by excelize (which made reading slow).
func TestNumFmtKinds(t *testing.T) {
	for code, want := range map[string]sectionKind{
		"General": generalSection, "#,##0.00": numberSection, `#,##0.00\ "€"`: numberSection, "0.00%": numberSection,
		`[$$-409]#,##0.00`: numberSection, "mm-dd-yy": dateSection, "dd/mm/yyyy hh:mm": dateSection, "d mmm yyyy": dateSection,
		"0.00E+00": otherSection, "h:mm AM/PM": otherSection, "[$-40C]d mmmm yyyy": otherSection, "# ?/?": otherSection,
	} {
		if got := compileNumFmt(code).kinds[0]; got != want {
			t.Errorf("%q: kind %d, want %d", code, got, want)
		}
	}
	st := &styles{numFmtOf: []int{0, 14, 4}, codes: map[int]string{}, excelize: &excelizeFormatter{}}
	st.compiled, st.done = make([]*numFmt, 3), make([]bool, 3)
	for i := range 1000 {
		st.number(1, fmt.Sprint(45000+i))
		st.number(2, fmt.Sprint(i)+".25")
	}
	if st.excelize.f != nil {
		t.Errorf("excelize rendered dates or amounts of common formats")
	}
	if got := st.number(1, "45292"); got != "01-01-24" {
		t.Errorf("a date in format 14: %q", got)
	}
	if got := st.number(2, "1234.5"); got != "1,234.50" {
		t.Errorf("an amount in format 4: %q", got)
	}
}
