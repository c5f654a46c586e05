package web

import (
	"net/url"
	"strings"
	"testing"
)

// TestLocalPath: a redirect target taken from a form or a query stays on
// this site, whatever a browser would make of it.
func TestLocalPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/o/acme/today", "/o/acme/today"},
		{"/o/acme/opportunities?status=won&q=caf%C3%A9", "/o/acme/opportunities?status=won&q=caf%C3%A9"},
		{"", "/"}, {"o/acme", "/"}, {"https://evil.example/", "/"}, {"//evil.example", "/"},
		{"/\\evil.example", "/"}, {"/\t/evil.example", "/"}, {"/\n/evil.example", "/"}, {"/\r\n/evil.example", "/"},
		{"\t//evil.example", "/"}, {"/ /evil.example", "/"}, {"/o/acme\\..\\..\\x", "/o/acme\\..\\..\\x"}, {"/o/acme/opportunities?q=a\\b", "/o/acme/opportunities?q=a\\b"}, {"/\x00/evil.example", "/"},
	} {
		if got := localPath(c.in); got != c.want {
			t.Errorf("localPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzLocalPath: whatever a form or query holds, the redirect target is a
// path of this site as a browser reads it (it removes tabs and newlines,
// and takes a backslash for a slash).
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/o/acme/today", "//evil.example", "/\\evil.example", "/\t/evil.example", "/%2F/evil.example", "https://evil.example", "/\u3000/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p := localPath(in)
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(strings.Trim(p, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
		if !strings.HasPrefix(browser, "/") || strings.HasPrefix(browser, "//") {
			t.Fatalf("localPath(%q) = %q, which a browser reads as %q", in, p, browser)
		}
		if u, err := url.Parse(browser); err == nil && u.Host != "" {
			t.Fatalf("localPath(%q) = %q leads to host %q", in, p, u.Host)
		}
	})
}
