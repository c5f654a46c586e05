package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/internal/syncbuffer"
	"closer/mail"
	"closer/mail/mailtest"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
	"closer/web"
)

// invNow is "now" in the invitation tests.
var invNow = time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)

// invEnv is a server over a real store with the fixture orgs (acme: Alice
// Martin owns it; other: Olivier Autre), an optional mailer, and its log.
type invEnv struct {
	t   *testing.T
	db  *sqlstore.DB
	srv *httptest.Server
	ids map[string]int64
	ctx map[string]context.Context
	log *syncbuffer.Buffer // the server's log, written from its handlers' goroutines
	now time.Time
}

func newInvEnv(t *testing.T, configure func(*web.Server)) *invEnv {
	t.Helper()
	db := sqltest.SQLite(t)
	e := &invEnv{t: t, db: db, log: &syncbuffer.Buffer{}, now: invNow}
	db.Now = func() time.Time { return e.now }
	fixtureOrgs(t, db)
	e.ids, e.ctx = fixtureUsers(t, db)
	srv := newTestServer(t, db, invNow)
	srv.Logger = slog.New(slog.NewTextHandler(e.log, nil))
	srv.Now = func() time.Time { return e.now }
	if configure != nil {
		configure(srv)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// invResponse is what a request answered.
type invResponse struct {
	status   int
	location string
	flash    string
	body     string
	header   http.Header
	session  *http.Cookie // the session cookie it set, if any
}

// do sends a request with a session secret ("" for none), a form (nil for
// none) and headers, without following redirects.
func (e *invEnv) do(session, method, path string, form url.Values, header map[string]string) invResponse {
	e.t.Helper()
	req := formRequest(e.t, method, e.srv.URL+path, session, form)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, body := sendRequest(e.t, req)
	out := invResponse{status: res.StatusCode, location: res.Header.Get("Location"), body: body, header: res.Header}
	for _, c := range res.Cookies() {
		switch c.Name {
		case "closer_flash":
			out.flash, _ = url.QueryUnescape(c.Value)
		case "closer_session":
			out.session = c
		}
	}
	return out
}

// session opens a session for a fixture user and returns its secret.
func (e *invEnv) session(email string) string {
	e.t.Helper()
	return newSession(e.t, e.db, e.ids[email])
}

// invite creates an invitation as acme's owner and returns its page's path.
func (e *invEnv) invite(email string, role closer.Role) (string, *closer.Invitation) {
	e.t.Helper()
	secret, inv, err := e.db.CreateInvitation(e.ctx["owner@acme.test"], email, role)
	must(e.t, err)
	return "/invitations/" + secret, inv
}

// linkRe finds the link shown on the page of a new invitation.
var linkRe = regexp.MustCompile(`id="invite-link" type="text" readonly value="([^"]+)"`)

// shownLink returns the invitation link a page shows, unescaped.
func shownLink(t *testing.T, body string) string {
	t.Helper()
	m := linkRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no invitation link on the page:\n%.2000s", body)
	}
	return html.UnescapeString(m[1])
}

func wantStatus(t *testing.T, what string, res invResponse, status int, contains ...string) {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: status %d, want %d\n%.1500s", what, res.status, status, res.body)
	}
	for _, c := range contains {
		if !strings.Contains(res.body, c) && !strings.Contains(html.UnescapeString(res.body), c) {
			t.Errorf("%s: the page lacks %q\n%.3000s", what, c, res.body)
		}
	}
}

