package importer

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"closer"
)

var fixedNow = func() time.Time { return time.Date(2018, 1, 15, 12, 0, 0, 0, time.UTC) }

// plainMapping maps every column of small.csv to the field of its name.
func plainMapping(t testing.TB, extra string) *Mapping {
	t.Helper()
	doc := `{"columns": {"title": "title", "owner": "owner", "account": "account", "status": "status", "stage": "stage",
		"amount": "amount", "detected_on": "detected_on", "closed_on": "closed_on", "loss_reason": "loss_reason",
		"competitor": "competitor", "note": "note"}` + extra + `}`
	m, err := ParseMapping(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func readString(t testing.TB, name, data string, m *Mapping) *Table {
	t.Helper()
	tb, err := Read(name, strings.NewReader(data), m)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return tb
}

func TestRunSmall(t *testing.T) {
	data, err := os.ReadFile("testdata/small.csv")
	if err != nil {
		t.Fatal(err)
	}
	m := plainMapping(t, "")
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, readString(t, "small.csv", string(data), m), Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("run: %v %+v", err, rep.Problems)
	}
	if rep.Imported != 4 || rep.ByStatus[closer.StatusWon] != 1 || rep.ByStatus[closer.StatusLost] != 1 || rep.ByStatus[closer.StatusOpen] != 2 {
		t.Fatalf("report: %+v", rep)
	}
	if got := strings.Join(rep.CreatedOwners, ","); got != "Moses Frase,Darcel Schlecht" {
		t.Errorf("created owners: %q", got)
	}
	if got := strings.Join(rep.CreatedAccounts, ","); got != "Cancity,Isdom" {
		t.Errorf("created accounts: %q", got)
	}
	if got := strings.Join(rep.CreatedStages, ","); got != "Survey" {
		t.Errorf("created stages: %q", got)
	}
	if len(s.opps) != 4 || len(s.members) != 3 || len(s.accounts) != 2 {
		t.Fatalf("store: %d opps, %d members, %d accounts", len(s.opps), len(s.members), len(s.accounts))
	}
	if e := s.members[1].Email; e != "moses.frase@acme.imported.invalid" {
		t.Errorf("synthetic e-mail: %q", e)
	}
	won, lost, kitchen := s.opps[0], s.opps[1], s.opps[3]
	if won.Amount != 105450 || won.ClosedOn != closer.MustDate("2017-03-01") || won.OwnerID != s.members[1].UserID {
		t.Errorf("won: %+v", won)
	}
	if !lost.CompetitorUnknown || lost.Note != "15% above\nthe local joiner" || lost.OwnerID != won.OwnerID || lost.AccountID != s.accounts[1].ID {
		t.Errorf("lost: %+v", lost)
	}
	if kitchen.OwnerID != 1 || kitchen.AccountID != won.AccountID || s.lists.Name(closer.ListStages, kitchen.StageID) != "Survey" {
		t.Errorf("kitchen: %+v", kitchen)
	}
	if st, _ := s.lists.Get(closer.ListStages, kitchen.StageID); st.Position != 5 {
		t.Errorf("a new stage goes at the end of the pipeline: %+v", st)
	}
	var out bytes.Buffer
	rep.WriteText(&out)
	if !strings.Contains(out.String(), "Imported 4 opportunities from 4 rows") || !strings.Contains(out.String(), "won 1, lost 1") {
		t.Errorf("summary:\n%s", out.String())
	}
}

// TestRunProblems checks that each kind of bad row is reported with its
// line and field, and that nothing at all is written.
func TestRunProblems(t *testing.T) {
	const header = "title,owner,account,status,stage,amount,detected_on,closed_on,loss_reason,competitor,note\n"
	good := "Fine,Ann,Acme,won,,10,2017-01-01,2017-02-01,,,\n"
	for _, c := range []struct {
		name, row, extra  string
		field, reasonPart string
	}{
		{"bad date", "Bad,Ann,Acme,won,,10,2017-02-30,2017-03-01,,,\n", "", "detected_on", "not a date"},
		{"negative amount", "Neg,Ann,Acme,won,,-5,2017-01-01,2017-03-01,,,\n", "", "amount", "negative"},
		{"unknown status", "Odd,Ann,Acme,pending,,5,2017-01-01,,,,\n", "", "status", "not a status: translate it"},
		{"lost without competitor", "L,Ann,Acme,lost,,5,2017-01-01,2017-02-01,Lead time,,\n", "", "competitor", "who won"},
		{"lost without reason", "L,Ann,Acme,lost,,5,2017-01-01,2017-02-01,,unknown,\n", "", "loss_reason", "loss reason"},
		{"price without note", "P,Ann,Acme,lost,,5,2017-01-01,2017-02-01,Price,unknown,\n", "", "note", "Price"},
		{"closed without date", "C,Ann,Acme,won,,5,2017-01-01,,,,\n", "", "closed_on", "close date is required"},
		{"closed before detected", "C,Ann,Acme,won,,5,2017-03-01,2017-02-01,,,\n", "", "closed_on", "before the detection"},
		{"future detection", "F,Ann,Acme,open,,5,2019-03-01,,,,\n", "", "detected_on", "future"},
		{"no title", ",Ann,Acme,open,,5,2017-03-01,,,,\n", "", "title", "required"},
		{"ragged row", "R,Ann,Acme,open\n", "", "", "4 fields, the header has 11"},
		{"amount not a number", "A,Ann,Acme,open,,12abc,2017-03-01,,,,\n", "", "amount", "not an amount"},
		{"ambiguous amount", "A,Ann,Acme,open,,\"12.345\",2017-03-01,,,,\n", "", "amount", "decimal_separator"},
		{"a decimal comma under a decimal point", "A,Ann,Acme,open,,\"1 234,56 €\",2017-03-01,,,,\n", "", "amount",
			`not an amount with "." as decimal separator, but one with ",": check the mapping's decimal_separator`},
		{"a decimal point under a decimal comma", "A,Ann,Acme,open,,1234.56,2017-03-01,,,,\n", `, "decimal_separator": ","`, "amount",
			`not an amount with "," as decimal separator, but one with ".": check the mapping's decimal_separator`},
		{"a percentage", "A,Ann,Acme,open,,12 %,2017-03-01,,,,\n", "", "amount", "a percentage, not an amount"},
		// A date of another format than the mapping's says which.
		{"a day-first date", "D,Ann,Acme,open,,5,15/03/2017,,,,\n", "", "detected_on",
			"not a date of the form 2006-01-02, but one of the form 02/01/2006: check the mapping's date_format"},
		{"a month-first date", "D,Ann,Acme,open,,5,03/15/2017,,,,\n", `, "date_format": "02/01/2006"`, "detected_on", "but one of the form 01/02/2006"},
		{"a two-digit year", "D,Ann,Acme,open,,5,01/03/17,,,,\n", `, "date_format": "02/01/2006"`, "detected_on", "but one of the form 02/01/06"},
		{"bad date and a time", "D,Ann,Acme,open,,5,2017-13-01 10:00,,,,\n", "", "detected_on", "not a date"},
		{"huge title", strings.Repeat("x", 300) + ",Ann,Acme,open,,5,2017-03-01,,,,\n", "", "title", "too long"},
		{"huge cell", strings.Repeat("x", 10001) + ",Ann,Acme,open,,5,2017-03-01,,,,\n", "", "title", "too long"},
		{"bad UTF-8", "Caf\xe9,Ann,Acme,open,,5,2017-03-01,,,,\n", "", "title", "UTF-8"},
		{"a NUL in a title", "A\x00B,Ann,Acme,open,,5,2017-03-01,,,,\n", "", "title", "control character"},
		{"a NUL in an owner", "A,An\x00n,Acme,open,,5,2017-03-01,,,,\n", "", "owner", "control character"},
		{"an escape code in an account", "A,Ann,\x1b[31mAcme,open,,5,2017-03-01,,,,\n", "", "account", "control character"},
		{"a NUL in a stage", "A,Ann,Acme,open,St\x00,5,2017-03-01,,,,\n", "", "stage", "control character"},
		{"won without amount", "W,Ann,Acme,won,,,2017-01-01,2017-02-01,,,\n", "", "amount", "won amount"},
		{"an exponent in an amount", "E,Ann,Acme,open,,1e3,2017-03-01,,,,\n", "", "amount", "not an amount"},
		{"a long note in accented letters", "N,Ann,Acme,open,,5,2017-03-01,,,," + strings.Repeat("é", 10001) + "\n", "", "note", "too long"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rows strings.Builder
			rows.WriteString(header)
			for i := 2; i < 57; i++ {
				rows.WriteString(good)
			}
			rows.WriteString(c.row) // line 57
			rows.WriteString(good)
			m := plainMapping(t, c.extra)
			s := newFakeStore()
			rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", rows.String(), m), Options{Now: fixedNow})
			if closer.ErrorCode(err) != closer.EINVALID || rep == nil {
				t.Fatalf("want EINVALID and a report, got %v", err)
			}
			if len(rep.Problems) != 1 {
				t.Fatalf("want one problem, got %+v", rep.Problems)
			}
			p := rep.Problems[0]
			if p.Line != 57 || p.Field != c.field || !strings.Contains(p.Reason, c.reasonPart) {
				t.Errorf("problem: %+v (%s)", p, p)
			}
			if p.Format == "" { // the web pages translate it
				t.Errorf("problem without its format: %+v", p)
			}
			if len(s.opps) != 0 || len(s.members) != 1 || len(s.accounts) != 0 || len(s.lists.Stages) != 4 {
				t.Errorf("something was written: %d opps, %d members, %d accounts", len(s.opps), len(s.members), len(s.accounts))
			}
			if rep.Imported != 0 {
				t.Errorf("imported %d", rep.Imported)
			}
			var out bytes.Buffer
			rep.WriteText(&out)
			if !strings.Contains(out.String(), "Nothing was imported") || !strings.Contains(out.String(), "line 57: ") {
				t.Errorf("text:\n%s", out.String())
			}
		})
	}
}

