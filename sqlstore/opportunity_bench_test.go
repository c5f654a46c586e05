package sqlstore_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// BenchmarkFindOpportunities measures the main list query, a page of 50 by
// status and owner, over CLOSER_BENCH_OPPS opportunities (default 20,000) of
// one org with 4 owners and every status. Reproduce with:
//
//	CLOSER_BENCH_OPPS=1000000 CLOSER_TEST_POSTGRES=postgres://… go test ./sqlstore -run '^$' -bench FindOpportunities
func BenchmarkFindOpportunities(b *testing.B) {
	n := 20000
	if s := os.Getenv("CLOSER_BENCH_OPPS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("CLOSER_BENCH_OPPS=%q is not a positive number", s)
		}
		n = v
	}
	for _, c := range []struct {
		name string
		open func(testing.TB) *sqlstore.DB
	}{{"sqlite", sqltest.SQLite}, {"postgres", sqltest.Postgres}} {
		b.Run(c.name, func(b *testing.B) {
			db := c.open(b)
			ctx, owners := benchOrg(b, db, n)
			for _, f := range []struct {
				name   string
				filter func(i int) closer.OpportunityFilter
			}{
				{"status_owner", func(i int) closer.OpportunityFilter {
					return closer.OpportunityFilter{Statuses: []closer.Status{closer.StatusOpen}, OwnerID: owners[i%len(owners)]}
				}},
				{"two_statuses_owner", func(i int) closer.OpportunityFilter {
					return closer.OpportunityFilter{Statuses: []closer.Status{closer.StatusOpen, closer.StatusOnHold}, OwnerID: owners[i%len(owners)]}
				}},
				{"status_owner_page_10", func(i int) closer.OpportunityFilter {
					return closer.OpportunityFilter{Statuses: []closer.Status{closer.StatusWon}, OwnerID: owners[i%len(owners)], Page: closer.Page{Offset: 450}}
				}},
			} {
				b.Run(f.name, func(b *testing.B) {
					i := 0
					for b.Loop() {
						list, total, err := db.FindOpportunities(ctx, f.filter(i))
						if err != nil {
							b.Fatal(err)
						} else if len(list) != 50 || total < n/25 {
							b.Fatalf("got %d rows of %d", len(list), total)
						}
						i++
					}
				})
			}
		})
	}
}

// benchOrg fills one org with n opportunities spread over 4 salespeople and
// the five statuses, in multi-row INSERTs in one transaction, and returns the
// owner's context and the salespeople's ids.
func benchOrg(b *testing.B, db *sqlstore.DB, n int) (context.Context, []int64) {
	b.Helper()
	sys := closer.NewSystemContext(context.Background())
	org := &closer.Org{Name: "Bench", Slug: "bench"}
	if err := db.CreateOrg(sys, org, "fr"); err != nil {
		b.Fatal(err)
	}
	ctx, _ := addMemberAs(b, db, "bench", "owner", closer.RoleOwner)
	var owners []int64
	for i := range 4 {
		_, id := addMemberAs(b, db, "bench", "sales"+strconv.Itoa(i), closer.RoleSales)
		owners = append(owners, id)
	}
	lists, err := db.Lists(ctx)
	if err != nil {
		b.Fatal(err)
	}
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	const batch = 500
	for start := 0; start < n; start += batch {
		var q strings.Builder
		q.WriteString(`INSERT INTO opportunities (org_id, title, owner_id, stage_id, status, amount, detected_on, closed_on, created_at, updated_at) VALUES `)
		var args []any
		for i := start; i < min(start+batch, n); i++ {
			if i > start {
				q.WriteString(", ")
			}
			p := len(args)
			q.WriteString("(")
			for k := 1; k <= 10; k++ {
				if k > 1 {
					q.WriteString(", ")
				}
				q.WriteString("$" + strconv.Itoa(p+k))
			}
			q.WriteString(")")
			st := closer.Statuses[i%len(closer.Statuses)]
			var closed any
			if st.IsClosure() {
				closed = "2024-03-01"
			}
			args = append(args, org.ID, "Opportunité "+strconv.Itoa(i), owners[(i/5)%len(owners)], lists.Stages[i%len(lists.Stages)].ID,
				string(st), int64(i%1000)*10000, "2024-01-01", closed, "2024-01-01T00:00:00.000000Z", "2024-01-01T00:00:00.000000Z")
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			b.Fatal(err)
		}
	}
	// the kept counts, as the store and the bulk writer leave them
	if _, err := tx.ExecContext(ctx, `INSERT INTO opportunity_counts (org_id, status, owner_id, n)
		SELECT org_id, status, owner_id, COUNT(*) FROM opportunities WHERE org_id = $1 GROUP BY org_id, status, owner_id`, org.ID); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	analyze := `ANALYZE`
	if db.IsPostgres() {
		analyze = `VACUUM ANALYZE opportunities`
	}
	if _, err := db.SQL().ExecContext(ctx, analyze); err != nil {
		b.Fatal(err)
	}
	return ctx, owners
}
