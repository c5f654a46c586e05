package importer

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// newStoreOrg creates an org (French lists) with its owner and returns the owner's context.
func newStoreOrg(t testing.TB, db *sqlstore.DB, slug string) context.Context {
	t.Helper()
	sys := closer.NewSystemContext(context.Background())
	if err := db.CreateOrg(sys, &closer.Org{Name: "Org " + slug, Slug: slug}, "fr"); err != nil {
		t.Fatal(err)
	}
	u := &closer.User{Email: "owner@" + slug + ".test", Name: "Owner " + slug}
	if err := db.CreateUser(sys, u, ""); err != nil {
		t.Fatal(err)
	} else if err := db.AddMember(sys, slug, u.Email, closer.RoleOwner); err != nil {
		t.Fatal(err)
	}
	a, _, err := db.Actor(sys, u.ID, slug)
	if err != nil {
		t.Fatal(err)
	}
	return closer.NewContextWithActor(context.Background(), a)
}

// mavenFile returns the path of the shared Maven data set, skipping the test
// when it is absent. It sits in ../shared/data from the repository's root.
func mavenFile(t testing.TB) string {
	t.Helper()
	dir, _ := os.Getwd()
	for dir != "/" && dir != "." {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		dir = filepath.Dir(dir)
	}
	p := filepath.Join(dir, "..", "shared", "data", "sales_pipeline.csv")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("no Maven data set at %s", p)
	}
	return p
}

func readFile(t testing.TB, path string, m *Mapping) *Table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := Read(filepath.Base(path), f, m)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func count(t *testing.T, db *sqlstore.DB, ctx context.Context, f closer.OpportunityFilter) int {
	t.Helper()
	f.Limit = 1
	_, n, err := db.FindOpportunities(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportMavenStore(t *testing.T) {
	path := mavenFile(t)
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "maven")
		m, _ := Profile("maven")
		tb := readFile(t, path, m)

		dry, err := Run(ctx, db, m, tb, Options{DryRun: true, Now: fixedNow})
		if err != nil || dry.Imported != 8800 {
			t.Fatalf("dry run: %v %+v", err, dry)
		}
		if n := count(t, db, ctx, closer.OpportunityFilter{}); n != 0 {
			t.Fatalf("the dry run wrote %d opportunities", n)
		}

		rep, err := Run(ctx, db, m, tb, Options{Now: fixedNow})
		if err != nil {
			t.Fatalf("%v %+v", err, rep.Problems)
		}
		if rep.Rows != 8800 || rep.Imported != 8800 || rep.ByStatus[closer.StatusWon] != 4238 || rep.ByStatus[closer.StatusLost] != 2473 || rep.ByStatus[closer.StatusOpen] != 2089 {
			t.Fatalf("report: %+v", rep)
		}
		// Maven's funnel: Prospecting, then Engaging (the file names Engaging first).
		if strings.Join(rep.CreatedStages, ",") != "Prospecting,Engaging" || rep.StagesInFileOrder || len(rep.CreatedOwners) != 30 || len(rep.CreatedAccounts) != 85 {
			t.Errorf("created: stages %v, %d owners, %d accounts", rep.CreatedStages, len(rep.CreatedOwners), len(rep.CreatedAccounts))
		}
		if strings.Join(rep.CreatedListItems, ",") != "loss_reasons: Not recorded" {
			t.Errorf("created list items: %v", rep.CreatedListItems)
		}
		for st, want := range map[closer.Status]int{closer.StatusWon: 4238, closer.StatusLost: 2473, closer.StatusOpen: 2089, closer.StatusOnHold: 0, closer.StatusVanished: 0} {
			if n := count(t, db, ctx, closer.OpportunityFilter{Statuses: []closer.Status{st}}); n != want {
				t.Errorf("%s: %d in the store, want %d", st, n, want)
			}
		}
		l, _ := db.Lists(ctx)
		engaging, _ := l.Resolve(closer.ListStages, "Engaging", true)
		if n := count(t, db, ctx, closer.OpportunityFilter{StageID: engaging.ID, Statuses: []closer.Status{closer.StatusOpen}}); n != 1589 || engaging.Position != 6 {
			t.Errorf("Engaging: %d open, position %d", n, engaging.Position)
		}
		members, _ := db.Members(ctx)
		if len(members) != 31 {
			t.Errorf("members: %d", len(members))
		}
		for _, mb := range members {
			if mb.Name == "Moses Frase" && (mb.Email != "moses.frase@maven.imported.invalid" || mb.Role != closer.RoleSales) {
				t.Errorf("created owner: %+v", mb)
			}
		}
		opps, _, err := db.FindOpportunities(ctx, closer.OpportunityFilter{Q: "1C1I7A6R"})
		if err != nil || len(opps) != 1 {
			t.Fatalf("find 1C1I7A6R: %v %d", err, len(opps))
		}
		if o := opps[0]; o.Status != closer.StatusWon || o.Amount != 105400 || o.ClosedOn != closer.MustDate("2017-03-01") ||
			o.DetectedOn != closer.MustDate("2016-10-20") || o.OwnerName != "Moses Frase" || o.AccountName != "Cancity" {
			t.Errorf("1C1I7A6R: %+v", o)
		}
	})
}