func TestRunDefaultsAndValues(t *testing.T) {
	data := "title,owner,status,stage,closed_on,reason\n" +
		"A,Ann,Gagnée,,2017-02-01,\n" +
		"B,Ann,Perdue,,2017-02-01,\n" +
		"C,Ann,Ouverte,Relance,,\n" +
		"D,Ann,Abandonnée,,2017-02-01,Budget gelé\n"
	m, err := ParseMapping(strings.NewReader(`{"columns": {"title": "title", "owner": "owner", "status": "status",
		"stage": "stage", "closed_on": "closed_on", "vanish_reason": "reason"},
		"values": {"status": {"gagnée": "won", "Perdue": "lost", "Ouverte": "open", "Abandonnée": "vanished"},
		           "stage": {"Relance": "Qualification"}},
		"defaults": {"loss_reason": "Not recorded", "competitor": "unknown", "vanish_reason": "Not recorded", "amount": "0"}}`))
	if err != nil {
		t.Fatal(err)
	}
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %+v", err, rep.Problems)
	}
	// The default vanish reason is not used (D has its own), so it is not created.
	if got := strings.Join(rep.CreatedListItems, "|"); got != "loss_reasons: Not recorded|vanish_reasons: Budget gelé" {
		t.Errorf("created list items: %q", got)
	}
	if len(rep.CreatedStages) != 0 || s.lists.Name(closer.ListStages, s.opps[2].StageID) != "Qualification" {
		t.Errorf("stage translated to an existing one: %v %+v", rep.CreatedStages, s.opps[2])
	}
	if s.opps[0].Status != closer.StatusWon || s.opps[0].LossReasonID != 0 || s.opps[0].CompetitorUnknown {
		t.Errorf("won row keeps no loss details: %+v", s.opps[0])
	}
	if s.opps[0].DetectedOn != closer.MustDate("2017-02-01") {
		t.Errorf("detection defaults to the close date: %v", s.opps[0].DetectedOn)
	}
	if s.opps[2].DetectedOn != closer.MustDate("2018-01-15") {
		t.Errorf("detection defaults to today in the org's zone: %v", s.opps[2].DetectedOn)
	}
}

