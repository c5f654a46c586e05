package importer

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"closer"
)

// excelSaveAs is the sheet of the QA round's files, as Excel's "Save as"
// writes it in each of its CSV flavours.
const excelSaveAs = "Titre;Statut;Client;Commercial;Montant;Date de détection\n" +
	"Rénovation façade;Ouverte;Société Générale Électricité;Hélène Dûpont;1 234,50;05/03/2024\n" +
	"Cuisine été;Ouverte;Boulangerie Crème;François;500;06/03/2024\n"

func encode(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadExcelCSVFlavours reads Excel's "CSV" (Windows-1252), "CSV
// (Macintosh)" (Mac OS Roman, lone CR line ends) and "CSV (MS-DOS)" (CP850)
// with the encoding auto, and with the encoding named: the accents read
// back, and the accented optional column of excel-fr is found.
func TestReadExcelCSVFlavours(t *testing.T) {
	for _, c := range []struct {
		enc, named string
		cm         *charmap.Charmap
		text       string
	}{
		{"windows-1252", "cp1252", charmap.Windows1252, excelSaveAs},
		{"macintosh", "mac", charmap.Macintosh, strings.ReplaceAll(excelSaveAs, "\n", "\r")},
		{"cp850", "dos", charmap.CodePage850, strings.ReplaceAll(excelSaveAs, "\n", "\r\n")},
		{"macintosh", "macintosh", charmap.Macintosh, strings.ToUpper(excelSaveAs)},
		{"cp850", "cp850", charmap.CodePage850, strings.ToUpper(excelSaveAs)},
		{"windows-1252", "windows-1252", charmap.Windows1252, strings.ToUpper(excelSaveAs)},
		{"cp850", "cp850", charmap.CodePage850, "Titre;Commercial\nDevis;François\n"},
		{"macintosh", "macintosh", charmap.Macintosh, "Titre;Date de détection\nDevis;05/03/2024\n"},
		{"windows-1252", "windows-1252", charmap.Windows1252, "Titre;Montant\nL’offre « été » – 2024;12 €\n"},
	} {
		data := encode(t, c.cm, c.text)
		for _, enc := range []string{"auto", c.named} {
			t.Run(c.enc+"/"+enc, func(t *testing.T) {
				m, _ := Profile("excel-fr")
				m.Encoding = enc
				if err := m.Validate(); err != nil {
					t.Fatal(err)
				}
				tb, err := Read("x.csv", bytes.NewReader(data), m)
				if err != nil {
					t.Fatal(err)
				}
				var got strings.Builder
				got.WriteString(strings.Join(tb.Header, ";") + "\n")
				for _, r := range tb.Rows {
					got.WriteString(strings.Join(r.Cells, ";") + "\n")
				}
				want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(c.text)
				if tb.Encoding != c.enc || got.String() != want {
					t.Errorf("read as %s:\n%s\nwant %s:\n%s", tb.Encoding, got.String(), c.enc, want)
				}
			})
		}
	}
	// The detection date is the file's, not today.
	m, _ := Profile("excel-fr")
	s := newFakeStore()
	tb, err := Read("x.csv", bytes.NewReader(encode(t, charmap.Macintosh, strings.ReplaceAll(excelSaveAs, "\n", "\r"))), m)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := Run(ownerCtx(), s, m, tb, Options{Now: func() time.Time { return time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC) }}); err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	if o := s.opps[0]; o.Title != "Rénovation façade" || o.DetectedOn != closer.MustDate("2024-03-05") || s.userName(o.OwnerID) != "Hélène Dûpont" {
		t.Errorf("opportunity: %+v owner %q", o, s.userName(o.OwnerID))
	}
}

func TestParseMappingEncodings(t *testing.T) {
	for in, want := range map[string]string{"Macintosh": "macintosh", "x-mac-roman": "macintosh", "IBM850": "cp850", "cp850": "cp850", "latin9": "iso-8859-15"} {
		if m := mapping(t, `{"columns": {"title": "a"}, "encoding": "`+in+`"}`); m.Encoding != want {
			t.Errorf("%s: %s, want %s", in, m.Encoding, want)
		}
	}
	if _, err := ParseMapping(strings.NewReader(`{"columns": {"title": "a"}, "encoding": "ebcdic"}`)); err == nil || !strings.Contains(err.Error(), "macintosh, cp850") {
		t.Errorf("ebcdic: %v", err)
	}
}
