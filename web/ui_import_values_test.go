package web_test

import (
	"maps"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"closer"
)

// selectedValue returns the value chosen for the i-th value of a
// translated field on the mapping step ("" for as written, "?" for no
// such select).
func selectedValue(body, field string, i int) string {
	id := "to-" + field + "-" + strconv.Itoa(i)
	sel := regexp.MustCompile(`(?s)<select id="` + id + `" name="to\.` + field + `\.` + strconv.Itoa(i) + `">(.*?)</select>`).FindStringSubmatch(body)
	if sel == nil {
		return "?"
	}
	if m := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(sel[1]); m != nil {
		return m[1]
	}
	return ""
}

// TestImportScreenTranslatesQuoteStatusesAndActivityKinds: a quotes file
// whose statuses and an activities file whose kinds are written in French
// get, on the mapping step, the choices of their own entity (a quote's
// statuses, an activity's kinds: not an opportunity's or an order's),
// each value guessed from its label when it is one, and the import writes
// the values chosen.
func TestImportScreenTranslatesQuoteStatusesAndActivityKinds(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	acc := e.account(mgr, "Menuiserie Roy")
	opp := &closer.Opportunity{Title: "Fenêtres Roy", AccountID: acc.ID, DetectedOn: closer.MustDate("2025-05-02")}
	must(t, e.db.CreateOpportunity(e.ctx[mgr], opp))

	quotes := "opportunity,number,amount,sent_on,status\n" +
		"Fenêtres Roy,DEV-1,1200.00,2025-05-10,Envoyé\n" +
		"Fenêtres Roy,DEV-2,900.00,2025-05-11,Accepté\n" +
		"Fenêtres Roy,DEV-3,800.00,,Brouillon\n" +
		"Fenêtres Roy,DEV-4,700.00,2025-05-12,Signé\n"
	res := e.uploadAs(mgr, "devis.csv", quotes, "closer-quotes", "")
	page := e.do(mgr, "GET", res.location, nil)
	if page.status != 200 || !strings.Contains(page.body, "<h2>Statuts des devis</h2>") || strings.Contains(page.body, "Perdue") {
		t.Fatalf("quotes mapping page: %d\n%s", page.status, page.body)
	}
	// The values in order: Accepté, Brouillon, Envoyé, Signé.
	for i, want := range []string{"accepted", "draft", "sent", ""} {
		if got := selectedValue(page.body, "status", i); got != want {
			t.Errorf("quote status %d: %q chosen, want %q", i, got, want)
		}
	}
	if !strings.Contains(page.body, `<option value="declined" >Refusé</option>`) {
		t.Errorf("the quote statuses are not offered by their labels:\n%s", page.body)
	}
	form := recordImportForm("quotes", "opportunity", "number", "amount", "sent_on", "status")
	form.Set("nval.status", "4")
	for i, v := range [][2]string{{"Accepté", "accepted"}, {"Brouillon", "draft"}, {"Envoyé", "sent"}, {"Signé", "accepted"}} {
		form.Set("from.status."+strconv.Itoa(i), v[0])
		form.Set("to.status."+strconv.Itoa(i), v[1])
	}
	rep := e.importJob(mgr, e.do(mgr, "POST", res.location, form).location)
	if rep.status != 200 || !strings.Contains(rep.body, "4 devis importés sur 4 lignes") {
		t.Fatalf("quotes imported: %d\n%s", rep.status, rep.body)
	}
	qs, err := e.db.ExportQuotes(e.ctx[mgr], 0, 10)
	must(t, err)
	got := map[string]closer.QuoteStatus{}
	for _, q := range qs {
		got[q.Number] = q.Status
	}
	if want := map[string]closer.QuoteStatus{"DEV-1": closer.QuoteSent, "DEV-2": closer.QuoteAccepted, "DEV-3": closer.QuoteDraft, "DEV-4": closer.QuoteAccepted}; !maps.Equal(got, want) {
		t.Errorf("quote statuses: %v, want %v", got, want)
	}

	activities := "kind,subject,owner,due_on,done_on,opportunity,account,note\n" +
		"Appel,Premier appel,,2025-05-03,2025-05-03,Fenêtres Roy,Menuiserie Roy,\n" +
		"Rendez-vous,Métré,,2025-05-05,,Fenêtres Roy,Menuiserie Roy,\n" +
		"Visite,Visite du chantier,,2025-05-06,,Fenêtres Roy,Menuiserie Roy,\n"
	res = e.uploadAs(mgr, "activites.csv", activities, "closer-activities", "")
	page = e.do(mgr, "GET", res.location, nil)
	if page.status != 200 || !strings.Contains(page.body, "<h2>Types d&#39;activité</h2>") || strings.Contains(page.body, "Récurrente") {
		t.Fatalf("activities mapping page: %d\n%s", page.status, page.body)
	}
	// The values in order: Appel, Rendez-vous, Visite.
	for i, want := range []string{"call", "meeting", ""} {
		if got := selectedValue(page.body, "kind", i); got != want {
			t.Errorf("activity kind %d: %q chosen, want %q", i, got, want)
		}
	}
	form = recordImportForm("activities", "kind", "subject", "owner", "due_on", "done_on", "opportunity", "account", "note")
	form.Set("nval.kind", "3")
	for i, v := range [][2]string{{"Appel", "call"}, {"Rendez-vous", "meeting"}, {"Visite", "meeting"}} {
		form.Set("from.kind."+strconv.Itoa(i), v[0])
		form.Set("to.kind."+strconv.Itoa(i), v[1])
	}
	rep = e.importJob(mgr, e.do(mgr, "POST", res.location, form).location)
	if rep.status != 200 || !strings.Contains(rep.body, "3 activités importées sur 3 lignes") {
		t.Fatalf("activities imported: %d\n%s", rep.status, rep.body)
	}
	as, err := e.db.ExportActivities(e.ctx[mgr], 0, 10)
	must(t, err)
	kinds := map[string]closer.ActivityKind{}
	for _, a := range as {
		kinds[a.Subject] = a.Kind
	}
	if want := map[string]closer.ActivityKind{"Premier appel": closer.ActivityCall, "Métré": closer.ActivityMeeting, "Visite du chantier": closer.ActivityMeeting}; !maps.Equal(kinds, want) {
		t.Errorf("activity kinds: %v, want %v", kinds, want)
	}
}
