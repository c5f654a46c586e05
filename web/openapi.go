package web

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes every route of the API (OpenAPI 3.1). It is
// written by hand; the tests check it against Routes and real answers.
//
//go:embed openapi.json
var openAPIDocument []byte

// OpenAPI returns the embedded OpenAPI document.
func OpenAPI() []byte { return openAPIDocument }

// serveOpenAPI answers the OpenAPI document (public: tools read it first).
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPIDocument)
}