func TestRunDryRun(t *testing.T) {
	data, _ := os.ReadFile("testdata/small.csv")
	m := plainMapping(t, "")
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, readString(t, "small.csv", string(data), m), Options{DryRun: true, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.DryRun || rep.Imported != 4 || len(rep.CreatedOwners) != 2 {
		t.Errorf("report: %+v", rep)
	}
	if len(s.opps) != 0 || len(s.members) != 1 {
		t.Errorf("a dry run wrote %d opportunities", len(s.opps))
	}
	var out bytes.Buffer
	rep.WriteText(&out)
	if !strings.Contains(out.String(), "Dry run") {
		t.Errorf("text: %s", out.String())
	}
}

func TestRunRefusesConsultant(t *testing.T) {
	m := plainMapping(t, "")
	ctx := closer.NewContextWithActor(ownerCtx(), closer.Actor{UserID: 2, OrgID: 1, Role: closer.RoleConsultant})
	data, _ := os.ReadFile("testdata/small.csv")
	if _, err := Run(ctx, newFakeStore(), m, readString(t, "small.csv", string(data), m), Options{}); closer.ErrorCode(err) != closer.EFORBIDDEN {
		t.Fatalf("consultant: %v", err)
	}
}

func TestRunMissingColumn(t *testing.T) {
	m := plainMapping(t, "")
	tb := readString(t, "x.csv", "title,owner\nA,B\n", m)
	_, err := Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
	if closer.ErrorCode(err) != closer.EINVALID || !strings.Contains(closer.ErrorMessage(err), `"account"`) {
		t.Fatalf("missing column: %v", err)
	}
}

func TestSyntheticEmailsStayUnique(t *testing.T) {
	s := newFakeStore()
	s.members = append(s.members, closer.Member{UserID: 7, Email: "ann@acme.imported.invalid", Name: "Ann (left)"})
	m, _ := ParseMapping(strings.NewReader(`{"columns": {"title": "t", "owner": "o"}}`))
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", "t,o\nA,Ann\nB,ANN\nC,Ann!\n", m), Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	if len(rep.CreatedOwners) != 2 || s.members[2].Email != "ann.2@acme.imported.invalid" || s.members[3].Email != "ann.3@acme.imported.invalid" {
		t.Errorf("owners: %v %+v", rep.CreatedOwners, s.members)
	}
}

