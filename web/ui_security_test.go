package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// secEnv is a server over a store with the browser fixture's orgs and
// people (password fixturePassword), and a clock the test moves.
type secEnv struct {
	t   *testing.T
	db  *sqlstore.DB
	srv *httptest.Server
	now time.Time
	ids map[string]int64 // by e-mail
}

var secNow = time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)

func newSecEnv(t *testing.T, db *sqlstore.DB, trustProxy bool) *secEnv {
	t.Helper()
	e := &secEnv{t: t, db: db, now: secNow}
	db.Now = func() time.Time { return e.now }
	fixtureOrgs(t, db)
	e.ids, _ = fixtureUsers(t, db)
	srv := newTestServer(t, db, secNow)
	srv.TrustProxy = trustProxy
	srv.Now = func() time.Time { return e.now }
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// secResponse is what a request got, with the cookies it set.
type secResponse struct {
	status   int
	location string
	header   http.Header
	cookies  map[string]*http.Cookie
	body     string
}

// do sends a request with the session secret (may be ""), a form (nil for
// none) and extra headers, without following redirects.
func (e *secEnv) do(session, method, path string, form url.Values, header map[string]string) secResponse {
	e.t.Helper()
	req := formRequest(e.t, method, e.srv.URL+path, session, form)
	req.Header.Set("User-Agent", "SecTest/1.0")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, body := sendRequest(e.t, req)
	out := secResponse{status: res.StatusCode, location: res.Header.Get("Location"), header: res.Header, body: body, cookies: map[string]*http.Cookie{}}
	for _, c := range res.Cookies() {
		out.cookies[c.Name] = c
	}
	return out
}

// signIn posts the sign-in form and returns the answer.
func (e *secEnv) signIn(email, password string, header map[string]string) secResponse {
	e.t.Helper()
	return e.do("", "POST", "/signin", url.Values{"email": {email}, "password": {password}, "next": {"/account"}}, header)
}

// session signs in and returns the new session's secret.
func (e *secEnv) session(email string) string {
	e.t.Helper()
	res := e.signIn(email, fixturePassword, nil)
	c := res.cookies["closer_session"]
	if res.status != http.StatusSeeOther || c == nil || c.Value == "" {
		e.t.Fatalf("sign-in of %s: %d %v", email, res.status, res.cookies)
	}
	return c.Value
}

// TestSignInRateLimitPage: five wrong passwords for an e-mail, then even
// the right one is refused with 429 and the wait, without a session; after
// the window (the injected clock) the sign-in works.
func TestSignInRateLimitPage(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newSecEnv(t, db, false)
		for i := 0; i < closer.SignInMaxPerEmail; i++ {
			if res := e.signIn("owner@acme.test", "wrong password", nil); res.status != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i+1, res.status)
			}
		}
		res := e.signIn("owner@acme.test", fixturePassword, nil)
		if res.status != http.StatusTooManyRequests || !strings.Contains(res.body, "Trop de tentatives : réessayez dans 15 minutes.") {
			t.Fatalf("locked out: %d\n%s", res.status, res.body)
		}
		if res.cookies["closer_session"] != nil {
			t.Fatal("a locked-out sign-in opened a session")
		}
		res = e.signIn("owner@acme.test", fixturePassword, map[string]string{"Accept-Language": "en"})
		if !strings.Contains(res.body, "Too many attempts: try again in 15 minutes.") {
			t.Fatalf("English message:\n%s", res.body)
		}
		e.now = e.now.Add(closer.SignInWindow)
		if res := e.signIn("owner@acme.test", fixturePassword, nil); res.status != http.StatusSeeOther || res.location != "/account" {
			t.Fatalf("after the window: %d %s", res.status, res.location)
		}
	})
}