// TestInvitationPageNewPerson: a person without an account opens the link,
// sees the org, the role and who invited, creates their account (the same
// password rules as elsewhere) and lands signed in, with a new session, in
// the org with the invited role; the link then works no more.
func TestInvitationPageNewPerson(t *testing.T) {
	e := newInvEnv(t, nil)
	path, _ := e.invite("nina@new.test", closer.RoleSales)

	// An unknown secret names nothing.
	for _, p := range []string{"/invitations/inv_nothing-here", "/invitations/not-a-secret"} {
		res := e.do("", "GET", p, nil, nil)
		wantStatus(t, "unknown secret", res, 404, "Lien d'invitation non valide")
		if strings.Contains(res.body, "Acme") || strings.Contains(res.body, "Alice") {
			t.Errorf("the page of an unknown secret names the org or its owner:\n%s", res.body)
		}
	}

	res := e.do("", "GET", path, nil, nil)
	wantStatus(t, "the invitation", res, 200, "Rejoindre Acme", "Alice Martin vous invite à rejoindre Acme sur Closer, avec le rôle : commercial.",
		"nina@new.test", `id="invite-join"`, "23 juin 2025 12:00")
	if res.header.Get("Cache-Control") != "no-store" || res.session != nil {
		t.Errorf("Cache-Control %q, session %v", res.header.Get("Cache-Control"), res.session)
	}

	form := url.Values{"name": {"Nina Neuve"}, "password": {"a long password"}, "confirm_password": {"another password"}, "lang": {"en"}}
	wantStatus(t, "passwords differ", e.do("", "POST", path, form, nil), 422, `id="invite-confirm-error"`, "Les deux mots de passe diffèrent.", `value="Nina Neuve"`)
	form.Set("password", "short")
	form.Set("confirm_password", "short")
	wantStatus(t, "short password", e.do("", "POST", path, form, nil), 422, `id="invite-password-error"`, "8 caractères")
	form.Set("name", " ")
	form.Set("password", "a long password")
	form.Set("confirm_password", "a long password")
	wantStatus(t, "no name", e.do("", "POST", path, form, nil), 422, `id="invite-name-error"`)
	form.Set("name", "Nina Neuve")
	cross := e.do("", "POST", path, form, map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
	wantStatus(t, "cross-site post", cross, 403)
	if _, err := e.db.FindUserByEmail(context.Background(), "nina@new.test"); closer.ErrorCode(err) != closer.ENOTFOUND {
		t.Fatalf("a refused form created the account: %v", err)
	}

	// A stale session cookie in the browser is replaced by a new one.
	stale := e.session("sales@acme.test")
	e.do(stale, "POST", "/signout", url.Values{}, nil)
	joined := e.do(stale, "POST", path, form, nil)
	if joined.status != 303 || joined.location != "/o/acme/today" || joined.flash != "Welcome to Acme." {
		t.Fatalf("join: %d %q %q\n%.1500s", joined.status, joined.location, joined.flash, joined.body)
	}
	if joined.session == nil || joined.session.Value == "" || joined.session.Value == stale || !joined.session.HttpOnly {
		t.Fatalf("no new session: %+v", joined.session)
	}
	day := e.do(joined.session.Value, "GET", "/o/acme/today", nil, nil)
	wantStatus(t, "the new member's day", day, 200, "Nina Neuve")
	u, err := e.db.FindUserByEmail(context.Background(), "nina@new.test")
	must(t, err)
	if a, _, err := e.db.Actor(context.Background(), u.ID, "acme"); err != nil || a.Role != closer.RoleSales || u.Lang != "en" {
		t.Fatalf("the new member: %+v %+v %v", u, a, err)
	}
	log, _, err := e.db.AuditLog(e.ctx["owner@acme.test"], closer.AuditFilter{Action: closer.AuditInviteAccept})
	if err != nil || len(log) != 1 || log[0].UserID != u.ID {
		t.Errorf("audit: %+v %v", log, err)
	}

	// Used: 410, in the reader's language; posting again creates nothing.
	wantStatus(t, "used, signed in", e.do(joined.session.Value, "GET", path, nil, nil), 410, "Invitation already used")
	wantStatus(t, "used, signed out", e.do("", "POST", path, form, nil), 410, "Invitation déjà utilisée", "Acme")
	if strings.Contains(e.log.String(), strings.TrimPrefix(path, "/invitations/")) {
		t.Errorf("the log holds an invitation secret:\n%s", e.log)
	}
}

// TestInvitationPageExistingUser: the invited e-mail has an account: sign
// in first and come back, then accept; someone else signed in cannot
// accept for them.
func TestInvitationPageExistingUser(t *testing.T) {
	e := newInvEnv(t, nil)
	path, _ := e.invite("owner@other.test", closer.RoleConsultant)

	res := e.do("", "GET", path, nil, nil)
	signin := "/signin?" + url.Values{"email": {"owner@other.test"}, "next": {path}}.Encode()
	wantStatus(t, "signed out", res, 200, `id="invite-signin"`, html.EscapeString(signin), "consultant")
	if strings.Contains(res.body, `id="invite-join"`) {
		t.Error("an existing account is offered to create it again")
	}
	if r := e.do("", "POST", path, url.Values{"name": {"X"}, "password": {"a long password"}, "confirm_password": {"a long password"}}, nil); r.status != 303 || r.location != signin {
		t.Fatalf("post signed out: %d %q", r.status, r.location)
	}
	wantStatus(t, "the sign-in page", e.do("", "GET", signin, nil, nil), 200, `value="owner@other.test"`, `name="next" value="`+path+`"`)

	// Signing in comes back to the invitation.
	in := e.do("", "POST", "/signin", url.Values{"email": {"owner@other.test"}, "password": {fixturePassword}, "next": {path}}, nil)
	if in.status != 303 || in.location != path || in.session == nil {
		t.Fatalf("sign in: %d %q", in.status, in.location)
	}
	wantStatus(t, "signed in as the invited person", e.do(in.session.Value, "GET", path, nil, nil), 200, `id="invite-accept"`, "Accepter et rejoindre Acme")

	// Someone else: a clear message, nothing accepted.
	other := e.session("sales@acme.test")
	wantStatus(t, "someone else", e.do(other, "GET", path, nil, nil), 403, `id="invite-other"`, "owner@other.test", "sales@acme.test")
	wantStatus(t, "someone else posts", e.do(other, "POST", path, url.Values{}, nil), 403, `id="invite-other"`)
	out := e.do(other, "POST", "/signout", url.Values{"next": {path}}, nil)
	if out.status != 303 || out.location != path {
		t.Errorf("sign out to go on: %d %q", out.status, out.location)
	}
	if r := e.do("", "POST", "/signout", url.Values{"next": {"//evil.example/"}}, nil); r.location != "/" {
		t.Errorf("sign out to another site: %q", r.location)
	}
	if _, _, err := e.db.Actor(context.Background(), e.ids["owner@other.test"], "acme"); closer.ErrorCode(err) != closer.ENOTFOUND {
		t.Fatalf("accepted before the invited person did: %v", err)
	}

	acc := e.do(in.session.Value, "POST", path, url.Values{}, nil)
	if acc.status != 303 || acc.location != "/o/acme/today" || acc.flash != "Bienvenue dans Acme." {
		t.Fatalf("accept: %d %q %q\n%.1000s", acc.status, acc.location, acc.flash, acc.body)
	}
	if a, _, err := e.db.Actor(context.Background(), e.ids["owner@other.test"], "acme"); err != nil || a.Role != closer.RoleConsultant {
		t.Fatalf("after accepting: %+v %v", a, err)
	}
}

// TestInvitationPageGone: a revoked or expired invitation says so (410),
// naming whom to ask.
func TestInvitationPageGone(t *testing.T) {
	e := newInvEnv(t, nil)
	revoked, inv := e.invite("late@new.test", closer.RoleSales)
	must(t, e.db.RevokeInvitation(e.ctx["owner@acme.test"], inv.ID))
	wantStatus(t, "revoked", e.do("", "GET", revoked, nil, nil), 410, "Invitation retirée", "Alice Martin")
	expired, _ := e.invite("late@new.test", closer.RoleSales)
	e.now = invNow.Add(closer.InvitationTTL + time.Minute)
	wantStatus(t, "expired", e.do("", "GET", expired, nil, nil), 410, "Invitation expirée", "23 juin 2025 12:00")
	wantStatus(t, "expired, posted", e.do("", "POST", expired, url.Values{"name": {"Late"}, "password": {"a long password"}, "confirm_password": {"a long password"}}, nil), 410)
}

// TestInvitationSettings: owners invite from the members section without
// an e-mail server: the link is shown once, the pending list shows who and
// until when but never a link; a new link ends the old one; revoke.
func TestInvitationSettings(t *testing.T) {
	e := newInvEnv(t, nil)
	owner, manager := e.session("owner@acme.test"), e.session("manager@acme.test")

	page := e.do(owner, "GET", "/o/acme/settings", nil, nil)
	wantStatus(t, "settings", page, 200, `id="invite-form"`, "Aucun serveur d'e-mail n'est configuré", "Aucune invitation en attente.")
	if p := e.do(manager, "GET", "/o/acme/settings", nil, nil); p.status != 200 || strings.Contains(p.body, `id="invite-form"`) {
		t.Errorf("a manager sees the invitation form (status %d)", p.status)
	}
	invite := url.Values{"email": {"nina@new.test"}, "role": {"sales"}}
	wantStatus(t, "a manager invites", e.do(manager, "POST", "/o/acme/settings/invitations", invite, nil), 403)
	wantStatus(t, "bad e-mail", e.do(owner, "POST", "/o/acme/settings/invitations", url.Values{"email": {"nope"}, "role": {"sales"}}, nil),
		422, `id="invite-email-error"`, `value="nope"`)
	wantStatus(t, "bad role", e.do(owner, "POST", "/o/acme/settings/invitations", url.Values{"email": {"a@new.test"}, "role": {"boss"}}, nil),
		422, `id="invite-role-error"`)

	created := e.do(owner, "POST", "/o/acme/settings/invitations", invite, nil)
	wantStatus(t, "invite", created, 201, `data-mail="off"`, "nina@new.test est invité à rejoindre Acme avec le rôle : commercial.",
		`id="invite-copy"`, `data-select-on-focus`, "n'est affiché que maintenant")
	if created.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", created.header.Get("Cache-Control"))
	}
	link := shownLink(t, created.body)
	if !strings.HasPrefix(link, e.srv.URL+"/invitations/inv_") {
		t.Fatalf("link %q", link)
	}
	old := strings.TrimPrefix(link, e.srv.URL)
	wantStatus(t, "the link works", e.do("", "GET", old, nil, nil), 200, "Rejoindre Acme")

	list := e.do(owner, "GET", "/o/acme/settings", nil, nil)
	wantStatus(t, "pending list", list, 200, `id="invitations-list"`, "nina@new.test", "Alice Martin", "commercial", "23 juin 2025 12:00")
	if strings.Contains(list.body, strings.TrimPrefix(old, "/invitations/")) {
		t.Error("the pending list shows a link's secret")
	}
	invs, err := e.db.Invitations(e.ctx["owner@acme.test"])
	must(t, err)
	if len(invs) != 1 {
		t.Fatalf("pending: %+v", invs)
	}
	renewPath := "/o/acme/settings/invitations/" + idOf(invs[0].ID) + "/renew"
	wantStatus(t, "a manager renews", e.do(manager, "POST", renewPath, url.Values{}, nil), 403)
	renewed := e.do(owner, "POST", renewPath, url.Values{}, nil)
	wantStatus(t, "new link", renewed, 201, `data-mail="off"`)
	if shownLink(t, renewed.body) == link {
		t.Fatal("the new link is the old one")
	}
	wantStatus(t, "the old link", e.do("", "GET", old, nil, nil), 410, "Invitation retirée")
	wantStatus(t, "renew a replaced one", e.do(owner, "POST", renewPath, url.Values{}, nil), 404)

	invs, err = e.db.Invitations(e.ctx["owner@acme.test"])
	must(t, err)
	if len(invs) != 1 || invs[0].Email != "nina@new.test" || invs[0].Role != closer.RoleSales {
		t.Fatalf("pending after the new link: %+v", invs)
	}
	revoke := "/o/acme/settings/invitations/" + idOf(invs[0].ID) + "/revoke"
	wantStatus(t, "a manager revokes", e.do(manager, "POST", revoke, url.Values{}, nil), 403)
	other := e.session("owner@other.test")
	wantStatus(t, "another org revokes", e.do(other, "POST", "/o/other/settings/invitations/"+idOf(invs[0].ID)+"/revoke", url.Values{}, nil), 404)
	rv := e.do(owner, "POST", revoke, url.Values{}, nil)
	if rv.status != 303 || !strings.HasSuffix(rv.location, "#invitations") || rv.flash != "Invitation retirée." {
		t.Fatalf("revoke: %d %q %q", rv.status, rv.location, rv.flash)
	}
	wantStatus(t, "the revoked link", e.do("", "GET", strings.TrimPrefix(shownLink(t, renewed.body), e.srv.URL), nil, nil), 410)
	wantStatus(t, "nothing pending", e.do(owner, "GET", "/o/acme/settings", nil, nil), 200, "Aucune invitation en attente.")
}

