package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"closer"
)

// oppNow is "now" in the opportunity pages' tests: 16 June 2025 in Paris.
var oppNow = time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)

// oppEnv is the opportunity pages' set-up (pageEnv) with the org's lists.
type oppEnv struct {
	*pageEnv
	lists *closer.Lists
	acc   *closer.Account // "Dupont SA"
}

func newOppEnv(t *testing.T) *oppEnv {
	t.Helper()
	e := &oppEnv{pageEnv: newPageEnv(t, oppNow)}
	must(t, e.db.CreateListItem(e.owner, &closer.ListItem{Kind: closer.ListCompetitors, Name: "Martin & Fils"}))
	var err error
	e.lists, err = e.db.Lists(e.owner)
	must(t, err)
	e.acc = &closer.Account{Name: "Dupont SA"}
	must(t, e.db.CreateAccount(e.owner, e.acc))
	return e
}

// opp creates an opportunity as the member of email.
func (e *oppEnv) opp(email string, o closer.Opportunity) *closer.Opportunity {
	e.t.Helper()
	must(e.t, e.db.CreateOpportunity(e.ctx[email], &o))
	return &o
}

// find reads an opportunity as the org's owner.
func (e *oppEnv) find(id int64) *closer.Opportunity {
	e.t.Helper()
	o, err := e.db.FindOpportunity(e.ctx["owner@acme.test"], id)
	must(e.t, err)
	return o
}

// item returns the id of the entry of a list named name.
func (e *oppEnv) item(k closer.ListKind, name string) string {
	e.t.Helper()
	it, err := e.lists.Resolve(k, name, true)
	if err != nil || it.ID == 0 {
		e.t.Fatalf("no %s %q", k, name)
	}
	return strconv.FormatInt(it.ID, 10)
}

func oppPath(id int64, action string) string {
	p := "/o/acme/opportunities/" + strconv.FormatInt(id, 10)
	if action != "" {
		p += "/" + action
	}
	return p
}

func TestOpportunityPagesRender(t *testing.T) {
	e := newOppEnv(t)
	o := e.opp("sales@acme.test", closer.Opportunity{Title: "Cuisine Durand", AccountID: e.acc.ID, Amount: 1234550})
	for _, p := range []string{"/o/acme/opportunities", "/o/acme/opportunities/new", oppPath(o.ID, ""), oppPath(o.ID, "edit")} {
		r := e.do("owner@acme.test", "GET", p, nil)
		if r.status != 200 {
			t.Fatalf("GET %s: %d\n%s", p, r.status, r.body)
		}
	}
}

// wantRedirect fails unless the response redirects to a path starting with prefix.
func wantRedirect(t *testing.T, what string, r pageResponse, prefix string) {
	t.Helper()
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, prefix) {
		t.Fatalf("%s: status %d to %q, want 303 to %s…\n%s", what, r.status, r.location, prefix, r.body)
	}
}

