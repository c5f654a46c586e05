package web

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// queryParam is a query parameter an API route takes; a repeatable one (an
// array in the document, such as status) may be given more than once.
type queryParam struct {
	name       string
	repeatable bool
}

// routeParams are the query parameters and request headers an API route
// takes, as its OpenAPI description names them.
type routeParams struct {
	query   []queryParam
	ifMatch bool // the route honours If-Match: it changes a versioned record
}

// apiParams maps each API route ("GET /api/v1/orgs/{slug}/stats") to the
// parameters its OpenAPI description names: the document is the one list
// of what each route takes.
var apiParams = sync.OnceValue(func() map[string]routeParams {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]apiParam `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		panic("web: the OpenAPI document: " + err.Error())
	}
	out := map[string]routeParams{}
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			var op struct {
				Parameters []apiParam `json:"parameters"`
			}
			if json.Unmarshal(raw, &op) != nil {
				continue // not an operation ("parameters", "summary")
			}
			rp := routeParams{query: []queryParam{}}
			for _, p := range op.Parameters {
				if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
					p = doc.Components.Parameters[name]
				}
				switch {
				case p.In == "query":
					rp.query = append(rp.query, queryParam{p.Name, p.Schema.Type == "array"})
				case p.In == "header" && p.Name == "If-Match":
					rp.ifMatch = true
				}
			}
			slices.SortFunc(rp.query, func(a, b queryParam) int { return strings.Compare(a.name, b.name) })
			out[strings.ToUpper(method)+" "+path] = rp
		}
	}
	return out
})

type apiParam struct {
	Ref    string `json:"$ref"`
	Name   string `json:"name"`
	In     string `json:"in"`
	Schema struct {
		Type string `json:"type"`
	} `json:"schema"`
}

// refuseUnknownParams answers 400 to a request of an API route that names a
// query parameter the route does not take, one it takes once given twice,
// or one given empty: a misspelt filter (?stauts=won) would otherwise be
// ignored, ?owner=3&owner=4 read as owner=3, and ?group= read as no group,
// and the answer taken for what was asked. An empty value is refused for
// every parameter alike (the document's info says so), so that no handler
// has its own idea of what "?x=" means. Only API routes are checked: the web
// app's pages take their forms' empty fields as absent.
//
// It refuses If-Match too where the route has no version to compare it
// with: RFC 9110 (13.1.1) forbids performing a method whose If-Match
// condition is false, and a condition that cannot be evaluated must not
// pass for a true one (a stale DELETE of an account went through).
func (s *Server) refuseUnknownParams(rt Route, next http.Handler) http.Handler {
	params := apiParams()[rt.Method+" "+rt.Pattern]
	known := params.query
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, sent := r.Header["If-Match"]; sent && !params.ifMatch {
			s.fail(w, r, invalidRequest("If-Match", "This endpoint takes no If-Match: %s.", noPrecondition(rt)))
			return
		}
		query := r.URL.Query()
		// in the order of their names, so that the same request always
		// names the same parameter
		for _, name := range slices.Sorted(maps.Keys(query)) {
			values := query[name]
			i := slices.IndexFunc(known, func(p queryParam) bool { return p.name == name })
			if i >= 0 && len(values) > 1 && !known[i].repeatable {
				s.fail(w, r, invalidRequest(name, "The parameter %q is given %d times: give it once.", name, len(values)))
				return
			} else if i >= 0 && slices.Contains(values, "") {
				s.fail(w, r, invalidRequest(name, "Parameter %q is empty: give a value or leave it out.", name))
				return
			} else if i >= 0 {
				continue
			}
			takes := "none"
			if len(known) > 0 {
				names := make([]string, len(known))
				for i, p := range known {
					names[i] = p.name
				}
				takes = strings.Join(names, ", ")
			}
			s.fail(w, r, invalidRequest(name, "Unknown parameter %q: this endpoint takes %s.", name, takes))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// noPrecondition says why a route takes no If-Match, and what to do.
func noPrecondition(rt Route) string {
	switch {
	case rt.Method == http.MethodGet:
		return "a read changes nothing; only the changes of an opportunity or a note are conditional"
	case strings.Contains(rt.Pattern, "/opportunities"), strings.Contains(rt.Pattern, "/notes"):
		return "this request has no version to compare it with (the changes of an existing opportunity or note do); leave the header out"
	}
	return "these records have no version to compare it with (only opportunities and notes do), so the condition could not be checked; leave the header out"
}
