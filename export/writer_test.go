package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"closer"
)

// hostile are cell texts that break naive writers.
var hostile = []string{"", "plain", `a "quoted", value`, "two\nlines\r\n", "=1+1", "<script>alert(1)</script>",
	"\u2028\u2029", "\x00nul", "é€😀", strings.Repeat("x", 10000), "null", "[1]", ` leading space`,
	"+33 1 23 45 67 89", "-5 %", "@SUM(A1)", "\t=1", "\r=1", "'=1+1"}

func writeAll(t *testing.T, format string, columns []string, rows [][]value) []byte {
	t.Helper()
	var b bytes.Buffer
	rw, err := newRowWriter(format, &b, "opportunities")
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.header(columns); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := rw.row(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := rw.close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func hostileRows() [][]value {
	var rows [][]value
	for _, s := range hostile {
		rows = append(rows, []value{text(s), amount(-1234), integer(7)})
	}
	return rows
}

func TestAmount(t *testing.T) {
	for m, want := range map[closer.Money]string{0: "0.00", 5: "0.05", 99: "0.99", 100: "1.00", 123456: "1234.56", -5: "-0.05", -123456: "-1234.56", closer.MaxMoney: "1000000000000.00"} {
		if got := amount(m); got.text != want || !got.number {
			t.Errorf("amount(%d) = %+v, want %s", m, got, want)
		}
		if back, err := closer.ParseAmount(amount(m).text, '.'); err != nil || back != m {
			t.Errorf("amount(%d) reads back as %d (%v)", m, back, err)
		}
	}
}

// TestCSVKeepsHostileText: every text comes back as written, behind a quote
// when a spreadsheet would run it as a formula; numbers stay numbers.
func TestCSVKeepsHostileText(t *testing.T) {
	data := writeAll(t, FormatCSV, []string{"note", "amount", "version"}, hostileRows())
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(hostile)+1 {
		t.Fatalf("%d records, want %d", len(recs), len(hostile)+1)
	}
	for i, s := range hostile {
		// encoding/csv reads \r\n inside a quoted field as \n.
		if want := strings.ReplaceAll(closer.NeutralizeFormula(s), "\r\n", "\n"); recs[i+1][0] != want || recs[i+1][1] != "-12.34" || recs[i+1][2] != "7" {
			t.Errorf("row %d: %q, want %q", i, recs[i+1], want)
		}
	}
}

func TestJSONKeepsHostileText(t *testing.T) {
	data := writeAll(t, FormatJSON, []string{"note", "amount", "version"}, hostileRows())
	var recs []map[string]any
	if err := json.Unmarshal(data, &recs); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	for i, s := range hostile {
		var want any = s
		if s == "" {
			want = nil
		}
		if recs[i]["note"] != want || recs[i]["amount"] != -12.34 || recs[i]["version"] != 7.0 {
			t.Errorf("row %d: %v, want %q", i, recs[i], s)
		}
	}
	if empty := writeAll(t, FormatJSON, []string{"note"}, nil); string(empty) != "[\n]\n" {
		t.Errorf("no rows: %q", empty)
	}
}

func TestXLSXKeepsHostileText(t *testing.T) {
	data := writeAll(t, FormatXLSX, []string{"note", "amount", "version"}, hostileRows())
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("opportunities")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "note" || len(rows) != len(hostile)+1 {
		t.Fatalf("rows %d, header %v", len(rows), rows[0])
	}
	if v, _ := f.GetCellValue("opportunities", "A6"); v != "'=1+1" {
		t.Errorf("a text starting with = is %q, not text behind a quote", v)
	}
	if formula, _ := f.GetCellFormula("opportunities", "A6"); formula != "" {
		t.Errorf("a text became the formula %q", formula)
	}
	if typ, _ := f.GetCellType("opportunities", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("the amount's cell type is %v", typ)
	}
}

// TestFormulasNeutralized: in CSV and XLSX, a text cell that a spreadsheet
// would run as a formula (=, +, -, @, tab, carriage return first) starts
// with a single quote; amounts, negative ones included, stay numbers; JSON,
// which no spreadsheet runs, keeps the text as it is.
func TestFormulasNeutralized(t *testing.T) {
	cases := []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example","Click")`, `'=HYPERLINK("http://evil.example","Click")`},
		{"=1+1", "'=1+1"},
		{"+1+1", "'+1+1"},
		{"-1+1", "'-1+1"},
		{"@SUM(1,1)", "'@SUM(1,1)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"'=1+1", "''=1+1"},
		{"Fenêtres = 3", "Fenêtres = 3"},
		{"plain", "plain"},
	}
	var rows [][]value
	for _, c := range cases {
		rows = append(rows, []value{text(c.in), amount(-123456), integer(-3)})
	}
	cols := []string{"note", "amount", "version"}

	recs, err := csv.NewReader(bytes.NewReader(writeAll(t, FormatCSV, cols, rows))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		if got := recs[i+1]; got[0] != c.want || got[1] != "-1234.56" || got[2] != "-3" {
			t.Errorf("CSV %q: %q, want %q, -1234.56, -3", c.in, got, c.want)
		}
	}

	f, err := excelize.OpenReader(bytes.NewReader(writeAll(t, FormatXLSX, cols, rows)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, c := range cases {
		row := i + 2
		cell := func(col string) string { return col + strconv.Itoa(row) }
		if v, _ := f.GetCellValue("opportunities", cell("A")); v != c.want {
			t.Errorf("XLSX %q: %q, want %q", c.in, v, c.want)
		}
		if formula, _ := f.GetCellFormula("opportunities", cell("A")); formula != "" {
			t.Errorf("XLSX %q became the formula %q", c.in, formula)
		}
		for col, want := range map[string]string{"B": "-1234.56", "C": "-3"} {
			typ, _ := f.GetCellType("opportunities", cell(col))
			v, _ := f.GetCellValue("opportunities", cell(col))
			if (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) || v != want {
				t.Errorf("XLSX row %d column %s: %q of type %v, want the number %s", row, col, v, typ, want)
			}
		}
	}

	var objs []map[string]any
	if err := json.Unmarshal(writeAll(t, FormatJSON, cols, rows), &objs); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		if objs[i]["note"] != c.in || objs[i]["amount"] != -1234.56 {
			t.Errorf("JSON %q: %v", c.in, objs[i])
		}
	}
}

// FuzzCSVFormulas checks that no text cell of a CSV export starts a formula,
// and that the importer's reading of it gives the text back.
func FuzzCSVFormulas(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		data := writeAll(t, FormatCSV, []string{"note", "amount"}, [][]value{{text(s), amount(-100)}})
		recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("%v\n%q", err, data)
		}
		cell := recs[1][0]
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("%q is written as %q, a formula", s, cell)
		}
		// encoding/csv reads \r\n inside a quoted field as \n.
		if back, want := closer.RestoreFormula(cell), strings.ReplaceAll(s, "\r\n", "\n"); back != want && !strings.Contains(s, "\r") {
			t.Errorf("%q reads back as %q", s, back)
		}
		if recs[1][1] != "-1.00" {
			t.Errorf("the amount is written %q", recs[1][1])
		}
	})
}

// FuzzJSONWriter checks that any text makes valid JSON that reads back as
// that text (invalid UTF-8 turned into U+FFFD, as encoding/json does).
func FuzzJSONWriter(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		data := writeAll(t, FormatJSON, []string{"note"}, [][]value{{text(s)}})
		var recs []map[string]any
		if err := json.Unmarshal(data, &recs); err != nil {
			t.Fatalf("%v\n%q", err, data)
		}
		if s != "" && utf8.ValidString(s) && recs[0]["note"] != s {
			t.Errorf("%q reads back as %q", s, recs[0]["note"])
		}
	})
}
