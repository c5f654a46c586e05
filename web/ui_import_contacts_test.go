package web_test

import (
	"net/url"
	"strings"
	"testing"

	"closer"
)

// TestImportScreenContacts: the import screen takes a contacts file. The
// profile of Closer's export of contacts picks the entity (the form's
// default, opportunities, gives way); the report counts the contacts found
// again on a second import.
func TestImportScreenContacts(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	e.account(mgr, "Dupont SARL") // in Lyon
	file := "name,account,email,phone,job_title,owner,account_city,account_phone\n" +
		"Jeanne Roy,Dupont SARL,jeanne@roy.test,,Gérante,,Lyon,\n" +
		"Paul Roy,Menuiserie Roy,paul@roy.test,02 47 00 00 00,,,Tours,\n"
	res := e.uploadAs(mgr, "acme-contacts.csv", file, "closer-contacts", "")
	if res.status != 303 {
		t.Fatalf("upload: %d %q", res.status, res.body)
	}
	mapPath := res.location
	page := e.do(mgr, "GET", mapPath, nil)
	if page.status != 200 || !strings.Contains(page.body, `<input type="hidden" name="entity" value="contacts">`) ||
		selectedColumn(page.body, "email") != "email" || selectedColumn(page.body, "job_title") != "job_title" || strings.Contains(page.body, `id="col-title"`) {
		t.Fatalf("contacts mapping page: %d\n%s", page.status, page.body)
	}
	form := url.Values{"action": {"import"}, "entity": {"contacts"}, "delimiter": {"auto"}, "encoding": {"auto"}, "date_format": {"2006-01-02"},
		"decimal_separator": {"."}}
	for _, f := range []string{"name", "account", "email", "phone", "job_title", "owner", "account_city", "account_phone"} {
		form.Set("col."+f, f)
	}
	rep := e.importJob(mgr, e.do(mgr, "POST", mapPath, form).location)
	if rep.status != 200 || !strings.Contains(rep.body, "2 contacts importés sur 2 lignes") ||
		!strings.Contains(rep.body, `href="/o/acme/accounts" id="see-contacts"`) || !strings.Contains(rep.body, "Menuiserie Roy") {
		t.Fatalf("contacts imported: %d\n%s", rep.status, rep.body)
	}
	got, n, err := e.db.FindContacts(e.ctx[mgr], closer.ContactFilter{Q: "roy"})
	must(t, err)
	if n != 2 || got[0].Email != "jeanne@roy.test" || got[0].JobTitle != "Gérante" {
		t.Fatalf("contacts: %d %+v", n, got)
	}

	res = e.uploadAs(mgr, "acme-contacts.csv", file, "closer-contacts", "contacts")
	rep = e.importJob(mgr, e.do(mgr, "POST", res.location, form).location)
	if rep.status != 200 || !strings.Contains(rep.body, "0 contacts importés sur 2 lignes") ||
		!strings.Contains(rep.body, "2 contacts déjà dans l&#39;organisation (même client, et même nom ou même e-mail), laissés tels quels") {
		t.Fatalf("contacts imported again: %d\n%s", rep.status, rep.body)
	}
}