func TestOpportunityListFiltersSortPaging(t *testing.T) {
	e := newOppEnv(t)
	owner := e.ctx["owner@acme.test"]
	for i := 1; i <= 120; i++ {
		who := "sales@acme.test"
		if i%2 == 0 {
			who = "sales2@acme.test"
		}
		o := closer.Opportunity{Title: "Chantier " + strconv.Itoa(i), Amount: closer.Money(i * 1000_00), DetectedOn: closer.MustDate("2025-05-01")}
		if i%10 == 0 {
			o.AccountID = e.acc.ID
		}
		created := e.opp(who, o)
		switch i % 3 {
		case 1:
			_, err := e.db.CloseOpportunity(owner, created.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2025-06-10"), Amount: &o.Amount})
			must(t, err)
		case 2:
			_, err := e.db.CloseOpportunity(owner, created.ID, 0, closer.CloseInput{Outcome: closer.StatusLost, ClosedOn: closer.MustDate("2025-06-01"),
				LossReason: e.item(closer.ListLossReasons, "Délai"), Competitor: "unknown"})
			must(t, err)
		}
	}
	list := "/o/acme/opportunities"
	r := e.do("sales@acme.test", "GET", list, nil)
	wantPage(t, "first page", r, 200, "1–50 sur 120", "Chantier 120", "offset=50", "sans client")
	if strings.Contains(r.body, ">Chantier 70<") {
		t.Fatal("the first page shows a row of the second one")
	}
	r = e.do("sales@acme.test", "GET", list+"?offset=100", nil)
	wantPage(t, "last page", r, 200, "101–120 sur 120", ">Chantier 1<", "offset=50")
	if strings.Contains(r.body, "offset=150") {
		t.Fatal("the last page links to a next one")
	}

	// Several statuses at once, an owner, a text search, an account.
	r = e.do("sales@acme.test", "GET", list+"?status=won&status=lost&owner="+strconv.FormatInt(e.ids["sales2@acme.test"], 10), nil)
	wantPage(t, "won or lost of sales2", r, 200, "1–40 sur 40", `value="won" checked`, `value="lost" checked`)
	if strings.Contains(r.body, `status-open">en cours</span></td>`) {
		t.Fatal("an open opportunity is listed under won or lost")
	}
	r = e.do("sales@acme.test", "GET", list+"?q=chantier+11", nil)
	wantPage(t, "search", r, 200, "1–11 sur 11", ">Chantier 110<", ">Chantier 11<")
	r = e.do("sales@acme.test", "GET", list+"?q=dupont", nil)
	wantPage(t, "search by account name", r, 200, "1–12 sur 12")
	r = e.do("sales@acme.test", "GET", list+"?q=a%00b", nil)
	wantPage(t, "a NUL in the search", r, 400, "caractère de contrôle")
	r = e.do("sales@acme.test", "GET", list+"?account="+strconv.FormatInt(e.acc.ID, 10), nil)
	wantPage(t, "one account", r, 200, "1–12 sur 12", "Dupont SA")
	r = e.do("sales@acme.test", "GET", list+"?closed_from=2025-06-05&closed_to=2025-06-30", nil)
	wantPage(t, "closed between", r, 200, "1–40 sur 40")
	r = e.do("sales@acme.test", "GET", list+"?closed_from=not-a-date", nil)
	wantPage(t, "a bad date is said, not fatal", r, 200, "Date illisible", "1–50 sur 120")

	// Sort by amount, largest first, then reversed by the same header.
	r = e.do("sales@acme.test", "GET", list+"?sort=amount&dir=desc", nil)
	wantPage(t, "by amount", r, 200, `aria-sort="descending"`)
	if i, j := strings.Index(r.body, ">Chantier 120<"), strings.Index(r.body, ">Chantier 119<"); i < 0 || j < 0 || i > j {
		t.Fatal("sorted by amount desc: 120 should come before 119")
	}
	if !strings.Contains(r.body, "dir=asc&amp;sort=amount") {
		t.Fatal("the sorted header does not offer the reverse order")
	}
	r = e.do("sales@acme.test", "GET", list+"?sort=amount&dir=asc", nil)
	if i, j := strings.Index(r.body, ">Chantier 1<"), strings.Index(r.body, ">Chantier 2<"); i < 0 || j < 0 || i > j {
		t.Fatal("sorted by amount asc: 1 should come before 2")
	}
	r = e.do("sales@acme.test", "GET", list+"?sort=title&dir=asc", nil)
	wantPage(t, "by title", r, 200, `aria-sort="ascending"`)
	r = e.do("sales@acme.test", "GET", list+"?sort=drop+table", nil)
	wantPage(t, "an unknown sort falls back to recent", r, 200, "1–50 sur 120")

	// Nothing matches: say so and offer to widen.
	r = e.do("sales@acme.test", "GET", list+"?q=zzzz", nil)
	wantPage(t, "empty filtered", r, 200, "Aucune opportunité ne correspond")
	r = e.do("owner@other.test", "GET", "/o/other/opportunities", nil)
	wantPage(t, "empty org", r, 200, "Aucune opportunité pour l&#39;instant", "Nouvelle opportunité")
	// Another org's list is a 404, like an unknown org.
	wantPage(t, "foreign org", e.do("owner@other.test", "GET", list, nil), 404)
}

func TestOpportunitySavedFilters(t *testing.T) {
	e := newOppEnv(t)
	r := e.do("sales@acme.test", "POST", "/o/acme/opportunity-filters", url.Values{"name": {"Gagnées"}, "query": {"status=won&offset=50"}})
	wantRedirect(t, "save", r, "/o/acme/opportunities?status=won")
	r = e.do("sales@acme.test", "GET", "/o/acme/opportunities", nil)
	wantPage(t, "listed", r, 200, `href="/o/acme/opportunities?status=won">Gagnées</a>`)
	// The same name again is refused next to the name, the input kept.
	r = e.do("sales@acme.test", "POST", "/o/acme/opportunity-filters", url.Values{"name": {"gagnées"}, "query": {"status=lost"}})
	wantPage(t, "same name", r, 422, "Vous avez déjà un filtre de ce nom", `value="gagnées"`, `aria-invalid="true"`)
	// Nobody else sees or deletes it.
	if r := e.do("sales2@acme.test", "GET", "/o/acme/opportunities", nil); strings.Contains(r.body, "Gagnées</a>") {
		t.Fatal("a colleague sees someone's saved filter")
	}
	saved, err := e.db.SavedFilters(e.ctx["sales@acme.test"], "opportunities")
	must(t, err)
	path := "/o/acme/opportunity-filters/" + strconv.FormatInt(saved[0].ID, 10) + "/delete"
	wantPage(t, "colleague deletes", e.do("sales2@acme.test", "POST", path, url.Values{}), 404)
	wantRedirect(t, "delete", e.do("sales@acme.test", "POST", path, url.Values{}), "/o/acme/opportunities")
	if saved, _ := e.db.SavedFilters(e.ctx["sales@acme.test"], "opportunities"); len(saved) != 0 {
		t.Fatal("the filter is still there")
	}
}

func TestOpportunityCreateAndEdit(t *testing.T) {
	e := newOppEnv(t)
	// A missing title: 422, the message next to the title, the input kept.
	form := url.Values{"title": {""}, "amount": {"12 345,50"}, "account": {"Dupont SA"}, "next_action": {"Rappeler"}}
	r := e.do("sales@acme.test", "POST", "/o/acme/opportunities/new", form)
	wantPage(t, "no title", r, 422, `id="title-error">Le titre est obligatoire.`, `aria-invalid="true" aria-describedby="title-error"`, `value="12 345,50"`, `value="Rappeler"`)
	form.Set("title", "Véranda Morel")
	form.Set("amount", "douze")
	r = e.do("sales@acme.test", "POST", "/o/acme/opportunities/new", form)
	wantPage(t, "bad amount", r, 422, `id="amount-error">Montant illisible`, `value="douze"`)

	// A new account typed by name is created; the amount is read the French way.
	form.Set("amount", "12 345,50")
	form.Set("account", "Morel SARL")
	form.Set("contact", "Jeanne Morel")
	r = e.do("sales@acme.test", "POST", "/o/acme/opportunities/new", form)
	wantRedirect(t, "create", r, "/o/acme/opportunities/")
	if !strings.Contains(r.flash, "Client « Morel SARL » créé.") {
		t.Fatalf("flash: %q", r.flash)
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(r.location, "/o/acme/opportunities/"), 10, 64)
	o := e.find(id)
	if o.Amount != 1234550 || o.AccountName != "Morel SARL" || o.ContactName != "Jeanne Morel" || o.OwnerID != e.ids["sales@acme.test"] || o.StageID == 0 {
		t.Fatalf("created: %+v", o)
	}
	// An existing account is found by name, whatever the case.
	form.Set("account", "dupont sa")
	form.Del("contact")
	r = e.do("sales@acme.test", "POST", "/o/acme/opportunities/new", form)
	wantRedirect(t, "existing account", r, "/o/acme/opportunities/")
	id2, _ := strconv.ParseInt(strings.TrimPrefix(r.location, "/o/acme/opportunities/"), 10, 64)
	if got := e.find(id2); got.AccountID != e.acc.ID {
		t.Fatalf("account: %d, want %d", got.AccountID, e.acc.ID)
	}
	// A salesperson cannot give a new opportunity to someone else: the owner field is ignored.
	form.Set("owner", strconv.FormatInt(e.ids["sales2@acme.test"], 10))
	r = e.do("sales@acme.test", "POST", "/o/acme/opportunities/new", form)
	id3, _ := strconv.ParseInt(strings.TrimPrefix(r.location, "/o/acme/opportunities/"), 10, 64)
	if got := e.find(id3); got.OwnerID != e.ids["sales@acme.test"] {
		t.Fatal("a salesperson created an opportunity for someone else")
	}
	// A manager assigns it.
	r = e.do("manager@acme.test", "POST", "/o/acme/opportunities/new", form)
	id4, _ := strconv.ParseInt(strings.TrimPrefix(r.location, "/o/acme/opportunities/"), 10, 64)
	if got := e.find(id4); got.OwnerID != e.ids["sales2@acme.test"] {
		t.Fatal("a manager could not assign the opportunity")
	}

	// Edit: the form shows the values in the reader's format.
	r = e.do("sales@acme.test", "GET", oppPath(id, "edit"), nil)
	wantPage(t, "edit form", r, 200, `value="Véranda Morel"`, `value="12345,50"`, `value="Morel SARL"`, `name="version" value="1"`)
	edit := url.Values{"version": {"1"}, "title": {"Véranda Morel (2 pièces)"}, "amount": {"15000"}, "account": {"Morel SARL"},
		"contact": {"Jeanne Morel"}, "stage": {e.item(closer.ListStages, "Proposition")}, "detected_on": {"2025-06-16"}, "next_action_on": {"16/07/2025"}}
	r = e.do("sales@acme.test", "POST", oppPath(id, "edit"), edit)
	wantRedirect(t, "edit", r, oppPath(id, ""))
	o = e.find(id)
	if o.Title != "Véranda Morel (2 pièces)" || o.Amount != 1500000 || o.Version != 2 || o.NextActionOn.String() != "2025-07-16" || e.lists.Name(closer.ListStages, o.StageID) != "Proposition" {
		t.Fatalf("edited: %+v", o)
	}
	// A stale version: 409, the input kept, an offer to reload.
	edit.Set("title", "Ma version")
	r = e.do("sales@acme.test", "POST", oppPath(id, "edit"), edit)
	wantPage(t, "stale", r, 409, "Quelqu&#39;un a modifié cette opportunité", `value="Ma version"`, `href="`+oppPath(id, "")+`">Recharger`)
	// Refused values are said next to their field.
	edit.Set("version", "2")
	edit.Set("detected_on", "2030-01-01")
	r = e.do("sales@acme.test", "POST", oppPath(id, "edit"), edit)
	wantPage(t, "future detection", r, 422, `id="detected_on-error">La date de détection 2030-01-01 est dans le futur.`)

	// A colleague, a consultant: 403; another org: 404.
	wantPage(t, "colleague edits", e.do("sales2@acme.test", "GET", oppPath(id, "edit"), nil), 403)
	wantPage(t, "colleague posts", e.do("sales2@acme.test", "POST", oppPath(id, "edit"), edit), 403)
	wantPage(t, "consultant new", e.do("consultant@acme.test", "GET", "/o/acme/opportunities/new", nil), 403)
	wantPage(t, "consultant creates", e.do("consultant@acme.test", "POST", "/o/acme/opportunities/new", form), 403)
	wantPage(t, "outsider", e.do("owner@other.test", "GET", oppPath(id, ""), nil), 404)
	wantPage(t, "outsider in own org", e.do("owner@other.test", "GET", "/o/other/opportunities/"+strconv.FormatInt(id, 10), nil), 404, "Page introuvable")
}

func TestOpportunityActions(t *testing.T) {
	e := newOppEnv(t)
	o := e.opp("sales@acme.test", closer.Opportunity{Title: "Toiture Lefèvre", AccountID: e.acc.ID, Amount: 800000, DetectedOn: closer.MustDate("2025-05-02")})
	page := oppPath(o.ID, "")
	r := e.do("sales@acme.test", "GET", page, nil)
	wantPage(t, "page", r, 200, `data-dialog="dlg-hold"`, `data-dialog="dlg-lost"`, `id="dlg-lost"`, "Dupont SA", "Créée (en cours)")
	if strings.Contains(r.body, `id="opp-delete"`) {
		t.Fatal("a salesperson is offered the delete button")
	}

	// Hold: both the reason and the review date are required.
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "hold"), url.Values{"version": {"1"}, "review_on": {"2025-09-01"}})
	wantPage(t, "hold without reason", r, 422, `id="dlg-hold" aria-labelledby="dlg-hold-title" open data-open`, `id="hold-hold_reason-error">Dites pourquoi le client a reporté`, `value="2025-09-01"`)
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "hold"), url.Values{"version": {"1"}, "hold_reason": {"Appel d'offres"}})
	wantPage(t, "hold without date", r, 422, `id="hold-review_on-error">Une date de révision est obligatoire`, `value="Appel d&#39;offres"`)
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "hold"), url.Values{"version": {"1"}, "hold_reason": {"Appel d'offres"}, "review_on": {"2025-09-01"}})
	wantRedirect(t, "hold", r, page)
	if got := e.find(o.ID); got.Status != closer.StatusOnHold || got.HoldReason != "Appel d'offres" {
		t.Fatalf("held: %+v", got)
	}
	r = e.do("sales@acme.test", "GET", page, nil)
	wantPage(t, "on hold page", r, 200, "Appel d&#39;offres", `action="`+oppPath(o.ID, "resume")+`"`, "Statut : en cours → en attente")
	// A stale version is a conflict, said in the dialog with a reload link.
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "close"), url.Values{"version": {"1"}, "outcome": {"vanished"}, "closed_on": {"2025-06-16"}, "vanish_reason": {e.item(closer.ListVanishReasons, "Statu quo")}})
	wantPage(t, "stale close", r, 409, `id="dlg-vanished" aria-labelledby="dlg-vanished-title" open data-open`, "Quelqu&#39;un a modifié", ">Recharger</a>")

	// Lost needs who won; a price reason needs a note saying what was compared.
	price := e.item(closer.ListLossReasons, "Prix")
	lost := url.Values{"version": {"2"}, "outcome": {"lost"}, "closed_on": {"2025-06-16"}, "loss_reason": {price}}
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "close"), lost)
	wantPage(t, "lost without who won", r, 422, `id="dlg-lost" aria-labelledby="dlg-lost-title" open data-open`,
		`id="lost-competitor-error">Dites qui a gagné : un concurrent de la liste, ou « inconnu ».`, `value="`+price+`" data-price selected`)
	lost.Set("competitor", e.item(closer.ListCompetitors, "Martin & Fils"))
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "close"), lost)
	wantPage(t, "price without note", r, 422, `id="lost-note-error">« Le prix » est la réponse facile`)
	lost.Set("note", "15 % plus cher que Martin sur la charpente")
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "close"), lost)
	wantRedirect(t, "lost", r, page)
	got := e.find(o.ID)
	if got.Status != closer.StatusLost || got.CompetitorID == 0 || got.Note == "" {
		t.Fatalf("lost: %+v", got)
	}
	r = e.do("sales@acme.test", "GET", page, nil)
	wantPage(t, "lost page", r, 200, "Martin &amp; Fils", "Prix", `id="opp-reopen"`)
	if strings.Contains(r.body, `data-dialog="dlg-won"`) {
		t.Fatal("a closed opportunity offers to close it again")
	}

	// Reopen, then win: the page offers the next steps.
	wantRedirect(t, "reopen", e.do("sales@acme.test", "POST", oppPath(o.ID, "reopen"), url.Values{"version": {strconv.Itoa(got.Version)}}), page)
	got = e.find(o.ID)
	won := url.Values{"version": {strconv.Itoa(got.Version)}, "outcome": {"won"}, "closed_on": {"2025-06-16"}, "amount": {""}}
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "close"), won)
	wantPage(t, "won without amount", r, 422, `id="won-amount-error">Le montant gagné est obligatoire.`)
	won.Set("amount", "7 500,00")
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "close"), won)
	wantRedirect(t, "won", r, page+"?won=1")
	if got := e.find(o.ID); got.Status != closer.StatusWon || got.Amount != 750000 {
		t.Fatalf("won: %+v", got)
	}
	r = e.do("sales@acme.test", "GET", page+"?won=1", nil)
	wantPage(t, "after win", r, 200, `id="after-win"`, `id="win-order-amount" name="amount" inputmode="decimal" value="7500"`, `action="`+oppPath(o.ID, "activities")+`"`)
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "orders"), url.Values{"amount": {"7500"}, "ordered_on": {"2025-07-01"}})
	wantPage(t, "order in the future", r, 422, `id="after-win"`, `id="win-order-ordered_on-error"`)
	wantRedirect(t, "order", e.do("sales@acme.test", "POST", oppPath(o.ID, "orders"), url.Values{"amount": {"7500"}, "ordered_on": {"2025-06-16"}, "reference": {"BC-42"}}), page)
	orders, _, err := e.db.FindOrders(e.ctx["owner@acme.test"], closer.SalesFilter{OpportunityID: o.ID})
	must(t, err)
	if len(orders) != 1 || orders[0].Kind != closer.OrderLinked || orders[0].AccountID != e.acc.ID || orders[0].Amount != 750000 {
		t.Fatalf("orders: %+v", orders)
	}
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "activities"), url.Values{"kind": {"call"}, "subject": {""}, "due_on": {"2025-06-23"}})
	wantPage(t, "follow-up without subject", r, 422, `id="fu-subject-error"`)
	wantRedirect(t, "follow-up", e.do("sales@acme.test", "POST", oppPath(o.ID, "activities"), url.Values{"kind": {"call"}, "subject": {"Appeler après la pose"}, "due_on": {"2025-06-23"}}), page)
	wantRedirect(t, "quote", e.do("sales@acme.test", "POST", oppPath(o.ID, "quotes"), url.Values{"number": {"D-2025-001"}, "amount": {"7 500"}, "sent_on": {"2025-06-01"}, "status": {"accepted"}}), page)
	wantPage(t, "quote without number", e.do("sales@acme.test", "POST", oppPath(o.ID, "quotes"), url.Values{"number": {""}, "status": {"sent"}}), 422, `id="quote-number-error"`)
	r = e.do("sales@acme.test", "GET", page, nil)
	wantPage(t, "page with records", r, 200, "BC-42", "D-2025-001", "Appel · Appeler après la pose", "Statut : perdue → en cours", "Montant : 8\u202f000\u00a0€ → 7\u202f500\u00a0€")

	// Vanished needs a reason.
	v := e.opp("sales@acme.test", closer.Opportunity{Title: "Portail Giraud", DetectedOn: closer.MustDate("2025-06-01")})
	r = e.do("sales@acme.test", "POST", oppPath(v.ID, "close"), url.Values{"version": {"1"}, "outcome": {"vanished"}, "closed_on": {"2025-06-16"}})
	wantPage(t, "vanished without reason", r, 422, `id="vanished-vanish_reason-error">Dites pourquoi personne n&#39;a eu la commande`)
	wantRedirect(t, "vanished", e.do("sales@acme.test", "POST", oppPath(v.ID, "close"), url.Values{"version": {"1"}, "outcome": {"vanished"}, "closed_on": {"2025-06-16"}, "vanish_reason": {e.item(closer.ListVanishReasons, "Statu quo")}}), oppPath(v.ID, ""))
	// Next action quick edit.
	v2 := e.opp("sales@acme.test", closer.Opportunity{Title: "Bardage Roux"})
	wantPage(t, "next action bad date", e.do("sales@acme.test", "POST", oppPath(v2.ID, "next-action"), url.Values{"version": {"1"}, "next_action_on": {"demain"}}), 422, `id="next-next_action_on-error">Date illisible`)
	wantRedirect(t, "next action", e.do("sales@acme.test", "POST", oppPath(v2.ID, "next-action"), url.Values{"version": {"1"}, "next_action_on": {"2025-06-20"}, "next_action": {"Envoyer le devis"}}), oppPath(v2.ID, ""))
	if got := e.find(v2.ID); got.NextAction != "Envoyer le devis" || got.NextActionOn.String() != "2025-06-20" {
		t.Fatalf("next action: %+v", got)
	}

	// Refusals by role: every action of a consultant, of a colleague, of an outsider.
	actions := map[string]url.Values{
		"hold":        {"version": {"1"}, "hold_reason": {"x"}, "review_on": {"2025-09-01"}},
		"close":       {"version": {"1"}, "outcome": {"vanished"}, "closed_on": {"2025-06-16"}, "vanish_reason": {e.item(closer.ListVanishReasons, "Statu quo")}},
		"reopen":      {"version": {"1"}},
		"delete":      {},
		"next-action": {"version": {"1"}, "next_action": {"x"}},
		"quotes":      {"number": {"Q1"}},
		"orders":      {"amount": {"1"}, "ordered_on": {"2025-06-16"}},
		"activities":  {"kind": {"call"}, "subject": {"x"}, "due_on": {"2025-06-20"}},
		"edit":        {"version": {"1"}, "title": {"x"}},
	}
	for action, form := range actions {
		wantPage(t, "consultant "+action, e.do("consultant@acme.test", "POST", oppPath(v2.ID, action), form), 403)
		if action != "quotes" && action != "orders" { // a new record is its creator's: below
			wantPage(t, "colleague "+action, e.do("sales2@acme.test", "POST", oppPath(v2.ID, action), form), 403)
		}
		wantPage(t, "outsider "+action, e.do("owner@other.test", "POST", oppPath(v2.ID, action), form), 404)
	}
	// A colleague adds a quote to it (a record of their own), and the page
	// offers them the form; an order needs a won opportunity, whoever adds it.
	wantRedirect(t, "colleague quotes", e.do("sales2@acme.test", "POST", oppPath(v2.ID, "quotes"), url.Values{"number": {"Q-COL"}, "status": {"sent"}, "sent_on": {"2025-06-16"}}), oppPath(v2.ID, ""))
	wantPage(t, "colleague sees the quote form", e.do("sales2@acme.test", "GET", oppPath(v2.ID, ""), nil), 200, `id="quote-number"`)
	if r := e.do("sales2@acme.test", "POST", oppPath(v2.ID, "orders"), actions["orders"]); r.status == 403 {
		t.Fatalf("colleague's order refused as if they changed the opportunity: %d", r.status)
	}
	wantPage(t, "manager deletes", e.do("manager@acme.test", "POST", oppPath(v2.ID, "delete"), url.Values{}), 403)
	wantPage(t, "unknown id", e.do("owner@acme.test", "GET", "/o/acme/opportunities/999999", nil), 404)
	wantPage(t, "not an id", e.do("owner@acme.test", "GET", "/o/acme/opportunities/abc", nil), 404)
	if got := e.find(v2.ID); got.Version != 2 || got.Status != closer.StatusOpen {
		t.Fatalf("a refused action changed the opportunity: %+v", got)
	}
	// The consultant reads everything and sees no control.
	r = e.do("consultant@acme.test", "GET", oppPath(o.ID, ""), nil)
	wantPage(t, "consultant reads", r, 200, "Toiture Lefèvre", "BC-42")
	for _, control := range []string{"<dialog", `id="opp-actions"`, "<form method=\"post\" action=\"/o/acme/opp", "Ajouter un devis", "Changer la prochaine action", "Enregistrer la commande"} {
		if strings.Contains(r.body, control) {
			t.Fatalf("the consultant sees %q", control)
		}
	}
	if r := e.do("consultant@acme.test", "GET", "/o/acme/opportunities", nil); strings.Contains(r.body, "opportunities/new") {
		t.Fatal("the consultant is offered to create an opportunity")
	}
	// The owner deletes, after confirming in the browser.
	r = e.do("owner@acme.test", "GET", oppPath(v2.ID, ""), nil)
	wantPage(t, "owner page", r, 200, `data-confirm="Supprimer définitivement « Bardage Roux »`)
	wantRedirect(t, "delete", e.do("owner@acme.test", "POST", oppPath(v2.ID, "delete"), url.Values{}), "/o/acme/opportunities")
	wantPage(t, "deleted", e.do("owner@acme.test", "GET", oppPath(v2.ID, ""), nil), 404)
}