// mailOf parses a message the test SMTP server got: its headers, decoded
// subject and body.
func mailOf(t *testing.T, m mailtest.Message) (*netmail.Message, string, string) {
	t.Helper()
	msg, err := netmail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		t.Fatalf("not a message: %v\n%s", err, m.Data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	must(t, err)
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	must(t, err)
	return msg, subject, string(body)
}

// TestInvitationMail: with an SMTP server, the invitation is e-mailed in
// the inviter's language (the invitee's when their account has one), with
// who invites, the org, the role, the link on the base URL and its expiry;
// the page and the API say it was sent.
func TestInvitationMail(t *testing.T) {
	smtp := mailtest.NewServer(t, mailtest.Options{})
	e := newInvEnv(t, func(s *web.Server) {
		m, err := mail.New("smtp://"+smtp.Addr, "Closer <closer@acme.test>")
		must(t, err)
		s.Mailer = m
		s.BaseURL = "https://crm.example.test/"
	})
	owner := e.session("owner@acme.test")
	wantStatus(t, "settings", e.do(owner, "GET", "/o/acme/settings", nil, nil), 200, "Le lien lui est envoyé par e-mail")

	created := e.do(owner, "POST", "/o/acme/settings/invitations", url.Values{"email": {"nina@new.test"}, "role": {"sales"}}, nil)
	wantStatus(t, "invite", created, 201, `data-mail="sent"`, "L'invitation a été envoyée par e-mail à nina@new.test.")
	link := shownLink(t, created.body)
	if !strings.HasPrefix(link, "https://crm.example.test/invitations/inv_") {
		t.Fatalf("link %q", link)
	}
	msgs := smtp.Messages()
	if len(msgs) != 1 || msgs[0].From != "closer@acme.test" || len(msgs[0].To) != 1 || msgs[0].To[0] != "nina@new.test" {
		t.Fatalf("envelopes: %+v", msgs)
	}
	hdr, subject, body := mailOf(t, msgs[0])
	if subject != "Alice Martin vous invite à rejoindre Acme sur Closer" || hdr.Header.Get("To") != "<nina@new.test>" ||
		!strings.Contains(hdr.Header.Get("From"), "closer@acme.test") {
		t.Errorf("headers: subject %q, %v", subject, hdr.Header)
	}
	for _, want := range []string{"Bonjour,", "Alice Martin vous invite à rejoindre Acme sur Closer, avec le rôle : commercial.",
		"\r\n" + link + "\r\n", "jusqu'au 23 juin 2025 12:00 (heure Europe/Paris)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the e-mail lacks %q:\n%s", want, body)
		}
	}
	// The e-mailed link works.
	wantStatus(t, "the e-mailed link", e.do("", "GET", strings.TrimPrefix(link, "https://crm.example.test"), nil, nil), 200, "Rejoindre Acme")

	// Someone whose account speaks English gets it in English; the API
	// says it was sent and gives the link.
	must(t, e.db.SetLang(context.Background(), e.ids["owner@other.test"], "en"))
	token, _, err := e.db.CreateToken(context.Background(), e.ids["owner@acme.test"], "test")
	must(t, err)
	res, answer := sendRequest(t, apiRequest(t, "POST", e.srv.URL+"/api/v1/orgs/acme/invitations", token, `{"email":"owner@other.test","role":"manager"}`))
	var got struct {
		Secret    string `json:"secret"`
		URL       string `json:"url"`
		EmailSent bool   `json:"email_sent"`
	}
	must(t, json.Unmarshal([]byte(answer), &got))
	if res.StatusCode != 201 || !got.EmailSent || got.URL != "https://crm.example.test/invitations/"+got.Secret {
		t.Fatalf("API: %d %+v", res.StatusCode, got)
	}
	msgs = smtp.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages", len(msgs))
	}
	_, subject, body = mailOf(t, msgs[1])
	if subject != "Alice Martin invites you to join Acme on Closer" || !strings.Contains(body, "with the role: manager.") || !strings.Contains(body, got.URL) {
		t.Errorf("English e-mail: %q\n%s", subject, body)
	}
}

