package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// apiQueryParams maps each API route ("GET /api/v1/orgs/{slug}/stats") to the
// query parameters its OpenAPI description names: the document is the one
// list of what each route takes.
var apiQueryParams = sync.OnceValue(func() map[string][]string {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]apiParam `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		panic("web: the OpenAPI document: " + err.Error())
	}
	out := map[string][]string{}
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			var op struct {
				Parameters []apiParam `json:"parameters"`
			}
			if json.Unmarshal(raw, &op) != nil {
				continue // not an operation ("parameters", "summary")
			}
			names := []string{}
			for _, p := range op.Parameters {
				if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
					p = doc.Components.Parameters[name]
				}
				if p.In == "query" {
					names = append(names, p.Name)
				}
			}
			slices.Sort(names)
			out[strings.ToUpper(method)+" "+path] = names
		}
	}
	return out
})

type apiParam struct {
	Ref  string `json:"$ref"`
	Name string `json:"name"`
	In   string `json:"in"`
}

// refuseUnknownParams answers 400 to a request of an API route that names a
// query parameter the route does not take: a misspelt filter (?stauts=won)
// would otherwise be ignored, and the answer taken for a filtered one.
func (s *Server) refuseUnknownParams(rt Route, next http.Handler) http.Handler {
	known := apiQueryParams()[rt.Method+" "+rt.Pattern]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for name := range r.URL.Query() {
			if slices.Contains(known, name) {
				continue
			}
			takes := "none"
			if len(known) > 0 {
				takes = strings.Join(known, ", ")
			}
			s.fail(w, r, invalidRequest(name, "Unknown parameter %q: this endpoint takes %s.", name, takes))
			return
		}
		next.ServeHTTP(w, r)
	})
}
