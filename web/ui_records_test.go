package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"closer"
)

// recNow is "now" in the records pages' tests: Monday 16 June 2025 in Paris.
var recNow = time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)

// recEnv is the records pages' set-up (pageEnv).
type recEnv struct{ *pageEnv }

func newRecEnv(t *testing.T) *recEnv {
	t.Helper()
	return &recEnv{newPageEnv(t, recNow)}
}

func (e *recEnv) account(email, name string) *closer.Account {
	e.t.Helper()
	a := &closer.Account{Name: name, City: "Lyon"}
	must(e.t, e.db.CreateAccount(e.ctx[email], a))
	return a
}

// TestRecordFormErrors: a refused form is shown again (422) with the input
// kept and the message, in French, next to the offending field.
func TestRecordFormErrors(t *testing.T) {
	e := newRecEnv(t)
	acc := e.account("sales@acme.test", "Boulangerie Dupont")
	accPath := "/o/acme/accounts/" + idOf(acc.ID)
	opp := &closer.Opportunity{Title: "Four à pain", AccountID: acc.ID}
	must(t, e.db.CreateOpportunity(e.ctx["sales@acme.test"], opp))
	for _, sc := range []struct {
		name, path string
		form       url.Values
		field      string // the id of the input marked invalid
		message    string // shown next to it
		kept       []string
	}{
		{"account without name", "/o/acme/accounts", url.Values{"name": {"  "}, "city": {"Villeurbanne"}, "phone": {"04 78 00 00 00"}},
			"name", "Le nom du client est obligatoire.", []string{`value="Villeurbanne"`, `value="04 78 00 00 00"`}},
		{"account with a script for a website", "/o/acme/accounts", url.Values{"name": {"Volets Roy"}, "website": {"javascript:alert(1)"}},
			"website", "Le site web doit être une adresse http ou https", []string{`value="Volets Roy"`}},
		{"account with a NUL in its note", "/o/acme/accounts", url.Values{"name": {"Volets Roy"}, "note": {"a\x00b"}},
			"note", "Le texte contient un caractère de contrôle (U&#43;0000).", []string{`value="Volets Roy"`}},
		{"contact without name", accPath + "/contacts", url.Values{"name": {""}, "email": {"jean@dupont.fr"}},
			"name", "Le nom du contact est obligatoire.", []string{`value="jean@dupont.fr"`}},
		{"contact with a bad e-mail", accPath + "/contacts", url.Values{"name": {"Jean"}, "email": {"jean-at-dupont"}},
			"email", "Cette adresse e-mail n&#39;est pas valide.", []string{`value="Jean"`, `value="jean-at-dupont"`}},
		{"negative amount", "/o/acme/orders", url.Values{"account_name": {"Boulangerie Dupont"}, "kind": {"direct"}, "amount": {"-12,50"}, "ordered_on": {"2025-06-10"}, "reference": {"BC-7"}},
			"amount", "Le montant ne peut pas être négatif.", []string{`value="-12,50"`, `value="BC-7"`, `value="2025-06-10"`}},
		{"unreadable amount", "/o/acme/orders", url.Values{"account": {idOf(acc.ID)}, "kind": {"direct"}, "amount": {"douze"}, "ordered_on": {"2025-06-10"}},
			"amount", "Ce montant n&#39;est pas lisible", []string{`value="douze"`}},
		{"future order date", "/o/acme/orders", url.Values{"account": {idOf(acc.ID)}, "kind": {"direct"}, "amount": {"1 250,50"}, "ordered_on": {"2025-07-01"}},
			"ordered_on", "La date de commande 2025-07-01 est dans le futur.", []string{`value="1 250,50"`, `value="2025-07-01"`}},
		{"linked order without opportunity", "/o/acme/orders", url.Values{"account_name": {"boulangerie dupont"}, "kind": {"linked"}, "amount": {"980"}, "ordered_on": {"2025-06-12"}},
			"opportunity", "Une commande liée doit indiquer son opportunité.", []string{`value="980"`, `>Four à pain (en cours)</option>`}},
		{"order of an unknown account", "/o/acme/orders", url.Values{"account_name": {"Inconnu SARL"}, "kind": {"direct"}, "amount": {"10"}, "ordered_on": {"2025-06-12"}},
			"account", "Aucun client ne s&#39;appelle « Inconnu SARL »", []string{`value="Inconnu SARL"`}},
		{"activity without subject", "/o/acme/activities", url.Values{"kind": {"call"}, "subject": {""}, "due_on": {"2025-06-20"}, "note": {"Parler du four"}},
			"subject", "Dites de quoi il s&#39;agit.", []string{`value="2025-06-20"`, `>Parler du four</textarea>`}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			res := e.do("sales@acme.test", "POST", sc.path, sc.form)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422 (location %q)", res.status, res.location)
			}
			if !strings.Contains(res.body, `id="`+sc.field+`"`) || !strings.Contains(res.body, `aria-describedby="`) {
				t.Fatalf("no field %s in the form", sc.field)
			}
			i := strings.Index(res.body, `id="`+sc.field+`"`)
			field := res.body[i:min(len(res.body), i+2000)]
			if !strings.Contains(field, `aria-invalid="true"`) {
				t.Errorf("field %s is not marked invalid", sc.field)
			}
			if !strings.Contains(res.body, `<p class="field-error" id="`+sc.field+`-error">`+sc.message) {
				t.Errorf("message %q not next to %s in:\n%s", sc.message, sc.field, res.body)
			}
			for _, k := range sc.kept {
				if !strings.Contains(res.body, k) {
					t.Errorf("input %s not kept", k)
				}
			}
		})
	}
	// Nothing was stored by the refused forms.
	orders, _, err := e.db.FindOrders(e.ctx["owner@acme.test"], closer.SalesFilter{})
	must(t, err)
	if len(orders) != 0 {
		t.Fatalf("refused forms stored %d orders", len(orders))
	}
}

