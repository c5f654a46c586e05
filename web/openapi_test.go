package web_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"closer/web"
)

// apiRoutes returns "METHOD /path" for every API route of the server (the
// web app's pages are not part of the API document).
func apiRoutes() []string {
	var out []string
	for _, rt := range (&web.Server{}).Routes() {
		if strings.HasPrefix(rt.Pattern, "/api/") || rt.Pattern == "/healthz" {
			out = append(out, rt.Method+" "+rt.Pattern)
		}
	}
	slices.Sort(out)
	return out
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(web.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi is %q, want 3.1.0", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Error", "Opportunity", "Account", "Contact", "Quote", "Order", "Activity", "Target", "OpportunityList"} {
		if doc.Components.Schemas[name] == nil {
			t.Errorf("no component schema %s", name)
		}
	}
}

// TestOpenAPIDescribesEveryRoute checks that every route the server answers
// is described, and that every described path and method is a route.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(web.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	var described []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			described = append(described, method+" "+path)
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s %s has no operationId or summary", method, path)
			}
			if len(op.Responses.Map()) == 0 {
				t.Errorf("%s %s has no responses", method, path)
			}
			for _, name := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(path, -1) {
				if op.Parameters.GetByInAndName("path", name[1]) == nil {
					t.Errorf("%s %s does not describe its path parameter %s", method, path, name[1])
				}
			}
		}
	}
	slices.Sort(described)
	routes := apiRoutes()
	for _, r := range routes {
		if !slices.Contains(described, r) {
			t.Errorf("route %s is not described by the OpenAPI document", r)
		}
	}
	for _, d := range described {
		if !slices.Contains(routes, d) {
			t.Errorf("the document describes %s, which no route serves", d)
		}
	}
}

// TestMain runs the tests, then, when the whole suite ran and passed,
// checks that the scenario tables got a successful, validated answer from
// every API route: the document is checked against real responses of all
// of them, not only of some.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		var missing []string
		for _, r := range apiRoutes() {
			if !covered[r] {
				missing = append(missing, r)
			}
		}
		if len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: no scenario got a validated successful answer from:\n  %s\n", strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}
