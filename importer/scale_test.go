package importer

import (
	"os"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportLargeAllOrNothing imports 100,000 generated rows whose last one
// has an impossible date: nothing is written (no opportunity, owner or
// account), and the report names that line. (A bulk that fails after
// writing more rows than the indexes are deferred for is
// sqlstore's TestBulkLargeLoadKeepsIndexes.)
func TestImportLargeAllOrNothing(t *testing.T) {
	const n = 100_000
	path := writeGenerated(t, t.TempDir(), n)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("GBAD,Agent 1,GTX,Account 1,Won,2016-13-45,2016-02-01,100\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "large")
		m, _ := Profile("maven")
		rep, err := Run(ctx, db, m, readFile(t, path, m), Options{Now: fixedNow})
		if closer.ErrorCode(err) != closer.EINVALID || rep == nil {
			t.Fatalf("import with a bad last row: %v", err)
		}
		if len(rep.Problems) != 1 || rep.Problems[0].Line != n+2 || rep.Problems[0].Field != "detected_on" {
			t.Errorf("problems: %+v", rep.Problems)
		}
		if got := count(t, db, ctx, closer.OpportunityFilter{}); got != 0 {
			t.Errorf("%d opportunities written", got)
		}
		if ms, _ := db.Members(ctx); len(ms) != 1 {
			t.Errorf("%d members, want the owner alone", len(ms))
		}
		if _, total, _ := db.FindAccounts(ctx, closer.AccountFilter{}); total != 0 {
			t.Errorf("%d accounts written", total)
		}
	})
}