func TestOpportunityPagesInEnglish(t *testing.T) {
	e := newOppEnv(t)
	must(t, e.db.SetLang(context.Background(), e.ids["manager@acme.test"], "en"))
	o := e.opp("manager@acme.test", closer.Opportunity{Title: "Roof", Amount: 123456})
	wantPage(t, "list", e.do("manager@acme.test", "GET", "/o/acme/opportunities", nil), 200, "Opportunities", "1–1 of 1", "1,234.56", "no account")
	r := e.do("manager@acme.test", "POST", oppPath(o.ID, "close"), url.Values{"version": {"1"}, "outcome": {"lost"}, "closed_on": {"2025-06-16"}, "loss_reason": {e.item(closer.ListLossReasons, "Délai")}})
	wantPage(t, "refusal in English", r, 422, `Say who won: a competitor of the list, or &#34;unknown&#34;.`, "Close as lost")
	wantPage(t, "edit form", e.do("manager@acme.test", "GET", oppPath(o.ID, "edit"), nil), 200, `value="1234.56"`)
}

// TestOpportunityAmountInput checks how amounts typed by French and English
// readers are read, hostile input included.
func TestOpportunityAmountInput(t *testing.T) {
	e := newOppEnv(t)
	must(t, e.db.SetLang(context.Background(), e.ids["manager@acme.test"], "en"))
	for _, c := range []struct {
		who, in string
		want    closer.Money // -1: refused next to the field
	}{
		{"sales@acme.test", "1234,5", 123450},
		{"sales@acme.test", "1 234,50", 123450},
		{"sales@acme.test", "1\u202f234,50 €", 123450},
		{"sales@acme.test", "1.234,50", 123450},
		{"sales@acme.test", "1234.5", 123450}, // a lone point followed by 1 or 2 digits is a decimal mark
		{"sales@acme.test", "1.234", 123400},  // a French thousands group
		{"sales@acme.test", "", 0},
		{"sales@acme.test", "-5", -1},
		{"sales@acme.test", "12abc", -1},
		{"sales@acme.test", "NaN", -1},
		{"sales@acme.test", "1e400", -1},
		{"sales@acme.test", strings.Repeat("9", 100), -1},
		{"sales@acme.test", "<script>alert(1)</script>", -1},
		{"manager@acme.test", "1,234.50", 123450},
		{"manager@acme.test", "1234,5", 123450},
		{"manager@acme.test", "1,234", 123400},
	} {
		form := url.Values{"title": {"Montant " + c.in}, "amount": {c.in}}
		r := e.do(c.who, "POST", "/o/acme/opportunities/new", form)
		if c.want < 0 {
			if r.status != 422 || !strings.Contains(r.body, `id="amount-error"`) || strings.Contains(r.body, "<script>alert") {
				t.Fatalf("%s typed %q: status %d, want 422 with the message next to the amount", c.who, c.in, r.status)
			}
			continue
		}
		wantRedirect(t, c.in, r, "/o/acme/opportunities/")
		id, _ := strconv.ParseInt(strings.TrimPrefix(r.location, "/o/acme/opportunities/"), 10, 64)
		if got := e.find(id).Amount; got != c.want {
			t.Fatalf("%s typed %q: %d cents, want %d", c.who, c.in, got, c.want)
		}
	}
}