// TestInvitationMailFailure: when the SMTP server refuses, the invitation
// is still created and its link shown, the page and the API say the e-mail
// was not sent, and the failure is logged.
func TestInvitationMailFailure(t *testing.T) {
	smtp := mailtest.NewServer(t, mailtest.Options{RejectRcpt: true})
	e := newInvEnv(t, func(s *web.Server) {
		m, err := mail.New("smtp://"+smtp.Addr, "closer@acme.test")
		must(t, err)
		s.Mailer = m
	})
	owner := e.session("owner@acme.test")
	created := e.do(owner, "POST", "/o/acme/settings/invitations", url.Values{"email": {"nina@new.test"}, "role": {"sales"}}, nil)
	wantStatus(t, "invite", created, 201, `data-mail="failed"`, "L'e-mail à nina@new.test n'a pas pu être envoyé.")
	link := shownLink(t, created.body)
	if !strings.HasPrefix(link, e.srv.URL+"/invitations/inv_") {
		t.Fatalf("link %q", link)
	}
	wantStatus(t, "the link works", e.do("", "GET", strings.TrimPrefix(link, e.srv.URL), nil, nil), 200, "Rejoindre Acme")
	if invs, err := e.db.Invitations(e.ctx["owner@acme.test"]); err != nil || len(invs) != 1 {
		t.Fatalf("pending: %+v %v", invs, err)
	}
	if log := e.log.String(); !strings.Contains(log, "invitation e-mail not sent") || !strings.Contains(log, "550") {
		t.Errorf("the failure is not logged:\n%s", log)
	}
	token, _, err := e.db.CreateToken(context.Background(), e.ids["owner@acme.test"], "test")
	must(t, err)
	res, b := sendRequest(t, apiRequest(t, "POST", e.srv.URL+"/api/v1/orgs/acme/invitations", token, `{"email":"x@new.test","role":"sales"}`))
	if res.StatusCode != 201 || !strings.Contains(b, `"email_sent":false`) {
		t.Fatalf("API: %d %s", res.StatusCode, b)
	}
	if len(smtp.Messages()) != 0 {
		t.Fatal("a message was accepted")
	}
}

