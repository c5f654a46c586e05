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

// TestImportEntitiesTranslated checks that the import screen has, in each
// language, the words of every entity it takes and of each of its fields.
func TestImportEntitiesTranslated(t *testing.T) {
	for _, e := range importEntities {
		keys := []string{"imp.entity." + e, "imp.summary_done." + e, "imp.summary_dry." + e, "imp.see." + e, "imp.columns_lead." + e}
		if len(importDefaults[e]) > 0 {
			keys = append(keys, "imp.defaults_lead."+e)
		}
		for _, f := range importer.Fields(e) {
			keys = append(keys, "imp.field."+f)
		}
		for _, lang := range langs {
			for _, k := range keys {
				if _, ok := catalogs[lang][k]; !ok {
					t.Errorf("%s: no %s", lang, k)
				}
			}
		}
	}
}
