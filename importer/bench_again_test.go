package importer

import (
	"testing"

	"closer/sqlstore/sqltest"
)

// BenchmarkReimportGenerated imports CLOSER_BENCH_IMPORT_ROWS (default
// 50,000) generated rows into a SQLite org, then dry-runs the same file
// again per iteration: every row is found again (knownRows), compared with
// what is stored, and left as it is.
func BenchmarkReimportGenerated(b *testing.B) {
	n := importRows(50_000)
	path := writeGenerated(b, b.TempDir(), n)
	m, _ := Profile("maven")
	db := sqltest.SQLite(b)
	ctx := newStoreOrg(b, db, "bench")
	if rep, err := Run(ctx, db, m, readFile(b, path, m), Options{Now: fixedNow}); err != nil || rep.Imported != n {
		b.Fatalf("%v %+v", err, rep)
	}
	tb := readFile(b, path, m)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := Run(ctx, db, m, tb, Options{DryRun: true, Now: fixedNow})
		if err != nil || rep.Unchanged != n {
			b.Fatalf("%v %+v", err, rep)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}
