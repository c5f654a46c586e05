package importer

import (
	"slices"
	"strings"

	"closer"
)

// spellings names homonymous accounts as they are spelt, each once, in
// their order, for a message that quotes them «…»: "Acme», «acme" when
// the file's "ACME" matches both, case aside.
func spellings(accounts []closer.AccountRef) string {
	var names []string
	for _, a := range accounts {
		if !slices.Contains(names, a.Name) {
			names = append(names, a.Name)
		}
	}
	return strings.Join(names, "», «")
}
