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

// pageResponse is what a page request answered: status, redirect, the flash
// message it set, and the page.
type pageResponse struct {
	status   int
	location string
	flash    string
	body     string
}

// pageRequest sends a request to the web app as userID (0: no session),
// with form as its body when not nil, without following redirects.
func pageRequest(t *testing.T, db *sqlstore.DB, baseURL string, userID int64, method, path string, form url.Values) pageResponse {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, baseURL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if userID != 0 {
		secret, err := db.CreateSession(context.Background(), userID)
		if err != nil {
			t.Fatal(err)
		}
		req.AddCookie(&http.Cookie{Name: "closer_session", Value: secret})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	out := pageResponse{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b)}
	for _, c := range res.Cookies() {
		if c.Name == "closer_flash" && c.Value != "" {
			out.flash, _ = url.QueryUnescape(c.Value)
		}
	}
	return out
}