// TestOpportunityStaleTab checks the refusals of an action sent from a page
// that no longer shows the opportunity's status (another tab changed it).
func TestOpportunityStaleTab(t *testing.T) {
	e := newOppEnv(t)
	o := e.opp("sales@acme.test", closer.Opportunity{Title: "Escalier Blanc", DetectedOn: closer.MustDate("2025-06-01")})
	// Reopening an open one, holding a closed one: said at the top of the dialog.
	r := e.do("sales@acme.test", "POST", oppPath(o.ID, "reopen"), url.Values{"version": {"1"}})
	wantPage(t, "reopen an open one", r, 422, "Seule une opportunité clôturée peut être rouverte")
	_, err := e.db.CloseOpportunity(e.ctx["sales@acme.test"], o.ID, 1, closer.CloseInput{Outcome: closer.StatusVanished, ClosedOn: closer.MustDate("2025-06-16"), VanishReason: "Statu quo"})
	must(t, err)
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "hold"), url.Values{"version": {"2"}, "hold_reason": {"x"}, "review_on": {"2025-09-01"}})
	wantPage(t, "hold a closed one", r, 422, "Seule une opportunité en cours peut être mise en attente")
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "close"), url.Values{"version": {"2"}, "outcome": {"tie"}})
	wantPage(t, "unknown outcome", r, 400)
	// Deleting from a page older than the close: the change is shown, not deleted unseen.
	r = e.do("owner@acme.test", "POST", oppPath(o.ID, "delete"), url.Values{"version": {"1"}})
	wantPage(t, "delete from a stale page", r, 409, "version 1")
	if got := e.find(o.ID); got == nil || got.Status != closer.StatusVanished {
		t.Fatalf("a stale delete removed the opportunity: %+v", got)
	}
	r = e.do("owner@acme.test", "POST", oppPath(o.ID, "delete"), url.Values{"version": {"2"}})
	wantRedirect(t, "delete from the current page", r, "/o/acme/opportunities")
}

