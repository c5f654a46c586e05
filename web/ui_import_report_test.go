package web_test

import (
	"net/url"
	"strings"
	"testing"

	"closer"
)

// frImportForm is the mapping step's form for a French file read with
// excel-fr's options, reading the columns given (field → column) and
// translating Ouverte, Gagnée and En attente.
func frImportForm(action string, cols map[string]string) url.Values {
	f := url.Values{"action": {action}, "profile": {"excel-fr"}, "delimiter": {";"}, "encoding": {"auto"}, "date_format": {"02/01/2006"},
		"decimal_separator": {","}, "nval.status": {"3"}, "from.status.0": {"Ouverte"}, "to.status.0": {"open"},
		"from.status.1": {"Gagnée"}, "to.status.1": {"won"}, "from.status.2": {"En attente"}, "to.status.2": {"on_hold"},
		"def.loss_reason": {"Non renseigné"}, "def.competitor": {"unknown"}}
	for field, col := range cols {
		f.Set("col."+field, col)
	}
	return f
}

// TestImportReportIgnoredFields: the web report counts, in the reader's
// language and with the form's labels, the cells a row's status does not
// use, which the import drops (F8).
func TestImportReportIgnoredFields(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	file := "Titre;Statut;Montant;Motif de perte;Motif d'attente;Date de clôture\n" +
		"A;Ouverte;100;Prix;;\n" +
		"B;Ouverte;100;Délai;;\n" +
		"C;Gagnée;100;;Appel d'offres;02/06/2025\n"
	res := e.uploadAs(mgr, "devis.csv", file, "excel-fr", "")
	if res.status != 303 {
		t.Fatalf("upload: %d %q", res.status, res.body)
	}
	form := frImportForm("dryrun", map[string]string{"title": "Titre", "status": "Statut", "amount": "Montant",
		"loss_reason": "Motif de perte", "hold_reason": "Motif d'attente", "closed_on": "Date de clôture"})
	rep := e.importJob(mgr, e.do(mgr, "POST", res.location, form).location)
	if rep.status != 200 || !strings.Contains(rep.body, `id="summary"`) {
		t.Fatalf("dry run: %d\n%s", rep.status, rep.body)
	}
	for _, want := range []string{
		`Motif de perte ignoré sur 2 lignes au statut « en cours », qui ne l&#39;utilise pas`,
		`Motif d&#39;attente ignoré sur 1 ligne au statut « gagnée », qui ne l&#39;utilise pas`,
	} {
		if !strings.Contains(rep.body, want) {
			t.Errorf("the report does not say %q:\n%s", want, rep.body)
		}
	}
}

// TestImportReportMissingColumns: with excel-fr, a file whose amount and
// detection date are under other names ("Montant HT", "Date de création")
// gets, on the mapping step, a warning under each field that found no
// column, and, in the dry run's report, what the import did instead and
// the file's columns left unread (F3).
func TestImportReportMissingColumns(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	file := "\uFEFFTitre;Statut;Client;Montant HT;Date de création\n" +
		"Devis 1;Ouverte;Acme;1 234,50;05/03/2024\n"
	res := e.uploadAs(mgr, "devis.csv", file, "excel-fr", "")
	if res.status != 303 {
		t.Fatalf("upload: %d %q", res.status, res.body)
	}
	page := e.do(mgr, "GET", res.location, nil)
	for _, want := range []string{
		`id="missing-amount">Pas de colonne « Montant » dans le fichier : montants mis à 0`,
		`id="missing-detected_on">Pas de colonne « Date de détection » ou « Date de detection » dans le fichier : dates de détection mises à aujourd&#39;hui`,
		`name="missing.amount" value="Montant?"`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the mapping step does not say %q:\n%s", want, page.body)
		}
	}
	if strings.Contains(page.body, `id="missing-title"`) || strings.Contains(page.body, `id="missing-account"`) {
		t.Errorf("a column found is said missing:\n%s", page.body)
	}
	form := frImportForm("dryrun", map[string]string{"title": "Titre", "status": "Statut", "account": "Client"})
	form.Set("missing.amount", "Montant?")
	form.Set("missing.detected_on", "Date de détection|Date de detection?")
	form.Set("missing.note", "Note?")
	rep := e.importJob(mgr, e.do(mgr, "POST", res.location, form).location)
	if rep.status != 200 {
		t.Fatalf("dry run: %d\n%s", rep.status, rep.body)
	}
	for _, want := range []string{
		`id="missing-amount">Montant : pas de colonne « Montant » dans le fichier : montants mis à 0`,
		`id="missing-detected_on">Date de détection : pas de colonne « Date de détection » ou « Date de detection » dans le fichier : dates de détection mises à aujourd&#39;hui`,
		`id="missing-empty">Pas de colonne dans le fichier, laissés vides : Note`,
		`id="unread-columns">Colonnes du fichier non lues : Montant HT, Date de création`,
	} {
		if !strings.Contains(rep.body, want) {
			t.Errorf("the report does not say %q:\n%s", want, rep.body)
		}
	}
	// A column chosen instead is read.
	form.Set("col.amount", "Montant HT")
	rep = e.importJob(mgr, e.do(mgr, "POST", res.location, form).location)
	if rep.status != 200 || strings.Contains(rep.body, `id="missing-amount"`) || !strings.Contains(rep.body, `id="missing-detected_on"`) {
		t.Errorf("with Montant HT chosen: %d\n%s", rep.status, rep.body)
	}
}

