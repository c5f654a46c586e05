package importer

import (
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportStoreOrderReferences: a reference names one order, whatever its
// case and spaces: twice in a file is a bad row, and a reference the org
// has (written otherwise) is left as it is. Orders without a reference are
// counted in the report: importing the file again would add them again.
func TestImportStoreOrderReferences(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "refs")
		m := mapping(t, `{"entity": "orders", "columns": {"reference": "Ref", "account": "Client", "amount": "Montant",
			"ordered_on": "Date", "kind": "Type"}, "date_format": "02/01/2006", "decimal_separator": ","}`)
		run := func(data string) (*Report, error) {
			return Run(ctx, db, m, readString(t, "o.csv", data, m), Options{Now: fixedNow})
		}
		head := "Ref,Client,Montant,Date,Type\n"
		rep, err := run(head +
			"F-001,Acme,\"100,00\",05/03/2017,direct\n" +
			"F-001,Acme,\"100,00\",05/03/2017,direct\n" +
			" f-001 ,Acme,\"100,00\",05/03/2017,direct\n")
		if err == nil || len(rep.Problems) != 2 {
			t.Fatalf("a reference twice: %v %+v", err, rep)
		}
		if got := rep.Problems[0].String(); got != `line 3: reference "F-001": the reference F-001 is already on line 2` {
			t.Errorf("problem: %s", got)
		}
		if p := rep.Problems[1]; p.Line != 4 || p.Value != "f-001" {
			t.Errorf("problem: %+v", p)
		}
		rep, err = run(head +
			"F-001,Acme,\"100,00\",05/03/2017,direct\n" +
			",Beta,\"50,00\",06/03/2017,recurring\n" +
			",Beta,\"50,00\",06/03/2017,recurring\n")
		if err != nil || rep.Imported != 3 || rep.NoReference != 2 {
			t.Fatalf("first import: %v %+v", err, rep)
		}
		var b strings.Builder
		rep.WriteText(&b)
		if !strings.Contains(b.String(), "2 orders have no reference: importing this file again would add them again") {
			t.Errorf("summary:\n%s", b.String())
		}
		// The org's F-001 is found again as f-001.
		rep, err = run(head + "f-001 ,Acme,\"100,00\",05/03/2017,direct\nF-002,Acme,\"10,00\",07/03/2017,direct\n")
		if err != nil || rep.Unchanged != 1 || rep.Imported != 1 || rep.NoReference != 0 {
			t.Fatalf("again: %v %+v", err, rep)
		}
		_, n, err := db.FindOrders(ctx, closer.SalesFilter{})
		if err != nil || n != 4 {
			t.Fatalf("%d orders, want 4: %v", n, err)
		}
	})
}