// TestImportStoreAllOrNothing checks that one bad row among good ones
// leaves the store as it was: no opportunity, owner, account or stage.
func TestImportStoreAllOrNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "atomic")
		m, _ := Profile("excel-fr")
		data, err := os.ReadFile("testdata/excel_fr_utf8.csv")
		if err != nil {
			t.Fatal(err)
		}
		bad := strings.Replace(string(data), "Veranda;Luc Martin;Famille Petit;Abandonn\u00e9e", "Veranda;Luc Martin;Famille Petit;Annul\u00e9e", 1)
		tb := readString(t, "bad.csv", bad, m)
		rep, err := Run(ctx, db, m, tb, Options{Now: fixedNow})
		if closer.ErrorCode(err) != closer.EINVALID || len(rep.Problems) != 1 || rep.Problems[0].Line != 4 || rep.Problems[0].Field != "status" {
			t.Fatalf("got %v %+v", err, rep)
		}
		members, _ := db.Members(ctx)
		_, accounts, _ := db.FindAccounts(ctx, closer.AccountFilter{})
		l, _ := db.Lists(ctx)
		if n := count(t, db, ctx, closer.OpportunityFilter{}); n != 0 || len(members) != 1 || accounts != 0 || len(l.Stages) != 4 {
			t.Fatalf("written: %d opportunities, %d members, %d accounts, %d stages", n, len(members), accounts, len(l.Stages))
		}
		// The French org's "Prix" needs the note the row has (checked before
		// the good file is imported: a row the org has is left unchecked).
		noNote := strings.Replace(string(data), "\"15 % plus cher\r\nque Roux\"", "", 1)
		rep, err = Run(ctx, db, m, readString(t, "nonote.csv", noNote, m), Options{Now: fixedNow})
		if err == nil || len(rep.Problems) != 1 || rep.Problems[0].Field != "note" || rep.Problems[0].Line != 3 {
			t.Fatalf("price without a note: %v %+v", err, rep)
		}
		// The same file, fixed, imports.
		rep, err = Run(ctx, db, m, readString(t, "good.csv", string(data), m), Options{Now: fixedNow})
		if err != nil || rep.Imported != 5 {
			t.Fatalf("good file: %v %+v", err, rep)
		}
	})
}

