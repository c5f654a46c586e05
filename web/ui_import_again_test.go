package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestImportScreenAgainDiffering: an updated export imported again from
// the import screen changes nothing, and its report names the rows whose
// status, owner or amount differ from what is stored, in the reader's
// language (N5 of the fifth QA round).
func TestImportScreenAgainDiffering(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	res := e.upload(mgr, "pipeline.csv", importCSV, "maven")
	res = e.do(mgr, "POST", res.location, mappingForm("import"))
	if rep := e.importJob(mgr, res.location); rep.status != 200 || !strings.Contains(rep.body, `id="see-opportunities"`) {
		t.Fatalf("first import: %d\n%s", rep.status, rep.body)
	}
	updated := strings.Replace(importCSV, "Volets Petit,Bruno Roy,Petit & Fils,Engaging,2025-04-02,,", "Volets Petit,Anna Martin,Petit & Fils,Won,2025-04-02,2025-05-02,950", 1)
	res = e.upload(mgr, "pipeline.csv", updated, "maven")
	res = e.do(mgr, "POST", res.location, mappingForm("import"))
	rep := e.importJob(mgr, res.location)
	want := `<li id="differing">1 ligne retrouvée diffère de ce qui est enregistré, sans mise à jour (un import ne modifie jamais une opportunité : modifiez-la dans Closer) : ` +
		`ligne 4 (Statut gagnée, enregistré : en cours ; Commercial Anna Martin, enregistré : Bruno Roy ; Montant 950,00`
	if rep.status != http.StatusOK || !strings.Contains(rep.body, want) || !strings.Contains(rep.body, `<li id="unchanged">3 opportunités déjà dans l&#39;organisation (même client, même titre, même date de détection)`) {
		t.Fatalf("updated file: %d\n%s", rep.status, rep.body)
	}
}

// TestImportScreenGroupTitles: the report of a file with a group's name
// alone above a repeated header (a monday.com board) names it, and imports
// the rows below it only.
func TestImportScreenGroupTitles(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	lines := strings.SplitAfterN(importCSV, "\n", 2)
	header, rows := lines[0], lines[1]
	file := "Board\n\nActive\n" + header + rows + "\nWon\n" + header + "Auvent Leroy,Anna Martin,Leroy,Won,2025-01-10,2025-02-01,300\n"
	res := e.upload(mgr, "board.csv", file, "maven")
	res = e.do(mgr, "POST", res.location, mappingForm("dryrun"))
	rep := e.importJob(mgr, res.location)
	if rep.status != http.StatusOK || !strings.Contains(rep.body, `<li id="group-titles">dont des titres de groupe au-dessus d&#39;un en-tête répété, qui ne sont pas des enregistrements (chaque ligne garde son propre statut) : ligne 9 « Won »</li>`) ||
		!strings.Contains(rep.body, "4 opportunités seraient importées") {
		t.Fatalf("dry run: %d\n%s", rep.status, rep.body)
	}
}