func TestRunAccountsAndOrders(t *testing.T) {
	s := newFakeStore()
	am, err := ParseMapping(strings.NewReader(`{"entity": "accounts", "columns": {"name": "Nom", "city": "Ville", "owner": "Commercial"}, "delimiter": ";"}`))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(ownerCtx(), s, am, readString(t, "a.csv", "Nom;Ville;Commercial\nDupont;Lyon;Ann\nMartin;Paris;\n", am), Options{Now: fixedNow})
	if err != nil || rep.Imported != 2 || len(s.accounts) != 2 || s.accounts[0].City != "Lyon" || s.accounts[1].OwnerID != 0 {
		t.Fatalf("accounts: %v %+v %+v", err, rep, s.accounts)
	}
	rep, err = Run(ownerCtx(), s, am, readString(t, "a.csv", "Nom;Ville;Commercial\nDupont;Lyon;Ann\nNew;Nice;\nNew;Nice;\n", am), Options{Now: fixedNow})
	if err != nil || rep.Imported != 1 || rep.Unchanged != 1 || rep.Repeated != 1 || len(s.accounts) != 3 {
		t.Fatalf("an account twice is one: %v %+v", err, rep)
	}
	om, err := ParseMapping(strings.NewReader(`{"entity": "orders", "columns": {"account": "account", "kind": "kind", "reference": "ref",
		"amount": "amount", "ordered_on": "date"}, "date_format": "02/01/2006", "decimal_separator": ","}`))
	if err != nil {
		t.Fatal(err)
	}
	rep, err = Run(ownerCtx(), s, om, readString(t, "o.csv", "account,kind,ref,amount,date\nDupont,recurring,C-1,\"1 200,50\",05/03/2017\nNouveau,,C-2,99,06/03/2017\n", om), Options{Now: fixedNow})
	if err != nil || rep.Imported != 2 || len(s.orders) != 2 {
		t.Fatalf("orders: %v %+v", err, rep)
	}
	if o := s.orders[0]; o.Amount != 120050 || o.Kind != closer.OrderRecurring || o.AccountID != s.accounts[0].ID || o.OwnerID != 1 {
		t.Errorf("order: %+v", o)
	}
	if o := s.orders[1]; o.Kind != closer.OrderDirect || o.AccountID != s.accounts[3].ID || len(rep.CreatedAccounts) != 1 {
		t.Errorf("order with a new account: %+v %+v", o, rep)
	}
}