// TestSignInRateLimitPerAddress: twenty failures from one address over
// different e-mails lock the address out. X-Forwarded-For is believed only
// when the server trusts its proxy: otherwise a client cannot escape the
// limit by sending it.
func TestSignInRateLimitPerAddress(t *testing.T) {
	for _, trust := range []bool{false, true} {
		t.Run(map[bool]string{false: "direct", true: "behind a proxy"}[trust], func(t *testing.T) {
			e := newSecEnv(t, sqltest.SQLite(t), trust)
			from := func(ip string) map[string]string { return map[string]string{"X-Forwarded-For": "10.9.9.9, " + ip} }
			for i := 0; i < closer.SignInMaxPerAddress; i++ {
				email := []string{"nobody@acme.test", "manager@acme.test", "sales@acme.test", "x@y.test"}[i%4]
				if res := e.signIn(email, "wrong", from("192.0.2.1")); res.status != http.StatusUnauthorized {
					t.Fatalf("failure %d: %d", i+1, res.status)
				}
				if i%4 == 3 {
					e.now = e.now.Add(time.Minute) // spread, so that no e-mail reaches its own limit within the window
				}
			}
			if res := e.signIn("owner@acme.test", fixturePassword, from("192.0.2.1")); res.status != http.StatusTooManyRequests {
				t.Fatalf("the address is locked out: %d", res.status)
			}
			res := e.signIn("owner@acme.test", fixturePassword, from("198.51.100.2"))
			if trust && res.status != http.StatusSeeOther {
				t.Fatalf("behind a trusted proxy, another client is let in: %d", res.status)
			}
			if !trust && res.status != http.StatusTooManyRequests {
				t.Fatalf("an untrusted X-Forwarded-For escapes the limit: %d", res.status)
			}
		})
	}
}

// TestSignInRenewsSessionAndCookies: every sign-in issues a new session id
// (the old one stops working), in an HttpOnly, SameSite cookie that is
// Secure over HTTPS or behind a proxy saying so; failures are audited.
func TestSignInRenewsSessionAndCookies(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newSecEnv(t, db, false)
		first := e.session("owner@acme.test")
		res := e.do(first, "POST", "/signin", url.Values{"email": {"owner@acme.test"}, "password": {fixturePassword}}, nil)
		second := res.cookies["closer_session"]
		if res.status != http.StatusSeeOther || second == nil || second.Value == first {
			t.Fatalf("sign-in with a session cookie: %d %v", res.status, second)
		}
		if res := e.do(first, "GET", "/account", nil, nil); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/signin") {
			t.Fatalf("the replaced session still works: %d %s", res.status, res.location)
		}
		if !second.HttpOnly || second.SameSite != http.SameSiteLaxMode || second.Secure {
			t.Fatalf("cookie over plain HTTP: %+v", second)
		}
		res = e.signIn("owner@acme.test", fixturePassword, map[string]string{"X-Forwarded-Proto": "https"})
		if c := res.cookies["closer_session"]; c == nil || !c.Secure || !c.HttpOnly {
			t.Fatalf("cookie behind an HTTPS proxy: %+v", c)
		}
		e.signIn("owner@acme.test", "wrong password", nil)
		owner, _, err := db.Actor(context.Background(), e.ids["owner@acme.test"], "acme")
		must(t, err)
		entries, _, err := db.AuditLog(closer.NewContextWithActor(context.Background(), owner), closer.AuditFilter{})
		must(t, err)
		counts := map[string]int{}
		for _, en := range entries {
			counts[en.Action]++
		}
		if counts[closer.AuditSignIn] != 3 || counts[closer.AuditSignInFailed] != 1 || counts[closer.AuditSignOut] != 1 {
			t.Fatalf("sign-in entries: %v", counts)
		}
		// Signing out ends the session and is recorded.
		third := e.session("owner@acme.test")
		if res := e.do(third, "POST", "/signout", url.Values{}, nil); res.status != http.StatusSeeOther {
			t.Fatalf("sign-out: %d", res.status)
		}
		if res := e.do(third, "GET", "/account", nil, nil); res.status != http.StatusSeeOther {
			t.Fatalf("session after sign-out: %d", res.status)
		}
	})
}

var refRe = regexp.MustCompile(`/account/sessions/([0-9a-f]{16})/revoke`)
var tokenRe = regexp.MustCompile(`<code id="token-secret">(closer_[A-Za-z0-9_-]+)</code>`)

