package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAccountToken follows a salesperson to "Mon compte" through the
// user menu: a new API token is shown once (with a copy button), works on
// the API, is gone from the account page, and once revoked is refused.
func TestBrowserAccountToken(t *testing.T) {
	b := newBrowser(t)
	recFrench(t, b)
	b.signIn(t, "sales@acme.test")
	b.run(t,
		chromedp.Click(chromedp.CSS(".who details.menu:last-of-type summary")),
		chromedp.Click(chromedp.CSS("#my-account")),
		chromedp.WaitVisible(chromedp.CSS("#token-name")),
	)
	if got := b.text(t, "#sessions"); !strings.Contains(got, "ce navigateur") {
		t.Errorf("the sessions list marks this browser: %q", got)
	}
	b.run(t,
		chromedp.SendKeys(chromedp.CSS("#token-name"), "Tableur"),
		chromedp.Click(chromedp.CSS(`#token-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#token-secret")),
		chromedp.WaitVisible(chromedp.CSS("button[data-copy]")), // shown by the page's script
	)
	secret := b.text(t, "#token-secret")
	if !strings.HasPrefix(secret, "closer_") {
		t.Fatalf("token shown: %q", secret)
	}
	api := func() int {
		req, _ := http.NewRequest("GET", b.URL+"/api/v1/orgs", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		res, err := http.DefaultClient.Do(req)
		must(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	if got := api(); got != 200 {
		t.Fatalf("the new token: %d", got)
	}
	b.run(t,
		chromedp.Click(chromedp.CSS(`a[href="/account#tokens"]`)),
		chromedp.WaitVisible(chromedp.CSS("#token-list")),
	)
	if page := b.text(t, "main"); strings.Contains(page, secret) || !strings.Contains(page, "Tableur") {
		t.Fatalf("the account page after creation:\n%s", page)
	}
	get(t, b, chromedp.Evaluate[bool]("window.confirm = function () { return true; }; true"))
	b.run(t,
		chromedp.Click(chromedp.CSS(`#token-list button.danger`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := b.text(t, "#token-list"); !strings.Contains(got, "révoqué le") {
		t.Errorf("the token list after revocation: %q", got)
	}
	if got := api(); got != http.StatusUnauthorized {
		t.Fatalf("the revoked token: %d", got)
	}
}
