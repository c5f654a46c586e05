package web_test

import (
	"net/url"
	"strings"
	"testing"

	"closer/sqlstore/sqltest"
)

// TestSecurityHeadersEverywhere: every answer, page or API, success,
// redirect or error, carries a Content-Security-Policy that allows no
// inline script and no framing, nosniff, and a Referrer-Policy.
func TestSecurityHeadersEverywhere(t *testing.T) {
	e := newSecEnv(t, sqltest.SQLite(t), false)
	owner := e.session("owner@acme.test")
	token, _, err := e.db.CreateToken(t.Context(), e.ids["owner@acme.test"], "headers")
	must(t, err)
	cases := []struct {
		name, session, method, path string
		form                        url.Values
		header                      map[string]string
		status                      int
	}{
		{"sign-in page", "", "GET", "/signin", nil, nil, 200},
		{"failed sign-in", "", "POST", "/signin", url.Values{"email": {"owner@acme.test"}, "password": {"no"}}, nil, 401},
		{"redirect to sign-in", "", "GET", "/o/acme/today", nil, nil, 303},
		{"a page", owner, "GET", "/o/acme/today", nil, nil, 200},
		{"account page", owner, "GET", "/account", nil, nil, 200},
		{"audit page", owner, "GET", "/o/acme/settings/audit", nil, nil, 200},
		{"page not found", owner, "GET", "/o/other/today", nil, nil, 404},
		{"cross-origin form", owner, "POST", "/account/sessions/revoke-others", url.Values{}, map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403},
		{"static file", "", "GET", "/static/closer.js", nil, nil, 200},
		{"health", "", "GET", "/healthz", nil, nil, 200},
		{"API without a token", "", "GET", "/api/v1/orgs", nil, nil, 401},
		{"API", "", "GET", "/api/v1/orgs", nil, map[string]string{"Authorization": "Bearer " + token}, 200},
		{"API not found", "", "GET", "/api/v1/nothing", nil, map[string]string{"Authorization": "Bearer " + token}, 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := e.do(c.session, c.method, c.path, c.form, c.header)
			if res.status != c.status {
				t.Fatalf("status %d, want %d", res.status, c.status)
			}
			h := res.header
			csp := h.Get("Content-Security-Policy")
			if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			if !strings.Contains(csp, "frame-ancestors 'none'") || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("framing allowed: CSP %q, X-Frame-Options %q", csp, h.Get("X-Frame-Options"))
			}
			if !strings.HasPrefix(c.path, "/api/") && c.path != "/healthz" && !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("pages run only this site's scripts: %q", csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", h.Get("X-Content-Type-Options"))
			}
			if h.Get("Referrer-Policy") == "" {
				t.Error("no Referrer-Policy")
			}
			if strings.HasPrefix(c.path, "/api/") && h.Get("Cache-Control") != "no-store" {
				t.Errorf("API Cache-Control %q", h.Get("Cache-Control"))
			}
		})
	}
	// No page holds an inline script or style, which the policy would block.
	for _, p := range []string{"/account", "/o/acme/settings/audit", "/o/acme/settings"} {
		body := e.do(owner, "GET", p, nil, nil).body
		for _, bad := range []string{"<script>", "<style", " style=", " onclick=", " onsubmit="} {
			if strings.Contains(body, bad) {
				t.Errorf("%s holds %q", p, bad)
			}
		}
	}
}
