package importer

import (
	"bytes"
	"fmt"
	"slices"
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
	// A row's number is the one a spreadsheet shows: the line break in
	// the first row's cell does not count.
	if len(tb.Rows) != 3 || tb.Rows[0].Line != 2 || tb.Rows[1].Line != 4 || tb.Rows[2].Line != 5 {
		t.Fatalf("rows: %+v", tb.Rows)
	}
	if tb.Rows[0].Cells[0] != "one\ntwo" || tb.Rows[1].Cells[0] != `three "q"` || len(tb.Rows[2].Cells) != 2 {
		t.Errorf("cells: %+v", tb.Rows)
	}
}

// TestReadCSVMacLineEnds reads Excel for Mac's "CSV (Macintosh)", whose
// lines end with a lone carriage return, and a line break in a cell with a
// line feed.
func TestReadCSVMacLineEnds(t *testing.T) {
	lf := readString(t, "x.csv", "a,b\r\"one\ntwo\",x\rthree,y\r", mapping(t, `{"columns": {"title": "a"}}`))
	if len(lf.Rows) != 2 || lf.Rows[0].Cells[0] != "one\ntwo" || lf.Rows[1].Line != 3 {
		t.Fatalf("a line feed in a cell: %+v %+v", lf.Rows, lf.Problems)
	}
	m := mapping(t, `{"columns": {"title": "a"}}`)
	tb := readString(t, "x.csv", "a,b\r\"one\rtwo\",x\r\rthree,y\r", m)
	if len(tb.Rows) != 2 || tb.Rows[0].Cells[0] != "one\ntwo" || tb.Rows[1].Line != 4 || tb.Rows[1].Cells[1] != "y" {
		t.Fatalf("rows: %+v", tb.Rows)
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
		// SQL Server's bcp -w, .NET and PowerShell write no BOM: read as
		// UTF-8, the file was a quote error on its second line.
		{"utf-16 little-endian without BOM", "auto", utf16(fr, false)[2:], "utf-16"},
		{"utf-16 big-endian without BOM over utf-8", "utf-8", utf16(fr, true)[2:], "utf-16"},
		{"two BOMs", "utf-8", append([]byte{0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF}, fr...), "utf-8"},
		{"explicit iso-8859-15", "iso-8859-15", win, "iso-8859-15"},
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

// TestReadUnicodeText reads Excel's "Unicode text" (UTF-16, tabs) with a
// mapping made for its CSV exports, whose delimiter is ";".
func TestReadUnicodeText(t *testing.T) {
	m, _ := Profile("excel-fr")
	tb, err := Read("x.txt", bytes.NewReader(utf16("Titre\tStatut\tMontant\nCafé\tGagnée\t200,50\n", false)), m)
	if err != nil || tb.Delimiter != "\t" || len(tb.Rows) != 1 || tb.Rows[0].Cells[2] != "200,50" {
		t.Fatalf("%v %+v", err, tb)
	}
}

// TestReadLatin9 tells LibreOffice's ISO-8859-15 from Windows-1252 in a file
// that is not UTF-8: œ and € are 0xBD and 0xA4 there, ½ and ¤ in the other.
func TestReadLatin9(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Titre"}, "delimiter": ";", "encoding": "auto"}`)
	for _, c := range []struct{ data, enc, want string }{
		{"Titre;Montant\nC\xBDur de ville;\xA4 12\n", "iso-8859-15", "Cœur de ville"},
		{"Titre;Montant\nC\x9Cur \x96 ville;\xBD\n", "windows-1252", "Cœur – ville"},
	} {
		tb, err := Read("x.csv", strings.NewReader(c.data), m)
		if err != nil || tb.Encoding != c.enc || tb.Rows[0].Cells[0] != c.want {
			t.Errorf("%q: %v %+v", c.data, err, tb)
		}
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
		{"too many columns", "x.csv", strings.Repeat("c,", 5000) + "c\n", "too many columns (5001; 5000 at most): delete the columns the import does not read"},
		{"xlsx not a zip", "x.xlsx", "a,b\n1,2\n", "not a zip"},
		{"old xls", "x.xls", "\xD0\xCF\x11\xE0rest", ".xls"},
		{"a web page named .xls", "x.xls", "\r\n<html><body><table><tr><td>a</td></tr></table></body></html>", "web page"},
		{"an Excel 2003 XML spreadsheet", "x.xml", "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">", "XML spreadsheet"},
		{"a JSON export", "x.json", `[{"title": "A"}]`, "JSON"},
		{"ods", "x.ods", "PK\x03\x04\x14\x00\x00\x08\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK", "OpenDocument"},
		{"ods named csv", "x.csv", "PK\x03\x04\x14\x00\x00\x08\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK", "OpenDocument"},
		{"numbers", "x.numbers", "PK\x03\x04rest", "Apple Numbers"},
		{"zip that is no workbook", "x.xlsx", "PK\x03\x04garbage", "not an Excel workbook"},
		{"bad quote in header", "x.csv", "a,\"b\n", "line 1"},
		// Files that are no spreadsheet, named .csv: they were "Line 3: a
		// quote inside a cell…".
		{"a PNG image", "x.csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x03\x20\"\x00", "binary data"},
		{"a gzip file", "x.csv", "\x1f\x8b\x08\x08\xa1\"\x00\x00\x00\x03a.csv\x00", "binary data"},
		{"a PDF document", "x.csv", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF document"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.file, strings.NewReader(c.data), m)
			if closer.ErrorCode(err) != closer.EINVALID || !strings.Contains(strings.ToLower(closer.ErrorMessage(err)), strings.ToLower(c.want)) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

// TestSniffDelimiter picks the delimiter that splits the table's lines
// alike, whatever a title above them or a decimal comma holds.
func TestSniffDelimiter(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{"a,b,c\n1,2,3\n", ","},
		{"Titre;Montant\nCafé crème;1,5\nThé;2,5\n", ";"},
		{"Titre;Montant\nCafé crème;1,5\n", ";"},
		{"Export, November 2026\n\nClient;Type;Montant\nDupont;Directe;1200,50\n", ";"},
		{"Export commandes 2025\n\nClient;Type;Montant;Date\nDupont SARL;Récurrente;1200,50;2025-03-01\n", ";"},
		{"a\tb\n\"x, y\"\t2\n", "\t"},
		{"a|b|c\n", "|"},
		{"title\nA\nB\n", ","},
		{"", ","},
	} {
		if got := sniffDelimiter([]byte(c.data)); got != c.want {
			t.Errorf("%q: got %q, want %q", c.data, got, c.want)
		}
	}
}

// TestReadFindsTheTable checks that Read leaves out the lines around a
// file's table, as reports and spreadsheets write them, lists them, and
// still reads every line of a table that has none.
func TestReadFindsTheTable(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title"}, "delimiter": "auto"}`)
	for _, c := range []struct {
		name, data string
		header     int   // the header's line
		rows       []int // the data rows' lines
		leftOut    []int
		problems   []int
	}{
		{"plain", "Title,Amount\nA,1\nB,2\n", 1, []int{2, 3}, nil, nil},
		{"title and date above", "Pipeline report\nExported 27/11/2026\n\nTitle,Amount\nA,1\n", 4, []int{5}, []int{1, 2}, nil},
		{"title padded with delimiters", "Pipeline report;;\n;;\nTitle;Amount;Owner\nA;1;Ann\n", 3, []int{4}, []int{1}, nil},
		{"Excel's sep= line", "sep=;\nTitle;Amount\nA;1,5\n", 2, []int{3}, []int{1}, nil},
		{"a title and decimal commas", "Export commandes 2025\n\nTitle;Amount\nA;1200,50\n", 3, []int{4}, []int{1}, nil},
		{"sep= overrides the sniffed delimiter", "sep=,\nTitle,Amount;Note\nA,x;y\n", 2, []int{3}, []int{1}, nil},
		{"report footer", "Title,Amount\nA,1\nB,2\n\n\"Copyright (c) 2000-2026 Example, inc.\"\n\"Generated By: Ann\"\nAcme\n", 1, []int{2, 3}, []int{5, 6, 7}, nil},
		{"one-field rows without a blank line are problems", "Title,Amount\nA,1\nB\n", 1, []int{2}, nil, []int{3}},
		{"one-field rows before more rows are problems", "Title,Amount\nA,1\n\nB\nC,3\n", 1, []int{2, 5}, nil, []int{4}},
		{"one column", "Title\nA\nB\n", 1, []int{2, 3}, nil, nil},
		{"a totals row", "Title;Owner;Amount\nA;Ann;1 200,50\nB;Bob;300\nTotal :;;1 500,50\n", 1, []int{2, 3}, []int{4}, nil},
		{"a totals row, then a report's closing line", "Title,Owner,Amount\nA,Ann,12\nTOTAL,,12\n\nGenerated by Ann\n", 1, []int{2}, []int{3, 5}, nil},
		{"an opportunity named Total fills its row", "Title,Owner,Amount\nA,Ann,12\nTotal,Bob,30\n", 1, []int{2, 3}, nil, nil},
		{"an account named Total with its city", "Nom;Ville;Téléphone;Site web\nBoulangerie Martin;Nantes;0240000000;www.martin.fr\nTotal;Nantes;0240111111;\n", 1, []int{2, 3}, nil, nil},
		{"a last row without a number", "Title,Owner,Amount\nA,Ann,12\nTotal,,\n", 1, []int{2, 3}, nil, nil},
		{"Total HT", "Titre;Statut;Client;Montant\nDevis A;Ouverte;Acme;1 000,00\nDevis B;Ouverte;Beta;4 000,00\nTotal HT;;;5 000,00\n", 1, []int{2, 3}, []int{4}, nil},
		{"Total HT, TVA, Total TTC after a blank line", "Titre;Statut;Client;Montant\nDevis A;Ouverte;Acme;1 000,00\nDevis B;Ouverte;Beta;4 000,00\n;;;\nTotal HT;;;5 000,00\nTVA 20 %;;;1 000,00\nTotal TTC :;;;6 000,00\n", 1, []int{2, 3}, []int{5, 6, 7}, nil},
		{"Sous-total, Total général", "Title,Account,Amount\nA,Acme,2000\nB,Beta,3000\nSous-total,,5000\nMontant total (EUR),,5000\n", 1, []int{2, 3}, []int{4, 5}, nil},
		{"Subtotal, VAT, Grand total", "Title,Account,Amount\nA,Acme,2000\nSubtotal,,2000\nVAT (20%),,400\nGrand Total:,,2400\n", 1, []int{2}, []int{3, 4, 5}, nil},
		{"Total with a tax rate and a currency", "Title,Account,Amount\nA,Acme,2000\nTotal TTC (€),,2400\n", 1, []int{2}, []int{3}, nil},
		{"a tax line alone is a row", "Title,Account,Amount\nA,Acme,2000\nTVA,,400\n", 1, []int{2, 3}, nil, nil},
		{"an opportunity named Total with an account", "Title,Account,Amount\nA,Acme,2000\nTotal HT,Acme,30\n", 1, []int{2, 3}, nil, nil},
		{"totals rows above other rows are rows", "Title,Account,Amount\nA,Acme,2000\nTotal HT,,2000\nB,Beta,10\n", 1, []int{2, 3, 4}, nil, nil},
		{"a total's label among words is a title", "Title,Account,Amount\nA,Acme,2000\nTotal rénovation,,2000\n", 1, []int{2, 3}, nil, nil},
		{"more closing lines than a report writes", "Title,Amount\nA,1\n\n" + strings.Repeat("x\n", 11), 1, []int{2},
			nil, []int{4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}},
		{"one column whose row has two cells", "Title\nA\nB,x\n", 1, []int{2}, nil, []int{3}},
		{"a header repeated (two exports pasted together)", "Title,Amount\nA,1\n title , AMOUNT\nB,2\nTitle,Amount,\n", 1, []int{2, 4}, []int{3, 5}, nil},
		{"a header repeated below a title", "Pipeline report\n\nTitle;Amount\nA;1\nPipeline report\n\nTitle;Amount\nB;2\n", 3, []int{4, 8}, []int{1, 7}, []int{5}},
		{"a report's key/value lines above the header", "Export des opportunités;;;\nPériode;du 01/01/2024 au 31/12/2024;;\n;;;\nTitle;Statut;Montant\nPorte;Gagnée;1 200,00\n", 4, []int{5}, []int{1, 2}, nil},
		{"key/value lines, no blank line", "Client:,Dupont\nExported:,27/11/2026\nTitle,Amount\nA,1\n", 3, []int{4}, []int{1, 2}, nil},
		{"more than ten titles", strings.Repeat("T\n", 11) + "Title,Amount\nA,1\n", 1, []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, nil, []int{12, 13}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := readString(t, "x.csv", c.data, m)
			var rows, problems []int
			for _, r := range tb.Rows {
				rows = append(rows, r.Line)
			}
			for _, p := range tb.Problems {
				problems = append(problems, p.Line)
			}
			if tb.HeaderLine != c.header || !slices.Equal(rows, c.rows) || !slices.Equal(tb.LeftOut, c.leftOut) || !slices.Equal(problems, c.problems) {
				t.Errorf("header line %d %q, rows %v, left out %v, problems %v", tb.HeaderLine, tb.Header, rows, tb.LeftOut, problems)
			}
		})
	}
}

// TestReadDuplicateColumns checks that two columns of one name are refused
// only when the mapping reads them.
func TestReadDuplicateColumns(t *testing.T) {
	data := "Title;Email;Email\nA;a@x.test;b@x.test\n"
	tb := readString(t, "x.csv", data, mapping(t, `{"columns": {"title": "Title"}, "delimiter": ";"}`))
	s := newFakeStore()
	if rep, err := Run(ownerCtx(), s, mapping(t, `{"columns": {"title": "Title"}}`), tb, Options{Now: fixedNow}); err != nil || rep.Imported != 1 {
		t.Fatalf("unread duplicates: %v %+v", err, rep)
	}
	_, err := Run(ownerCtx(), s, mapping(t, `{"columns": {"title": "Title", "note": "email"}}`), tb, Options{Now: fixedNow})
	if closer.ErrorField(err) != "columns" || !strings.Contains(closer.ErrorMessage(err), `2 columns named "Email"`) {
		t.Fatalf("read duplicates: %v", err)
	}
}

func TestReadCSVRowProblems(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "a"}}`)
	tb := readString(t, "x.csv", "a,b\n1,2\n3\n\"x\"y,4\n5,"+strings.Repeat("z", maxCell+1)+"\n6,7\n", m)
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
	buf := workbook(t, f)
	m, _ := Profile("excel-fr")
	tb, err := Read("deals.xlsx", bytes.NewReader(buf), m)
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
	if _, err := Read("deals.xlsx", bytes.NewReader(buf), m); !strings.Contains(closer.ErrorMessage(err), "no sheet") {
		t.Errorf("unknown sheet: %v", err)
	}
}

// TestReadXLSXDateCells reads a date cell from its serial number, whatever
// its display format: a month-first format (03/01/2017 for 1 March) is not
// read with the mapping's day-first layout, nor does it lead the guess of
// the date format astray. A bare number of five digits in a date column is
// a serial too; a smaller one (a year, a count of days) is no date.
func TestReadXLSXDateCells(t *testing.T) {
	f := excelize.NewFile()
	for i, r := range [][]any{{"Titre", "Statut", "Date de clôture", "Montant"}, {"Toiture", "Gagnée", 42795, 1200}, {"Volets", "Gagnée", 42796, 800}} {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r)
	}
	usDate := "mm/dd/yyyy"
	style, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &usDate})
	f.SetCellStyle("Sheet1", "C2", "C2", style)
	buf := workbook(t, f)
	m, _ := Profile("excel-fr")
	tb, err := Read("deals.xlsx", bytes.NewReader(buf), m)
	if err != nil || tb.Rows[0].Cells[2] != "03/01/2017" {
		t.Fatalf("%v %+v", err, tb)
	}
	s := newFakeStore()
	if rep, err := Run(ownerCtx(), s, m, tb, Options{Now: fixedNow}); err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	if s.opps[0].ClosedOn != closer.MustDate("2017-03-01") || s.opps[1].ClosedOn != closer.MustDate("2017-03-02") {
		t.Errorf("close dates: %s, %s", s.opps[0].ClosedOn, s.opps[1].ClosedOn)
	}
	// A bare number of fewer than five digits is no serial: a year, a
	// count of days (it was 1905-07-09 for 2017).
	for _, n := range []any{2017, 45} {
		f := excelize.NewFile()
		rows(f, "Sheet1", []any{"Titre", "Statut", "Date de détection"}, []any{"Toiture", "Ouverte", n})
		tb, err := Read("deals.xlsx", bytes.NewReader(workbook(t, f)), m)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
		if want := fmt.Sprintf(`line 2: detected_on "%d": not a date of the form 02/01/2006 (or out of 1900-2999)`, n); err == nil || len(rep.Problems) != 1 || rep.Problems[0].String() != want {
			t.Errorf("%d: %v %+v", n, err, rep.Problems)
		}
	}
	guessed := &Mapping{Entity: EntityOpportunities, Columns: map[string]string{"title": "Titre", "closed_on": "Date de clôture"}}
	GuessOptions(guessed, tb)
	if guessed.DateFormat != closer.DateLayout {
		t.Errorf("date format guessed from formatted cells: %q", guessed.DateFormat)
	}
}

// TestReadXLSXTitle reads a sheet whose table starts below a title and a
// blank row, as people lay out their spreadsheets.
func TestReadXLSXTitle(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Opportunités 2017")
	f.SetCellValue("Sheet1", "A2", "Export du 27/11/2026")
	for i, r := range [][]any{{"Titre", "Statut", "Montant", "Date de clôture"}, {"Toiture", "Gagnée", 1054.5, "01/03/2017"}, {"Fenêtres", "Ouverte"}} {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+4), &r)
	}
	buf := workbook(t, f)
	m, _ := Profile("excel-fr")
	tb, err := Read("deals.xlsx", bytes.NewReader(buf), m)
	if err != nil {
		t.Fatal(err)
	}
	if tb.HeaderLine != 4 || !slices.Equal(tb.LeftOut, []int{1, 2}) || len(tb.Rows) != 2 || tb.Rows[1].Line != 6 || len(tb.Rows[1].Raw) != 4 {
		t.Fatalf("table: %+v", tb)
	}
	rep, err := Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
	if err != nil || rep.Imported != 2 || !slices.Equal(rep.LeftOut, []int{1, 2}) {
		t.Fatalf("%v %+v", err, rep)
	}
}

// TestReadXLSXFindsTheSheet reads the sheet that has the mapping's
// columns when the workbook opens on another one, and the named sheet when
// the mapping names one.
func TestReadXLSXFindsTheSheet(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Résumé")
	f.SetCellValue("Résumé", "A1", "Total 2017")
	f.SetCellValue("Résumé", "B1", 1054.5)
	f.SetCellValue("Résumé", "A2", "Généré le 27/11/2026")
	f.NewSheet("Opportunités")
	for i, r := range [][]any{{"Titre", "Statut", "Montant"}, {"Toiture", "Ouverte", 1054.5}} {
		f.SetSheetRow("Opportunités", fmt.Sprintf("A%d", i+1), &r)
	}
	buf := workbook(t, f)
	m, _ := Profile("excel-fr")
	tb, err := Read("deals.xlsx", bytes.NewReader(buf), m)
	if err != nil || tb.Sheet != "Opportunités" || !slices.Equal(tb.Sheets, []string{"Résumé", "Opportunités"}) || len(tb.Rows) != 1 {
		t.Fatalf("%v %+v", err, tb)
	}
	m.Sheet = "résumé"
	if tb, err = Read("deals.xlsx", bytes.NewReader(buf), m); err != nil || tb.Sheet != "Résumé" {
		t.Fatalf("named sheet: %v %+v", err, tb)
	}
	// No sheet has the columns: the first one is read, and the import says
	// which column it lacks.
	m = mapping(t, `{"columns": {"title": "Nom"}}`)
	if tb, err = Read("deals.xlsx", bytes.NewReader(buf), m); err != nil || tb.Sheet != "Résumé" {
		t.Fatalf("no sheet fits: %v %+v", err, tb)
	}
}

// workbook writes f as the bytes of an XLSX file.
func workbook(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
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

// TestReadCSVBareQuotes reads a quote inside an unquoted cell as Excel does
// (Écran 27" pouces), and still reports a quoted cell left open.
func TestReadCSVBareQuotes(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Titre"}, "delimiter": ";"}`)
	tb := readString(t, "x.csv", "Titre;Montant\nÉcran 27\" pouces;100\nClavier;20\n", m)
	if len(tb.Rows) != 2 || len(tb.Problems) != 0 || tb.Rows[0].Cells[0] != `Écran 27" pouces` {
		t.Fatalf("rows %+v problems %+v", tb.Rows, tb.Problems)
	}
	tb = readString(t, "x.csv", "Titre;Montant\nA;1\n\"B;2\n", m)
	if len(tb.Problems) != 1 {
		t.Fatalf("an open quote: rows %+v problems %+v", tb.Rows, tb.Problems)
	}
}

// TestReadHeaderBelowKeyValueLines finds the header of an Axonaut- or
// Sellsy-style report below its key/value lines, with a built-in profile.
func TestReadHeaderBelowKeyValueLines(t *testing.T) {
	m, _ := Profile("excel-fr")
	tb := readString(t, "axo.csv", "Export des opportunités;;;\nPériode;du 01/01/2024 au 31/12/2024;;\n;;;\nTitre;Statut;Montant;Commercial\nPorte;Ouverte;1 200,00;Ann\n", m)
	rep, err := Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
	if err != nil || rep.Imported != 1 || !slices.Equal(rep.LeftOut, []int{1, 2}) {
		t.Fatalf("%v %+v", err, rep)
	}
}

// TestReadWideFile reads an "export all properties" file of a thousand
// columns, of which the mapping reads two; a table beyond maxCells is
// refused, with what to do.
func TestReadWideFile(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "status": "Status"}}`)
	var b strings.Builder
	b.WriteString("Title,Status")
	for i := range 998 {
		fmt.Fprintf(&b, ",c%d", i)
	}
	b.WriteString("\nA,open" + strings.Repeat(",x", 998) + "\nB,won" + strings.Repeat(",", 998) + "\n")
	tb := readString(t, "wide.csv", b.String(), m)
	if len(tb.Header) != 1000 || len(tb.Rows) != 2 || tb.Rows[1].Cells[1] != "won" {
		t.Fatalf("%d columns, rows %d, problems %+v", len(tb.Header), len(tb.Rows), tb.Problems)
	}
	defer func(n int) { maxCells = n }(maxCells)
	maxCells = 1500
	_, err := Read("wide.csv", strings.NewReader(b.String()), m)
	if msg := closer.ErrorMessage(err); !strings.Contains(msg, "Line 3: the table is too large (1000 columns; 1500 cells at most): delete the columns") {
		t.Fatalf("cell limit: %v", err)
	}
}

// TestReadCSVStrayQuote: a quote at a cell's start that does not end the
// cell ("Best" offer) would make the lenient reading glue the lines below
// into that cell; the rows are kept apart, and the lines with the
// misplaced quotes are bad rows that say so.
func TestReadCSVStrayQuote(t *testing.T) {
	for _, c := range []struct {
		name, data string
		rows       []int
		problems   []int
	}{
		{"comma", "Title,Status,Note\nA,open,\"Best\" offer\nB,open,plain\nC,open,Other \"quoted\"\nD,open,last\n", []int{3, 5}, []int{2, 4}},
		{"tab", "Title\tStatus\tNote\nA\topen\t\"Best\" offer\nB\topen\tplain\nC\topen\tOther \"quoted\"\nD\topen\tlast\n", []int{3, 5}, []int{2, 4}},
		{"a title", "Title,Status,Note\n\"Câble \"USB\" C,open,z\nB,open,w\nC \"x\",open,v\nD,open,u\n", []int{3, 5}, []int{2, 4}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := mapping(t, `{"columns": {"title": "Title", "status": "Status", "note": "Note?"}, "delimiter": "auto"}`)
			tb := readString(t, "x.csv", c.data, m)
			var rows, problems []int
			for _, r := range tb.Rows {
				rows = append(rows, r.Line)
			}
			for _, p := range tb.Problems {
				problems = append(problems, p.Line)
				if !strings.Contains(p.Reason, "check the quotes") {
					t.Errorf("reason: %q", p.Reason)
				}
			}
			if !slices.Equal(rows, c.rows) || !slices.Equal(problems, c.problems) {
				t.Fatalf("rows %v, problems %v: %+v", rows, problems, tb.Problems)
			}
		})
	}
	// The header's own quote error says it in the same words.
	_, err := Read("x.csv", strings.NewReader("\"Title\" x,Status\nA,open\n"), mapping(t, `{"columns": {"title": "Title"}}`))
	if msg := closer.ErrorMessage(err); msg != "Line 1: a quote opens a cell that does not close on this line: check the quotes." {
		t.Errorf("header: %q", msg)
	}
}

// TestReadUTF8WithStrayBytes: with the encoding "auto", a UTF-8 file with a
// cell pasted from a Windows-1252 file is not read as Windows-1252 (every
// accent turned to mojibake, "Ã‰lodie Petit"): the lines with the stray
// bytes are bad rows naming their column.
func TestReadUTF8WithStrayBytes(t *testing.T) {
	m, _ := Profile("excel-fr")
	data := "Titre;Statut;Montant;Commercial;Client\nFenêtres;Ouverte;1 200,00;Élodie Petit;Société Générale\nPorte;Ouverte;;Élodie Petit;Caf\xe9 du Port\n"
	tb := readString(t, "mixed.csv", data, m)
	if tb.Encoding != "utf-8" || len(tb.Rows) != 1 || tb.Rows[0].Cells[3] != "Élodie Petit" || len(tb.Problems) != 1 {
		t.Fatalf("%s: rows %+v problems %+v", tb.Encoding, tb.Rows, tb.Problems)
	}
	if p := tb.Problems[0]; p.Line != 3 || p.Field != "Client" || !strings.Contains(p.Reason, "not valid UTF-8, unlike the rest of the file") {
		t.Errorf("problem: %+v", p)
	}
	// So is a header with such bytes, which "auto" does not cure (it said
	// "set the encoding to windows-1252 or auto").
	_, err := Read("mixed.csv", strings.NewReader("Titre;Statut;Date de d\xe9tection\nCafé;Ouverte;01/03/2017\n"), m)
	if msg := closer.ErrorMessage(err); msg != "Line 1: the header is not valid UTF-8, unlike the rest of the file (pasted from another file?): correct it, or set the encoding to windows-1252 if the whole file is in it." {
		t.Errorf("header: %q", msg)
	}
	// A file in Windows-1252 throughout is still read as such.
	tb = readString(t, "win.csv", "Titre;Statut\nCaf\xe9;Gagn\xe9e\n", m)
	if tb.Encoding != "windows-1252" || tb.Rows[0].Cells[0] != "Café" {
		t.Errorf("windows-1252: %+v", tb)
	}
}

// TestWrongDelimiter: a file separated by tabs (or semicolons), read with a
// mapping's "," into one column, says which delimiter it seems to have,
// instead of listing its header as one column holding all the others'
// names (N7 of the fifth QA round). A file of one column is read as one.
func TestWrongDelimiter(t *testing.T) {
	for _, c := range []struct{ delim, data, want string }{
		{",", "Title\tOwner\tAmount\nA\tAnn\t100\n", `Line 1: the file seems to be separated by tabs, not commas: set the delimiter to tab (or auto).`},
		{",", "Export du 05/03/2024\nTitle;Owner;Amount\nA;Ann;100\n", `Line 2: the file seems to be separated by semicolons, not commas: set the delimiter to ";" (or auto).`},
		{";", "Title,Owner,Amount\nA,Ann,100\n", `Line 1: the file seems to be separated by commas, not semicolons: set the delimiter to "," (or auto).`},
		// Google Sheets' CSV of a French sheet: commas, and decimal commas
		// in quotes, which ";" reads as a quote inside a cell (was "Line
		// 2: a quote inside a cell that does not start with one").
		{";", "Title,Owner,Amount,Note\nA,Ann,\"1234,56\",x\nB,Bob,\"12,5\",y\n", `Line 1: the file seems to be separated by commas, not semicolons: set the delimiter to "," (or auto).`},
		{";", "Title,Owner,Amount\n\"A\nB\",Ann,100\n", `Line 1: the file seems to be separated by commas, not semicolons: set the delimiter to "," (or auto).`},
	} {
		m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner", "amount": "Amount"}, "delimiter": "`+c.delim+`"}`)
		_, err := Read("f.tsv", strings.NewReader(c.data), m)
		if err == nil || closer.ErrorMessage(err) != c.want || closer.ErrorField(err) != "delimiter" {
			t.Errorf("%q: %v", c.data, err)
		}
	}
	// One column, the mapping's: read.
	m := mapping(t, `{"columns": {"title": "Title"}, "delimiter": ";"}`)
	if tb, err := Read("f.csv", strings.NewReader("Title\nA, B and C\nD, E\n"), m); err != nil || len(tb.Rows) != 2 {
		t.Errorf("one column: %v", err)
	}
	// The delimiter found by the file or sniffed: nothing to say.
	m = mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}, "delimiter": "auto"}`)
	if tb, err := Read("f.tsv", strings.NewReader("Title\tOwner\nA\tAnn\n"), m); err != nil || len(tb.Header) != 2 {
		t.Errorf("auto: %v", err)
	}
}
