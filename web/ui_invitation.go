package web

import (
	"net/http"
	"net/url"
	"strings"

	"closer"
)

// The public page of an invitation's link, /invitations/{secret}. The
// secret is the credential: whoever holds it sees the org, the role and who
// invited, and then, depending on who they are:
//   - signed out, no account for the invited e-mail (or one without a
//     password, made by an import): a form to create the account, after
//     which they are signed in (a new session) in the org;
//   - signed out, an account exists: sign in first, then come back here;
//   - signed in with the invited e-mail: one Accept button;
//   - signed in as someone else: a message, nothing accepted for them.
// An unknown secret answers 404 and names nothing; a used, revoked or
// expired one 410. The page's forms are protected from cross-site posts
// like every other (guardPage).

// invitationPageRoutes lists the invitation link's page.
func (s *Server) invitationPageRoutes() []Route {
	return []Route{
		{"GET", "/invitations/{secret}", Public, s.invitationPage},
		{"POST", "/invitations/{secret}", Public, s.postInvitationPage},
	}
}

// The page's modes.
const (
	invJoin   = "join"   // create the account
	invSignIn = "signin" // sign in first
	invAccept = "accept" // signed in as the invited person
	invOther  = "other"  // signed in as someone else
)

// invitationData is the invitation page.
type invitationData struct {
	Inv   *closer.InvitationDetails
	Mode  string
	Path  string // the page's own path, for its forms
	Langs []string
	Form  *form
	lang  string
}

// Expires tells until when the invitation works, in the org's time zone.
func (d *invitationData) Expires() string {
	return formatTime(d.lang, d.Inv.Expires, (&closer.Org{Timezone: d.Inv.Timezone}).Location())
}

// RoleName is the invited role in the reader's language.
func (d *invitationData) RoleName() string { return translate(d.lang, "role."+string(d.Inv.Role)) }

// RoleChange tells a member already (an invitation older than their
// membership) that accepting changes their role, in the reader's language;
// "" when accepting changes no role.
func (d *invitationData) RoleChange() string {
	if d.Inv.MemberRole == "" || d.Inv.MemberRole == d.Inv.Role {
		return ""
	}
	return translate(d.lang, "invite.accept.member", translate(d.lang, "role."+string(d.Inv.MemberRole)), d.RoleName())
}

// SignInURL is the sign-in page, coming back here, the e-mail filled in.
func (d *invitationData) SignInURL() string {
	return "/signin?" + url.Values{"next": {d.Path}, "email": {d.Inv.Email}}.Encode()
}

// Val returns a field of the refused form as typed, or def.
func (d *invitationData) Val(field, def string) string {
	if d.Form != nil {
		return d.Form.Get(field)
	}
	return def
}

// Err returns the message next to a field of the refused form, or "".
func (d *invitationData) Err(field string) string {
	if d.Form != nil {
		return d.Form.Error(field)
	}
	return ""
}

// Message returns the refused form's message, or "".
func (d *invitationData) Message() string {
	if d.Form != nil {
		return d.Form.Message
	}
	return ""
}

// sessionUser returns the user of the request's session cookie, or nil:
// public pages may be read signed in or not.
func (s *Server) sessionUser(r *http.Request) (*closer.User, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, nil
	}
	u, err := s.Sessions.SessionUser(r.Context(), c.Value)
	if closer.ErrorCode(err) == closer.EINTERNAL {
		return nil, err
	}
	return u, nil
}

// loadInvitation reads the visitor and the invitation of the path's
// secret, and tells which mode the page is in. It answers the page itself
// (and false) for an unknown, used, revoked or expired invitation, or an
// internal error.
func (s *Server) loadInvitation(w http.ResponseWriter, r *http.Request) (*http.Request, *invitationData, bool) {
	u, err := s.sessionUser(r)
	if err != nil {
		s.failPage(w, r, err)
		return r, nil, false
	}
	if u != nil {
		r = r.WithContext(contextWithUser(r.Context(), u))
	}
	lang := preferredLang(u, r)
	secret := r.PathValue("secret")
	inv, err := s.Invitations.InvitationBySecret(r.Context(), secret)
	if closer.ErrorCode(err) == closer.ENOTFOUND {
		v := s.newView(w, r, "invite.unknown.title", nil)
		s.render(w, r, http.StatusNotFound, "invitation_gone", v)
		return r, nil, false
	} else if err != nil {
		s.failPage(w, r, err)
		return r, nil, false
	}
	d := &invitationData{Inv: inv, Path: invitationPath(secret), Langs: langs, lang: lang}
	if inv.State != closer.InvitationPending {
		v := s.newView(w, r, "invite."+string(inv.State)+".title", d)
		s.render(w, r, http.StatusGone, "invitation_gone", v)
		return r, nil, false
	}
	switch {
	case u != nil && strings.EqualFold(u.Email, inv.Email):
		d.Mode = invAccept
	case u != nil:
		d.Mode = invOther
	case inv.UserHasLogin:
		d.Mode = invSignIn
	default:
		d.Mode = invJoin
	}
	return r, d, true
}

