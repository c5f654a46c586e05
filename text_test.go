package closer

import (
	"strings"
	"testing"
)

// TestCheckText refuses what no text field may hold, whatever the entry
// point: bad UTF-8, control characters (a NUL, which PostgreSQL cannot
// store), more characters than allowed.
func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		s  string
		ok bool
	}{
		{"Toiture – M. Lefèvre", true},
		{"two\nlines\r\nand\ta tab", true},
		{"", true},
		{"x\x00y", false},
		{"bell\a", false},
		{"\x1b[31mred", false},
		{"del\x7f", false},
		{"bad \xff utf-8", false},
		{"ééééé", true}, // 5 characters, 10 bytes
		{"123456", false},
	} {
		if err := CheckText("f", c.s, 22); (err == nil) != c.ok && c.s != "ééééé" && c.s != "123456" {
			t.Errorf("%q: %v", c.s, err)
		}
	}
	if CheckText("f", "ééééé", 5) != nil || CheckText("f", "123456", 5) == nil {
		t.Error("the length counts characters")
	}
}

// TestCheckWebsite accepts web addresses, with or without their scheme,
// and refuses other schemes; WebsiteURL makes a link of them.
func TestCheckWebsite(t *testing.T) {
	for _, c := range []struct {
		s, url string // url "": refused
	}{
		{"https://acme.fr", "https://acme.fr"},
		{"HTTP://acme.fr/contact", "HTTP://acme.fr/contact"},
		{"www.acme.fr", "https://www.acme.fr"},
		{"acme.fr:8080/shop", "https://acme.fr:8080/shop"},
		{"//acme.fr", "https://acme.fr"},
		{"javascript:alert(1)", ""},
		{"JavaScript:alert(1)", ""},
		{"data:text/html,<b>x</b>", ""},
		{"mailto:contact@acme.fr", ""},
	} {
		err := CheckWebsite("website", c.s)
		if (err == nil) != (c.url != "") || WebsiteURL(c.s) != c.url {
			t.Errorf("%q: %v, link %q", c.s, err, WebsiteURL(c.s))
		}
	}
}

// TestNormalizeEmail checks the shape of an address, and refuses one with a
// control character.
func TestNormalizeEmail(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{" Ann@Example.FR ", "ann@example.fr"},
		{"ann@example", ""},
		{"ann example@x.fr", ""},
		{"a\x00@x.fr", ""},
		{"a@x.f\x7fr", ""},
		{"<a@x.fr>", ""},
	} {
		got, err := NormalizeEmail(c.in)
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("%q: %q %v", c.in, got, err)
		}
	}
}

// TestCheckLine refuses in one-line fields (titles, names, numbers) what
// CheckText refuses, and line breaks and tabs too: every line break
// Unicode knows, which browsers and JavaScript break lines at.
func TestCheckLine(t *testing.T) {
	for _, c := range []struct {
		s  string
		ok bool
	}{
		{"Toiture – M. Lefèvre", true},
		{"", true},
		{"line\nbreak", false},
		{"carriage\rreturn", false},
		{"windows\r\n", false},
		{"a\ttab", false},
		{"bell\a", false},
		{"x\x00y", false},
		{"bad \xff utf-8", false},
		{"line\u2028separator", false},
		{"paragraph\u2029separator", false},
		{"next\u0085line", false},
		{"vertical\vtab", false},
		{"form\ffeed", false},
		{"no-break\u00a0space, thin\u2009space", true},
	} {
		if err := CheckLine("title", c.s, 100); (err == nil) != c.ok {
			t.Errorf("%q: %v", c.s, err)
		} else if err != nil && ErrorField(err) != "title" {
			t.Errorf("%q: the error names %q, not the field", c.s, ErrorField(err))
		}
	}
	if err := CheckLine("title", "é\u2028", 100); err == nil || !strings.Contains(err.Error(), "(U+2028)") {
		t.Errorf("the refusal names the character: %v", err)
	}
	if CheckLine("title", "ééééé", 5) != nil || CheckLine("title", "123456", 5) == nil {
		t.Error("the length counts characters")
	}
}

func TestJoinLines(t *testing.T) {
	for in, want := range map[string]string{
		"Rénovation\nfaçade":            "Rénovation façade",
		"Rénovation \r\n  façade\r\n":   "Rénovation façade",
		"A\r\rB":                        "A B",
		"\tA\tB \t C":                   "A B C",
		"A\u2028B\u2029C\u0085D\vE\fF":  "A B C D E F",
		"  one line, two  spaces kept ": "one line, two  spaces kept",
		"\n\n":                          "",
		"":                              "",
	} {
		got := JoinLines(in)
		if got != want {
			t.Errorf("JoinLines(%q) = %q, want %q", in, got, want)
		}
		if err := CheckLine("title", got, 200); err != nil {
			t.Errorf("JoinLines(%q) = %q: %v", in, got, err)
		}
	}
}
