package importer

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"closer"
)

// TestRunReportsMissingColumns: a profile's optional column under another
// name ("Montant HT") is not read; the report names each field that found
// no column, what it got instead, and the file's columns left unread (F3).
func TestRunReportsMissingColumns(t *testing.T) {
	m, _ := Profile("excel-fr")
	data := "\uFEFFTitre;Statut;Client;Montant HT;Date de création;Étape\n" +
		"Devis 1;Ouverte;Acme;1 234,50;05/03/2024;Proposition\n" +
		"Devis 2;Ouverte;Beta;900;06/03/2024;Négociation\n"
	for _, dry := range []bool{true, false} {
		rep, err := Run(ownerCtx(), newFakeStore(), m, readString(t, "fr_ht.csv", data, m), Options{Now: fixedNow, DryRun: dry})
		if err != nil {
			t.Fatalf("run: %v %+v", err, rep.Problems)
		}
		byField := map[string]MissingColumn{}
		for _, mc := range rep.MissingColumns {
			byField[mc.Field] = mc
		}
		if mc := byField["amount"]; mc.Instead != InsteadZero || !slices.Equal(mc.Columns, []string{"Montant"}) {
			t.Errorf("amount: %+v", mc)
		}
		if mc := byField["detected_on"]; mc.Instead != InsteadToday || !slices.Equal(mc.Columns, []string{"Date de détection", "Date de detection"}) {
			t.Errorf("detected_on: %+v", mc)
		}
		if mc := byField["owner"]; mc.Instead != InsteadImporter {
			t.Errorf("owner: %+v", mc)
		}
		if mc := byField["competitor"]; mc.Instead != InsteadDefault || mc.Default != "unknown" {
			t.Errorf("competitor: %+v", mc)
		}
		if mc := byField["note"]; mc.Instead != InsteadEmpty {
			t.Errorf("note: %+v", mc)
		}
		if _, ok := byField["stage"]; ok {
			t.Errorf("stage has its column: %+v", rep.MissingColumns)
		}
		if !slices.Equal(rep.UnreadColumns, []string{"Montant HT", "Date de création"}) {
			t.Errorf("unread columns: %q", rep.UnreadColumns)
		}
		var out bytes.Buffer
		rep.WriteText(&out)
		for _, want := range []string{
			`not found: amount: no column "Montant" in the file: amounts set to 0`,
			`not found: detected_on: no column "Date de détection" or "Date de detection" in the file: detection dates set to today`,
			`not found: competitor: no column "Concurrent" in the file: the mapping's default "unknown" on every row`,
			"not found, left empty: contact, source, expected_close_on, next_action_on, next_action, hold_reason, review_on, closed_on, note, currency (no column in the file)\n",
			"the file's columns not read: Montant HT, Date de création\n",
		} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("summary lacks %q:\n%s", want, out.String())
			}
		}
	}

	// Every column found: nothing to say.
	full := "Titre;Statut\nDevis 1;Ouverte\n"
	m2, _ := ParseMapping(strings.NewReader(`{"columns": {"title": "Titre", "status": "Statut?"}, "values": {"status": {"Ouverte": "open"}}, "delimiter": ";"}`))
	rep, err := Run(ownerCtx(), newFakeStore(), m2, readString(t, "ok.csv", full, m2), Options{Now: fixedNow, DryRun: true})
	if err != nil || rep.MissingColumns != nil || rep.UnreadColumns != nil {
		t.Errorf("all found: %v %+v", err, rep)
	}
}

// TestRunRefusesMissingTitleColumn: a title whose column is optional and
// missing would refuse every row; the mapping is at fault, once.
func TestRunRefusesMissingTitleColumn(t *testing.T) {
	m, _ := ParseMapping(strings.NewReader(`{"columns": {"title": "Titre?", "amount": "Montant"}}`))
	_, err := Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", "Title,Montant\nA,1\n", m), Options{Now: fixedNow, DryRun: true})
	if closer.ErrorField(err) != "columns" || !strings.Contains(err.Error(), `no column "Titre" (for title)`) {
		t.Errorf("got %v", err)
	}
	// With a default title, every row has one.
	m, _ = ParseMapping(strings.NewReader(`{"columns": {"title": "Titre?", "amount": "Montant"}, "defaults": {"title": "Deal"}}`))
	if rep, err := Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", "Title,Montant\nA,1\n", m), Options{Now: fixedNow, DryRun: true}); err != nil || rep.Imported != 1 {
		t.Errorf("with a default title: %v %+v", err, rep)
	}
}