// TestAccountPage: my sessions and tokens, revocable (mine only: someone
// else's answers 404), a token shown once, and the password change that
// signs out the other browsers.
func TestAccountPage(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newSecEnv(t, db, false)
		if res := e.do("", "GET", "/account", nil, nil); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/signin") {
			t.Fatalf("signed out: %d %s", res.status, res.location)
		}
		mine := e.session("sales@acme.test")
		e.now = e.now.Add(time.Hour)
		other := e.session("sales@acme.test")
		theirs := e.session("owner@acme.test")
		page := e.do(mine, "GET", "/account", nil, nil)
		if page.status != 200 || !strings.Contains(page.body, "SecTest/1.0") || !strings.Contains(page.body, "127.0.0.1") || !strings.Contains(page.body, "ce navigateur") {
			t.Fatalf("account page: %d\n%s", page.status, page.body)
		}
		refs := refRe.FindAllStringSubmatch(page.body, -1)
		if len(refs) != 1 {
			t.Fatalf("one other session to revoke, got %v", refs)
		}
		theirPage := e.do(theirs, "GET", "/account", nil, nil)
		theirRef := refRe.FindStringSubmatch(theirPage.body)
		if theirRef != nil {
			t.Fatalf("the owner has one session only: %v", theirRef)
		}
		ownerSessions, err := db.UserSessions(context.Background(), e.ids["owner@acme.test"], "")
		must(t, err)
		if res := e.do(mine, "POST", "/account/sessions/"+ownerSessions[0].Ref+"/revoke", url.Values{}, nil); res.status != http.StatusNotFound {
			t.Fatalf("revoke someone else's session: %d", res.status)
		}
		if res := e.do(theirs, "GET", "/account", nil, nil); res.status != 200 {
			t.Fatalf("their session survives: %d", res.status)
		}
		if res := e.do(mine, "POST", "/account/sessions/"+refs[0][1]+"/revoke", url.Values{}, nil); res.status != http.StatusSeeOther || res.location != "/account" {
			t.Fatalf("revoke my other session: %d", res.status)
		}
		if res := e.do(other, "GET", "/o/acme/today", nil, nil); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/signin") {
			t.Fatalf("a revoked session is sent to sign in: %d %s", res.status, res.location)
		}

		// A token: created, shown once, working, revocable by me only.
		res := e.do(mine, "POST", "/account/tokens", url.Values{"name": {"Tableur"}}, nil)
		m := tokenRe.FindStringSubmatch(res.body)
		if res.status != http.StatusCreated || m == nil || res.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("token page: %d %v\n%s", res.status, res.header, res.body)
		}
		secret := m[1]
		api := func(token string) int {
			req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/orgs", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			r, err := http.DefaultClient.Do(req)
			must(t, err)
			r.Body.Close()
			return r.StatusCode
		}
		if api(secret) != 200 {
			t.Fatal("the new token does not work")
		}
		page = e.do(mine, "GET", "/account", nil, nil)
		if strings.Contains(page.body, secret) || !strings.Contains(page.body, "Tableur") {
			t.Fatalf("the account page shows the secret again, or not the token")
		}
		tokens, err := db.UserTokens(context.Background(), e.ids["sales@acme.test"])
		must(t, err)
		if res := e.do(theirs, "POST", "/account/tokens/"+idOf(tokens[0].ID)+"/revoke", url.Values{}, nil); res.status != http.StatusNotFound {
			t.Fatalf("revoke someone else's token: %d", res.status)
		}
		if res := e.do(mine, "POST", "/account/tokens/"+idOf(tokens[0].ID)+"/revoke", url.Values{}, nil); res.status != http.StatusSeeOther {
			t.Fatalf("revoke my token: %d", res.status)
		}
		if got := api(secret); got != http.StatusUnauthorized {
			t.Fatalf("a revoked token: %d", got)
		}
		if res := e.do(mine, "POST", "/account/tokens", url.Values{"name": {strings.Repeat("x", 101)}}, nil); res.status != 422 || !strings.Contains(res.body, "token-name-error") {
			t.Fatalf("a bad token name: %d", res.status)
		}

		// Password: the current one is required, the new one typed twice and long enough.
		third := e.session("sales@acme.test")
		for _, bad := range []struct {
			form  url.Values
			field string
		}{
			{url.Values{"current_password": {"nope"}, "new_password": {"another password"}, "confirm_password": {"another password"}}, "current_password-error"},
			{url.Values{"current_password": {fixturePassword}, "new_password": {"short"}, "confirm_password": {"short"}}, "new_password-error"},
			{url.Values{"current_password": {fixturePassword}, "new_password": {"another password"}, "confirm_password": {"other"}}, "confirm_password-error"},
		} {
			if res := e.do(mine, "POST", "/account/password", bad.form, nil); res.status != 422 || !strings.Contains(res.body, bad.field) {
				t.Fatalf("%v: %d", bad.form, res.status)
			}
		}
		res = e.do(mine, "POST", "/account/password", url.Values{"current_password": {fixturePassword}, "new_password": {"another password"}, "confirm_password": {"another password"}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("change the password: %d\n%s", res.status, res.body)
		}
		if res := e.do(third, "GET", "/account", nil, nil); res.status != http.StatusSeeOther {
			t.Fatalf("another session after the password change: %d", res.status)
		}
		if res := e.do(mine, "GET", "/account", nil, nil); res.status != 200 {
			t.Fatalf("this session after the password change: %d", res.status)
		}
		fourth := e.signIn("sales@acme.test", "another password", nil)
		if fourth.status != http.StatusSeeOther {
			t.Fatalf("sign in with the new password: %d", fourth.status)
		}

		// Sign out everywhere else: the other browser is signed out, this one stays.
		res = e.do(mine, "POST", "/account/sessions/revoke-others", url.Values{}, nil)
		if res.status != http.StatusSeeOther || res.cookies["closer_flash"] == nil {
			t.Fatalf("sign out everywhere else: %d", res.status)
		}
		if res := e.do(fourth.cookies["closer_session"].Value, "GET", "/account", nil, nil); res.status != http.StatusSeeOther {
			t.Fatalf("the other browser after 'everywhere else': %d", res.status)
		}
		if res := e.do(mine, "GET", "/account", nil, nil); res.status != 200 || refRe.MatchString(res.body) {
			t.Fatalf("this browser after 'everywhere else': %d", res.status)
		}
	})
}

