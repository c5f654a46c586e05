package importer

import (
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// contactsHeader is the header of Closer's export of contacts.
const contactsHeader = "name,account,email,phone,job_title,owner,account_city,account_phone\n"

// closerProfile returns a built-in profile, failing the test without it.
func closerProfile(t *testing.T, name string) *Mapping {
	t.Helper()
	m, ok := Profile(name)
	if !ok {
		t.Fatalf("no profile %s", name)
	}
	return m
}

// TestImportStoreContacts: a contacts file lands at its accounts (homonyms
// told apart by city and phone, unknown ones created), and a second import
// finds every contact again, at the same account by name or anywhere by
// e-mail, leaving it as it is and counting it.
func TestImportStoreContacts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "people")
		run := func(m *Mapping, data string) (*Report, error) {
			return Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		}
		accounts := closerProfile(t, "closer-accounts")
		if rep, err := run(accounts, "name,city,phone,website,note,owner\nAcme,,,,,\nM. et Mme Martin,Nantes,,,,\nM. et Mme Martin,Paris,,,,\n"); err != nil || rep.Imported != 3 {
			t.Fatalf("accounts: %v %+v", err, rep)
		}
		contacts := closerProfile(t, "closer-contacts")
		if contacts.Entity != EntityContacts {
			t.Fatalf("closer-contacts reads %s", contacts.Entity)
		}
		file := contactsHeader +
			"Ann Lee,Acme,Ann@Acme.test,01 02 03 04 05,Buyer,Zed Seller,,\n" +
			"Jean Martin,M. et Mme Martin,,,,,Paris,\n" +
			"Jean Martin,M. et Mme Martin,,,,,Nantes,\n" +
			"Zoé Neuf,Globex,zoe@globex.test,,,,Tours,02 47 00 00 00\n" +
			"Nobody's,,,,,,,\n"
		rep, err := run(contacts, file)
		if err != nil || rep.Imported != 5 || rep.Unchanged != 0 || strings.Join(rep.CreatedAccounts, ",") != "Globex" ||
			strings.Join(rep.CreatedOwners, ",") != "Zed Seller" {
			t.Fatalf("contacts: %v %+v", err, rep)
		}
		var out strings.Builder
		rep.WriteText(&out)
		if !strings.Contains(out.String(), "Imported 5 contacts from 5 rows.") {
			t.Errorf("summary: %s", out.String())
		}
		got, n, err := db.FindContacts(ctx, closer.ContactFilter{})
		if err != nil || n != 5 {
			t.Fatalf("%d contacts: %v", n, err)
		}
		accts, _, _ := db.FindAccounts(ctx, closer.AccountFilter{})
		city := map[int64]string{}
		for _, a := range accts {
			city[a.ID] = a.Name + "/" + a.City + "/" + a.Phone
		}
		var where []string
		for _, c := range got {
			where = append(where, c.Name+"@"+city[c.AccountID]+"/"+c.Email)
		}
		want := "Ann Lee@Acme///ann@acme.test Jean Martin@M. et Mme Martin/Paris// Jean Martin@M. et Mme Martin/Nantes// Nobody's@/ Zoé Neuf@Globex/Tours/02 47 00 00 00/zoe@globex.test"
		if strings.Join(where, " ") != want {
			t.Errorf("contacts at\n%s\nwant\n%s", strings.Join(where, " "), want)
		}
		// Searched by their stored sort key, as every contact: without accents.
		if _, n, _ := db.FindContacts(ctx, closer.ContactFilter{Q: "ZOE"}); n != 1 {
			t.Errorf("a search for ZOE finds %d contacts", n)
		}

		// Again: every contact is found again and left as it is.
		rep, err = run(contacts, file)
		if err != nil || rep.Imported != 0 || rep.Unchanged != 5 || len(rep.CreatedAccounts) != 0 {
			t.Fatalf("contacts again: %v %+v", err, rep)
		}
		out.Reset()
		rep.WriteText(&out)
		if !strings.Contains(out.String(), "5 contacts (same account, and same name or e-mail) already in the organization") {
			t.Errorf("summary: %s", out.String())
		}
		// Found by e-mail at any account for a row that names none, and by
		// name at the same account, case aside; the e-mail at another
		// account is another contact there.
		rep, err = run(contacts, contactsHeader+"Ann L.,,ANN@acme.test,,,New Seller,,\n"+"jean martin,M. et Mme Martin,jean@martin.test,,,,Paris,\n"+
			"Ann Lee,Initech,ann@acme.test,,,,,\n")
		if err != nil || rep.Imported != 1 || rep.Unchanged != 2 || strings.Join(rep.CreatedAccounts, ",") != "Initech" || strings.Join(rep.CreatedOwners, ",") != "New Seller" {
			t.Fatalf("contacts found by e-mail and by name: %v %+v", err, rep)
		}
		if _, n, _ := db.FindContacts(ctx, closer.ContactFilter{}); n != 6 {
			t.Errorf("%d contacts after the second import, want 6", n)
		}
	})
}