// TestImportReportNoHoldDate: the web report counts the on-hold rows
// without a hold date, held since their detection date (F16).
func TestImportReportNoHoldDate(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	file := "Titre;Statut;Date de détection;Motif d'attente;Date de relance\n" +
		"A;En attente;10/01/2025;Appel d'offres;01/03/2025\n" +
		"B;En attente;10/02/2025;Permis;01/09/2025\n"
	res := e.uploadAs(mgr, "attente.csv", file, "excel-fr", "")
	form := frImportForm("dryrun", map[string]string{"title": "Titre", "status": "Statut", "detected_on": "Date de détection",
		"hold_reason": "Motif d'attente", "review_on": "Date de relance"})
	rep := e.importJob(mgr, e.do(mgr, "POST", res.location, form).location)
	want := `id="no-hold-date">2 lignes en attente n&#39;ont pas de date de mise en attente : en attente depuis leur date de détection`
	if rep.status != 200 || !strings.Contains(rep.body, want) {
		t.Errorf("dry run: %d, want %q\n%s", rep.status, want, rep.body)
	}
}

// TestImportReportFieldLabels: the French report's bad rows name their
// field with the mapping form's label, not its id (F15).
func TestImportReportFieldLabels(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	file := "Titre;Statut;Date de clôture;Motif d'attente\n" +
		"A;Gagnée;02/06/2025;\n" +
		"B;En attente;;Appel d'offres\n"
	res := e.uploadAs(mgr, "erreurs.csv", file, "excel-fr", "")
	form := frImportForm("dryrun", map[string]string{"title": "Titre", "status": "Statut", "closed_on": "Date de clôture", "hold_reason": "Motif d'attente"})
	rep := e.importJob(mgr, e.do(mgr, "POST", res.location, form).location)
	for _, want := range []string{`<td class="num">2</td><td>Montant</td>`, `<td class="num">3</td><td>Date de relance</td>`} {
		if rep.status != 422 || !strings.Contains(rep.body, want) {
			t.Errorf("dry run: %d, want %q\n%s", rep.status, want, rep.body)
		}
	}
}

// TestImportReportCreatedNames: the French report lists the records an
// import creates one per item, so that a name holding a comma reads as one,
// and the list entries under their list's title as the settings show it,
// where it showed "Entrées de listes ajoutées (1) : loss_reasons: Trop cher"
// (QA round 5, N15).
func TestImportReportCreatedNames(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	old := &closer.ListItem{Kind: closer.ListLossReasons, Name: "Ancien motif"}
	must(t, e.db.CreateListItem(e.ctx["owner@acme.test"], old))
	old.Retired = true
	must(t, e.db.UpdateListItem(e.ctx["owner@acme.test"], old))
	file := "Titre;Statut;Client;Montant;Motif de perte;Date de clôture\n" +
		"A;Perdue;Mairie de Lyon, Hôtel Bellevue;100;Trop cher;02/06/2025\n" +
		"B;Gagnée;Acme <b>;100;;02/06/2025\n" +
		"C;Perdue;Acme <b>;100;ancien motif;02/06/2025\n"
	res := e.uploadAs(mgr, "noms.csv", file, "excel-fr", "")
	form := frImportForm("dryrun", map[string]string{"title": "Titre", "status": "Statut", "account": "Client", "amount": "Montant",
		"loss_reason": "Motif de perte", "closed_on": "Date de clôture"})
	form.Set("nval.status", "4")
	form.Set("from.status.3", "Perdue")
	form.Set("to.status.3", "lost")
	rep := e.importJob(mgr, e.do(mgr, "POST", res.location, form).location)
	if rep.status != 200 {
		t.Fatalf("dry run: %d\n%s", rep.status, rep.body)
	}
	for _, want := range []string{
		`<li id="created-loss_reasons">Entrées ajoutées à la liste « Motifs de perte » (1) :<ul class="names"><li>Trop cher</li></ul></li>`,
		`<li id="created-accounts">Clients créés (2) :<ul class="names"><li>Mairie de Lyon, Hôtel Bellevue</li><li>Acme &lt;b&gt;</li></ul></li>`,
		`<li class="retired">Motif de perte « Ancien motif » : entrée retirée de sa liste, gardée sur 1 ligne, pour l&#39;historique</li>`,
	} {
		if !strings.Contains(rep.body, want) {
			t.Errorf("the report does not say %q:\n%s", want, rep.body)
		}
	}
	if strings.Contains(rep.body, "loss_reasons:") {
		t.Errorf("the report names a list by its id:\n%s", rep.body)
	}
}
