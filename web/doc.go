// Package web serves Closer over HTTP: the JSON API under /api/v1, described
// by the OpenAPI 3.1 document it embeds, and the health check. It depends on
// the service interfaces of package closer only; cmd/closer wires the store.
package web
