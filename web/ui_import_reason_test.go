package web

import (
	"testing"

	"closer/importer"
)

// TestImportReasonTranslated checks that an import problem reads in the
// reader's language when the catalog knows its format, and as the importer
// wrote it otherwise.
func TestImportReasonTranslated(t *testing.T) {
	for _, c := range []struct {
		lang string
		p    importer.Problem
		want string
	}{
		{"fr", importer.Problem{Reason: "not an amount", Format: "not an amount"}, "pas un montant"},
		{"fr", importer.Problem{Reason: "the row has 4 fields, the header has 11", Format: "the row has %d fields, the header has %d", Args: []any{4, 11}},
			"la ligne a 4 champs, l'en-tête en a 11"},
		{"fr", importer.Problem{Reason: "The owner is required", Format: "The owner is required."}, "Le commercial est obligatoire"},
		{"en", importer.Problem{Reason: "not an amount", Format: "not an amount"}, "not an amount"},
		{"fr", importer.Problem{Reason: "a quote opens a cell that does not close on this line: check the quotes", Format: "a quote opens a cell that does not close on this line: check the quotes"},
			"un guillemet ouvre une cellule qui ne se ferme pas sur cette ligne : vérifiez les guillemets"},
		{"fr", importer.Problem{Reason: "the cell holds a spreadsheet error (a formula that failed)", Format: "the cell holds a spreadsheet error (a formula that failed)"},
			"la cellule contient une erreur de tableur (une formule qui a échoué)"},
		{"fr", importer.Problem{Reason: "something new"}, "something new"},
	} {
		if got := (&view{Lang: c.lang}).Reason(c.p); got != c.want {
			t.Errorf("%s %q: got %q, want %q", c.lang, c.p.Reason, got, c.want)
		}
	}
}