// TestInvitationLinkHost: without a base URL the link is on the request's
// host; behind a trusted proxy, on the proxy's scheme and host; an
// untrusted client's X-Forwarded-* headers are ignored.
func TestInvitationLinkHost(t *testing.T) {
	for _, trust := range []bool{false, true} {
		e := newInvEnv(t, func(s *web.Server) { s.TrustProxy = trust })
		token, _, err := e.db.CreateToken(context.Background(), e.ids["owner@acme.test"], "test")
		must(t, err)
		req, err := http.NewRequest("POST", e.srv.URL+"/api/v1/orgs/acme/invitations", strings.NewReader(`{"email":"x@new.test","role":"sales"}`))
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-Proto", "https")
		req.Header.Set("X-Forwarded-Host", "crm.proxy.test")
		res, err := http.DefaultClient.Do(req)
		must(t, err)
		var got struct {
			URL       string `json:"url"`
			EmailSent bool   `json:"email_sent"`
		}
		must(t, json.NewDecoder(res.Body).Decode(&got))
		res.Body.Close()
		want := e.srv.URL + "/invitations/inv_"
		if trust {
			want = "https://crm.proxy.test/invitations/inv_"
		}
		if !strings.HasPrefix(got.URL, want) || got.EmailSent {
			t.Errorf("trust proxy %v: %+v, want %s…", trust, got, want)
		}
	}
}