// TestImportStoreContactsBadRows: each reason a contacts row is refused,
// and nothing written when one row is.
func TestImportStoreContactsBadRows(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "bad-people")
		run := func(m *Mapping, data string) (*Report, error) {
			return Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		}
		accounts := closerProfile(t, "closer-accounts")
		if _, err := run(accounts, "name,city,phone,website,note,owner\nM. et Mme Martin,Nantes,,,,\nM. et Mme Martin,Paris,,,,\n"); err != nil {
			t.Fatal(err)
		}
		contacts := closerProfile(t, "closer-contacts")
		erased := closer.ErasedContactName(42)
		rep, err := run(contacts, contactsHeader+
			",Acme,no-name@acme.test,,,,,\n"+ // 2
			"Ann Lee,Acme,ann@,,,,,\n"+ // 3
			strings.Repeat("x", 201)+",Acme,,,,,,\n"+ // 4
			"Bob,Acme,,"+strings.Repeat("0", 51)+",,,,\n"+ // 5
			"Carl,Acme,carl@acme.test,,,,,\n"+ // 6: good
			"Carla,Acme,CARL@acme.test,,,,,\n"+ // 7
			"carl,acme,,,,,,\n"+ // 8
			erased+",Acme,,,Buyer,,,\n"+ // 9
			"Jean Martin,M. et Mme Martin,,,,,,\n"+ // 10
			"Dana,Acme,,,,,"+strings.Repeat("c", 201)+",\n"+ // 11
			"Eve,Acme,,,"+strings.Repeat("j", 201)+",,,\n"+ // 12
			erased+",Acme,,,,,,\n"+ // 13: good, an erased contact holds nothing
			"Carl,M. et Mme Martin,carl@acme.test,,,,Nantes,\n") // 14: good, another account
		if err == nil || closer.ErrorCode(err) != closer.EINVALID {
			t.Fatalf("bad rows: %v %+v", err, rep)
		}
		want := []struct {
			line         int
			field, words string
		}{
			{2, "name", "name is required"},
			{3, "email", "not a valid e-mail address"},
			{4, "name", "too long"},
			{5, "phone", "too long"},
			{7, "email", "the contact is already on line 6 (same account, same e-mail)"},
			{8, "name", "the contact is already on line 6 (same account, same name)"},
			{9, "name", "an erased contact keeps no e-mail, phone or job title"},
			{10, "account", "2 accounts are named «M. et Mme Martin» (Nantes, Paris)"},
			{11, "account_city", "too long"},
			{12, "job_title", "too long"},
		}
		if len(rep.Problems) != len(want) {
			t.Fatalf("%d problems, want %d: %+v", len(rep.Problems), len(want), rep.Problems)
		}
		for i, w := range want {
			if p := rep.Problems[i]; p.Line != w.line || p.Field != w.field || !strings.Contains(p.String(), w.words) {
				t.Errorf("problem %d: %s (field %s), want line %d, field %s: %s", i, p, p.Field, w.line, w.field, w.words)
			}
		}
		if _, n, _ := db.FindContacts(ctx, closer.ContactFilter{}); n != 0 {
			t.Errorf("%d contacts written by a refused file", n)
		}
		if _, n, _ := db.FindAccounts(ctx, closer.AccountFilter{}); n != 2 {
			t.Errorf("%d accounts after a refused file, want 2", n)
		}
	})
}

