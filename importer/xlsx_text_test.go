package importer

import (
	"archive/zip"
	"bytes"
	"slices"
	"strings"
	"testing"

	"closer"
)

// handWorkbook writes a workbook of one sheet from its parts' XML, as other
// tools than excelize write them: sheet is the worksheet's XML, strings
// the shared strings' (none when empty).
func handWorkbook(t *testing.T, sheet, strings string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheet,
	}
	if strings != "" {
		parts["xl/sharedStrings.xml"] = strings
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, content := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`

// TestReadXLSXTextAsExcelize reads the text of cells as other tools write
// it (shared strings in runs, phonetic guides, escapes, entities, line
// ends, inline strings, cells and rows without references, namespace
// prefixes, comments, CDATA, other encodings) as excelize did.
func TestReadXLSXTextAsExcelize(t *testing.T) {
	sst := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="8" uniqueCount="8">` +
		`<si><t>Title</t></si>` +
		`<si><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space="preserve">text </t></r><r><t>runs</t></r></si>` +
		`<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>` +
		`<si><t>Line_x000D_` + "\r\n" + `break and _x005F_x000D_ literal, _x0041_ and _xD800_ dropped</t></si>` +
		`<si><t>Caf&#233; &amp; Co &lt;b&gt; &#x20AC; &quot;q&quot; &apos;a&apos;</t></si>` +
		`<si><t xml:space="preserve">  spaced  </t></si>` +
		`<si><t><![CDATA[a <b> & c]]></t></si>` +
		`<si><t/></si>` +
		`</sst>`
	for name, sheet := range map[string]string{
		"shared strings": sheetHead + `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c><c r="D2" t="s"><v>6</v></c><c r="E2" t="s"><v>7</v></c></row></sheetData></worksheet>`,
		"inline strings": sheetHead + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c>` +
			`<c r="B1" t="inlineStr"><is><r><t>Rich </t></r><r><rPr><i/></rPr><t>inline</t></r></is></c>` +
			`<c r="C1" t="inlineStr"><is><t>x_x000D_y</t></is></c><c r="D1" t="inlineStr"><v>no is</v></c></row></sheetData></worksheet>`,
		"no references": sheetHead + `<sheetData><row><c t="s"><v>0</v></c><c><v>12.5</v></c><c/><c t="b"><v>1</v></c></row>` +
			`<row><c t="str"><f>A1</f><v>Title</v></c><c t="e"><v>#N/A</v></c><c t="b"><v>0</v></c></row>` +
			`<row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c></row><row><c t="s"><v>1</v></c></row></sheetData></worksheet>`,
		"namespace prefixes": `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
			`<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>pre&amp;fixed</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
		"comments and odd markup": sheetHead + `<!-- a comment with <row> in it --><sheetData>` +
			`<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s" odd='a>b'><v>0</v></c><!-- <c r="B1"><v>9</v></c> -->` +
			`<c r = "C1" t = 'inlineStr' ><is><t>spaced attributes</t></is></c></row></sheetData><?pi data?></worksheet>`,
		"byte order mark": "\ufeff" + sheetHead + `<sheetData><row r="1"><c r="A1" t="s"><v>2</v></c></row></sheetData></worksheet>`,
		"latin-1": `<?xml version="1.0" encoding="ISO-8859-1"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Soci\xe9t\xe9 G\xe9n\xe9rale</t></is></c></row></sheetData></worksheet>",
	} {
		t.Run(name, func(t *testing.T) {
			data := handWorkbook(t, sheet, sst)
			got, want := sheetCells(t, data), excelizeCells(t, data)
			if len(want) == 0 {
				t.Fatal("excelize reads nothing")
			}
			sameCells(t, got, want, func(string) string { return "" })
		})
	}
	// What the escapes and entities read as, spelled out; an entity XML
	// does not know, or an & alone, is kept as written (excelize read
	// no shared string at all then).
	sst = strings.Replace(sst, "&apos;a&apos;", "&apos;a&apos; &unknown; a&b", 1)
	got := sheetCells(t, handWorkbook(t, sheetHead+`<sheetData><row r="1"><c r="A1" t="s"><v>3</v></c><c r="B1" t="s"><v>4</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row></sheetData></worksheet>`, sst))
	for ref, want := range map[string]string{
		"A1": "Line\r\nbreak and _x000D_ literal, A and  dropped",
		"B1": `Café & Co <b> € "q" 'a' &unknown; a&b`,
		"C1": "Rich text runs",
		"D1": "東京",
	} {
		if got[ref] != want {
			t.Errorf("%s: %q, want %q", ref, got[ref], want)
		}
	}
}

// TestXMLScannerLongText reads a text longer than the scanner's window,
// with entities and line ends where the window ends, and a long tag.
func TestXMLScannerLongText(t *testing.T) {
	for _, at := range []int{xmlWindow - 40, xmlWindow - 17, xmlWindow - 16, xmlWindow - 15, xmlWindow - 2, xmlWindow - 1, xmlWindow, xmlWindow + 1} {
		var doc, want strings.Builder
		doc.WriteString(`<t>`)
		for doc.Len() < at {
			doc.WriteByte('a')
			want.WriteByte('a')
		}
		doc.WriteString("&amp;\r\n&#x20AC;\r" + strings.Repeat("b", 3*xmlWindow) + `</t><c r="` + strings.Repeat("Z", 2*xmlWindow) + `" s="1"/>`)
		want.WriteString("&\n€\n" + strings.Repeat("b", 3*xmlWindow))
		x := newXMLScanner(strings.NewReader(doc.String()))
		var text []byte
		var tags []string
		for {
			if err := x.next(); err != nil {
				t.Fatalf("at %d: %v", at, err)
			}
			if x.kind == xmlEOF {
				break
			} else if x.kind == xmlText {
				text = append(text, x.text...)
			} else {
				tags = append(tags, string(x.name)+":"+string(x.attr("s")))
			}
		}
		if string(text) != want.String() {
			t.Errorf("at %d: %d bytes of text, want %d", at, len(text), want.Len())
		}
		if strings.Join(tags, " ") != "t: t: c:1 c:1" {
			t.Errorf("at %d: tags %q", at, tags)
		}
	}
	for _, bad := range []string{`<t a="1`, `<t a=1>`, `<t a>`, `<>`, `<!-- open`, `<t>x</t`} {
		x := newXMLScanner(strings.NewReader(bad))
		err := x.next()
		for err == nil && x.kind != xmlEOF {
			err = x.next()
		}
		if err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestReadXLSXBadRows: rows numbered out of order are an error naming
// them, not rows read in disorder; so are a row or a column beyond a
// sheet's last; a cell whose text is not UTF-8 is a bad row, not a sheet
// that cannot be read.
func TestReadXLSXBadRows(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title"}}`)
	for sheet, msg := range map[string]string{
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>B</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c></row>`: `The sheet "Deals" cannot be read: row 2 comes after row 3.`,
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c></row><row r="1048577"><c r="A1048577" t="inlineStr"><is><t>A</t></is></c></row>`:                                                   `The sheet "Deals" cannot be read: row 1048577 is beyond a sheet's last row (1048576).`,
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c></row><row r="2"><c r="XFE2"><v>1</v></c></row>`:                                                                                    `The sheet "Deals" cannot be read: the cell reference "XFE2" is beyond the last column.`,
	} {
		_, err := Read("deals.xlsx", bytes.NewReader(handWorkbook(t, sheetHead+`<sheetData>`+sheet+`</sheetData></worksheet>`, "")), m)
		if got := closer.ErrorMessage(err); got != msg {
			t.Errorf("%s: %q, want %q", sheet, got, msg)
		}
	}
	data := handWorkbook(t, sheetHead+`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c></row>`+
		"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Caf\xe9</t></is></c></row><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Good</t></is></c></row></sheetData></worksheet>", "")
	tb, err := Read("deals.xlsx", bytes.NewReader(data), m)
	if err != nil || len(tb.Rows) != 1 || tb.Rows[0].Cells[0] != "Good" || len(tb.Problems) != 1 || tb.Problems[0].Line != 2 {
		t.Fatalf("%v %+v", err, tb)
	}
}

// TestReadXLSXISODates reads a date cell of type d (ISO 8601, as some
// tools write dates) as written, whatever its style: with a Z, excelize
// showed its serial number, which no date field read.
func TestReadXLSXISODates(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "detected_on": "Detected"}, "date_format": "02/01/2006"}`)
	data := handWorkbook(t, sheetHead+`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c><c r="B1" t="inlineStr"><is><t>Detected</t></is></c></row>`+
		`<row r="2"><c r="A2" t="inlineStr"><is><t>Roof</t></is></c><c r="B2" t="d"><v>2016-03-05T00:00:00Z</v></c></row>`+
		`<row r="3"><c r="A3" t="inlineStr"><is><t>Porch</t></is></c><c r="B3" t="d"><v>2016-03-06</v></c></row></sheetData></worksheet>`, "")
	tb, err := Read("deals.xlsx", bytes.NewReader(data), m)
	if err != nil {
		t.Fatal(err)
	}
	s := newFakeStore()
	if rep, err := Run(ownerCtx(), s, m, tb, Options{Now: fixedNow}); err != nil {
		t.Fatalf("%v %+v", err, rep.Problems)
	}
	if s.opps[0].DetectedOn != closer.MustDate("2016-03-05") || s.opps[1].DetectedOn != closer.MustDate("2016-03-06") {
		t.Errorf("detected on %s and %s", s.opps[0].DetectedOn, s.opps[1].DetectedOn)
	}
}

// TestReadXLSXUncalculatedFormulas refuses the row of a formula that the
// workbook stores no result of (openpyxl and other programs write formulas
// without their values): read as empty, its amount was 0, its date today,
// its owner the importing member. A formula's stored empty text (<v></v>),
// an uncalculated formula in a column the mapping does not read, and one
// after the column that gives a field its value are no problem.
func TestReadXLSXUncalculatedFormulas(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "amount": "Amount", "note": "Note", "detected_on": "Detected|Created"}}`)
	text := func(ref, s string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>` }
	data := handWorkbook(t, sheetHead+`<sheetData><row r="1">`+text("A1", "Title")+text("B1", "Amount")+text("C1", "Note")+text("D1", "Detected")+text("E1", "Created")+text("F1", "Other")+`</row>`+
		`<row r="2">`+text("A2", "Uncalculated")+`<c r="B2"><f>10*2</f></c></row>`+
		`<row r="3">`+text("A3", "Calculated")+`<c r="B3"><f>10*2</f><v>20</v></c><c r="C3" t="str"><f>IF(A3="","x","")</f><v></v></c><c r="F3"><f>1+1</f></c></row>`+
		`<row r="4">`+text("A4", "Date uncalculated")+`<c r="D4"><f>DATE(2017,3,1)</f></c><c r="E4"><v>42795</v></c></row>`+
		`<row r="5">`+text("A5", "Date given")+`<c r="D5"><v>42795</v></c><c r="E5"><f>D5</f></c></row>`+
		`</sheetData></worksheet>`, "")
	tb, err := Read("deals.xlsx", bytes.NewReader(data), m)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	const why = ": the cell holds a formula whose result the file does not store (a workbook written by a program): open the file in Excel or LibreOffice, save it, and import it again"
	if want := []string{"line 2: amount" + why, "line 4: detected_on" + why}; err == nil || !slices.Equal(got, want) {
		t.Fatalf("%v\n%q\nwant %q", err, got, want)
	}
}
