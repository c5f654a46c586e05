package web

import (
	"net/url"
	"testing"

	"closer"
)

// benchQuery is a list's query as the opportunities page sends it.
const benchQuery = "status=open&status=on_hold&owner=3&stage=2&q=menuiserie%20dupont&closed_from=2025-01-01&closed_to=2025-03-31&sort=-amount&offset=50"

// BenchmarkQueryCheck measures the check every request's query goes
// through (queryError), against what it replaced: parsing the query and
// checking each text, which dropped the pairs it could not parse.
func BenchmarkQueryCheck(b *testing.B) {
	b.Run("queryError", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if queryError(benchQuery) != nil {
				b.Fatal("refused")
			}
		}
	})
	b.Run("ParseQuery+CheckText", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			q, _ := url.ParseQuery(benchQuery)
			for name, values := range q {
				for _, v := range append([]string{name}, values...) {
					if closer.CheckText(name, v, len(v)) != nil {
						b.Fatal("refused")
					}
				}
			}
		}
	})
}
