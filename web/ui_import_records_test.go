package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"closer"
)

// recordImportForm is the mapping step's form for a file of entity whose
// columns carry the fields' names.
func recordImportForm(entity string, columns ...string) url.Values {
	form := url.Values{"action": {"import"}, "entity": {entity}, "delimiter": {"auto"}, "encoding": {"auto"}, "date_format": {"2006-01-02"},
		"decimal_separator": {"."}}
	for _, c := range columns {
		form.Set("col."+c, c)
	}
	return form
}

// TestImportScreenQuotesAndActivities: the import screen offers quotes and
// activities, in French and English; their profiles pick the entity, the
// mapping step labels their fields as theirs (an activity's kind is no
// order's), a bad row is listed under that label, and the quotes imported
// are on the page the report links to.
func TestImportScreenQuotesAndActivities(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	acc := e.account(mgr, "Menuiserie Roy")
	opp := &closer.Opportunity{Title: "Fenêtres Roy", AccountID: acc.ID, DetectedOn: closer.MustDate("2025-05-02")}
	must(t, e.db.CreateOpportunity(e.ctx[mgr], opp))

	page := e.do(mgr, "GET", "/o/acme/import", nil)
	for _, want := range []string{`<option value="quotes" >Des devis (des opportunités)</option>`, `<option value="activities" >Des activités (appels, rendez-vous, e-mails, tâches, relances)</option>`} {
		if !strings.Contains(page.body, want) {
			t.Fatalf("import page lacks %s:\n%s", want, page.body)
		}
	}

	quotes := "opportunity,number,amount,sent_on,status\nFenêtres Roy,DEV-1,1200.00,2025-05-10,sent\nFenêtres Roy,DEV-2,900.00,,\n"
	res := e.uploadAs(mgr, "acme-quotes.csv", quotes, "closer-quotes", "")
	if res.status != 303 {
		t.Fatalf("upload: %d %q", res.status, res.body)
	}
	page = e.do(mgr, "GET", res.location, nil)
	if page.status != 200 || !strings.Contains(page.body, `<input type="hidden" name="entity" value="quotes">`) ||
		!strings.Contains(page.body, `<label for="col-number">Numéro du devis <span aria-hidden="true">*</span></label>`) ||
		!strings.Contains(page.body, `<label for="col-status">Statut du devis</label>`) || selectedColumn(page.body, "sent_on") != "sent_on" {
		t.Fatalf("quotes mapping page: %d\n%s", page.status, page.body)
	}
	rep := e.importJob(mgr, e.do(mgr, "POST", res.location, recordImportForm("quotes", "opportunity", "number", "amount", "sent_on", "status")).location)
	if rep.status != 200 || !strings.Contains(rep.body, "2 devis importés sur 2 lignes") || !strings.Contains(rep.body, `href="/o/acme/quotes" id="see-quotes"`) {
		t.Fatalf("quotes imported: %d\n%s", rep.status, rep.body)
	}
	if list := e.do(mgr, "GET", "/o/acme/quotes", nil); !strings.Contains(list.body, "DEV-1") || !strings.Contains(list.body, "DEV-2") {
		t.Fatalf("quotes page:\n%s", list.body)
	}

	activities := "kind,subject,owner,due_on,done_on,opportunity,account,note\nfax,Envoi du plan,,2025-05-03,,Fenêtres Roy,Menuiserie Roy,\n"
	res = e.uploadAs(mgr, "acme-activities.csv", activities, "closer-activities", "")
	page = e.do(mgr, "GET", res.location, nil)
	if page.status != 200 || !strings.Contains(page.body, `<label for="col-kind">Type d&#39;activité <span aria-hidden="true">*</span></label>`) ||
		strings.Contains(page.body, "Type de commande") {
		t.Fatalf("activities mapping page: %d\n%s", page.status, page.body)
	}
	rep = e.importJob(mgr, e.do(mgr, "POST", res.location, recordImportForm("activities", "kind", "subject", "owner", "due_on", "done_on", "opportunity", "account", "note")).location)
	if rep.status != 422 || !strings.Contains(rep.body, `<tr><td class="num">2</td><td>Type d&#39;activité</td><td>fax</td>`) {
		t.Fatalf("activities refused: %d\n%s", rep.status, rep.body)
	}

	must(t, e.db.SetLang(context.Background(), e.ids[mgr], "en"))
	page = e.do(mgr, "GET", "/o/acme/import", nil)
	for _, want := range []string{`<option value="quotes" >Quotes (of opportunities)</option>`, `<option value="activities" >Activities (calls, meetings, e-mails, tasks, relaunches)</option>`} {
		if !strings.Contains(page.body, want) {
			t.Fatalf("English import page lacks %s:\n%s", want, page.body)
		}
	}
}