// TestRecordOrders: a direct order recorded through the form is counted
// under "direct", apart from linked orders; an amount in the reader's
// format is read right.
func TestRecordOrders(t *testing.T) {
	e := newRecEnv(t)
	acc := e.account("sales@acme.test", "Boulangerie Dupont")
	res := e.do("sales@acme.test", "POST", "/o/acme/orders", url.Values{"account": {idOf(acc.ID)}, "from": {"account"}, "kind": {"direct"},
		"amount": {"1 250,50"}, "ordered_on": {"2025-06-12"}, "reference": {"BC-1"}, "opportunity": {"999"}})
	if res.status != http.StatusSeeOther || res.location != "/o/acme/accounts/"+idOf(acc.ID)+"#orders" {
		t.Fatalf("create: %d %q\n%s", res.status, res.location, res.body)
	}
	if !strings.Contains(res.flash, "Directe") {
		t.Errorf("flash %q", res.flash)
	}
	orders, _, err := e.db.FindOrders(e.ctx["owner@acme.test"], closer.SalesFilter{})
	must(t, err)
	if len(orders) != 1 || orders[0].Amount != 125050 || orders[0].Kind != closer.OrderDirect || orders[0].OpportunityID != 0 {
		t.Fatalf("stored %+v", orders[0])
	}
	page := e.do("consultant@acme.test", "GET", "/o/acme/orders?kind=direct", nil)
	if page.status != 200 || !strings.Contains(page.body, "BC-1") || !strings.Contains(page.body, "1\u202f250,50\u00a0€") {
		t.Fatalf("orders list: %d\n%s", page.status, page.body)
	}
	if strings.Contains(page.body, "/orders/"+idOf(orders[0].ID)+"/edit") || strings.Contains(page.body, `id="new-order"`) {
		t.Errorf("the consultant is offered edit controls")
	}
	if linked := e.do("owner@acme.test", "GET", "/o/acme/orders?kind=linked", nil); strings.Contains(linked.body, "BC-1") {
		t.Errorf("a direct order is listed under linked")
	}
	// Only the org's owner deletes it, and only they are offered to.
	deleteOrder := "/o/acme/orders/" + idOf(orders[0].ID) + "/delete"
	for _, who := range []string{"sales@acme.test", "manager@acme.test"} {
		if r := e.do(who, "GET", "/o/acme/orders", nil); strings.Contains(r.body, deleteOrder) {
			t.Errorf("%s is offered to delete an order", who)
		}
		if r := e.do(who, "POST", deleteOrder, url.Values{}); r.status != http.StatusForbidden {
			t.Errorf("%s deletes: %d", who, r.status)
		}
	}
	if r := e.do("owner@acme.test", "GET", "/o/acme/orders", nil); !strings.Contains(r.body, deleteOrder) {
		t.Errorf("the owner is not offered to delete an order")
	}
	if r := e.do("owner@acme.test", "POST", deleteOrder, url.Values{}); r.status != http.StatusSeeOther {
		t.Errorf("owner delete: %d", r.status)
	}
}

