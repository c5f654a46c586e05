package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"

	"github.com/chromedp/chromedp"
)

// browserEnv is a real Closer server on a random loopback port, over a fresh
// SQLite store with two orgs, and a headless Chromium driving it.
type browserEnv struct {
	URL   string
	DB    *sqlstore.DB
	Owner context.Context // the acme owner's actor context, to prepare data
	ctx   context.Context // the browser tab
}

// stepTimeout bounds each browser step, so that a missing element fails
// the test quickly instead of hanging it.
const stepTimeout = 20 * time.Second

// newBrowser starts the server and Chromium. Browser tests skip when
// Chromium is missing, except under CI=true where they must run.
func newBrowser(t *testing.T) *browserEnv {
	t.Helper()
	path := "/usr/bin/chromium"
	if _, err := exec.LookPath(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed: browser tests must run under CI")
		}
		t.Skip("chromium is not installed")
	}
	db := sqltest.SQLite(t)
	env := &browserEnv{DB: db}
	env.Owner = fixtureOrgs(t, db)
	srv := newTestServer(t, db, time.Now())
	srv.Now = nil // the browser tests run on the real clock
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	env.URL = ts.URL

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "fr-FR"),
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	env.ctx = ctx
	return env
}

// run runs browser actions in order and fails the test with what the page
// showed.
func (b *browserEnv) run(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		body, _ := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("body")))
		t.Fatalf("browser: %v\npage text:\n%s", err, body)
	}
}

// get runs one browser action that returns a value.
func get[T any](t *testing.T, b *browserEnv, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		body, _ := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("body")))
		t.Fatalf("browser: %v\npage text:\n%s", err, body)
	}
	return v
}

// signIn signs in a fixture user through the form, as a person would.
func (b *browserEnv) signIn(t *testing.T, email string) {
	t.Helper()
	b.signInTo(t, email, fixturePassword, "header .nav")
}

// signInTo signs in through the form and waits for an element of the page
// it lands on (a CSS selector).
func (b *browserEnv) signInTo(t *testing.T, email, password, landing string) {
	t.Helper()
	b.run(t,
		chromedp.Navigate(b.URL+"/signin"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(landing)),
	)
}

// readFrench makes fixture users read French whatever the browser's
// language (headless Chromium may not send the fr-FR it was started with).
func readFrench(t *testing.T, b *browserEnv, emails ...string) {
	t.Helper()
	for _, email := range emails {
		must(t, b.DB.SetLang(closer.NewSystemContext(context.Background()), userID(t, b.DB, email), "fr"))
	}
}

// text returns the text of the first element matching a CSS selector.
func (b *browserEnv) text(t *testing.T, sel string) string {
	t.Helper()
	return get(t, b, chromedp.Text(chromedp.CSS(sel)))
}

func TestBrowserSignIn(t *testing.T) {
	b := newBrowser(t)
	// A wrong password says so and keeps the e-mail.
	b.run(t,
		chromedp.Navigate(b.URL+"/o/acme/today"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "owner@acme.test"),
		chromedp.SendKeys(chromedp.CSS("#password"), "not the password"),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#signin-error")),
	)
	if got := b.text(t, "#signin-error"); !strings.Contains(got, "incorrect") {
		t.Fatalf("wrong password message: %q", got)
	}
	b.signIn(t, "owner@acme.test")
	url := get(t, b, chromedp.Location())
	if !strings.HasSuffix(url, "/o/acme/today") {
		t.Fatalf("after sign-in: %s", url)
	}
	// Another org's pages answer 404, as an unknown one.
	b.run(t, chromedp.Navigate(b.URL+"/o/other/today"), chromedp.WaitVisible(chromedp.CSS(".error-page")))
	if got := b.text(t, ".error-page h1"); got != "Page introuvable" {
		t.Fatalf("foreign org page: %q", got)
	}
}
