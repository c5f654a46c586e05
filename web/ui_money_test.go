package web

import (
	"strings"
	"testing"
)

// TestFormMoney checks amounts typed in each language: a thousands group or
// a decimal mark of either convention, and "12,345" typed by a French reader
// (three decimals, or an English thousands group?) refused with its own
// message rather than read as 12.35.
func TestFormMoney(t *testing.T) {
	for _, c := range []struct {
		lang, in string
		want     int64
		err      string // a fragment of the error; "" when accepted
	}{
		{"fr", "1 234,50", 123450, ""},
		{"fr", "12.345", 1234500, ""},
		{"fr", "1234.5", 123450, ""},
		{"fr", "12,345", 0, "Trois décimales"},
		{"fr", "abc", 0, "Montant illisible"},
		{"en", "12,345", 1234500, ""},
		{"en", "12.345", 0, "Three decimals"},
		{"en", "1,234.50", 123450, ""},
		{"en", "1200,50", 120050, ""}, // a lone comma before two digits is a decimal mark
		{"fr", "1200.50", 120050, ""},
		{"en", "1,2000", 0, "Unreadable"},
		{"fr", "1.2000", 0, "Montant illisible"},
	} {
		f := newForm(c.lang)
		f.Values.Set("amount", c.in)
		got := f.Money("amount")
		if msg := f.Error("amount"); (c.err == "") != (msg == "") || c.err != "" && !strings.Contains(msg, c.err) {
			t.Errorf("%s %q: error %q, want %q", c.lang, c.in, msg, c.err)
		} else if c.err == "" && int64(got) != c.want {
			t.Errorf("%s %q: got %d, want %d", c.lang, c.in, got, c.want)
		}
	}
}
