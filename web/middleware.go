package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"closer"
)

// recoverPanics turns a panic in a handler into a logged 500, so that one bad
// request never takes the server down.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status a handler answered, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (rec *statusRecorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
	rec.ResponseWriter.WriteHeader(status)
}

func (rec *statusRecorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (rec *statusRecorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// logRequests logs one line per request: method, path, status, duration.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		s.logger().Info("request", "method", r.Method, "path", logPath(r.URL.Path), "status", rec.status,
			"duration", time.Since(start))
	})
}

// logPath is a request's path as the log shows it: an invitation's secret
// is a credential, so it is cut to its prefix.
func logPath(p string) string {
	for _, prefix := range []string{"/invitations/", "/api/v1/invitations/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			secret, tail, _ := strings.Cut(rest, "/")
			if len(secret) > 8 {
				secret = secret[:8] + "…"
			}
			if tail != "" {
				tail = "/" + tail
			}
			return prefix + secret + tail
		}
	}
	return p
}

// securityHeaders sets the headers every answer carries: no sniffing, no
// framing, no referrer leaks, and no caching of API answers.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
			h.Set("Cache-Control", "no-store")
		} else {
			// Pages: only this site's own files; no inline script or style.
			h.Set("Content-Security-Policy", pageCSP)
		}
		next.ServeHTTP(w, r)
	})
}

// pageCSP is the web app's Content-Security-Policy.
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

type userKey struct{}

// contextWithUser returns ctx carrying the signed-in user.
func contextWithUser(ctx context.Context, u *closer.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// userFromContext returns the signed-in user, or nil.
func userFromContext(ctx context.Context) *closer.User {
	u, _ := ctx.Value(userKey{}).(*closer.User)
	return u
}

type orgKey struct{}

// orgFromContext returns the org of the acting member, or nil.
func orgFromContext(ctx context.Context) *closer.Org {
	o, _ := ctx.Value(orgKey{}).(*closer.Org)
	return o
}

// requireUser authenticates the request with its bearer token and puts the
// user in the context; a missing or bad token answers 401.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			s.fail(w, r, closer.Errorf(closer.EUNAUTHORIZED, "Send a personal API token: Authorization: Bearer <token>."))
			return
		}
		u, err := s.Orgs.UserByToken(r.Context(), strings.TrimSpace(token))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(contextWithUser(r.Context(), u)))
	})
}

// requireActor resolves who the signed-in user is in the org of the path's
// {slug} and puts that closer.Actor, and the org, in the context. An org the user is not
// an active member of answers 404, exactly like an unknown one.
func (s *Server) requireActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := userFromContext(r.Context())
		if u == nil {
			s.fail(w, r, closer.Errorf(closer.EUNAUTHORIZED, "You must be signed in."))
			return
		}
		actor, org, err := s.Orgs.Actor(r.Context(), u.ID, r.PathValue("slug"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ctx := closer.NewContextWithActor(r.Context(), actor)
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, orgKey{}, org)))
	})
}