// TestOpportunityEditDates: the edit form says a detection date moved past
// the close date next to the detection date, the field the person changed
// (the form holds no close date, so a refusal named after it would show
// nothing), and likewise for one moved after a linked order's date.
func TestOpportunityEditDates(t *testing.T) {
	e := newOppEnv(t)
	o := e.opp("sales@acme.test", closer.Opportunity{Title: "Escalier Morel", AccountID: e.acc.ID, Amount: 500000, DetectedOn: closer.MustDate("2025-05-02")})
	o, err := e.db.CloseOpportunity(e.ctx["sales@acme.test"], o.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2025-06-10"), Amount: &o.Amount})
	must(t, err)
	edit := url.Values{"version": {strconv.Itoa(o.Version)}, "title": {o.Title}, "amount": {"5000"}, "account": {e.acc.Name}, "detected_on": {"2025-06-11"}}
	r := e.do("sales@acme.test", "POST", oppPath(o.ID, "edit"), edit)
	wantPage(t, "detection after the close", r, 422, `id="detected_on-error">La date de détection 2025-06-11 est postérieure à la date de clôture 2025-06-10.`)

	ord := &closer.Order{OpportunityID: o.ID, Reference: "BC-77", Amount: 500000, OrderedOn: closer.MustDate("2025-05-20")}
	must(t, e.db.CreateOrder(e.ctx["sales@acme.test"], ord))
	edit.Set("detected_on", "2025-05-21")
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "edit"), edit)
	wantPage(t, "detection after a linked order", r, 422, `id="detected_on-error">La date de détection 2025-05-21 est postérieure au 2025-05-20, date de sa commande liée BC-77.`)
	if got := e.find(o.ID); got.DetectedOn != o.DetectedOn || got.Version != o.Version {
		t.Fatalf("a refused edit changed the opportunity: %+v", got)
	}

	// A new account typed in: refused for the linked order's sake before the
	// form creates it, so nothing is left behind.
	edit.Set("detected_on", "2025-05-02")
	edit.Set("account", "Menuiserie Neuve")
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "edit"), edit)
	wantPage(t, "account unlike the linked order's", r, 422, `id="account-error">`)
	accs, _, err := e.db.FindAccounts(e.ctx["sales@acme.test"], closer.AccountFilter{Q: "Menuiserie Neuve"})
	must(t, err)
	if len(accs) != 0 {
		t.Fatalf("a refused edit created the account it named: %+v", accs[0])
	}
}

