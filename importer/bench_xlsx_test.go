package importer

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// generatedWorkbook writes an XLSX workbook of n deals the way a sheet
// exported from a CRM looks: text columns (title, owner, account, status),
// an amount and two date-formatted columns (the second empty on open deals).
// With stream, it is written with excelize's streaming writer (inline
// strings, a General amount: the shape of the independent check's file);
// without, as Excel saves a sheet (shared strings), its amounts formatted
// "# ##0,00 €" and its dates "dd/mm/yyyy".
func generatedWorkbook(t testing.TB, n int, stream bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	header := []any{"Title", "Owner", "Account", "Status", "Amount", "Detected", "Closed"}
	statuses := []string{"won", "lost", "open"}
	row := func(i int) []any {
		return []any{fmt.Sprintf("Deal %d", i), fmt.Sprintf("Rep %d", i%7), fmt.Sprintf("Account %d", i%500), statuses[i%3],
			float64(i%1000) + 0.5, 45300 + i%30, 45400 + i%30}
	}
	if stream {
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		sw.SetRow("A1", header)
		for i := range n {
			r := row(i)
			r[5], r[6] = excelize.Cell{StyleID: date, Value: r[5]}, excelize.Cell{StyleID: date, Value: r[6]}
			if statuses[i%3] == "open" {
				r[6] = ""
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	} else {
		f.SetSheetRow("Sheet1", "A1", &header)
		for i := range n {
			r := row(i)
			if statuses[i%3] == "open" {
				r = r[:6]
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			f.SetSheetRow("Sheet1", cell, &r)
		}
		euros, day := `#,##0.00\ "€"`, "dd/mm/yyyy"
		amount, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &euros})
		date, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &day})
		last := fmt.Sprint(n + 1)
		f.SetCellStyle("Sheet1", "E2", "E"+last, amount)
		f.SetCellStyle("Sheet1", "F2", "G"+last, date)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReadXLSX reads a generated workbook of CLOSER_BENCH_IMPORT_ROWS
// rows (default 30,000) into a Table: unzipping, the sheet's XML, the shown
// text of every cell and the stored value of number cells. "stream" is the
// shape of excelize's streaming writer, "excel" that of a sheet Excel saves.
//
//	go test ./importer -run '^$' -bench ReadXLSX -benchmem
func BenchmarkReadXLSX(b *testing.B) {
	n := importRows(30_000)
	m := mapping(b, `{"columns": {"title": "Title", "owner": "Owner", "account": "Account", "status": "Status",
		"amount": "Amount", "detected_on": "Detected", "closed_on": "Closed"}}`)
	for _, stream := range []bool{true, false} {
		name := map[bool]string{true: "stream", false: "excel"}[stream]
		b.Run(name, func(b *testing.B) {
			data := generatedWorkbook(b, n, stream)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				tb, err := Read("deals.xlsx", bytes.NewReader(data), m)
				if err != nil || len(tb.Rows) != n {
					b.Fatalf("%v, %d rows", err, len(tb.Rows))
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
