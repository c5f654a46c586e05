package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"closer"
)

func FuzzParseMapping(f *testing.F) {
	f.Add([]byte(specMapping))
	f.Add([]byte(`{"columns": {"title": "a|b?"}, "delimiter": "auto", "encoding": "auto"}`))
	f.Add([]byte(`{"entity": "orders", "columns": {"amount": "x"}, "date_format": "02/01/2006 15:04"}`))
	f.Add([]byte(`{"columns": {"title": "a"}, "values": {"status": {"": ""}}}`))
	for _, p := range Profiles() {
		m, _ := Profile(p.Name)
		f.Add([]byte(m.String()))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMapping(bytes.NewReader(data))
		if err != nil {
			return
		}
		again, err := ParseMapping(strings.NewReader(m.String()))
		if err != nil || again.String() != m.String() {
			t.Fatalf("a valid mapping does not survive JSON: %v", err)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("title,amount,detected_on\nA,\"1 200,5\",2017-01-01\n\"B\nC\",x,\n"), ",", "utf-8")
	f.Add([]byte("\xef\xbb\xbfTitre;Montant\nCaf\xe9;1,5\n"), "auto", "auto")
	f.Add([]byte("a\tb\n1\t2\t3\n\"x\"y\t\n"), "\t", "windows-1252")
	f.Add([]byte("a,a\n"), ",", "utf-8")
	f.Add([]byte(""), ",", "utf-8")
	f.Fuzz(func(t *testing.T, data []byte, delim, enc string) {
		m, err := ParseMapping(strings.NewReader(`{"columns": {"title": "title", "amount": "amount?", "detected_on": "detected_on?"}}`))
		if err != nil {
			t.Fatal(err)
		}
		m.Delimiter, m.Encoding = delim, enc
		if m.Validate() != nil {
			return
		}
		tb, err := Read("fuzz.csv", bytes.NewReader(data), m)
		if err != nil {
			return
		}
		last := 1
		for _, r := range tb.Rows {
			if r.Line <= last || len(r.Cells) != len(tb.Header) {
				t.Fatalf("row %+v after line %d, header %d", r, last, len(tb.Header))
			}
			last = r.Line
		}
		if tb.Column("title") < 0 {
			return
		}
		// Checking the rows must never panic, whatever they hold.
		_, _ = Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
	})
}

// xlsxSeed is a small workbook: a header, a few rows of every kind of cell
// (text, number, a date serial, a formula), and a second sheet.
func xlsxSeed(t testing.TB, rows [][]any) []byte {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Deals")
	f.NewSheet("Other")
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Deals", cell, &r)
	}
	f.SetCellFormula("Deals", "B4", "=B2*2")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzReadXLSX feeds bytes as an uploaded .xlsx file to the importer's
// reader: a real workbook, its truncations and corruptions, and zips that
// are no workbook. Properties: no panic; a refusal is EINVALID naming its
// field; a table read has increasing line numbers, rows as wide as the
// header, and checking its rows never panics.
func FuzzReadXLSX(f *testing.F) {
	good := xlsxSeed(f, [][]any{
		{"title", "amount", "detected_on", "status"},
		{"Toiture", 1054.5, 42795, "Won"},
		{"Fenêtres", "2 500,00", "11/03/2017", "Lost"},
		{"", nil, "", ""},
		{"=cmd|' /C calc'!A0", -1e308, "2017-02-30", "x"},
	})
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(xlsxSeed(f, [][]any{{"title"}}))
	f.Add(xlsxSeed(f, [][]any{{"", ""}, {"title", "title"}, {"a", "b"}}))
	corrupt := bytes.Clone(good)
	for i := 100; i < len(corrupt); i += 97 {
		corrupt[i] ^= 0xff
	}
	f.Add(corrupt)
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	m, err := ParseMapping(strings.NewReader(`{"columns": {"title": "title", "amount": "amount?", "detected_on": "detected_on?", "status": "status?"},
		"values": {"status": {"Won": "won", "Lost": "lost"}}, "defaults": {"loss_reason": "Not recorded", "competitor": "unknown"},
		"date_format": "02/01/2006", "decimal_separator": ","}`))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
			data = append([]byte("PK\x03\x04"), data...) // always the XLSX path
		}
		tb, err := Read("fuzz.xlsx", bytes.NewReader(data), m.Clone())
		if err != nil {
			if closer.ErrorCode(err) != closer.EINVALID || closer.ErrorField(err) == "" {
				t.Fatalf("refusal %v (%T) is not EINVALID with a field", err, err)
			}
			return
		}
		last := 1
		for _, r := range tb.Rows {
			if r.Line <= last || len(r.Cells) != len(tb.Header) {
				t.Fatalf("row %+v after line %d, header %d", r, last, len(tb.Header))
			}
			last = r.Line
		}
		if tb.Column("title") >= 0 {
			_, _ = Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
		}
	})
}

// FuzzExcelSerialDate: any stored cell value either is no date, or a date
// between 1900 and 2999.
func FuzzExcelSerialDate(f *testing.F) {
	for _, s := range []string{"42795", "1", "0", "60", "61", "401768", "401769", "1e5", "NaN", "-Inf", " 42795.75 ", "0x10", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		d, ok := excelSerialDate(raw, false)
		if !ok {
			return
		}
		if d.IsZero() || d.Year() < 1899 || d.Year() > 2999 {
			t.Fatalf("%q reads as %v", raw, d)
		}
	})
}

// TestMappingRefusesBadUTF8: a mapping posted by the import screen's form
// can hold any bytes; text that is not UTF-8 is refused with its field (it
// would not survive the mapping's JSON form).
func TestMappingRefusesBadUTF8(t *testing.T) {
	for field, m := range map[string]*Mapping{
		"columns":  {Columns: map[string]string{"title": "T\x80"}},
		"values":   {Columns: map[string]string{"title": "t", "status": "s"}, Values: map[string]map[string]string{"status": {"\xff": "won"}}},
		"defaults": {Columns: map[string]string{"title": "t"}, Defaults: map[string]string{"competitor": "\xc3"}},
	} {
		if err := m.Validate(); closer.ErrorField(err) != field {
			t.Errorf("%s: %v", field, err)
		}
	}
	if d, ok := excelSerialDate("NaN", false); ok {
		t.Errorf("NaN reads as the date %v", d)
	}
}