// TestInvitationOfAMember: the members section refuses to invite a member
// who can sign in, by the e-mail field, pointing to the change of role; the
// page of an invitation older than its person's membership says that
// accepting changes their role, and accepting does.
func TestInvitationOfAMember(t *testing.T) {
	e := newInvEnv(t, nil)
	owner := e.session("owner@acme.test")
	wantStatus(t, "invite a member", e.do(owner, "POST", "/o/acme/settings/invitations", url.Values{"email": {"sales@acme.test"}, "role": {"manager"}}, nil),
		422, `id="invite-email-error"`, "sales@acme.test est déjà membre de cette organisation, en tant que commercial : changez son rôle dans la page Membres plutôt que de l'inviter.")

	path, _ := e.invite("owner@other.test", closer.RoleManager)
	must(t, e.db.AddMember(e.ctx["owner@acme.test"], "acme", "owner@other.test", closer.RoleSales)) // joined meanwhile
	olivier := e.session("owner@other.test")
	wantStatus(t, "the invitation of a member", e.do(olivier, "GET", path, nil, nil), 200, `id="invite-accept"`,
		`id="invite-role-change"`, "Vous êtes déjà membre de cette organisation, avec le rôle commercial : accepter vous donne le rôle responsable.")
	if acc := e.do(olivier, "POST", path, url.Values{}, nil); acc.status != 303 || acc.location != "/o/acme/today" {
		t.Fatalf("accept: %d %q\n%.1000s", acc.status, acc.location, acc.body)
	}
	if a, _, err := e.db.Actor(context.Background(), e.ids["owner@other.test"], "acme"); err != nil || a.Role != closer.RoleManager {
		t.Fatalf("after accepting: %+v %v", a, err)
	}
}
