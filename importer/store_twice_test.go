package importer

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// beforeCommit is a closer.BulkService that runs then in the bulk's
// transaction once the import added everything, before it commits.
type beforeCommit struct {
	db   *sqlstore.DB
	then func()
}

func (s beforeCommit) Bulk(ctx context.Context, dryRun bool, fn func(b closer.Bulk) error) error {
	return s.db.Bulk(ctx, dryRun, func(b closer.Bulk) error {
		if err := fn(b); err != nil {
			return err
		}
		s.then()
		return nil
	})
}

// TestImportStoreTwiceAtOnce: on both databases, the same file imported
// twice at the same moment (sent twice to the API, run from two servers)
// is imported once: the second import starts while the first has added its
// accounts, owners and opportunities and not committed, waits for it, and
// then finds them all. On PostgreSQL, both created every new account, and
// so every opportunity, twice (QA round 5, N10): the org's lock of imports
// was taken after the accounts were read. An accounts file the same way.
func TestImportStoreTwiceAtOnce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "twice")
		opps := mapping(t, `{"columns": {"title": "Title", "account": "Account", "owner": "Owner"}}`)
		var b strings.Builder
		b.WriteString("Title,Account,Owner\n")
		for i := range 40 {
			fmt.Fprintf(&b, "Deal %d,NewCo %d,Seller %d\n", i, i%5, i%2)
		}
		accounts := mapping(t, `{"entity": "accounts", "columns": {"name": "Name", "city": "City"}}`)
		for _, c := range []struct {
			m    *Mapping
			data string
			rows int
		}{{opps, b.String(), 40}, {accounts, "Name,City\nClient A,Lyon\nClient B,Paris\nClient C,\n", 3}} {
			tb := readString(t, "x.csv", c.data, c.m)
			type result struct {
				rep *Report
				err error
			}
			second := make(chan result, 1)
			first, err := Run(ctx, beforeCommit{db, func() {
				go func() {
					rep, err := Run(ctx, db, c.m, tb, Options{Now: fixedNow})
					second <- result{rep, err}
				}()
				// SQLite's second bulk waits for the write lock whenever it
				// comes; PostgreSQL's is seen waiting for a lock, or ends.
				if db.IsPostgres() {
					if r, ended := lockWaitOrEnd(t, db, second); ended {
						t.Errorf("%s: the second import ran while the first was importing: %+v", c.m.Entity, r.rep)
						second <- r
					}
				}
			}}, c.m, tb, Options{Now: fixedNow})
			if err != nil || first.Imported != c.rows {
				t.Fatalf("%s, first import: %v %+v", c.m.Entity, err, first)
			}
			r := <-second
			if r.err != nil || r.rep.Imported != 0 || r.rep.Unchanged != c.rows || len(r.rep.CreatedAccounts)+len(r.rep.CreatedOwners) != 0 {
				t.Fatalf("%s, second import: %v %+v", c.m.Entity, r.err, r.rep)
			}
		}
		_, accs, _ := db.FindAccounts(ctx, closer.AccountFilter{})
		members, _ := db.Members(ctx)
		if n := count(t, db, ctx, closer.OpportunityFilter{}); n != 40 || accs != 8 || len(members) != 3 {
			t.Errorf("%d opportunities, %d accounts, %d members; want 40, 8, 3", n, accs, len(members))
		}
	})
}

// lockWaitOrEnd waits until a session of db's PostgreSQL database waits
// for a lock, or until done receives: then it returns what it received and
// true. The loop is bounded; it neither sleeps nor measures time but to
// give up.
func lockWaitOrEnd[T any](t *testing.T, db *sqlstore.DB, done <-chan T) (T, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		select {
		case r := <-done:
			return r, true
		default:
		}
		var n int
		err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
		if err != nil {
			t.Fatalf("neither a lock wait nor the end: %v", err)
		} else if n > 0 {
			var none T
			return none, false
		}
	}
}
