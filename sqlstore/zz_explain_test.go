package sqlstore_test

import (
	"testing"
	"time"

	"closer"
	"closer/sqlstore/sqltest"
)

func BenchmarkZZExplain(b *testing.B) {
	db := sqltest.SQLite(b)
	ctx := seedBench(b, db, 100000)
	a, _ := closer.ActorFromContext(ctx)
	p := closer.QuarterOf(closer.MustDate("2024-05-01"))
	for _, q := range []string{
		`SELECT CAST('' AS TEXT) AS k, status, COUNT(*), COALESCE(CAST(SUM(amount) AS BIGINT), 0) FROM opportunities WHERE org_id = $1 AND closed_on >= $2 AND closed_on <= $3 AND status || '' IN ('won', 'lost', 'vanished') GROUP BY CAST('' AS TEXT), status`,
		`SELECT k, status, SUM(d), COUNT(*) FROM (SELECT k, status, d, ROW_NUMBER() OVER (PARTITION BY k, status ORDER BY d) AS rn, COUNT(*) OVER (PARTITION BY k, status) AS n FROM (SELECT CAST('' AS TEXT) AS k, status, CAST(julianday(closed_on) - julianday(detected_on) AS INTEGER) AS d FROM opportunities WHERE org_id = $1 AND closed_on >= $2 AND closed_on <= $3 AND status || '' IN ('won', 'lost', 'vanished')) c) r WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2 GROUP BY k, status`,
		`SELECT CAST('' AS TEXT) AS k, kind, COUNT(*) FROM orders WHERE org_id = $1 AND ordered_on >= $2 AND ordered_on <= $3 GROUP BY CAST('' AS TEXT), kind`,
	} {
		rows, _ := db.SQL().Query(`EXPLAIN QUERY PLAN `+q, a.OrgID, p.From, p.To)
		for rows.Next() {
			var id, parent, x int
			var d string
			rows.Scan(&id, &parent, &x, &d)
			b.Log(d)
		}
		rows.Close()
		t0 := time.Now()
		rows, err := db.SQL().Query(q, a.OrgID, p.From, p.To)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
		b.Log(time.Since(t0))
	}
	t0 := time.Now()
	db.Stats(ctx, closer.StatsQuery{Period: p})
	b.Log("stats", time.Since(t0))
}