// TestRecordAccess: roles decide what the pages offer and what the server
// accepts; another org's records are not found.
func TestRecordAccess(t *testing.T) {
	e := newRecEnv(t)
	acc := e.account("sales@acme.test", "Boulangerie Dupont")
	path := "/o/acme/accounts/" + idOf(acc.ID)
	opp := &closer.Opportunity{Title: "Four à pain", AccountID: acc.ID}
	must(t, e.db.CreateOpportunity(e.ctx["sales@acme.test"], opp))
	for _, sc := range []struct {
		name, as, method, path string
		form                   url.Values
		status                 int
		contains, lacks        []string
	}{
		{"owner sees every control", "owner@acme.test", "GET", path, nil, 200,
			[]string{`id="edit-account"`, `id="delete-account"`, `id="new-contact"`, "/o/acme/opportunities/new?account=" + idOf(acc.ID), "/o/acme/opportunities/" + idOf(opp.ID)}, nil},
		{"its salesperson edits but does not delete", "sales@acme.test", "GET", path, nil, 200,
			[]string{`id="edit-account"`}, []string{`id="delete-account"`}},
		{"a colleague has no edit button", "sales2@acme.test", "GET", path, nil, 200,
			nil, []string{`id="edit-account"`, `id="delete-account"`}},
		{"a consultant has no control", "consultant@acme.test", "GET", path, nil, 200,
			[]string{"Boulangerie Dupont"}, []string{`id="edit-account"`, `id="delete-account"`, `id="new-contact"`, `id="new-order"`, "opportunities/new"}},
		{"a colleague's forged edit is refused", "sales2@acme.test", "POST", path, url.Values{"name": {"Pris"}}, 403,
			[]string{"Action non autorisée"}, nil},
		{"a colleague's edit form is refused", "sales2@acme.test", "GET", path + "/edit", nil, 403, nil, nil},
		{"a consultant cannot create", "consultant@acme.test", "POST", "/o/acme/accounts", url.Values{"name": {"X"}}, 403, nil, nil},
		{"a consultant's new form is refused", "consultant@acme.test", "GET", "/o/acme/accounts/new", nil, 403, nil, nil},
		{"an account in use is not deleted", "owner@acme.test", "POST", path + "/delete", url.Values{}, 409,
			[]string{`id="delete-refused"`, "1 opportunité(s) et 0 commande(s)"}, nil},
		{"a salesperson cannot delete", "sales@acme.test", "POST", path + "/delete", url.Values{}, 403, nil, nil},
		{"another org's owner gets 404", "owner@other.test", "GET", "/o/acme/accounts/" + idOf(acc.ID), nil, 404, nil, nil},
		{"an account of another org is not found", "owner@other.test", "GET", "/o/other/accounts/" + idOf(acc.ID), nil, 404, nil, nil},
		{"a malformed id is not found", "owner@acme.test", "GET", "/o/acme/accounts/abc", nil, 404, nil, nil},
		{"accounts list", "sales2@acme.test", "GET", "/o/acme/accounts?q=boul", nil, 200, []string{"Boulangerie Dupont"}, nil},
		{"accounts search without match", "sales2@acme.test", "GET", "/o/acme/accounts?q=zzz", nil, 200, []string{"Aucun client ne correspond"}, []string{"Boulangerie Dupont"}},
		{"quotes page", "consultant@acme.test", "GET", "/o/acme/quotes", nil, 200, []string{"Aucun devis"}, nil},
		{"activities page", "consultant@acme.test", "GET", "/o/acme/activities", nil, 200, []string{"Rien à faire"}, []string{`id="new-activity"`}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			res := e.do(sc.as, sc.method, sc.path, sc.form)
			if res.status != sc.status {
				t.Fatalf("status %d, want %d (location %q)", res.status, sc.status, res.location)
			}
			wantTexts(t, res.body, sc.contains, sc.lacks)
		})
	}
	if got, _ := e.db.FindAccount(e.ctx["owner@acme.test"], acc.ID); got.Name != "Boulangerie Dupont" {
		t.Fatalf("a refused edit changed the account: %q", got.Name)
	}
}

