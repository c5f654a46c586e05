package web

import (
	"net/http"
	"strconv"
	"time"

	"closer"
)

// The "My account" page (/account): the signed-in user's own sessions, API
// tokens and password. Every action acts on the reader only: the store is
// given the reader's id, so another user's session or token answers 404.

// myAccountData is the account page.
type myAccountData struct {
	Sessions []closer.Session
	Tokens   []closer.Token
	// Failed names the refused form ("password", "token"); Form holds it.
	Failed string
	Form   *form
	// Secret is a token just created, shown this once (the token page).
	Secret string
	Token  *closer.Token
	// loc is the time zone of the reader's first org (the page belongs to
	// no org); Europe/Paris when they have none.
	loc  *time.Location
	lang string
}

// When formats an instant in the reader's time zone and language.
func (d *myAccountData) When(t time.Time) string { return formatTime(d.lang, t, d.loc) }

// Err returns the message next to a field of the refused form key, or "".
func (d *myAccountData) Err(key, field string) string {
	if d.Form != nil && d.Failed == key {
		return d.Form.Error(field)
	}
	return ""
}

// Val returns a field of the refused form key as typed, or "".
func (d *myAccountData) Val(key, field string) string {
	if d.Form != nil && d.Failed == key {
		return d.Form.Get(field)
	}
	return ""
}

func (s *Server) myAccountPageRoutes() []Route {
	return []Route{
		{"GET", "/account", Page, s.myAccountPage},
		{"POST", "/account/password", Page, s.postPassword},
		{"POST", "/account/sessions/{ref}/revoke", Page, s.postRevokeSession},
		{"POST", "/account/sessions/revoke-others", Page, s.postRevokeOtherSessions},
		{"POST", "/account/tokens", Page, s.postCreateToken},
		{"POST", "/account/tokens/{id}/revoke", Page, s.postRevokeToken},
	}
}

// currentSession returns the secret of the request's session cookie.
func currentSession(r *http.Request) string {
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// myAccountPage shows the reader's sessions, tokens and the password form.
func (s *Server) myAccountPage(w http.ResponseWriter, r *http.Request) {
	s.showMyAccount(w, r, http.StatusOK, "", nil)
}

func (s *Server) showMyAccount(w http.ResponseWriter, r *http.Request, status int, failed string, f *form) {
	u := userFromContext(r.Context())
	d := &myAccountData{Failed: failed, Form: f, lang: preferredLang(u, r), loc: (&closer.Org{}).Location()}
	orgs, err := s.Orgs.OrgsOf(r.Context(), u.ID)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if len(orgs) > 0 {
		d.loc = orgs[0].Location()
	}
	if d.Sessions, err = s.Access.UserSessions(r.Context(), u.ID, currentSession(r)); err != nil {
		s.failPage(w, r, err)
		return
	}
	if d.Tokens, err = s.Access.UserTokens(r.Context(), u.ID); err != nil {
		s.failPage(w, r, err)
		return
	}
	s.render(w, r, status, "myaccount", s.newView(w, r, "acct.title", d))
}

// postPassword changes the reader's password; their other sessions end.
func (s *Server) postPassword(w http.ResponseWriter, r *http.Request) {
	u := userFromContext(r.Context())
	lang := preferredLang(u, r)
	f := parseForm(r, lang)
	if f.Get("new_password") != f.Get("confirm_password") {
		f.SetError("confirm_password", translate(lang, "acct.password.mismatch"))
		s.showMyAccount(w, r, f.Status(), "password", f)
		return
	}
	err := s.Access.ChangePassword(r.Context(), u.ID, f.Get("current_password"), f.Get("new_password"), currentSession(r))
	if err != nil {
		if f.Fail(err) {
			s.showMyAccount(w, r, f.Status(), "password", f)
			return
		}
		s.failPage(w, r, err)
		return
	}
	flash(w, r, translate(lang, "acct.password.changed"))
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// postRevokeSession ends one of the reader's sessions.
func (s *Server) postRevokeSession(w http.ResponseWriter, r *http.Request) {
	u := userFromContext(r.Context())
	if err := s.Access.RevokeSession(r.Context(), u.ID, r.PathValue("ref")); err != nil {
		s.failPage(w, r, err)
		return
	}
	flash(w, r, translate(preferredLang(u, r), "acct.sessions.revoked"))
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// postRevokeOtherSessions signs the reader out everywhere else.
func (s *Server) postRevokeOtherSessions(w http.ResponseWriter, r *http.Request) {
	u := userFromContext(r.Context())
	n, err := s.Access.RevokeOtherSessions(r.Context(), u.ID, currentSession(r))
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	flash(w, r, translate(preferredLang(u, r), "acct.sessions.revoked_others", n))
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// postCreateToken makes an API token and shows its secret this once, on a
// page that is not cached and not redirected to (a reload does not show it
// again: it makes nothing either, the browser asks before posting again).
func (s *Server) postCreateToken(w http.ResponseWriter, r *http.Request) {
	u := userFromContext(r.Context())
	f := parseForm(r, preferredLang(u, r))
	secret, tok, err := s.Orgs.CreateToken(r.Context(), u.ID, f.Text("name"))
	if err != nil {
		if f.Fail(err) {
			s.showMyAccount(w, r, f.Status(), "token", f)
			return
		}
		s.failPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusCreated, "myaccount_token", s.newView(w, r, "acct.token.created_title", &myAccountData{Secret: secret, Token: tok}))
}

// postRevokeToken revokes one of the reader's tokens.
func (s *Server) postRevokeToken(w http.ResponseWriter, r *http.Request) {
	u := userFromContext(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.failPage(w, r, closer.Errorf(closer.ENOTFOUND, "Token not found."))
		return
	}
	if err := s.Access.RevokeToken(r.Context(), u.ID, id); err != nil {
		s.failPage(w, r, err)
		return
	}
	flash(w, r, translate(preferredLang(u, r), "acct.tokens.revoked"))
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}
