package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"closer"
)

const (
	sessionCookie = "closer_session"
	flashCookie   = "closer_flash"
)

// secureRequest reports whether the browser reached us over HTTPS, directly
// or through a TLS-terminating proxy: cookies are then marked Secure.
func secureRequest(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secureRequest(r),
	})
}

// requireSession puts the signed-in user of the session cookie in the
// context; a reader without a live session is sent to the sign-in page
// (and comes back where they were going).
func (s *Server) requireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u *closer.User
		if c, err := r.Cookie(sessionCookie); err == nil {
			u, err = s.Sessions.SessionUser(r.Context(), c.Value)
			if closer.ErrorCode(err) == closer.EINTERNAL {
				s.failPage(w, r, err)
				return
			}
		}
		if u == nil {
			next := "/"
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(contextWithUser(r.Context(), u)))
	})
}

// requireOrgPage resolves the reader's role in the org of {slug}; an org they
// are not an active member of is a 404 page, exactly like an unknown one.
func (s *Server) requireOrgPage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := userFromContext(r.Context())
		a, org, err := s.Orgs.Actor(r.Context(), u.ID, r.PathValue("slug"))
		if err != nil {
			s.failPage(w, r, err)
			return
		}
		ctx := closer.NewContextWithActor(r.Context(), a)
		ctx = contextWithOrg(ctx, org)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// newView gathers what every page shows: reader, org, language, flash.
func (s *Server) newView(w http.ResponseWriter, r *http.Request, title string, data any) *view {
	u := userFromContext(r.Context())
	v := &view{Lang: preferredLang(u, r), User: u, Path: r.URL.Path, Data: data, Request: r}
	v.Title = v.T(title)
	if org := orgFromContext(r.Context()); org != nil {
		v.Org = org
		v.Actor, _ = closer.ActorFromContext(r.Context())
		v.Today = closer.DateOf(s.now(), org.Location())
	}
	if u != nil {
		v.Orgs, _ = s.Orgs.OrgsOf(r.Context(), u.ID)
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if msg, err := url.QueryUnescape(c.Value); err == nil {
			v.Flash = msg
		}
		setCookie(w, r, flashCookie, "", -1)
	}
	return v
}

// flash shows a one-line message (already translated) on the next page.
func flash(w http.ResponseWriter, r *http.Request, msg string) {
	setCookie(w, r, flashCookie, url.QueryEscape(msg), 60)
}

// localPath keeps a redirect target on this site: a path, not "//host"
// nor "/\host" (browsers read a backslash as "/"). A space or a control
// character anywhere is refused too, since browsers drop tabs and newlines
// from a Location: "/<tab>/evil.example" would lead to evil.example.
func localPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") ||
		strings.IndexFunc(p, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return "/"
	}
	return p
}

type signinData struct {
	Email, Next string
	Error       string
}

// signinPage shows the sign-in form.
func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := s.newView(w, r, "signin.title", signinData{Next: localPath(q.Get("next")), Email: strings.TrimSpace(q.Get("email"))})
	s.render(w, r, http.StatusOK, "signin", v)
}

// signin checks the e-mail and password, opens a new session (a new id at
// every sign-in) and goes where the reader was going. Too many failures
// answer 429 with how long to wait (the store counts them and audits them).
func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	u, err := s.Orgs.Authenticate(r.Context(), email, password)
	if code := closer.ErrorCode(err); code == closer.EUNAUTHORIZED || code == closer.ETOOMANY {
		// Failures of unknown e-mails are in no org's audit log: the server log has them all.
		s.logger().Warn("sign-in refused", "email", email, "ip", closer.ClientIPFromContext(r.Context()), "reason", code)
	}
	if err != nil {
		v := s.newView(w, r, "signin.title", signinData{Email: email, Next: next, Error: errorText(preferredLang(nil, r), err)})
		status := http.StatusUnauthorized
		switch closer.ErrorCode(err) {
		case closer.EINTERNAL:
			status = http.StatusInternalServerError
		case closer.ETOOMANY:
			status = http.StatusTooManyRequests // the store did not even check the password
		}
		s.render(w, r, status, "signin", v)
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.Sessions.DeleteSession(r.Context(), c.Value)
	}
	secret, err := s.Sessions.CreateSession(r.Context(), u.ID)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	setCookie(w, r, sessionCookie, secret, int(closer.SessionTTL.Seconds()))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// signout ends the session (the store records it in the audit log) and
// goes to the sign-in page, or to the local page of the form's next (an
// invitation's page, to go on as the invited person).
func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.Sessions.DeleteSession(r.Context(), c.Value)
	}
	setCookie(w, r, sessionCookie, "", -1)
	next := "/signin"
	if n := r.PostFormValue("next"); n != "" {
		next = localPath(n)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// home sends a signed-in reader to their first org's day (a consultant of
// several orgs to their portfolio), or explains that
// they belong to none yet.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u := userFromContext(r.Context())
	orgs, err := s.Orgs.OrgsOf(r.Context(), u.ID)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if len(orgs) == 0 {
		s.render(w, r, http.StatusOK, "noorg", s.newView(w, r, "noorg.title", nil))
		return
	}
	if len(orgs) > 1 && slices.ContainsFunc(orgs, func(o *closer.Org) bool { return o.Role == closer.RoleConsultant }) {
		// A consultant following several clients starts from their portfolio.
		http.Redirect(w, r, "/portfolio", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/o/"+orgs[0].Slug+"/today", http.StatusSeeOther)
}

// setLang records the reader's language and goes back to the page.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	u := userFromContext(r.Context())
	lang := r.PostFormValue("lang")
	if err := s.Sessions.SetLang(r.Context(), u.ID, lang); err != nil {
		s.failPage(w, r, err)
		return
	}
	http.Redirect(w, r, localPath(r.PostFormValue("back")), http.StatusSeeOther)
}

// failPage shows an error as a page: 404, 403, 409, 401 or a 500 with a
// reference to the log line.
func (s *Server) failPage(w http.ResponseWriter, r *http.Request, err error) {
	code := closer.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusUnprocessableEntity {
		status = http.StatusBadRequest
	}
	v := s.newView(w, r, "error.title", nil)
	data := errorPage{Status: status, Message: errorText(v.Lang, err)}
	if code == closer.EINTERNAL {
		data.Reference = newReference()
		s.logger().Error("internal error", "ref", data.Reference, "method", r.Method, "path", logPath(r.URL.Path), "err", err)
		data.Message = v.T("error.internal", data.Reference)
	}
	v.Data = data
	s.render(w, r, status, "error", v)
}

type errorPage struct {
	Status    int
	Message   string
	Reference string
}
