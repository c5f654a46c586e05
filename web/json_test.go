package web

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"closer"
)

// decode runs readJSON on body as a request would.
func decode(body string, dst any) error {
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	return readJSON(httptest.NewRecorder(), r, dst)
}

func TestReadJSON(t *testing.T) {
	for _, c := range []struct {
		name, body, field string
		ok                bool
	}{
		{"valid", `{"title": "x", "amount": 5, "stage": 3, "competitor": "unknown", "detected_on": null}`, "", true},
		{"empty", ``, "", false},
		{"malformed", `{"title": "x"`, "", false},
		{"not JSON", `<html>`, "", false},
		{"trailing", `{"title": "x"}]`, "", false},
		{"two values", `{} {}`, "", false},
		{"unknown field", `{"titel": "x"}`, "titel", false},
		{"wrong type", `{"title": 5}`, "title", false},
		{"fractional amount", `{"amount": 1.5}`, "amount", false},
		{"bad date", `{"review_on": "2025-13-01"}`, "review_on", false},
		{"date of wrong type", `{"closed_on": 20250101}`, "closed_on", false},
		{"reference of wrong type", `{"stage": true}`, "stage", false},
		{"reference not an integer", `{"owner": 1.5}`, "owner", false},
		{"array", `[]`, "", false},
		{"a field twice", `{"title": "x", "amount": 5, "title": "y"}`, "title", false},
		{"a field twice in two cases", `{"title": "x", "Title": "y"}`, "Title", false},
		{"oversized", `{"title": "` + strings.Repeat("a", maxBody) + `"}`, "", false},
		{"a name in capitals", `{"TITLE": "upper"}`, "TITLE", false},
		{"a name in another case", `{"title": "x", "Amount": 5}`, "Amount", false},
		{"null", `null`, "", false},
		{"a string", `"x"`, "", false},
		{"invalid UTF-8", "{\"title\": \"caf\xe9\"}", "title", false},
		{"invalid UTF-8 in a name", "{\"title\": \"x\", \"n\xe9\": 1}", "n\ufffd", false},
		{"a lone high surrogate", `{"note": "a\ud800"}`, "note", false},
		{"a lone low surrogate", `{"note": "\udc00b"}`, "note", false},
		{"a high surrogate before another escape", `{"note": "\ud800\u0041"}`, "note", false},
		{"two high surrogates", `{"note": "\ud800\ud800"}`, "note", false},
		{"a surrogate pair", `{"note": "\ud83d\ude00 \u00e9 \\ud800 \"\\"}`, "", true},
		{"UTF-8", `{"title": "Électricité 😀"}`, "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var in opportunityInput
			err := decode(c.body, &in)
			if c.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var br *badRequest
			if !errors.As(err, &br) {
				t.Fatalf("got %v, want a 400", err)
			}
			if got := closer.ErrorField(err); got != c.field {
				t.Errorf("field %q, want %q (%v)", got, c.field, err)
			}
		})
	}
}

// FuzzReadJSON checks that no body makes the decoder panic, and that every
// refusal is a 400.
func FuzzReadJSON(f *testing.F) {
	for _, s := range []string{`{"title": "x"}`, `{"amount": -1}`, `{"stage": "1"}`, `{"version": 2}`, `{`, `null`, `{"competitor": null}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var in opportunityInput
		err := decode(body, &in)
		var br *badRequest
		if err != nil && !errors.As(err, &br) {
			t.Fatalf("%q: %v is not a 400", body, err)
		}
	})
}