// TestOpportunityEditKeepsRetiredStageAndSource: an open opportunity whose
// stage and source were retired since shows them selected in its edit form,
// so that saving it (a new title) keeps them, as a browser sends what the
// form shows: it neither moves to the first stage nor loses its source.
func TestOpportunityEditKeepsRetiredStageAndSource(t *testing.T) {
	e := newOppEnv(t)
	stage, source := e.item(closer.ListStages, "Proposition"), e.item(closer.ListSources, "Salon")
	stageID, _ := strconv.ParseInt(stage, 10, 64)
	sourceID, _ := strconv.ParseInt(source, 10, 64)
	o := e.opp("sales@acme.test", closer.Opportunity{Title: "Portail Roux", StageID: stageID, SourceID: sourceID, DetectedOn: closer.MustDate("2025-05-02")})
	for _, id := range []int64{stageID, sourceID} {
		for _, it := range append(append([]closer.ListItem(nil), e.lists.Stages...), e.lists.Sources...) {
			if it.ID == id {
				it.Retired = true
				must(t, e.db.UpdateListItem(e.owner, &it))
			}
		}
	}
	r := e.do("sales@acme.test", "GET", oppPath(o.ID, "edit"), nil)
	wantPage(t, "edit form", r, 200, `<option value="`+stage+`" selected>Proposition</option>`, `<option value="`+source+`" selected>Salon</option>`)

	edit := url.Values{"version": {"1"}, "title": {"Portail Roux (motorisé)"}, "stage": {stage}, "source": {source}, "detected_on": {"2025-05-02"}}
	r = e.do("sales@acme.test", "POST", oppPath(o.ID, "edit"), edit)
	wantRedirect(t, "edit", r, oppPath(o.ID, ""))
	if got := e.find(o.ID); got.StageID != stageID || got.SourceID != sourceID || got.Title != "Portail Roux (motorisé)" {
		t.Fatalf("edited: %+v", got)
	}
}
