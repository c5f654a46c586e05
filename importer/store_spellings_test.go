package importer

import (
	"strings"
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportStoreHomonymsAsSpelt: an opportunity naming "ACME" while the
// org has "Acme" (Paris) and "acme" (Lyon) is a bad row that names the
// accounts as they are spelt, not as the file spells them (F15).
func TestImportStoreHomonymsAsSpelt(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "spelt")
		run := func(m *Mapping, data string) (*Report, error) {
			return Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		}
		accounts := mapping(t, `{"entity": "accounts", "columns": {"name": "Company", "city": "City"}}`)
		if rep, err := run(accounts, "Company,City\nAcme,Paris\nacme,Lyon\n"); err != nil || rep.Imported != 2 {
			t.Fatalf("accounts: %v %+v", err, rep)
		}
		rep, err := run(mapping(t, `{"columns": {"title": "Title", "account": "Company"}}`), "Title,Company\nDeal,ACME\n")
		if err == nil || len(rep.Problems) != 1 {
			t.Fatalf("an opportunity naming homonyms: %v %+v", err, rep)
		}
		if got := rep.Problems[0].String(); !strings.Contains(got, "2 accounts are named «Acme», «acme» (Paris, Lyon)") {
			t.Errorf("got %s", got)
		}
	})
}
