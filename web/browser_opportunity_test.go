package web_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"closer"

	"github.com/chromedp/chromedp"
)

// TestBrowserOpportunityLifecycle follows opportunities from the new form to
// their five endings, as a salesperson would, then checks what a consultant
// and an outsider see.
func TestBrowserOpportunityLifecycle(t *testing.T) {
	b := newBrowser(t)
	must(t, b.DB.CreateAccount(b.Owner, &closer.Account{Name: "Boulangerie Petit"}))
	must(t, b.DB.CreateListItem(b.Owner, &closer.ListItem{Kind: closer.ListCompetitors, Name: "Fournil Express"}))
	lists, err := b.DB.Lists(b.Owner)
	must(t, err)
	id := func(k closer.ListKind, name string) string {
		it, err := lists.Resolve(k, name, true)
		must(t, err)
		return strconv.FormatInt(it.ID, 10)
	}

	// The readers chose French (whatever the browser's language).
	readFrench(t, b, "sales@acme.test", "consultant@acme.test", "owner@other.test")

	b.signIn(t, "sales@acme.test")
	// The empty list says what to do; its button opens the form.
	b.run(t, chromedp.Navigate(b.URL+"/o/acme/opportunities"), chromedp.WaitVisible(chromedp.CSS(".empty")))
	if got := b.text(t, ".empty"); !strings.Contains(got, "Créez la première") {
		t.Fatalf("empty list: %q", got)
	}
	create := func(title, amount string) string {
		t.Helper()
		b.run(t,
			chromedp.Navigate(b.URL+"/o/acme/opportunities"),
			chromedp.Click(chromedp.CSS(`a[href="/o/acme/opportunities/new"]`)),
			chromedp.WaitVisible(chromedp.CSS("#title")),
			chromedp.SendKeys(chromedp.CSS("#title"), title),
			chromedp.SendKeys(chromedp.CSS("#account"), "Boulangerie Petit"),
			chromedp.SendKeys(chromedp.CSS("#amount"), amount),
			chromedp.SendKeys(chromedp.CSS("#next_action"), "Rappeler le gérant"),
			chromedp.Click(chromedp.CSS(`form button[type=submit].primary`)),
			chromedp.WaitVisible(chromedp.CSS("#facts-title")),
		)
		return get(t, b, chromedp.Location())
	}
	page := create("Four à sole", "12 500")
	if got := b.text(t, "h1"); !strings.Contains(got, "Four à sole") || !strings.Contains(got, "en cours") {
		t.Fatalf("created: %q", got)
	}
	if got := b.text(t, "#opp-amount"); got != "12\u202f500,00\u00a0€" {
		t.Fatalf("amount: %q", got)
	}
	if got := b.text(t, ".flash"); !strings.Contains(got, "Four à sole") {
		t.Fatalf("flash: %q", got)
	}

	// Hold (the review date is pre-filled a month ahead), then resume.
	b.run(t,
		chromedp.Click(chromedp.CSS(`button[data-dialog="dlg-hold"]`)),
		chromedp.WaitVisible(chromedp.CSS("#dlg-hold[open]")),
		chromedp.SendKeys(chromedp.CSS("#hold-hold_reason"), "Attend le permis de construire"),
		chromedp.Click(chromedp.CSS(`#dlg-hold button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#hold-title")),
	)
	if got := b.text(t, "#opp-status"); got != "en attente" {
		t.Fatalf("after hold: %q", got)
	}
	if got := b.text(t, "#opp-hold-reason"); got != "Attend le permis de construire" {
		t.Fatalf("hold reason: %q", got)
	}
	b.run(t, chromedp.Click(chromedp.CSS("#opp-resume")), chromedp.WaitVisible(chromedp.CSS(`button[data-dialog="dlg-hold"]`)))
	if got := b.text(t, "#opp-status"); got != "en cours" {
		t.Fatalf("after resume: %q", got)
	}

	// Lost without saying who won: the dialog comes back open, the message
	// next to the field, the chosen reason kept.
	b.run(t,
		chromedp.Click(chromedp.CSS(`button[data-dialog="dlg-lost"]`)),
		chromedp.WaitVisible(chromedp.CSS("#dlg-lost[open]")),
		chromedp.SetValue(chromedp.CSS("#lost-loss_reason"), id(closer.ListLossReasons, "Délai")),
		chromedp.Click(chromedp.CSS(`#dlg-lost button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#lost-competitor-error")),
	)
	if got := b.text(t, "#lost-competitor-error"); !strings.Contains(got, "Dites qui a gagné") {
		t.Fatalf("who won error: %q", got)
	}
	if got := get(t, b, chromedp.Value(chromedp.CSS("#lost-loss_reason"))); got != id(closer.ListLossReasons, "Délai") {
		t.Fatalf("the reason was not kept: %q", got)
	}
	if got := get(t, b, chromedp.AttributeValue(chromedp.CSS("#lost-competitor"), "aria-invalid")); got.Value != "true" {
		t.Fatalf("the field is not marked invalid: %+v", got)
	}
	// The price note shows only for a reason about price.
	if vis := get(t, b, chromedp.Evaluate[bool](`document.querySelector('[data-show-when]').hidden`)); !vis {
		t.Fatal("the price note shows for a reason that is not about price")
	}
	b.run(t,
		chromedp.SetValue(chromedp.CSS("#lost-competitor"), id(closer.ListCompetitors, "Fournil Express")),
		chromedp.Click(chromedp.CSS(`#dlg-lost button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#opp-closure")),
	)
	if got := b.text(t, "#opp-status"); got != "perdue" {
		t.Fatalf("after lost: %q", got)
	}
	if got := b.text(t, "#opp-closure"); !strings.Contains(got, "Fournil Express") || !strings.Contains(got, "Délai") {
		t.Fatalf("closure details: %q", got)
	}
	if got := b.text(t, "#opp-timeline"); !strings.Contains(got, "Statut : en cours → perdue") || !strings.Contains(got, "Sophie Bernard") {
		t.Fatalf("timeline: %q", got)
	}

	// Won: the won amount defaults to the expected one; then the order.
	create("Pétrin spirale", "4 200,50")
	b.run(t,
		chromedp.Click(chromedp.CSS(`button[data-dialog="dlg-won"]`)),
		chromedp.WaitVisible(chromedp.CSS("#dlg-won[open]")),
		chromedp.Click(chromedp.CSS(`#dlg-won button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#after-win")),
	)
	if got := b.text(t, "#opp-status"); got != "gagnée" {
		t.Fatalf("after won: %q", got)
	}
	if got := get(t, b, chromedp.Value(chromedp.CSS("#win-order-amount"))); got != "4200,50" {
		t.Fatalf("order amount pre-filled: %q", got)
	}
	b.run(t,
		chromedp.SendKeys(chromedp.CSS("#win-order-reference"), "BC-2025-17"),
		chromedp.Click(chromedp.CSS(`#after-win form[action$="/orders"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#opp-orders")),
	)
	if got := b.text(t, "#opp-orders"); !strings.Contains(got, "BC-2025-17") || !strings.Contains(got, "4\u202f200,50") {
		t.Fatalf("orders: %q", got)
	}

	// Vanished.
	create("Vitrine réfrigérée", "3 000")
	b.run(t,
		chromedp.Click(chromedp.CSS(`button[data-dialog="dlg-vanished"]`)),
		chromedp.WaitVisible(chromedp.CSS("#dlg-vanished[open]")),
		chromedp.SetValue(chromedp.CSS("#vanished-vanish_reason"), id(closer.ListVanishReasons, "Pas de budget")),
		chromedp.Click(chromedp.CSS(`#dlg-vanished button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#opp-closure")),
	)
	if got := b.text(t, "#opp-status"); got != "abandonnée" {
		t.Fatalf("after vanished: %q", got)
	}

	// The list shows the three, with their statuses; filter on the lost one.
	b.run(t, chromedp.Navigate(b.URL+"/o/acme/opportunities"), chromedp.WaitVisible(chromedp.CSS("#opps-count")))
	if got := b.text(t, "#opps-count"); got != "1–3 sur 3" {
		t.Fatalf("count: %q", got)
	}
	screenshot(t, b, "opportunities.png")
	b.run(t,
		chromedp.Click(chromedp.CSS(`input[name=status][value=lost]`)),
		chromedp.Click(chromedp.CSS(`form[method=get] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#filter-name")),
	)
	if got := b.text(t, "#opps-count"); got != "1–1 sur 1" {
		t.Fatalf("lost only: %q", got)
	}

	// English and back with the header's button.
	switchLang := func(lang string) {
		t.Helper()
		b.run(t,
			chromedp.Click(chromedp.CSS(".who details.menu:last-of-type summary")),
			chromedp.Click(chromedp.CSS(`button[name=lang][value=`+lang+`]`)),
			chromedp.WaitVisible(chromedp.CSS(`html[lang=`+lang+`] #opps-count`)),
		)
	}
	switchLang("en")
	if got := b.text(t, "label[for=f-q]"); got != "Search" {
		t.Fatalf("English label: %q", got)
	}
	if got := b.text(t, "#opps-count"); got != "1–1 of 1" {
		t.Fatalf("English count: %q", got)
	}
	switchLang("fr")
	if got := b.text(t, "label[for=f-q]"); got != "Recherche" {
		t.Fatalf("French label: %q", got)
	}

	// An opportunity page for the screenshot: on hold, with a quote.
	b.run(t, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#timeline-title")))
	screenshot(t, b, "opportunity.png")

	// A consultant reads the page and sees no control.
	b.signIn(t, "consultant@acme.test")
	b.run(t, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#facts-title")))
	if controls := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll('#opp-actions, dialog, main form[method=post], [data-dialog]').length`)); controls != 0 {
		t.Fatalf("the consultant sees %d controls", controls)
	}
	// Another org's member gets the 404 page.
	b.signIn(t, "owner@other.test")
	b.run(t, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(".error-page")))
	if got := b.text(t, ".error-page h1"); got != "Page introuvable" {
		t.Fatalf("outsider: %q", got)
	}
}

// screenshot saves the page to docs/screenshots when CLOSER_SCREENSHOTS=1.
func screenshot(t *testing.T, b *browserEnv, name string) {
	t.Helper()
	if os.Getenv("CLOSER_SCREENSHOTS") != "1" {
		return
	}
	png := get(t, b, chromedp.FullScreenshot(100))
	dir := filepath.Join("..", "docs", "screenshots")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, name), png, 0o644))
}