// TestImportStoreAccountWithoutCity: with the city and phone columns of
// Closer's exports, a row whose account has neither is at the homonym that
// has neither; without those columns, the name alone is ambiguous.
func TestImportStoreAccountWithoutCity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "nocity")
		run := func(m *Mapping, data string) (*Report, error) {
			return Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		}
		if _, err := run(closerProfile(t, "closer-accounts"), "name,city,phone,website,note,owner\nInitech,,0100000000,,,\nInitech,Lyon,0200000000,,,\n"); err != nil {
			t.Fatal(err)
		}
		rep, err := run(closerProfile(t, "closer-contacts"), contactsHeader+"Iris,Initech,,,,,,\nIvan,Initech,,,,,Lyon,\n")
		if err != nil || rep.Imported != 2 || len(rep.CreatedAccounts) != 0 {
			t.Fatalf("contacts: %v %+v", err, rep)
		}
		got, _, _ := db.FindContacts(ctx, closer.ContactFilter{})
		for _, c := range got {
			a, err := db.FindAccount(ctx, c.AccountID)
			if err != nil || (c.Name == "Iris") != (a.City == "") {
				t.Errorf("%s is at %+v (%v)", c.Name, a, err)
			}
		}
		plain := mapping(t, `{"entity": "contacts", "columns": {"name": "name", "account": "account"}}`)
		if rep, err := run(plain, "name,account\nIrene,Initech\n"); err == nil || len(rep.Problems) != 1 || rep.Problems[0].Field != "account" {
			t.Fatalf("a name alone among homonyms: %v %+v", err, rep)
		}
	})
}

// TestImportStoreContactsSharedEmail: one e-mail at two accounts is two
// contacts, as the API creates them (the demo has such): the org's own
// export of them imports as it is, and again as nothing new. It was
// refused: "the e-mail is already on line 88".
func TestImportStoreContactsSharedEmail(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "shared")
		acc := &closer.Account{Name: "M. et Mme Guillou"}
		if err := db.CreateAccount(ctx, acc); err != nil {
			t.Fatal(err)
		}
		julie := &closer.Contact{AccountID: acc.ID, Name: "Julie Muller", Email: "julie.muller@gmail.com"}
		if err := db.CreateContact(ctx, julie); err != nil {
			t.Fatal(err)
		}
		m := closerProfile(t, "closer-contacts")
		file := contactsHeader + "Julie Muller,M. et Mme Guillou,julie.muller@gmail.com,,,,,\n" +
			"Julie Muller,M. et Mme Lefèvre,julie.muller@gmail.com,,,,,\n" +
			"Paul Muller,M. et Mme Lefèvre,JULIE.MULLER@gmail.com,,,,,\n"
		rep, err := Run(ctx, db, m, readString(t, "x.csv", file, m), Options{Now: fixedNow})
		if err == nil || len(rep.Problems) != 1 || rep.Problems[0].Line != 4 || rep.Problems[0].Field != "email" {
			t.Fatalf("the same e-mail twice at one account: %v %+v", err, rep)
		}
		file = file[:strings.LastIndex(strings.TrimSuffix(file, "\n"), "\n")+1]
		for i, want := range []int{1, 0} {
			rep, err := Run(ctx, db, m, readString(t, "x.csv", file, m), Options{Now: fixedNow})
			if err != nil || rep.Imported != want || rep.Unchanged != 2-want {
				t.Fatalf("import %d: %v %+v", i+1, err, rep)
			}
		}
		got, n, err := db.FindContacts(ctx, closer.ContactFilter{Q: "Julie"})
		if err != nil || n != 2 || got[0].AccountID == got[1].AccountID || got[0].Email != got[1].Email {
			t.Errorf("%d contacts: %+v %v", n, got, err)
		}
	})
}