// TestRecordActivities: mark done in one click; the list flags overdue ones.
func TestRecordActivities(t *testing.T) {
	e := newRecEnv(t)
	late := &closer.Activity{Kind: closer.ActivityCall, Subject: "Rappeler Dupont", DueOn: closer.MustDate("2025-06-10")}
	must(t, e.db.CreateActivity(e.ctx["sales@acme.test"], late))
	other := &closer.Activity{Kind: closer.ActivityTask, Subject: "Devis Martin", DueOn: closer.MustDate("2025-06-20")}
	must(t, e.db.CreateActivity(e.ctx["sales2@acme.test"], other))
	page := e.do("sales@acme.test", "GET", "/o/acme/activities", nil)
	if !strings.Contains(page.body, "Rappeler Dupont") || strings.Contains(page.body, "Devis Martin") {
		t.Fatalf("my activities: %s", page.body)
	}
	if !strings.Contains(page.body, `class="late"`) {
		t.Errorf("overdue activity not flagged")
	}
	team := e.do("manager@acme.test", "GET", "/o/acme/activities?owner=all", nil)
	if !strings.Contains(team.body, "Rappeler Dupont") || !strings.Contains(team.body, "Devis Martin") {
		t.Errorf("team view misses activities")
	}
	// Its salesperson and a manager change it but do not delete it: the
	// org's owner does.
	deleteLate := "/o/acme/activities/" + idOf(late.ID) + "/delete"
	if strings.Contains(page.body, deleteLate) || strings.Contains(team.body, deleteLate) {
		t.Errorf("a salesperson or a manager is offered to delete an activity")
	}
	if owner := e.do("owner@acme.test", "GET", "/o/acme/activities?owner=all", nil); !strings.Contains(owner.body, deleteLate) {
		t.Errorf("the owner is not offered to delete an activity")
	}
	if r := e.do("sales@acme.test", "POST", deleteLate, url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("its salesperson deleted it: %d", r.status)
	}
	if r := e.do("sales2@acme.test", "POST", "/o/acme/activities/"+idOf(late.ID)+"/done", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("a colleague marked it done: %d", r.status)
	}
	r := e.do("sales@acme.test", "POST", "/o/acme/activities/"+idOf(late.ID)+"/done", url.Values{"back": {"/o/acme/activities"}})
	if r.status != http.StatusSeeOther || r.location != "/o/acme/activities" {
		t.Fatalf("done: %d %q", r.status, r.location)
	}
	got, err := e.db.FindActivity(e.ctx["sales@acme.test"], late.ID)
	must(t, err)
	if got.DoneOn != closer.MustDate("2025-06-16") {
		t.Fatalf("done on %v", got.DoneOn)
	}
	done := e.do("sales@acme.test", "GET", "/o/acme/activities?tab=done", nil)
	if !strings.Contains(done.body, "Rappeler Dupont") {
		t.Errorf("done tab misses it")
	}
	// A redirect target elsewhere is refused.
	r = e.do("sales@acme.test", "POST", "/o/acme/activities/"+idOf(late.ID)+"/done", url.Values{"back": {"//evil.example"}})
	if r.location != "/" {
		t.Errorf("open redirect: %q", r.location)
	}
}

// TestRecordQuoteStatus: a quote's status changes in place, by whoever may
// change its opportunity.
func TestRecordQuoteStatus(t *testing.T) {
	e := newRecEnv(t)
	opp := &closer.Opportunity{Title: "Four à pain"}
	must(t, e.db.CreateOpportunity(e.ctx["sales@acme.test"], opp))
	q := &closer.Quote{OpportunityID: opp.ID, Number: "D-2025-001", Amount: 990000}
	must(t, e.db.CreateQuote(e.ctx["sales@acme.test"], q))
	if r := e.do("sales2@acme.test", "POST", "/o/acme/quotes/"+idOf(q.ID)+"/status", url.Values{"status": {"accepted"}}); r.status != 403 {
		t.Errorf("colleague: %d", r.status)
	}
	if r := e.do("sales@acme.test", "POST", "/o/acme/quotes/"+idOf(q.ID)+"/status", url.Values{"status": {"nonsense"}}); r.status != 400 {
		t.Errorf("bad status: %d", r.status)
	}
	r := e.do("sales@acme.test", "POST", "/o/acme/quotes/"+idOf(q.ID)+"/status", url.Values{"status": {"sent"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("status change: %d", r.status)
	}
	got, err := e.db.FindQuote(e.ctx["sales@acme.test"], q.ID)
	must(t, err)
	if got.Status != closer.QuoteSent || got.SentOn != closer.MustDate("2025-06-16") {
		t.Fatalf("quote %+v", got)
	}
	page := e.do("sales@acme.test", "GET", "/o/acme/quotes?status=sent", nil)
	if !strings.Contains(page.body, "D-2025-001") || !strings.Contains(page.body, "Four à pain") {
		t.Fatalf("quotes list: %s", page.body)
	}
	if page := e.do("consultant@acme.test", "GET", "/o/acme/quotes", nil); strings.Contains(page.body, `name="status"`) {
		t.Errorf("the consultant can change a status")
	}
}
