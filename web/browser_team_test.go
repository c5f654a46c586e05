package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"closer"
)

// TestBrowserDeactivateAndHandOver: the owner deactivates a salesperson
// from the members section, then hands their open opportunity to a
// colleague; the opportunity's page shows its new owner.
func TestBrowserDeactivateAndHandOver(t *testing.T) {
	b := newBrowser(t)
	sys := closer.NewSystemContext(context.Background())
	sales, err := b.DB.FindUserByEmail(sys, "sales@acme.test")
	must(t, err)
	sales2, err := b.DB.FindUserByEmail(sys, "sales2@acme.test")
	must(t, err)
	opp := &closer.Opportunity{Title: "Fenêtres Dupont", OwnerID: sales.ID}
	must(t, b.DB.CreateOpportunity(b.Owner, opp))
	row := "#member-" + idOf(sales.ID)

	b.signIn(t, "owner@acme.test")
	b.run(t, chromedp.Navigate(b.URL+"/o/acme/settings#members"), chromedp.WaitVisible(chromedp.CSS(row)))
	get(t, b, chromedp.Evaluate[bool]("window.confirm = function () { return true; }; true"))
	b.run(t,
		chromedp.Click(chromedp.CSS(row+` button[value="deactivate"]`)),
		chromedp.WaitVisible(chromedp.CSS(row+`.retired`)),
	)
	// The deactivation's message goes, so that the wait below sees the hand-over's page.
	get(t, b, chromedp.Evaluate[bool]("window.confirm = function () { return true; }; document.querySelectorAll('.flash').forEach(function (e) { e.remove(); }); true"))
	b.run(t,
		chromedp.SetValue(chromedp.CSS("#reassign-"+idOf(sales.ID)), idOf(sales2.ID)),
		chromedp.Click(chromedp.CSS(row+` form.reassign button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := b.text(t, ".flash"); !strings.Contains(got, "1 opportunités transférées") {
		t.Errorf("hand-over message: %q", got)
	}
	b.run(t, chromedp.Navigate(b.URL+"/o/acme/opportunities/"+idOf(opp.ID)), chromedp.WaitVisible(chromedp.CSS("main")))
	if got := b.text(t, "main"); !strings.Contains(got, "Hugo Leroy") {
		t.Errorf("the opportunity page does not show its new owner:\n%s", got)
	}
}
