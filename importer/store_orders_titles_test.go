package importer

import (
	"strconv"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// ordersHeader is the header of Closer's export of orders.
const ordersHeader = "account,kind,reference,amount,ordered_on,owner,opportunity,account_city,account_phone,opportunity_detected_on,opportunity_closed_on,opportunity_amount\n"

// TestImportStoreOrdersOfSameTitle: an order's row names its opportunity
// among those of the same title at the same account by the detection
// date, close date and amount that Closer's exports of orders write, and
// its account among homonyms by city and phone. Opportunities alike in all
// of these, or none alike, are bad rows; a file without those columns
// reads as before.
func TestImportStoreOrdersOfSameTitle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "titles")
		run := func(m *Mapping, data string) (*Report, error) {
			return Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		}
		opps := closerProfile(t, "closer")
		rep, err := run(opps, "title,account,status,amount,detected_on,closed_on,account_city,account_phone\n"+
			"Windows,Acme,won,1000,2017-01-05,2017-02-01,Nantes,\n"+
			"Windows,Acme,won,1000,2017-03-01,2017-04-01,Nantes,\n"+
			"Windows,Acme,won,2000,2017-03-01,2017-04-01,Nantes,\n"+
			"Windows,Acme,won,1000,2017-01-05,2017-02-01,Paris,\n"+
			"Door,Acme,won,500,2017-01-05,2017-02-01,Nantes,\n"+
			"Door,Acme,won,500,2017-01-05,2017-02-01,Nantes,\n")
		if err != nil || rep.Imported != 6 || len(rep.CreatedAccounts) != 2 {
			t.Fatalf("opportunities: %v %+v", err, rep)
		}
		all, _, err := db.FindOpportunities(ctx, closer.OpportunityFilter{Page: closer.Page{Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		accounts, _, _ := db.FindAccounts(ctx, closer.AccountFilter{})
		city := map[int64]string{}
		for _, a := range accounts {
			city[a.ID] = a.City
		}
		// key names an opportunity as the orders' rows do.
		key := func(o *closer.Opportunity) string {
			return o.Title + "/" + city[o.AccountID] + "/" + o.DetectedOn.String() + "/" + o.ClosedOn.String() + "/" + strconv.FormatInt(int64(o.Amount), 10)
		}
		byID := map[int64]string{}
		for _, o := range all {
			byID[o.ID] = key(o)
		}
		orders := closerProfile(t, "closer-orders")
		rep, err = run(orders, ordersHeader+
			"Acme,linked,C-1,1000,2017-02-02,,Windows,Nantes,,2017-01-05,2017-02-01,1000.00\n"+
			"Acme,linked,C-2,1000,2017-04-02,,Windows,Nantes,,2017-03-01,2017-04-01,1000.00\n"+
			"Acme,linked,C-3,2000,2017-04-02,,Windows,Nantes,,2017-03-01,2017-04-01,2000.00\n"+
			"Acme,linked,C-4,1000,2017-02-02,,Windows,Paris,,2017-01-05,2017-02-01,1000.00\n"+
			"Acme,direct,C-5,10,2017-02-02,,,Paris,,,,\n")
		if err != nil || rep.Imported != 5 {
			t.Fatalf("orders: %v %+v", err, rep)
		}
		got, _, _ := db.FindOrders(ctx, closer.SalesFilter{})
		links := map[string]string{}
		for _, o := range got {
			links[o.Reference] = byID[o.OpportunityID] + " at " + city[o.AccountID]
		}
		for ref, want := range map[string]string{
			"C-1": "Windows/Nantes/2017-01-05/2017-02-01/100000 at Nantes", "C-2": "Windows/Nantes/2017-03-01/2017-04-01/100000 at Nantes",
			"C-3": "Windows/Nantes/2017-03-01/2017-04-01/200000 at Nantes", "C-4": "Windows/Paris/2017-01-05/2017-02-01/100000 at Paris",
			"C-5": " at Paris",
		} {
			if links[ref] != want {
				t.Errorf("order %s: %q, want %q", ref, links[ref], want)
			}
		}

		rep, err = run(orders, ordersHeader+
			"Acme,linked,C-6,500,2017-02-02,,Door,Nantes,,2017-01-05,2017-02-01,500.00\n"+
			"Acme,linked,C-7,500,2017-02-02,,Windows,Nantes,,2017-01-06,2017-02-01,1000.00\n")
		if err == nil || len(rep.Problems) != 2 ||
			rep.Problems[0].String() != `line 2: opportunity "Door": 2 opportunities have this title, account, detection date, close date and amount: give its id` ||
			rep.Problems[1].String() != `line 3: opportunity "Windows": 3 opportunities have this title, none with the row's account, detection date, close date and amount` {
			t.Fatalf("twins, and none alike: %v %+v", err, rep)
		}
		// Without the columns that tell them apart: as before.
		plain := mapping(t, `{"entity": "orders", "columns": {"account": "account", "amount": "amount", "ordered_on": "ordered_on", "opportunity": "opportunity"}}`)
		rep, err = run(plain, "account,amount,ordered_on,opportunity\nAcme,5,2017-05-01,Door\n")
		if err == nil || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Reason, "2 accounts are named") {
			t.Fatalf("an account among homonyms, named alone: %v %+v", err, rep)
		}
		plain = mapping(t, `{"entity": "orders", "columns": {"account": "account", "account_city": "city", "amount": "amount", "ordered_on": "ordered_on", "opportunity": "opportunity"}}`)
		rep, err = run(plain, "account,city,amount,ordered_on,opportunity\nAcme,Nantes,5,2017-05-01,Door\n")
		if err == nil || len(rep.Problems) != 1 || rep.Problems[0].Reason != "2 opportunities have this title: give its id" {
			t.Fatalf("same-titled opportunities without their dates: %v %+v", err, rep)
		}
	})
}
