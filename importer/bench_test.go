package importer

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

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

// TestImportGenerated imports CLOSER_BENCH_IMPORT_ROWS generated rows (a
// Maven-like file written to a temp dir) on SQLite and logs where the time
// goes: go test ./importer -run Generated -v with the variable set.
func TestImportGenerated(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CLOSER_BENCH_IMPORT_ROWS"))
	if n <= 0 {
		t.Skip("set CLOSER_BENCH_IMPORT_ROWS=N to import N generated rows")
	}
	path := filepath.Join(t.TempDir(), "generated.csv")
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
	f.Close()

	db := sqltest.SQLite(t)
	ctx := newStoreOrg(t, db, "generated")
	m, _ := Profile("maven")
	start := time.Now()
	tb := readFile(t, path, m)
	read := time.Since(start)
	dry, err := Run(ctx, db, m, tb, Options{DryRun: true, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	checked := time.Since(start) - read
	start2 := time.Now()
	rep, err := Run(ctx, db, m, tb, Options{Now: fixedNow})
	if err != nil || rep.Imported != n || dry.Imported != n {
		t.Fatalf("%v %+v", err, rep)
	}
	total := read + time.Since(start2)
	t.Logf("%d rows: read %v, dry run (check + buffered writes, rolled back) %v, import %v; end to end %v = %.0f rows/s",
		n, read, checked, time.Since(start2), total, float64(n)/total.Seconds())
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
