package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSettingsAndImport follows the owner through the settings (a
// stage renamed, a competitor added) and the import screen (a small CSV
// with the maven mapping: preview, dry run, import, summary).
func TestBrowserSettingsAndImport(t *testing.T) {
	b := newBrowser(t)
	recFrench(t, b)
	b.signIn(t, "owner@acme.test")

	first := `#list-stages li:first-child`
	b.run(t,
		chromedp.Navigate(b.URL+"/o/acme/settings"),
		chromedp.WaitVisible(chromedp.CSS(first+` input[name=name]`)),
		chromedp.SetValue(chromedp.CSS(first+` input[name=name]`), "Repérage"),
		chromedp.Click(chromedp.CSS(first+` button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := b.text(t, ".flash"); !strings.Contains(got, "Repérage") {
		t.Errorf("flash after rename: %q", got)
	}
	if got := get(t, b, chromedp.Value(chromedp.CSS(first+` input[name=name]`))); got != "Repérage" {
		t.Errorf("first stage after rename: %q", got)
	}
	b.run(t,
		chromedp.SendKeys(chromedp.CSS("#add-competitors"), "Menuiseries Martin"),
		chromedp.Click(chromedp.CSS("#add-competitors-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#list-competitors input[value="Menuiseries Martin"]`)),
	)
	if got := b.text(t, ".flash"); !strings.Contains(got, "Menuiseries Martin") {
		t.Errorf("flash after adding a competitor: %q", got)
	}

	// The import screen, from the settings page.
	file := filepath.Join(t.TempDir(), "pipeline.csv")
	must(t, os.WriteFile(file, []byte(importCSV), 0o600))
	b.run(t,
		chromedp.Click(chromedp.CSS("#open-import")),
		chromedp.WaitVisible(chromedp.CSS("#import-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{file}),
		chromedp.SetValue(chromedp.CSS("#import-profile"), "maven"),
		chromedp.Click(chromedp.CSS("#upload-submit")),
		chromedp.WaitVisible(chromedp.CSS("#preview")),
	)
	if got := b.text(t, "#preview"); !strings.Contains(got, "Fenêtres Dupont") {
		t.Fatalf("preview: %q", got)
	}
	if got := get(t, b, chromedp.Value(chromedp.CSS("#col-status"))); got != "deal_stage" {
		t.Errorf("status column from the profile: %q", got)
	}
	b.run(t,
		chromedp.Click(chromedp.CSS("#dry-run")),
		chromedp.WaitVisible(chromedp.CSS("#summary")),
	)
	if got := b.text(t, "#summary"); !strings.Contains(got, "Essai à blanc") || !strings.Contains(got, "3") {
		t.Errorf("dry run summary: %q", got)
	}
	get(t, b, chromedp.Evaluate[bool]("window.confirm = function () { return true; }; true"))
	b.run(t,
		chromedp.Click(chromedp.CSS("#import-for-real")),
		chromedp.WaitVisible(chromedp.CSS("#see-opportunities")),
	)
	got := b.text(t, "#summary")
	if !strings.Contains(got, "3 opportunités importées") || !strings.Contains(got, "Engaging") || !strings.Contains(got, "Anna Martin") {
		t.Errorf("import summary: %q", got)
	}
	b.run(t,
		chromedp.Click(chromedp.CSS("#see-opportunities")),
		chromedp.WaitVisible(chromedp.CSS("main")),
	)
	if got := b.text(t, "main"); !strings.Contains(got, "Volets Petit") {
		t.Errorf("opportunities after import: %q", got)
	}
}

// TestBrowserImportOrders: a manager imports a list of orders from the
// import screen: the columns named like fields are picked, and the decimal
// comma of the amounts; the kind column is chosen and read again, its values
// translated, then the import runs.
func TestBrowserImportOrders(t *testing.T) {
	b := newBrowser(t)
	recFrench(t, b)
	b.signIn(t, "manager@acme.test")
	file := filepath.Join(t.TempDir(), "commandes.csv")
	must(t, os.WriteFile(file, []byte("Commandes du premier semestre\n\nClient;Type;Montant;Date de commande\nDupont SARL;Récurrente;1200,50;2025-03-01\nPetit & Fils;Directe;300;2025-04-02\n"), 0o600))
	b.run(t,
		chromedp.Navigate(b.URL+"/o/acme/import"),
		chromedp.WaitVisible(chromedp.CSS("#import-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{file}),
		chromedp.SetValue(chromedp.CSS("#import-entity"), "orders"),
		chromedp.Click(chromedp.CSS("#upload-submit")),
		chromedp.WaitVisible(chromedp.CSS("#preview")),
	)
	for field, want := range map[string]string{"account": "Client", "amount": "Montant", "ordered_on": "Date de commande", "kind": ""} {
		if got := get(t, b, chromedp.Value(chromedp.CSS("#col-"+field))); got != want {
			t.Errorf("column guessed for %s: %q, want %q", field, got, want)
		}
	}
	if got := get(t, b, chromedp.Value(chromedp.CSS("#decimal_separator"))); got != "," {
		t.Errorf("decimal separator guessed from 1200,50: %q", got)
	}
	b.run(t,
		chromedp.SetValue(chromedp.CSS("#col-kind"), "Type"),
		chromedp.Click(chromedp.CSS("#refresh")),
		chromedp.WaitVisible(chromedp.CSS("#to-kind-1")),
	)
	if got := b.text(t, `label[for="to-kind-0"]`); !strings.Contains(got, "Directe") {
		t.Fatalf("first kind value: %q", got)
	}
	if got := b.text(t, "#left-out"); !strings.Contains(got, "ligne 3") {
		t.Errorf("where the table starts: %q", got)
	}
	for i, want := range []string{"direct", "recurring"} { // their French names
		if got := get(t, b, chromedp.Value(chromedp.CSS(fmt.Sprintf("#to-kind-%d", i)))); got != want {
			t.Errorf("kind %d picked: %q, want %q", i, got, want)
		}
	}
	screenshot(t, b, "import.png")
	b.run(t,
		chromedp.Click(chromedp.CSS("#import-now")),
		chromedp.WaitVisible(chromedp.CSS("#see-orders")),
	)
	if got := b.text(t, "#summary"); !strings.Contains(got, "2 commandes importées") {
		t.Errorf("import summary: %q", got)
	}
	b.run(t,
		chromedp.Click(chromedp.CSS("#see-orders")),
		chromedp.WaitVisible(chromedp.CSS("main")),
	)
	if got := b.text(t, "main"); !strings.Contains(got, "Dupont SARL") || !strings.Contains(got, "Récurrente") {
		t.Errorf("orders page: %q", got)
	}
}

// TestBrowserImportContacts: a manager imports the people of the accounts
// from the import screen: the columns named like the contacts' fields in
// French are picked, the accounts found by name or created, and the summary
// leads to the accounts, where the contacts are.
func TestBrowserImportContacts(t *testing.T) {
	b := newBrowser(t)
	recFrench(t, b)
	b.signIn(t, "manager@acme.test")
	file := filepath.Join(t.TempDir(), "contacts.csv")
	must(t, os.WriteFile(file, []byte("Nom;Client;E-mail;Fonction\nJeanne Roy;Dupont SARL;jeanne@roy.test;Gérante\nPaul Roy;Menuiserie Roy;paul@roy.test;\n"), 0o600))
	b.run(t,
		chromedp.Navigate(b.URL+"/o/acme/import"),
		chromedp.WaitVisible(chromedp.CSS("#import-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{file}),
		chromedp.SetValue(chromedp.CSS("#import-entity"), "contacts"),
		chromedp.Click(chromedp.CSS("#upload-submit")),
		chromedp.WaitVisible(chromedp.CSS("#preview")),
	)
	for field, want := range map[string]string{"name": "Nom", "account": "Client", "email": "E-mail", "job_title": "Fonction", "phone": ""} {
		if got := get(t, b, chromedp.Value(chromedp.CSS("#col-"+field))); got != want {
			t.Errorf("column guessed for %s: %q, want %q", field, got, want)
		}
	}
	b.run(t,
		chromedp.Click(chromedp.CSS("#import-now")),
		chromedp.WaitVisible(chromedp.CSS("#see-contacts")),
	)
	if got := b.text(t, "#summary"); !strings.Contains(got, "2 contacts importés") || !strings.Contains(got, "Menuiserie Roy") {
		t.Errorf("import summary: %q", got)
	}
	b.run(t,
		chromedp.Click(chromedp.CSS("#see-contacts")),
		chromedp.WaitVisible(chromedp.CSS("main")),
	)
	if got := b.text(t, "main"); !strings.Contains(got, "Menuiserie Roy") {
		t.Errorf("accounts page: %q", got)
	}
}
