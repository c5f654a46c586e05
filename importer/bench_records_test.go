package importer

import (
	"fmt"
	"strings"
	"testing"

	"closer/sqlstore/sqltest"
)

// BenchmarkImportQuotesActivities imports 20,000 quotes, then 20,000
// activities, of 2,000 opportunities (each at its own account) into a
// fresh SQLite org per iteration: read, check (each row's opportunity
// found by title, its rules checked) and write. The opportunities are
// imported before the timer starts.
func BenchmarkImportQuotesActivities(b *testing.B) {
	const nOpps, n = 2000, 20000
	var opps, quotes, acts strings.Builder
	opps.WriteString("title,account,detected_on,status\n")
	for i := range nOpps {
		fmt.Fprintf(&opps, "Deal %d,Account %d,2016-01-%02d,open\n", i, i, 1+i%28)
	}
	quotes.WriteString("opportunity,number,amount,sent_on,status\n")
	acts.WriteString("kind,subject,owner,due_on,done_on,opportunity,account,note\n")
	for i := range n {
		o := i % nOpps
		fmt.Fprintf(&quotes, "Deal %d,Q-%d,%d.50,2016-03-%02d,sent\n", o, i, i%9000, 1+i%28)
		fmt.Fprintf(&acts, "call,Call %d,,2016-03-%02d,2016-03-%02d,Deal %d,Account %d,Note %d\n", i, 1+i%28, 1+i%28, o, o, i)
	}
	om := mapping(b, `{"entity": "opportunities", "columns": {"title": "title", "account": "account", "detected_on": "detected_on", "status": "status"}}`)
	for _, c := range []struct{ name, profile, data string }{{"quotes", "closer-quotes", quotes.String()}, {"activities", "closer-activities", acts.String()}} {
		b.Run(c.name, func(b *testing.B) {
			m, _ := Profile(c.profile)
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := sqltest.SQLite(b)
				ctx := newStoreOrg(b, db, "bench")
				if rep, err := Run(ctx, db, om, readString(b, "o.csv", opps.String(), om), Options{Now: fixedNow}); err != nil || rep.Imported != nOpps {
					b.Fatalf("%v %+v", err, rep)
				}
				b.StartTimer()
				rep, err := Run(ctx, db, m, readString(b, c.name+".csv", c.data, m), Options{Now: fixedNow})
				if err != nil || rep.Imported != n {
					b.Fatalf("%v %+v", err, rep)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
