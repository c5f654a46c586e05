package main

import (
	"net/url"
	"strings"
)

// redact hides the password of a URL (a postgres:// --db, an smtp://
// server) before it is shown: postgres://user:***@host/db. Anything that is
// not a URL with a password is returned as it is; a URL that does not parse
// is reduced to its scheme.
func redact(s string) string {
	scheme, _, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		return scheme + "://…"
	}
	if _, has := u.User.Password(); !has {
		return s
	}
	u.User = url.UserPassword(u.User.Username(), "***")
	// url escapes the stars; the reader sees them plain.
	return strings.Replace(u.String(), ":%2A%2A%2A@", ":***@", 1)
}