// TestRunRestoresNeutralizedFormulas: the quote an export puts before a text
// that a spreadsheet would run as a formula is removed on import,
// and a quote before ordinary text stays.
func TestRunRestoresNeutralizedFormulas(t *testing.T) {
	data := "title,amount,note\n" +
		"\"'=HYPERLINK(\"\"http://evil\"\")\",12.50,'+33 1 23 45 67 89\n" +
		"'s-Hertogenbosch,100,''=1+1\n"
	m, err := ParseMapping(strings.NewReader(`{"columns": {"title": "title", "amount": "amount", "note": "note"}}`))
	if err != nil {
		t.Fatal(err)
	}
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %+v", err, rep.Problems)
	}
	for i, want := range []closer.Opportunity{
		{Title: `=HYPERLINK("http://evil")`, Amount: 1250, Note: "+33 1 23 45 67 89"},
		{Title: "'s-Hertogenbosch", Amount: 10000, Note: "'=1+1"},
	} {
		if o := s.opps[i]; o.Title != want.Title || o.Amount != want.Amount || o.Note != want.Note {
			t.Errorf("row %d: %q %d %q, want %q %d %q", i+1, o.Title, o.Amount, o.Note, want.Title, want.Amount, want.Note)
		}
	}
}

// TestRunConsultantOwnsNothing refuses a row that gives its opportunity to
// the org's consultant, who changes nothing.
func TestRunConsultantOwnsNothing(t *testing.T) {
	s := newFakeStore()
	s.members = append(s.members, closer.Member{UserID: 2, Email: "carl@advice.test", Name: "Carl", Role: closer.RoleConsultant, Active: true})
	m := mapping(t, `{"columns": {"title": "title", "owner": "owner"}}`)
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", "title,owner\nRoof,carl\n", m), Options{Now: fixedNow})
	if err == nil || len(rep.Problems) != 1 || rep.Problems[0].Field != "owner" || !strings.Contains(rep.Problems[0].Reason, "consultant") {
		t.Fatalf("%v %+v", err, rep)
	}
}

// TestRunAccountHomonyms creates homonymous accounts that differ by city or
// phone, as Closer's own export writes them, and refuses a row given twice.
func TestRunAccountHomonyms(t *testing.T) {
	m := mapping(t, `{"entity": "accounts", "columns": {"name": "name", "city": "city", "phone": "phone"}}`)
	s := newFakeStore()
	data := "name,city,phone\nM. et Mme Chauvet,Savenay,0240846511\nM. et Mme Chauvet,Nantes,\nM. et Mme Chauvet,Savenay,0240933323\n"
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
	if err != nil || rep.Imported != 3 || rep.Repeated != 0 {
		t.Fatalf("homonyms in two towns, two of them in one: %v %+v", err, rep)
	}
	if a := s.accounts[0]; a.City != "Savenay" || a.Phone != "0240846511" {
		t.Errorf("first account: %+v", a)
	}
	rep, err = Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", "name,city,phone\nAcme,Nantes,1\nacme,nantes,1\n", m), Options{Now: fixedNow})
	if err != nil || rep.Imported != 1 || rep.Repeated != 1 {
		t.Fatalf("a row twice: %v %+v", err, rep)
	}
}

