package sqlstore_test

import (
	"strconv"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// BenchmarkCreate measures the single-row writes of a user: an opportunity
// (its row, its "created" event and the summaries) and an account, in an org
// of 20,000 opportunities, in wall and CPU time (the process's, and on
// PostgreSQL the server's). On SQLite each insert into a table with
// AUTOINCREMENT also reads and writes the table's sqlite_sequence row.
//
//	go test ./sqlstore -run '^$' -bench Create -benchtime 2000x
func BenchmarkCreate(b *testing.B) {
	for _, c := range []struct {
		name string
		open func(testing.TB) *sqlstore.DB
	}{{"sqlite", sqltest.SQLite}, {"postgres", sqltest.Postgres}} {
		b.Run(c.name, func(b *testing.B) {
			db := c.open(b)
			ctx, _ := benchOrg(b, db, 20000)
			clock := newCPUClock(b, db)
			run := func(name string, fn func(i int) error) {
				b.Run(name, func(b *testing.B) {
					start, i := clock(), 0
					for b.Loop() {
						i++
						if err := fn(i); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(clock()-start)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
				})
			}
			run("opportunity", func(int) error {
				return db.CreateOpportunity(ctx, &closer.Opportunity{Title: "Fenêtres", Amount: 120000, DetectedOn: closer.MustDate("2024-05-20")})
			})
			run("account", func(i int) error {
				return db.CreateAccount(ctx, &closer.Account{Name: "Menuiserie " + strconv.Itoa(i)})
			})
		})
	}
}
