package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"closer"
)

// refuseBadQueries answers 400 to a request whose URL query does not parse,
// or holds text no page or list can take: bad UTF-8 or a control character
// (a NUL, which PostgreSQL cannot compare, would fail a search deep in the
// store). Every route's parameters are checked here, once, the API's and
// the pages' alike; request bodies are checked by the domain
// (closer.CheckText).
func (s *Server) refuseBadQueries(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := queryError(r.URL.RawQuery); err != nil {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				s.fail(w, r, err)
			} else {
				s.failPage(w, r, err)
			}
			return
		}
		next.ServeHTTP(w, r)
	})
}

// queryError returns the 400 error of a query that does not parse or holds
// text that is not allowed, naming the parameter (or "query" when the
// parameter's own name cannot be read), or nil.
//
// Go's url.ParseQuery, behind r.URL.Query(), drops a pair that holds a ";"
// or a "%" not followed by two hexadecimal digits, and every handler would
// then answer as if it had not been given: "owner=3%" would answer the
// team's figures as Julien's, "status=won;lost" every status. A pair that
// does not parse is refused here, so that no handler sees a query with a
// pair missing.
func queryError(raw string) error {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue // "a=1&&b=2": nothing between the two, as ParseQuery reads it
		}
		key, value, _ := strings.Cut(pair, "=")
		name, nameErr := url.QueryUnescape(key)
		field := name // the parameter an error names: "query" when its name does not read
		if nameErr != nil || name == "" || strings.Contains(key, ";") || closer.CheckText("query", name, len(name)) != nil {
			field = "query"
		}
		if strings.Contains(pair, ";") {
			return invalidRequest(field, "The query holds %q: a \";\" does not separate parameters; separate them with & (and write a \";\" in a value as %%3B).", shown(pair))
		}
		v, valueErr := url.QueryUnescape(value)
		if nameErr != nil || valueErr != nil {
			return invalidRequest(field, "The query holds %q: a \"%%\" must be followed by two hexadecimal digits (write a \"%%\" in a value as %%25).", shown(pair))
		}
		for _, text := range []string{name, v} {
			if err := closer.CheckText(field, text, len(text)); err != nil { // any length: the routes bound their own
				return invalidRequest(field, "The parameter %q holds a control character or text that is not UTF-8.", field)
			}
		}
	}
	return nil
}

// shown cuts a query's pair to a length an error message can quote.
func shown(pair string) string {
	const most = 60
	if len(pair) <= most {
		return pair
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(pair[cut]) {
		cut--
	}
	return pair[:cut] + "…"
}