// TestRunAccountPhonesDoNotSplit: one company on several rows, its phone
// written differently or left out on some, is one account (QA round 4,
// F4); two cities still make two.
func TestRunAccountPhonesDoNotSplit(t *testing.T) {
	m := mapping(t, `{"entity": "accounts", "columns": {"name": "Nom", "city": "Ville", "phone": "Téléphone"}}`)
	for _, c := range []struct {
		name, data     string
		imported, _    int
		cities, phones []string
		problem        string
	}{
		{"one phone written four ways", "Nom,Ville,Téléphone\nDelta,Paris,01 23 45 67 89\nDelta,Paris,01.23.45.67.89\nDelta,Paris,0123456789\nDelta,Paris,\n",
			1, 0, []string{"Paris"}, []string{"01 23 45 67 89"}, ""},
		{"country code, case and accents", "Nom,Ville,Téléphone\nAcme,Orléans,+33 1 23 45 67 89\nacme,orleans,0123456789\nACME,ORLÉANS,0033123456789\n",
			1, 0, []string{"Orléans"}, []string{"+33 1 23 45 67 89"}, ""},
		{"the phone on a later row only", "Nom,Ville,Téléphone\nDelta,,\nDelta,Paris,0123456789\n",
			1, 0, []string{"Paris"}, []string{"0123456789"}, ""},
		{"two numbers in one town are two homonyms", "Nom,Ville,Téléphone\nDelta,Paris,0123456789\nDelta,Paris,0698765432\nDelta,Paris,\n",
			2, 0, []string{"Paris", "Paris"}, []string{"0123456789", "0698765432"}, ""},
		{"two cities are two accounts", "Nom,Ville,Téléphone\nDelta,Paris,0123456789\nDelta,Lyon,0123456789\nDelta,Paris,\n",
			2, 0, []string{"Paris", "Lyon"}, []string{"0123456789", "0123456789"}, ""},
		{"no city among two cities", "Nom,Ville,Téléphone\nDelta,Paris,\nDelta,Lyon,\nDelta,,0123456789\n",
			0, 0, nil, nil, "line 4: city \"Delta\": 2 accounts are named «Delta» (Paris, Lyon): give the row its city"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newFakeStore()
			rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", c.data, m), Options{Now: fixedNow})
			if c.problem != "" {
				if err == nil || len(rep.Problems) != 1 || rep.Problems[0].String() != c.problem {
					t.Fatalf("%v %+v", err, rep)
				}
				return
			}
			if err != nil || rep.Imported != c.imported || rep.Imported+rep.Repeated != rep.Rows {
				t.Fatalf("%v %+v", err, rep)
			}
			var cities, phones []string
			for _, a := range s.accounts {
				cities, phones = append(cities, a.City), append(phones, a.Phone)
			}
			if !slices.Equal(cities, c.cities) || !slices.Equal(phones, c.phones) {
				t.Errorf("cities %q phones %q", cities, phones)
			}
		})
	}
	// An opportunity then finds the one account.
	s := newFakeStore()
	if _, err := Run(ownerCtx(), s, m, readString(t, "x.csv", "Nom,Ville,Téléphone\nDelta,Paris,01 23 45 67 89\nDelta,Paris,0123456789\n", m), Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	opps := mapping(t, `{"columns": {"title": "Title", "account": "Account"}}`)
	if rep, err := Run(ownerCtx(), s, opps, readString(t, "x.csv", "Title,Account\nDeal,Delta\n", opps), Options{Now: fixedNow}); err != nil || s.opps[0].AccountID != s.accounts[0].ID {
		t.Fatalf("opportunity: %v %+v", err, rep)
	}
	// The org's account is left as it is, whatever phone the file gives.
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", "Nom,Ville,Téléphone\ndelta,,0699999999\nDelta,paris,\nDelta,Lyon,\n", m), Options{Now: fixedNow})
	if err != nil || rep.Imported != 1 || rep.Unchanged != 1 || rep.Repeated != 1 || len(s.accounts) != 2 || s.accounts[0].Phone != "01 23 45 67 89" {
		t.Fatalf("again: %v %+v %+v", err, rep, s.accounts)
	}
}

