package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"closer"
)

// freshBrowser returns the same browser in a new browser context: no
// cookies, as another person's browser.
func (b *browserEnv) freshBrowser(t *testing.T) *browserEnv {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("new browser context: %v", err)
	}
	nb := *b
	nb.ctx = ctx
	return &nb
}

// TestBrowserInviteNewPerson: the owner invites a new person as a
// salesperson from the members section, copies the link the page shows;
// in another browser the person opens it, creates their account and lands
// in the org, signed in, as a salesperson.
func TestBrowserInviteNewPerson(t *testing.T) {
	b := newBrowser(t)
	b.signIn(t, "owner@acme.test")
	b.run(t,
		chromedp.Navigate(b.URL+"/o/acme/settings#invitations"),
		chromedp.WaitVisible(chromedp.CSS("#invite-form")),
		chromedp.SendKeys(chromedp.CSS("#invite-email"), "nina@new.test"),
		chromedp.SetValue(chromedp.CSS("#invite-role"), "sales"),
		chromedp.Click(chromedp.CSS("#invite-submit")),
		chromedp.WaitVisible(chromedp.CSS("#invite-link")),
		chromedp.WaitVisible(chromedp.CSS("#invite-copy")), // shown by the page's script
	)
	if got := b.text(t, "#invite-mail-status"); !strings.Contains(got, "Aucun serveur d'e-mail") {
		t.Errorf("the e-mail status: %q", got)
	}
	// The copy button copies the link, or, if the clipboard refuses, selects
	// it to copy by hand; either way it says so.
	b.run(t, chromedp.Click(chromedp.CSS("#invite-copy")))
	get(t, b, chromedp.Poll[bool](`document.getElementById("invite-copy-status").textContent !== ""`, chromedp.WithPollingTimeout(stepTimeout)))
	status := b.text(t, "#invite-copy-status")
	link := get(t, b, chromedp.Value(chromedp.CSS("#invite-link")))
	switch {
	case status == "Lien copié.":
		copied, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
		if err == nil && copied != link {
			t.Errorf("clipboard %q, link %q", copied, link)
		}
	case strings.Contains(status, "Ctrl+C"):
		sel := get(t, b, chromedp.Evaluate[string](`(function (el) { return el.value.substring(el.selectionStart, el.selectionEnd); })(document.getElementById("invite-link"))`))
		if sel != link {
			t.Errorf("copy refused, and the link is not selected: %q", sel)
		}
	default:
		t.Errorf("copy status %q", status)
	}
	if !strings.HasPrefix(link, b.URL+"/invitations/inv_") {
		t.Fatalf("link %q", link)
	}
	// Back on the members section, the invitation is pending.
	b.run(t, chromedp.Click(chromedp.CSS("#invite-back")), chromedp.WaitVisible(chromedp.CSS("#invitations-list")))
	if got := b.text(t, "#invitations-list"); !strings.Contains(got, "nina@new.test") || !strings.Contains(got, "commercial") {
		t.Errorf("pending list: %q", got)
	}

	nb := b.freshBrowser(t)
	nb.run(t,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS("#invite-join")),
	)
	if got := nb.text(t, "#invite-lead"); got != "Alice Martin vous invite à rejoindre Acme sur Closer, avec le rôle : commercial." {
		t.Errorf("invitation: %q", got)
	}
	nb.run(t,
		chromedp.SendKeys(chromedp.CSS("#invite-name"), "Nina Neuve"),
		chromedp.SendKeys(chromedp.CSS("#invite-password"), "un mot de passe"),
		chromedp.SendKeys(chromedp.CSS("#invite-confirm"), "un mot de passe"),
		chromedp.Click(chromedp.CSS("#invite-create")),
		chromedp.WaitVisible(chromedp.CSS("header .nav")),
	)
	if url := get(t, nb, chromedp.Location()); !strings.HasSuffix(url, "/o/acme/today") {
		t.Fatalf("after joining: %s", url)
	}
	if got := nb.text(t, ".flash"); got != "Bienvenue dans Acme." {
		t.Errorf("welcome: %q", got)
	}
	if nav := nb.text(t, "header .nav"); strings.Contains(nav, "Réglages") {
		t.Errorf("a salesperson sees the settings: %q", nav)
	}
	sys := closer.NewSystemContext(context.Background())
	u, err := b.DB.FindUserByEmail(sys, "nina@new.test")
	must(t, err)
	if a, _, err := b.DB.Actor(sys, u.ID, "acme"); err != nil || a.Role != closer.RoleSales {
		t.Fatalf("the new member: %+v %v", a, err)
	}
	// The link works once.
	nb.run(t, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(".invitation-gone")))
	if got := nb.text(t, "h1"); got != "Invitation déjà utilisée" {
		t.Errorf("the used link: %q", got)
	}
}

// TestBrowserInviteExistingUser: the owner of another org is invited; they
// open the link, sign in, come back to the invitation and accept it.
func TestBrowserInviteExistingUser(t *testing.T) {
	b := newBrowser(t)
	secret, _, err := b.DB.CreateInvitation(b.Owner, "owner@other.test", closer.RoleConsultant)
	must(t, err)
	b.run(t,
		chromedp.Navigate(b.URL+"/invitations/"+secret),
		chromedp.WaitVisible(chromedp.CSS("#invite-signin")),
		chromedp.Click(chromedp.CSS("#invite-signin")),
		chromedp.WaitVisible(chromedp.CSS("#password")),
	)
	if got := get(t, b, chromedp.Value(chromedp.CSS("#email"))); got != "owner@other.test" {
		t.Errorf("the sign-in form's e-mail: %q", got)
	}
	b.run(t,
		chromedp.SendKeys(chromedp.CSS("#password"), fixturePassword),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#invite-accept")),
		chromedp.Click(chromedp.CSS("#invite-accept")),
		chromedp.WaitVisible(chromedp.CSS("header .nav")),
	)
	if url := get(t, b, chromedp.Location()); !strings.HasSuffix(url, "/o/acme/today") {
		t.Fatalf("after accepting: %s", url)
	}
	if got := b.text(t, ".flash"); got != "Bienvenue dans Acme." {
		t.Errorf("welcome: %q", got)
	}
	sys := closer.NewSystemContext(context.Background())
	u, err := b.DB.FindUserByEmail(sys, "owner@other.test")
	must(t, err)
	if a, _, err := b.DB.Actor(sys, u.ID, "acme"); err != nil || a.Role != closer.RoleConsultant {
		t.Fatalf("the new member: %+v %v", a, err)
	}
	if a, _, err := b.DB.Actor(sys, u.ID, "other"); err != nil || a.Role != closer.RoleOwner {
		t.Fatalf("their own org: %+v %v", a, err)
	}
}
