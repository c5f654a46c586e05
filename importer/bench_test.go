package importer

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// BenchmarkImportMaven imports the 8,800 rows of the Maven data set into a
// fresh SQLite org per iteration: read, check and write.
func BenchmarkImportMaven(b *testing.B) {
	path := mavenFile(b)
	m, _ := Profile("maven")
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := sqltest.SQLite(b)
		ctx := newStoreOrg(b, db, "bench")
		b.StartTimer()
		rep, err := Run(ctx, db, m, readFile(b, path, m), Options{Now: fixedNow})
		if err != nil || rep.Imported != 8800 {
			b.Fatalf("%v %+v", err, rep)
		}
	}
	b.ReportMetric(float64(8800*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// writeGenerated writes a Maven-like CSV file of n rows (every status, 30
// agents, 500 accounts, dates within two years) into dir and returns its path.
func writeGenerated(t testing.TB, dir string, n int) string {
	t.Helper()
	path := filepath.Join(dir, "generated.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value")
	stages := []string{"Won", "Lost", "Engaging", "Prospecting"}
	for i := 0; i < n; i++ {
		st := stages[i%7%4]
		d := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%600)
		engage, closed, value := d.Format("2006-01-02"), d.AddDate(0, 0, 30+i%90).Format("2006-01-02"), strconv.Itoa(i%5000)
		switch st {
		case "Engaging":
			closed, value = "", ""
		case "Prospecting":
			engage, closed, value = "", "", ""
		case "Lost":
			value = "0"
		}
		fmt.Fprintf(w, "G%07d,Agent %d,GTX,Account %d,%s,%s,%s,%s\n", i, i%30, i%500, st, engage, closed, value)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// importRows is the size of the generated imports: CLOSER_BENCH_IMPORT_ROWS,
// or def.
func importRows(def int) int {
	if n, _ := strconv.Atoi(os.Getenv("CLOSER_BENCH_IMPORT_ROWS")); n > 0 {
		return n
	}
	return def
}

// TestImportGenerated imports CLOSER_BENCH_IMPORT_ROWS generated rows (a
// Maven-like file written to a temp dir) into a fresh org, on SQLite and on
// PostgreSQL, and logs the time to read the file and to import it:
//
//	CLOSER_BENCH_IMPORT_ROWS=1000000 go test ./importer -run Generated -v -timeout 30m
func TestImportGenerated(t *testing.T) {
	n := importRows(0)
	if n <= 0 {
		t.Skip("set CLOSER_BENCH_IMPORT_ROWS=N to import N generated rows")
	}
	path := writeGenerated(t, t.TempDir(), n)
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "generated")
		m, _ := Profile("maven")
		start := time.Now()
		tb := readFile(t, path, m)
		read := time.Since(start)
		rep, err := Run(ctx, db, m, tb, Options{Now: fixedNow})
		if err != nil || rep.Imported != n {
			t.Fatalf("%v %+v", err, rep)
		}
		total := time.Since(start)
		t.Logf("%d rows: read %v, import %v; end to end %v = %.0f rows/s",
			n, read.Round(time.Millisecond), (total - read).Round(time.Millisecond), total.Round(time.Millisecond), float64(n)/total.Seconds())
	})
}

// BenchmarkImportGenerated reads and imports CLOSER_BENCH_IMPORT_ROWS
// (default 100,000) generated rows into a fresh SQLite database per
// iteration, and reports the rows imported per second, end to end.
func BenchmarkImportGenerated(b *testing.B) {
	n := importRows(100_000)
	path := writeGenerated(b, b.TempDir(), n)
	m, _ := Profile("maven")
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := sqltest.SQLite(b)
		ctx := newStoreOrg(b, db, "bench")
		b.StartTimer()
		rep, err := Run(ctx, db, m, readFile(b, path, m), Options{Now: fixedNow})
		if err != nil || rep.Imported != n {
			b.Fatalf("%v %+v", err, rep)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCheckMaven reads and checks the Maven data set into the
// in-memory fake store: the importer's own cost, without the database.
func BenchmarkCheckMaven(b *testing.B) {
	path := mavenFile(b)
	m, _ := Profile("maven")
	for i := 0; i < b.N; i++ {
		rep, err := Run(ownerCtx(), newFakeStore(), m, readFile(b, path, m), Options{Now: fixedNow})
		if err != nil || rep.Imported != 8800 {
			b.Fatalf("%v %+v", err, rep)
		}
	}
	b.ReportMetric(float64(8800*b.N)/b.Elapsed().Seconds(), "rows/s")
}