// TestAuditPage: owners read the log (FR labels, filters, newest first);
// managers, salespeople and consultants get 403, other orgs' members 404.
func TestAuditPage(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newSecEnv(t, db, false)
		owner := e.session("owner@acme.test")
		e.signIn("sales@acme.test", "wrong password", nil)
		for _, sc := range []struct {
			email  string
			status int
		}{
			{"manager@acme.test", 403}, {"sales@acme.test", 403}, {"consultant@acme.test", 403}, {"owner@other.test", 404},
		} {
			if res := e.do(e.session(sc.email), "GET", "/o/acme/settings/audit", nil, nil); res.status != sc.status {
				t.Errorf("%s: %d, want %d", sc.email, res.status, sc.status)
			}
		}
		res := e.do(owner, "GET", "/o/acme/settings/audit", nil, nil)
		if res.status != 200 || !strings.Contains(res.body, "Connexion échouée") || !strings.Contains(res.body, "sales@acme.test") || !strings.Contains(res.body, "127.0.0.1") {
			t.Fatalf("audit page: %d\n%s", res.status, res.body)
		}
		res = e.do(owner, "GET", "/o/acme/settings/audit?action=signin.failed", nil, nil)
		if strings.Count(res.body, `data-action="signin.failed"`) != 1 || strings.Contains(res.body, `data-action="signin"`) {
			t.Fatalf("filtered by action:\n%s", res.body)
		}
		res = e.do(owner, "GET", "/o/acme/settings/audit?user="+idOf(e.ids["manager@acme.test"]), nil, nil)
		if strings.Count(res.body, `data-action="signin"`) != 1 {
			t.Fatalf("filtered by person:\n%s", res.body)
		}
		if res := e.do(owner, "GET", "/o/acme/settings", nil, nil); !strings.Contains(res.body, `href="/o/acme/settings/audit"`) {
			t.Fatal("the settings page links to the audit log")
		}
		// Pages of 50, newest first.
		a, _, err := db.Actor(context.Background(), e.ids["owner@acme.test"], "acme")
		must(t, err)
		for i := 0; i < 60; i++ {
			e.now = e.now.Add(time.Second)
			must(t, db.Record(closer.NewContextWithActor(context.Background(), a), closer.AuditEntry{Action: closer.AuditExport, Target: "n" + idOf(int64(i))}))
		}
		res = e.do(owner, "GET", "/o/acme/settings/audit?action=export", nil, nil)
		if strings.Count(res.body, `data-action="export"`) != 50 || !strings.Contains(res.body, "<td>n59</td>") || !strings.Contains(res.body, `rel="next" href="?action=export&amp;offset=50"`) {
			t.Fatalf("first page:\n%s", res.body)
		}
		res = e.do(owner, "GET", "/o/acme/settings/audit?action=export&offset=50", nil, nil)
		if strings.Count(res.body, `data-action="export"`) != 10 || !strings.Contains(res.body, "<td>n0</td>") || !strings.Contains(res.body, `rel="prev"`) || strings.Contains(res.body, `rel="next"`) {
			t.Fatalf("second page:\n%s", res.body)
		}
	})
}
