package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"closer/sqlstore"
)

// noRedirects is an HTTP client that hands back redirects instead of
// following them, so that tests see where a page sends the browser.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// formRequest builds a request to target with the session secret as its
// cookie ("" for none) and form, url-encoded, as its body when not nil.
func formRequest(t testing.TB, method, target, session string, form url.Values) *http.Request {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	must(t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if session != "" {
		req.AddCookie(&http.Cookie{Name: "closer_session", Value: session})
	}
	return req
}

// apiRequest builds an API request to target with a bearer token and body
// as its JSON.
func apiRequest(t testing.TB, method, target, token, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	return req
}

// sendRequest sends req without following redirects and returns the
// response with its body read.
func sendRequest(t testing.TB, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := noRedirects.Do(req)
	must(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// pageResponse is what a page request answered: status, redirect, the flash
// message it set, and the page.
type pageResponse struct {
	status   int
	location string
	flash    string
	body     string
}

// newPageResponse reads a response's status, redirect and flash message.
func newPageResponse(res *http.Response, body string) pageResponse {
	out := pageResponse{status: res.StatusCode, location: res.Header.Get("Location"), body: body}
	for _, c := range res.Cookies() {
		if c.Name == "closer_flash" && c.Value != "" {
			out.flash, _ = url.QueryUnescape(c.Value)
		}
	}
	return out
}

// wantPage fails unless the page answered status and holds every text.
func wantPage(t *testing.T, what string, r pageResponse, status int, texts ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.status, status, r.body)
	}
	for _, s := range texts {
		if !strings.Contains(r.body, s) {
			t.Fatalf("%s: the page lacks %q\n%s", what, s, r.body)
		}
	}
}

// wantTexts fails unless the page holds every text of contains and none of
// lacks.
func wantTexts(t *testing.T, body string, contains, lacks []string) {
	t.Helper()
	for _, s := range contains {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	for _, s := range lacks {
		if strings.Contains(body, s) {
			t.Errorf("page shows %q", s)
		}
	}
}

// pageRequest sends a request to the web app as userID (0: no session),
// with form as its body when not nil, without following redirects.
func pageRequest(t *testing.T, db *sqlstore.DB, baseURL string, userID int64, method, path string, form url.Values) pageResponse {
	t.Helper()
	session := ""
	if userID != 0 {
		session = newSession(t, db, userID)
	}
	return newPageResponse(sendRequest(t, formRequest(t, method, baseURL+path, session, form)))
}

// newSession opens a session for a user and returns its secret.
func newSession(t testing.TB, db *sqlstore.DB, userID int64) string {
	t.Helper()
	secret, err := db.CreateSession(context.Background(), userID)
	must(t, err)
	return secret
}
