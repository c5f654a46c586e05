package web

import (
	"testing"

	"closer/importer"
)

// TestImportProfilesTranslated checks that the import screen describes
// every built-in profile in each language.
func TestImportProfilesTranslated(t *testing.T) {
	for _, p := range importer.Profiles() {
		for _, lang := range []string{"en", "fr"} {
			if _, ok := catalogs[lang]["imp.profiles."+p.Name]; !ok {
				t.Errorf("%s: no description of the profile %s", lang, p.Name)
			}
		}
	}
}
