package web_test

import (
	"strings"
	"testing"

	"closer"

	"github.com/chromedp/chromedp"
)

// recCount returns how many elements match a CSS selector on the current page.
func (b *browserEnv) recCount(t *testing.T, sel string) int {
	t.Helper()
	return get(t, b, chromedp.Evaluate[int]("document.querySelectorAll("+recJS(sel)+").length"))
}

// recJS quotes s for a JavaScript expression.
func recJS(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// recFrench makes the fixture users of the records tests read French.
func recFrench(t *testing.T, b *browserEnv) {
	t.Helper()
	readFrench(t, b, "owner@acme.test", "sales@acme.test", "consultant@acme.test", "owner@other.test")
}

// TestBrowserRecords follows a salesperson through the records pages: an
// account with a contact, a direct order, an activity marked done.
func TestBrowserRecords(t *testing.T) {
	b := newBrowser(t)
	recFrench(t, b)
	b.signIn(t, "sales@acme.test")

	// An account, created through its form.
	b.run(t,
		chromedp.Navigate(b.URL+"/o/acme/accounts"),
		chromedp.WaitVisible(chromedp.CSS(".empty")),
		chromedp.Click(chromedp.CSS("#new-account")),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Boulangerie Dupont"),
		chromedp.SendKeys(chromedp.CSS("#city"), "Lyon"),
		chromedp.SendKeys(chromedp.CSS("#phone"), "04 78 12 34 56"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#contacts")),
	)
	if got := b.text(t, "main h1"); got != "Boulangerie Dupont" {
		t.Fatalf("account page title: %q", got)
	}
	if got := b.text(t, ".flash"); !strings.Contains(got, "créé") {
		t.Errorf("flash: %q", got)
	}

	// A contact, added from the account's page.
	b.run(t,
		chromedp.Click(chromedp.CSS("#new-contact")),
		chromedp.WaitVisible(chromedp.CSS("#job_title")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Jean Dupont"),
		chromedp.SendKeys(chromedp.CSS("#job_title"), "Gérant"),
		chromedp.SendKeys(chromedp.CSS("#email"), "jean@dupont.fr"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#contacts .contact")),
	)
	if got := b.text(t, "#contacts"); !strings.Contains(got, "Jean Dupont") || !strings.Contains(got, "jean@dupont.fr") {
		t.Fatalf("contacts: %q", got)
	}

	// A direct order, recorded from the account's page in French format.
	b.run(t,
		chromedp.Click(chromedp.CSS("#new-order")),
		chromedp.WaitVisible(chromedp.CSS("#amount")),
		chromedp.SetValue(chromedp.CSS("#kind"), "direct"),
		chromedp.SendKeys(chromedp.CSS("#amount"), "1 250,50"),
		chromedp.SendKeys(chromedp.CSS("#reference"), "BC-42"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#orders .order-direct")),
	)
	if got := b.text(t, "#orders .order-direct"); !strings.Contains(got, "Directe") || !strings.Contains(got, "BC-42") || !strings.Contains(got, "1\u202f250,50\u00a0€") {
		t.Fatalf("order on the account page: %q", got)
	}
	screenshot(t, b, "account.png")

	// The orders list shows it under "direct", with the totals per kind.
	b.run(t,
		chromedp.Navigate(b.URL+"/o/acme/orders"),
		chromedp.WaitVisible(chromedp.CSS("#kind-direct")),
		chromedp.Click(chromedp.CSS("#kind-direct")),
		chromedp.WaitVisible(chromedp.CSS(`#kind-direct[aria-current="page"]`)),
	)
	if got := b.text(t, "#orders-table"); !strings.Contains(got, "BC-42") || !strings.Contains(got, "Boulangerie Dupont") {
		t.Fatalf("direct orders: %q", got)
	}
	if got := b.text(t, "#total-direct"); !strings.Contains(got, "1\u202f250,50\u00a0€") || !strings.Contains(got, "1 commande") {
		t.Errorf("direct total: %q", got)
	}
	if got := b.text(t, "#total-linked"); !strings.Contains(got, "0 commande") {
		t.Errorf("linked total: %q", got)
	}

	// An activity, planned and then marked done in one click.
	b.run(t,
		chromedp.Navigate(b.URL+"/o/acme/activities"),
		chromedp.WaitVisible(chromedp.CSS("#new-activity")),
		chromedp.Click(chromedp.CSS("#new-activity")),
		chromedp.WaitVisible(chromedp.CSS("#subject")),
		chromedp.SetValue(chromedp.CSS("#kind"), "meeting"),
		chromedp.SendKeys(chromedp.CSS("#subject"), "Présenter le nouveau four"),
		chromedp.SendKeys(chromedp.CSS("#account"), "Boulangerie Dupont"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#activities-table")),
	)
	if got := b.text(t, "#activities-table tbody"); !strings.Contains(got, "Présenter le nouveau four") || !strings.Contains(got, "Rendez-vous") || !strings.Contains(got, "Boulangerie Dupont") {
		t.Fatalf("open activities: %q", got)
	}
	b.run(t,
		chromedp.Click(chromedp.CSS(`#activities-table form[action$="/done"] button`)),
		chromedp.WaitVisible(chromedp.CSS("main > .empty")), // nothing left to do
	)
	if got := b.text(t, ".flash"); !strings.Contains(got, "est faite") {
		t.Errorf("flash after done: %q", got)
	}
	b.run(t, chromedp.Click(chromedp.CSS("#tab-done")), chromedp.WaitVisible(chromedp.CSS("#activities-table")))
	if got := b.text(t, "#activities-table tbody"); !strings.Contains(got, "Présenter le nouveau four") {
		t.Errorf("done activities: %q", got)
	}
}

// TestBrowserRecordsAccess: what each role may do with an account that is
// not theirs.
func TestBrowserRecordsAccess(t *testing.T) {
	b := newBrowser(t)
	recFrench(t, b)
	acc := &closer.Account{Name: "Menuiserie Leroy", City: "Nantes"}
	must(t, b.DB.CreateAccount(b.Owner, acc))
	must(t, b.DB.CreateContact(b.Owner, &closer.Contact{AccountID: acc.ID, Name: "Paul Leroy"}))
	must(t, b.DB.CreateOrder(b.Owner, &closer.Order{AccountID: acc.ID, Kind: closer.OrderRecurring, Amount: 50000, OrderedOn: closer.MustDate("2025-01-15")}))
	page := b.URL + "/o/acme/accounts/" + idOf(acc.ID)
	controls := `#edit-account, #delete-account, #new-contact, #new-order, a[href*="/contacts/"], a[href*="opportunities/new"], main form[method=post]`

	// A consultant reads everything and is offered no control.
	b.signIn(t, "consultant@acme.test")
	b.run(t, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#contacts")))
	if got := b.text(t, "#contacts"); !strings.Contains(got, "Paul Leroy") {
		t.Fatalf("consultant's view of the contacts: %q", got)
	}
	if n := b.recCount(t, controls); n != 0 {
		t.Errorf("the consultant is offered %d controls", n)
	}
	b.run(t, chromedp.Navigate(b.URL+"/o/acme/orders"), chromedp.WaitVisible(chromedp.CSS("#orders-table")))
	if n := b.recCount(t, `#new-order, #orders-table a[href$="/edit"], #orders-table form`); n != 0 {
		t.Errorf("the consultant is offered %d order controls", n)
	}

	// A salesperson has no edit button on a colleague's account, and a
	// forged edit answers the 403 page.
	b.signIn(t, "sales@acme.test")
	b.run(t, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#contacts")))
	if n := b.recCount(t, "#edit-account, #delete-account"); n != 0 {
		t.Errorf("a colleague's account offers %d edit controls", n)
	}
	get(t, b, chromedp.Evaluate[bool](`(function(){var f=document.createElement("form");f.method="post";f.action=location.pathname;`+
		`var i=document.createElement("input");i.name="name";i.value="Volé";f.appendChild(i);document.body.appendChild(f);f.submit();return true})()`))
	b.run(t, chromedp.WaitVisible(chromedp.CSS(".error-page")))
	if got := b.text(t, ".error-page h1"); got != "Action non autorisée" {
		t.Errorf("forged edit: %q", got)
	}
	got, err := b.DB.FindAccount(b.Owner, acc.ID)
	must(t, err)
	if got.Name != "Menuiserie Leroy" {
		t.Fatalf("a forged edit changed the account: %q", got.Name)
	}

	// Another org's owner gets the 404 page for this account.
	b.signIn(t, "owner@other.test")
	b.run(t, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(".error-page")))
	if got := b.text(t, ".error-page h1"); got != "Page introuvable" {
		t.Errorf("foreign account: %q", got)
	}
	b.run(t, chromedp.Navigate(b.URL+"/o/other/accounts/"+idOf(acc.ID)), chromedp.WaitVisible(chromedp.CSS(".error-page")))
	if got := b.text(t, ".error-page h1"); got != "Page introuvable" {
		t.Errorf("acme account under other: %q", got)
	}
}
