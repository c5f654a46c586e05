package importer

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportStoreHomonymAccounts: an accounts file finds the org's accounts
// again by name and city (and by phone, however written, among the
// homonyms of one town), as it tells its own rows apart, so that
// homonyms in other towns are created whatever the files' order; an
// opportunity or an order naming homonyms is a bad row that lists them.
func TestImportStoreHomonymAccounts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "homonyms")
		accounts := mapping(t, `{"entity": "accounts", "columns": {"name": "Company", "city": "City", "phone": "Phone"}}`)
		run := func(m *Mapping, data string) (*Report, error) {
			return Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		}
		if rep, err := run(accounts, "Company,City,Phone\nM. et Mme Martin,Nantes,0240000000\n"); err != nil || rep.Imported != 1 {
			t.Fatalf("first file: %v %+v", err, rep)
		}
		rep, err := run(accounts, "Company,City,Phone\nM. et Mme Martin,Paris,\nM. et Mme Martin,Lyon,\nm. et mme martin,NANTES,0240000000\nM. et Mme Martin,Nantes,02 40 99 99 99\n")
		if err != nil || rep.Imported != 3 || rep.Unchanged != 1 || rep.Repeated != 0 {
			t.Fatalf("homonyms elsewhere are created, the same one is left as it is: %v %+v", err, rep)
		}
		_, n, _ := db.FindAccounts(ctx, closer.AccountFilter{})
		if n != 4 {
			t.Fatalf("%d accounts, want 4", n)
		}
		opps := mapping(t, `{"columns": {"title": "Title", "account": "Company"}}`)
		rep, err = run(opps, "Title,Company\nWindows,M. et Mme Martin\nDoor,Acme\n")
		if err == nil || len(rep.Problems) != 1 {
			t.Fatalf("an opportunity naming homonyms: %v %+v", err, rep)
		}
		want := `line 2: account "M. et Mme Martin": 4 accounts are named «M. et Mme Martin» (Nantes 0240000000, Paris, Lyon, Nantes 02 40 99 99 99): the import cannot tell which one is meant; give them names of their own first`
		if got := rep.Problems[0].String(); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
		// One company on each of its contacts' rows, its phone written
		// differently: one account, which an opportunity then finds.
		if rep, err := run(accounts, "Company,City,Phone\nDelta,Paris,01 23 45 67 89\nDelta,Paris,01.23.45.67.89\nDelta,Paris,+33123456789\nDelta,Paris,\n"); err != nil || rep.Imported != 1 || rep.Repeated != 3 {
			t.Fatalf("one company on four rows: %v %+v", err, rep)
		}
		if rep, err := run(opps, "Title,Company\nDeal,Delta\n"); err != nil || rep.Imported != 1 {
			t.Fatalf("an opportunity naming it: %v %+v", err, rep)
		}
		orders := mapping(t, `{"entity": "orders", "columns": {"account": "Company", "amount": "Amount", "ordered_on": "Date"}}`)
		rep, err = run(orders, "Company,Amount,Date\nm. et mme martin,10,2017-03-01\n")
		if err == nil || len(rep.Problems) != 1 || rep.Problems[0].Field != "account" {
			t.Fatalf("an order naming homonyms: %v %+v", err, rep)
		}
	})
}
