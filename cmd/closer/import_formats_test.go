package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"closer/sqlstore/sqltest"
)

// TestImportFilesFromOtherTools runs `closer import` over files as other
// tools write them (Excel's Windows-1252 CSV with CRLF, a quoted note over
// two lines and a last line without its line end; Excel for Mac's CSV; SQL
// Server's UTF-16 without a byte order mark; Excel's "Unicode text";
// a workbook), on SQLite and PostgreSQL: the values stored are those
// written, a dry run and a refused file write nothing, and each refused row
// names its line and field.
func TestImportFilesFromOtherTools(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "closer.db")
			if backend == "postgres" {
				db = sqltest.NewPostgresDatabase(t)
			}
			importFilesFromOtherTools(t, db)
		})
	}
}

func importFilesFromOtherTools(t *testing.T, db string) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"migrate"},
		{"org", "add", "--name", "Menuiserie", "--slug", "menu"},
		{"user", "add", "--email", "boss@menu.test", "--name", "Boss"},
		{"member", "add", "--org", "menu", "--email", "boss@menu.test", "--role", "owner"},
	} {
		if _, stderr, err := runCLI(t, db, args...); err != nil {
			t.Fatalf("closer %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
	}
	file := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cp1252 := func(s string) []byte {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16 := func(s string, bigEndian bool) []byte {
		var out []byte
		for _, r := range s { // the characters of these files are all below U+FFFF
			if bigEndian {
				out = append(out, byte(r>>8), byte(r))
			} else {
				out = append(out, byte(r), byte(r>>8))
			}
		}
		return out
	}
	imported := func() map[string][]string {
		t.Helper()
		out := filepath.Join(dir, "export.csv")
		if _, stderr, err := runCLI(t, db, "export", "--org", "menu", "--out", out); err != nil {
			t.Fatalf("export: %v %s", err, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		byTitle := map[string][]string{}
		for _, rec := range recs[1:] {
			row := map[string]string{}
			for i, h := range recs[0] {
				row[h] = rec[i]
			}
			byTitle[row["title"]] = []string{row["status"], row["amount"], row["detected_on"], row["closed_on"], row["owner"], row["account"], row["note"]}
		}
		return byTitle
	}

	// Refused: every bad row named by its line and field; nothing written.
	bad := file("bad.csv", cp1252("Titre;Commercial;Client;Statut;Montant;Date de détection;Date de clôture\r\n"+
		"Cuisine;Zoé Martin;Café Léon;Gagnée;12 %;01/03/2017;15/03/2017\r\n"+
		"Escalier;Zoé Martin;Café Léon;Gagnée;1 200,00 €;01/03/17;15/03/2017\r\n"+
		"Volets;Zoé Martin;Café Léon;Gagnée;0.125;01/03/2017;15/03/2017\r\n"+
		"Portail;Zoé Martin;Café Léon;Ouverte;100;2017-03-01;\r\n"))
	stdout, _, err := runCLI(t, db, "import", "--org", "menu", "--profile", "excel-fr", bad)
	for _, want := range []string{"Nothing was imported: 3 problems in 4 rows read.", `line 2: amount "12 %": a percentage, not an amount`,
		`line 3: detected_on "01/03/17": not a date of the form 02/01/2006`, `line 4: amount "0.125": not an amount`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("refused file: no %q in\n%s", want, stdout)
		}
	}
	if !errors.Is(err, errReported) {
		t.Errorf("refused file: %v, want a non-zero exit", err)
	}
	if got := imported(); len(got) != 0 {
		t.Fatalf("a refused file wrote %v", got)
	}

	// Excel's CSV in Windows-1252: CRLF, no-break spaces in amounts, a
	// note over two lines with doubled quotes, a blank line, dates with one
	// digit, a last line without its line end.
	excel := file("excel.csv", cp1252("Titre;Commercial;Client;Statut;Montant;Date de détection;Date de clôture;Note\r\n"+
		"Rénovation façade;Zoé Martin;Café Léon;Gagnée;1\u00a0234,56\u00a0€;01/03/2017;15/03/2017;\"Devis \"\"B\"\"\r\nsigné\"\r\n"+
		"\r\n"+
		"Œuvre d'art;zoe martin;CAFÉ LÉON;Perdue;2.000,5;1/3/2017;2/4/2017;\r\n"+
		"Véranda;Zoé Martin;Hôtel Bellevue;Ouverte;;2017-03-01 14:30:00;;"))
	// A dry run says what it would do and writes nothing.
	stdout, _, err = runCLI(t, db, "import", "--org", "menu", "--profile", "excel-fr", "--dry-run", excel)
	if err != nil || !strings.Contains(stdout, "Dry run, nothing written: would import 3 opportunities from 3 rows.") ||
		!strings.Contains(stdout, "would create 1 owner, a member without a password: Zoé Martin") || strings.Contains(stdout, "  created") {
		t.Fatalf("dry run: %v\n%s", err, stdout)
	}
	if got := imported(); len(got) != 0 {
		t.Fatalf("a dry run wrote %v", got)
	}
	if stdout, _, err = runCLI(t, db, "import", "--org", "menu", "--profile", "excel-fr", excel); err != nil {
		t.Fatalf("excel.csv: %v\n%s", err, stdout)
	}

	// Excel for Mac's CSV (Mac OS Roman, lone CRs); SQL Server's bcp -w
	// (UTF-16 little-endian without a byte order mark, tabs); Excel's
	// "Unicode text" (UTF-16 big-endian with its mark).
	mac, err := charmap.Macintosh.NewEncoder().Bytes([]byte("Titre;Commercial;Client;Statut;Montant;Date de détection;Date de clôture\r" +
		"Fenêtres;Zoé Martin;Café Léon;Gagnée;3 000,00 €;02/03/2017;20/03/2017\r"))
	if err != nil {
		t.Fatal(err)
	}
	tabs := "Titre\tCommercial\tClient\tStatut\tMontant\tDate de détection\tDate de clôture\r\n"
	for _, f := range []string{
		file("mac.csv", mac),
		file("bcp.txt", utf16(tabs+"Parquet\tZoé Martin\tCafé Léon\tAbandonnée\t750,00\t03/03/2017\t30/03/2017\r\n", false)),
		file("unicode.txt", append([]byte{0xFE, 0xFF}, utf16(tabs+"Cloison\tZoé Martin\tCafé Léon\tEn cours\t99,90\t04/03/2017\t\r\n", true)...)),
	} {
		if stdout, _, err := runCLI(t, db, "import", "--org", "menu", "--profile", "excel-fr", f); err != nil {
			t.Fatalf("%s: %v\n%s", filepath.Base(f), err, stdout)
		}
	}

	// A workbook: a title above the header, a percentage cell refused,
	// then the same sheet without it.
	workbook := func(pct bool) string {
		f := excelize.NewFile()
		for i, row := range [][]any{{"Affaires 2017"}, {}, {"Titre", "Statut", "Montant", "Date de détection", "Date de clôture", "Commercial"},
			{"Terrasse", "Gagnée", 4321.5, 42800, 42810, "Zoé Martin"}, {"Taux", "Ouverte", 0.12, 42800, nil, "Zoé Martin"}} {
			if !pct && i == 4 {
				break
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetSheetRow("Sheet1", cell, &row)
		}
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Sheet1", "D4", "E5", date)
		percent, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
		f.SetCellStyle("Sheet1", "C5", "C5", percent)
		name := "percent.xlsx"
		if !pct {
			name = "deals.xlsx"
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return file(name, buf.Bytes())
	}
	stdout, _, err = runCLI(t, db, "import", "--org", "menu", "--profile", "excel-fr", workbook(true))
	if !errors.Is(err, errReported) || !strings.Contains(stdout, `line 5: amount "12%": a percentage, not an amount`) {
		t.Fatalf("percent.xlsx: %v\n%s", err, stdout)
	}
	if stdout, _, err = runCLI(t, db, "import", "--org", "menu", "--profile", "excel-fr", workbook(false)); err != nil {
		t.Fatalf("deals.xlsx: %v\n%s", err, stdout)
	}

	want := map[string][]string{ // status, amount, detected, closed, owner, account, note
		"Rénovation façade": {"won", "1234.56", "2017-03-01", "2017-03-15", "Zoé Martin", "Café Léon", "Devis \"B\"\nsigné"},
		"Œuvre d'art":       {"lost", "2000.50", "2017-03-01", "2017-04-02", "Zoé Martin", "Café Léon", ""},
		"Véranda":           {"open", "0.00", "2017-03-01", "", "Zoé Martin", "Hôtel Bellevue", ""},
		"Fenêtres":          {"won", "3000.00", "2017-03-02", "2017-03-20", "Zoé Martin", "Café Léon", ""},
		"Parquet":           {"vanished", "750.00", "2017-03-03", "2017-03-30", "Zoé Martin", "Café Léon", ""},
		"Cloison":           {"open", "99.90", "2017-03-04", "", "Zoé Martin", "Café Léon", ""},
		"Terrasse":          {"won", "4321.50", "2017-03-06", "2017-03-16", "Zoé Martin", "", ""},
	}
	got := imported()
	if len(got) != len(want) {
		t.Errorf("imported %d opportunities, want %d: %v", len(got), len(want), got)
	}
	for title, w := range want {
		if g := got[title]; strings.Join(g, "|") != strings.Join(w, "|") {
			t.Errorf("%s: %q, want %q", title, g, w)
		}
	}
}
