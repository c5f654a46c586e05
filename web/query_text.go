package web

import (
	"net/http"
	"strings"

	"closer"
)

// refuseControlCharacters answers 400 to a request whose URL query holds
// text no page or list can take: bad UTF-8 or a control character (a NUL,
// which PostgreSQL cannot compare, would fail a search deep in the store).
// Every route's parameters are checked here, once; request bodies are
// checked by the domain (closer.CheckText).
func (s *Server) refuseControlCharacters(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for name, values := range r.URL.Query() {
			for _, v := range append([]string{name}, values...) {
				if err := closer.CheckText(name, v, len(v)); err != nil { // any length: the routes bound their own
					err = invalidRequest(name, "The parameter %q holds a control character or text that is not UTF-8.", name)
					if strings.HasPrefix(r.URL.Path, "/api/") {
						s.fail(w, r, err)
					} else {
						s.failPage(w, r, err)
					}
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}