// invitationPage shows the invitation and what the visitor can do with it.
func (s *Server) invitationPage(w http.ResponseWriter, r *http.Request) {
	r, d, ok := s.loadInvitation(w, r)
	if !ok {
		return
	}
	status := http.StatusOK
	if d.Mode == invOther {
		status = http.StatusForbidden
	}
	s.showInvitation(w, r, status, d)
}

func (s *Server) showInvitation(w http.ResponseWriter, r *http.Request, status int, d *invitationData) {
	s.render(w, r, status, "invitation", s.newView(w, r, "invite.title", d))
}

// postInvitationPage accepts the invitation for the signed-in invited
// person, or creates the account of a new one; either lands in the org.
func (s *Server) postInvitationPage(w http.ResponseWriter, r *http.Request) {
	r, d, ok := s.loadInvitation(w, r)
	if !ok {
		return
	}
	secret := r.PathValue("secret")
	switch d.Mode {
	case invOther:
		s.showInvitation(w, r, http.StatusForbidden, d)
	case invSignIn:
		http.Redirect(w, r, d.SignInURL(), http.StatusSeeOther)
	case invAccept:
		u := userFromContext(r.Context())
		org, err := s.Invitations.AcceptInvitation(r.Context(), secret, u.ID)
		if err != nil {
			s.invitationRefused(w, r, d, parseForm(r, d.lang), err)
			return
		}
		s.landInOrg(w, r, org, d.lang)
	case invJoin:
		f := parseForm(r, d.lang)
		lang := f.Get("lang")
		if lang != "fr" && lang != "en" {
			lang = d.lang
		}
		if f.Get("password") != f.Get("confirm_password") {
			f.SetError("confirm_password", translate(d.lang, "invite.mismatch"))
			d.Form = f
			s.showInvitation(w, r, f.Status(), d)
			return
		}
		u := &closer.User{Name: f.Text("name"), Lang: lang}
		org, err := s.Invitations.JoinByInvitation(r.Context(), secret, u, f.Get("password"))
		if err != nil {
			s.invitationRefused(w, r, d, f, err)
			return
		}
		// A new session id for the new member (any session the browser had ends).
		if c, err := r.Cookie(sessionCookie); err == nil {
			s.Sessions.DeleteSession(r.Context(), c.Value)
		}
		sid, err := s.Sessions.CreateSession(r.Context(), u.ID)
		if err != nil {
			s.failPage(w, r, err)
			return
		}
		setCookie(w, r, sessionCookie, sid, int(closer.SessionTTL.Seconds()))
		s.landInOrg(w, r, org, lang)
	}
}

// landInOrg welcomes the new member on the org's day.
func (s *Server) landInOrg(w http.ResponseWriter, r *http.Request, org *closer.Org, lang string) {
	flash(w, r, translate(lang, "invite.joined", org.Name))
	http.Redirect(w, r, "/o/"+org.Slug+"/today", http.StatusSeeOther)
}

// invitationRefused shows the page again after a refused accept or join:
// a field error next to its field; an account that appeared meanwhile
// turns the page into the sign-in step; an invitation used, revoked or
// expired meanwhile shows as such.
func (s *Server) invitationRefused(w http.ResponseWriter, r *http.Request, d *invitationData, f *form, err error) {
	switch closer.ErrorCode(err) {
	case closer.ENOTFOUND:
		// Used, revoked or expired meanwhile: the 404 or 410 page.
		if _, _, ok := s.loadInvitation(w, r); ok {
			s.failPage(w, r, err)
		}
		return
	case closer.ECONFLICT:
		d.Mode = invSignIn
		d.Form = newForm(d.lang)
		d.Form.Message = errorText(d.lang, err)
		s.showInvitation(w, r, http.StatusConflict, d)
		return
	}
	if !f.Fail(err) {
		s.failPage(w, r, err)
		return
	}
	d.Form = f
	s.showInvitation(w, r, f.Status(), d)
}