func TestSamePhone(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"01 23 45 67 89", "0123456789", true}, {"+33 1 23 45 67 89", "01.23.45.67.89", true},
		{"0033 1 23 45 67 89", "+33123456789", true}, {"+1 (555) 010-2030", "555-010-2030", true},
		{"0123456789", "0123456780", false}, {"12", "012", false}, {"+33 1 23 45 67 89", "+44 1 23 45 67 89", false},
	} {
		if got := samePhone(c.a, c.b); got != c.same {
			t.Errorf("samePhone(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

// TestRunRepeatedHeader: two exports pasted one below the other repeat the
// header, which is left out and listed, not imported as an account
// "Company" owned by a new member "Owner".
func TestRunRepeatedHeader(t *testing.T) {
	s := newFakeStore()
	m := mapping(t, `{"entity": "accounts", "columns": {"name": "Company", "city": "City", "phone": "Phone", "owner": "Owner"}}`)
	tb := readString(t, "a.csv", "Company,City,Phone,Owner\nAcme,Paris,0102030405,Ann\nBeta,Lyon,,Bob\nCompany,City,Phone,Owner\nGamma,Nice,,Ann\n", m)
	rep, err := Run(ownerCtx(), s, m, tb, Options{Now: fixedNow})
	if err != nil || rep.Imported != 3 || rep.Rows != 3 || !slices.Equal(rep.LeftOut, []int{4}) || slices.Contains(rep.CreatedOwners, "Owner") {
		t.Fatalf("%v %+v", err, rep)
	}
	var text strings.Builder
	rep.WriteText(&text)
	if !strings.Contains(text.String(), "not read, outside the table: line 4") {
		t.Errorf("summary:\n%s", text.String())
	}
}

// TestRunCountsIgnoredFields counts, per field, the cells that a row's
// status does not use and the import drops (F8): a close date or a loss
// reason on an open row, a hold reason on a won one. Defaults count for
// nothing, nor does a column that a used field reads too.
func TestRunCountsIgnoredFields(t *testing.T) {
	m, err := ParseMapping(strings.NewReader(`{"columns": {"title": "title", "status": "status", "amount": "amount",
		"closed_on": "closed", "expected_close_on": "closed", "loss_reason": "reason", "competitor": "competitor",
		"hold_reason": "hold", "review_on": "review"},
		"defaults": {"loss_reason": "Not recorded", "competitor": "unknown"}}`))
	if err != nil {
		t.Fatal(err)
	}
	data := "title,status,amount,closed,reason,competitor,hold,review\n" +
		"A,open,100,2017-12-01,Price,Acme,,\n" +
		"B,open,100,,Price,,,\n" +
		"C,won,100,2017-12-01,,,Tender,2018-03-01\n" +
		"D,lost,100,2017-12-01,Delay,Acme,,\n" +
		"E,open,100,,,,,\n"
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, readString(t, "ig.csv", data, m), Options{Now: fixedNow, DryRun: true})
	if err != nil {
		t.Fatalf("run: %v %+v", err, rep.Problems)
	}
	want := []IgnoredField{{"hold_reason", closer.StatusWon, 1}, {"review_on", closer.StatusWon, 1},
		{"loss_reason", closer.StatusOpen, 2}, {"competitor", closer.StatusOpen, 1}}
	if !slices.Equal(rep.Ignored, want) {
		t.Errorf("ignored: %+v, want %+v", rep.Ignored, want)
	}
	var out bytes.Buffer
	rep.WriteText(&out)
	if !strings.Contains(out.String(), "ignored, as that status does not use it: loss_reason on 2 open rows") ||
		!strings.Contains(out.String(), "hold_reason on 1 won row\n") {
		t.Errorf("summary:\n%s", out.String())
	}
}