// TestImportStoreLinksOrdersAndContacts imports orders that name their
// opportunity by title or id, on both databases, and a second file of
// opportunities whose contacts are those the first one created.
func TestImportStoreLinksOrdersAndContacts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "links")
		opps := mapping(t, `{"columns": {"title": "title", "owner": "owner?", "account": "account", "contact": "contact", "status": "status",
			"amount": "amount", "detected_on": "detected_on", "closed_on": "closed_on"}}`)
		run := func(m *Mapping, data string) (*Report, error) {
			return Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		}
		rep, err := run(opps, "title,owner,account,contact,status,amount,detected_on,closed_on\n"+
			"Roof,Ann,Acme,John Smith,won,1000,2017-01-05,2017-02-01\n"+
			"2,,Globex,,won,10,2017-01-05,2017-02-01\n"+
			"Porch,,Acme,,won,500,2017-01-05,2017-02-01\n"+
			"Porch,,Globex,,won,700,2017-01-05,2017-02-01\n")
		if err != nil || len(rep.CreatedContacts) != 1 {
			t.Fatalf("opportunities: %v %+v", err, rep)
		}
		rep, err = run(opps, "title,account,contact,status,amount,detected_on,closed_on\n"+
			"Gutter,Acme,john smith,open,,2017-03-05,\n")
		if err != nil || len(rep.CreatedContacts) != 0 {
			t.Fatalf("the contact of the first import is found again: %v %+v", err, rep)
		}
		_, contacts, _ := db.FindContacts(ctx, closer.ContactFilter{})
		if contacts != 1 {
			t.Fatalf("%d contacts, want 1", contacts)
		}
		// Accounts are found case aside, as the API finds them; an accounts
		// file creates no owner for an account it leaves as it is.
		names := mapping(t, `{"columns": {"title": "title", "account": "account"}}`)
		if rep, err = run(names, "title,account\nShed,ACME\nBarn,hooli\nFence,Hooli\n"); err != nil || len(rep.CreatedAccounts) != 1 {
			t.Fatalf("accounts case aside: %v %+v", err, rep)
		}
		accounts := mapping(t, `{"entity": "accounts", "columns": {"name": "name", "owner": "owner"}}`)
		if rep, err = run(accounts, "name,owner\nacme,Zed Unknown\n"); err != nil || rep.Unchanged != 1 || len(rep.CreatedOwners) != 0 {
			t.Fatalf("an account left as it is: %v %+v", err, rep)
		}
		roof, _, _ := db.FindOpportunities(ctx, closer.OpportunityFilter{Q: "Roof"})
		orders := mapping(t, `{"entity": "orders", "columns": {"account": "account", "reference": "reference",
			"amount": "amount", "ordered_on": "ordered_on", "opportunity": "opportunity"}}`)
		rep, err = run(orders, "account,reference,amount,ordered_on,opportunity\n"+
			"Acme,CMD-1,1000,2017-02-02,Roof\n"+
			"Acme,CMD-2,1000,2017-02-02,"+strconv.FormatInt(roof[0].ID, 10)+"\n"+
			"Globex,CMD-3,700,2017-02-03,porch\n"+
			"Acme,CMD-4,50,2017-02-03,\n")
		if err != nil || rep.Imported != 4 {
			t.Fatalf("orders: %v %+v", err, rep)
		}
		// The same file again leaves its orders as they are.
		if rep, err := run(orders, "account,reference,amount,ordered_on,opportunity\n"+
			"Acme,CMD-1,1000,2017-02-02,Roof\nAcme,CMD-9,5,2017-02-04,\n"); err != nil || rep.Unchanged != 1 || rep.Imported != 1 {
			t.Fatalf("orders again: %v %+v", err, rep)
		}
		// A linked order is its opportunity's owner's, as in the API.
		got, _, _ := db.FindOrders(ctx, closer.SalesFilter{})
		for _, o := range got {
			if (o.OpportunityID == roof[0].ID) != (o.OwnerID == roof[0].OwnerID) {
				t.Errorf("order %s of opportunity %d is %d's (Roof is %d's)", o.Reference, o.OpportunityID, o.OwnerID, roof[0].OwnerID)
			}
		}
		rep, err = run(orders, "account,reference,amount,ordered_on,opportunity\n"+
			"Initech,CMD-5,10,2017-02-02,Porch\n"+
			"Acme,CMD-6,10,2017-02-02,Nothing\n"+
			"Globex,CMD-7,10,2017-02-02,Roof\n"+
			"Acme,CMD-8,10,2017-03-06,Gutter\n"+
			"Acme,CMD-10,10,2017-01-04,Roof\n")
		if err == nil || len(rep.Problems) != 5 || !strings.Contains(rep.Problems[0].Reason, "2 opportunities") ||
			!strings.Contains(rep.Problems[1].Reason, "no opportunity") || !strings.Contains(rep.Problems[2].Reason, "another account") ||
			!strings.Contains(rep.Problems[3].Reason, "Only a won opportunity") {
			t.Fatalf("ambiguous, unknown and another account's opportunities: %v %+v", err, rep)
		}
		// Roof was detected on 2017-01-05: its order cannot come before.
		if p := rep.Problems[4]; p.Line != 6 || p.Field != "ordered_on" || p.Value != "2017-01-04" || !strings.Contains(p.Reason, "before the detection date 2017-01-05") {
			t.Fatalf("a linked order dated before its opportunity's detection: %+v", p)
		}
	})
}
