package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"closer"
)

func mapping(t testing.TB, doc string) *Mapping {
	t.Helper()
	m, err := ParseMapping(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestReadCSVLinesAndQuotes(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "a"}}`)
	tb := readString(t, "x.csv", "a,b\n\"one\ntwo\",x\n\n\"three \"\"q\"\"\",y\r\nfour,z,\n", m)
	if len(tb.Rows) != 3 || tb.Rows[0].Line != 2 || tb.Rows[1].Line != 5 || tb.Rows[2].Line != 6 {
		t.Fatalf("rows: %+v", tb.Rows)
	}
	if tb.Rows[0].Cells[0] != "one\ntwo" || tb.Rows[1].Cells[0] != `three "q"` || len(tb.Rows[2].Cells) != 2 {
		t.Errorf("cells: %+v", tb.Rows)
	}
}

func TestReadCSVEncodings(t *testing.T) {
	fr := "Titre;Montant\nCafé crème;1,5\n"
	win := []byte("Titre;Montant\nCaf\xe9 cr\xe8me;1,5\n")
	for _, c := range []struct {
		name, enc string
		data      []byte
		want      string
	}{
		{"utf-8 with BOM", "utf-8", append([]byte{0xEF, 0xBB, 0xBF}, fr...), "utf-8"},
		{"BOM wins over auto", "auto", append([]byte{0xEF, 0xBB, 0xBF}, fr...), "utf-8"},
		{"auto utf-8", "auto", []byte(fr), "utf-8"},
		{"auto windows-1252", "auto", win, "windows-1252"},
		{"explicit windows-1252", "windows-1252", win, "windows-1252"},
		{"utf-16 little-endian with BOM", "auto", utf16(fr, false), "utf-16"},
		{"utf-16 big-endian with BOM over utf-8", "utf-8", utf16(fr, true), "utf-16"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := mapping(t, `{"columns": {"title": "Titre"}, "delimiter": "auto", "encoding": "`+c.enc+`"}`)
			tb, err := Read("x.csv", bytes.NewReader(c.data), m)
			if err != nil {
				t.Fatal(err)
			}
			if tb.Encoding != c.want || tb.Delimiter != ";" || tb.Header[0] != "Titre" || tb.Rows[0].Cells[0] != "Café crème" {
				t.Errorf("table: %+v", tb)
			}
		})
	}
}

func TestReadRefusesBadFiles(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "a"}}`)
	for _, c := range []struct {
		name, file, data, want string
	}{
		{"empty", "x.csv", "", "empty"},
		{"blank", "x.csv", " \n\n", "empty"},
		{"BOM only", "x.csv", "\xEF\xBB\xBF", "empty"},
		{"header only", "x.csv", "a,b\n", "no data rows"},
		{"duplicate header", "x.csv", "a,b,A\n1,2,3\n", `"A" appears twice`},
		{"too many columns", "x.csv", strings.Repeat("c,", 600) + "c\n", "too many columns"},
		{"xlsx not a zip", "x.xlsx", "a,b\n1,2\n", "not a zip"},
		{"old xls", "x.xls", "\xD0\xCF\x11\xE0rest", ".xls"},
		{"zip that is no workbook", "x.xlsx", "PK\x03\x04garbage", "cannot be opened"},
		{"bad quote in header", "x.csv", "a,\"b\n", "line 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.file, strings.NewReader(c.data), m)
			if closer.ErrorCode(err) != closer.EINVALID || !strings.Contains(strings.ToLower(closer.ErrorMessage(err)), strings.ToLower(c.want)) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestReadCSVRowProblems(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "a"}}`)
	tb := readString(t, "x.csv", "a,b\n1,2\n3\n\"x\"y,4\n5,"+strings.Repeat("z", 10001)+"\n6,7\n", m)
	if len(tb.Rows) != 2 || len(tb.Problems) != 3 {
		t.Fatalf("rows %+v problems %+v", tb.Rows, tb.Problems)
	}
	for i, want := range []struct {
		line int
		part string
	}{{3, "1 fields"}, {4, "quote"}, {5, "too long"}} {
		if p := tb.Problems[i]; p.Line != want.line || !strings.Contains(p.Reason, want.part) {
			t.Errorf("problem %d: %+v", i, p)
		}
	}
}

func TestReadRowLimit(t *testing.T) {
	defer func(n int) { maxRows = n }(maxRows)
	maxRows = 3
	m := mapping(t, `{"columns": {"title": "a"}}`)
	_, err := Read("x.csv", strings.NewReader("a\n1\n2\n3\n4\n"), m)
	if !strings.Contains(closer.ErrorMessage(err), "too many rows") {
		t.Fatalf("row limit: %v", err)
	}
}

func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Deals")
	f.NewSheet("Other")
	rows := [][]any{
		{"Titre", "Montant", "Date de clôture", "Statut"},
		{"Toiture", 1054.5, 42795, "Gagnée"}, // 42795 is 2017-03-01
		{"Fenêtres", "2 500,00", "11/03/2017", "Gagnée"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Deals", cell, &r)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy: shown text is not the mapping's layout
	f.SetCellStyle("Deals", "C2", "C2", style)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	m, _ := Profile("excel-fr")
	tb, err := Read("deals.xlsx", bytes.NewReader(buf.Bytes()), m)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Format != "xlsx" || len(tb.Rows) != 2 || tb.Rows[1].Line != 3 {
		t.Fatalf("table: %+v", tb)
	}
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, tb, Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %+v", err, rep.Problems)
	}
	if s.opps[0].ClosedOn != closer.MustDate("2017-03-01") || s.opps[0].Amount != 105450 || s.opps[1].Amount != 250000 || s.opps[1].ClosedOn != closer.MustDate("2017-03-11") {
		t.Errorf("opportunities: %+v", s.opps)
	}
	m.Sheet = "nope"
	if _, err := Read("deals.xlsx", bytes.NewReader(buf.Bytes()), m); !strings.Contains(closer.ErrorMessage(err), "no sheet") {
		t.Errorf("unknown sheet: %v", err)
	}
}

// utf16 encodes s as UTF-16 with its byte order mark, as Excel's "Unicode
// text" export does.
func utf16(s string, bigEndian bool) []byte {
	out := []byte{0xFF, 0xFE}
	if bigEndian {
		out = []byte{0xFE, 0xFF}
	}
	for _, r := range s {
		if bigEndian {
			out = append(out, byte(r>>8), byte(r))
		} else {
			out = append(out, byte(r), byte(r>>8))
		}
	}
	return out
}
