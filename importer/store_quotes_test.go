package importer

import (
	"context"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// wantProblem is a problem a test expects of a report: its line, its
// field and a part of its reason ("" for any).
type wantProblem struct {
	line  int
	field string
	says  string
}

// wantProblems checks that a report lists exactly the problems wanted, in
// order.
func wantProblems(t *testing.T, got []Problem, want []wantProblem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("problems: %+v", got)
	}
	for i, w := range want {
		if p := got[i]; p.Line != w.line || p.Field != w.field || !strings.Contains(p.Reason, w.says) {
			t.Errorf("problem %d: %+v, want line %d, field %s, %q", i, p, w.line, w.field, w.says)
		}
	}
}

// importRecordOpportunities imports the opportunities that the quotes and
// activities tests name: Windows at Acme, Doors at Beta, and two open
// Twin at Acme detected on different days.
func importRecordOpportunities(t *testing.T, ctx context.Context, db *sqlstore.DB) map[string]int64 {
	t.Helper()
	m := mapping(t, `{"entity": "opportunities", "columns": {"title": "title", "account": "account", "detected_on": "detected_on",
		"status": "status", "closed_on": "closed_on", "amount": "amount"}}`)
	data := "title,account,detected_on,status,closed_on,amount\n" +
		"Windows,Acme,2017-01-10,open,,1000\n" +
		"Doors,Beta,2017-02-01,won,2017-03-01,500\n" +
		"Twin,Acme,2017-01-05,open,,10\n" +
		"Twin,Acme,2017-01-20,open,,20\n"
	if rep, err := Run(ctx, db, m, readString(t, "o.csv", data, m), Options{Now: fixedNow}); err != nil || rep.Imported != 4 {
		t.Fatalf("opportunities: %v %+v", err, rep)
	}
	opps, _, err := db.FindOpportunities(ctx, closer.OpportunityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, o := range opps {
		key := o.Title
		if o.Title == "Twin" {
			key += " " + o.DetectedOn.String()
		}
		ids[key] = o.ID
	}
	return ids
}

// TestImportStoreQuotes: a quotes file checks every rule of a quote per
// row, with its line (the status and sent date agree, not in the future,
// not before its opportunity's detection, a number, an opportunity the
// org has and can tell apart), and writes nothing while one row is bad;
// a good file imports each quote on its opportunity (the one of the row's
// detection date among same-titled ones), a dry run writing nothing; the
// same file again leaves every quote as it is.
func TestImportStoreQuotes(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "quotes")
		opps := importRecordOpportunities(t, ctx, db)
		m := mapping(t, `{"entity": "quotes", "columns": {"opportunity": "Affaire", "number": "Numéro", "amount": "Montant",
			"sent_on": "Envoyé le", "status": "Statut", "opportunity_detected_on": "Détectée le?"},
			"values": {"status": {"Envoyé": "sent", "Brouillon": "draft"}}, "date_format": "02/01/2006", "decimal_separator": ","}`)
		run := func(data string, dry bool) (*Report, error) {
			return Run(ctx, db, m, readString(t, "q.csv", data, m), Options{Now: fixedNow, DryRun: dry})
		}
		rep, err := run("Affaire,Numéro,Montant,Envoyé le,Statut\n"+
			"Windows,Q-1,\"100,00\",15/01/2017,Envoyé\n"+
			"Windows,Q-2,10,15/01/2017,Brouillon\n"+
			"Windows,Q-3,10,01/01/2017,sent\n"+
			"Nope,Q-4,10,15/01/2017,sent\n"+
			"Windows,Q-5,10,15/01/2017,maybe\n"+
			"Windows,Q-6,10,01/01/2030,sent\n"+
			"Windows,,10,,\n"+
			"Twin,Q-7,10,,\n"+
			"Windows,Q-8,-5,,\n"+
			"Windows,Q-9,10,32/01/2017,sent\n", false)
		if err == nil || closer.ErrorCode(err) != closer.EINVALID {
			t.Fatalf("bad rows: %v %+v", err, rep)
		}
		wantProblems(t, rep.Problems, []wantProblem{
			{3, "sent_on", "A draft has not been sent"},
			{4, "sent_on", "before the detection date 2017-01-10"},
			{5, "opportunity", "no opportunity has this title"},
			{6, "status", "Quote status must be"},
			{7, "sent_on", "is in the future"},
			{8, "number", "The quote number is required"},
			{9, "opportunity", "2 opportunities have this title"},
			{10, "amount", "between 0 and"},
			{11, "sent_on", ""},
		})
		if _, n, err := db.FindQuotes(ctx, closer.SalesFilter{}); err != nil || n != 0 {
			t.Fatalf("%d quotes written by a refused import: %v", n, err)
		}

		good := "Affaire,Numéro,Montant,Envoyé le,Statut,Détectée le\n" +
			"Windows,Q-1,\"100,00\",15/01/2017,Envoyé,\n" +
			"Doors,Q-2,\"50,50\",,,\n" +
			"Twin,Q-3,20,25/01/2017,Accepted,20/01/2017\n" +
			"Doors,Q-2,\"50,50\",,,\n"
		if rep, err := run(good, true); err != nil || rep.Imported != 4 || !rep.DryRun {
			t.Fatalf("dry run: %v %+v", err, rep)
		} else if _, n, _ := db.FindQuotes(ctx, closer.SalesFilter{}); n != 0 {
			t.Fatalf("a dry run wrote %d quotes", n)
		}
		if rep, err := run(good, false); err != nil || rep.Imported != 4 {
			t.Fatalf("import: %v %+v", err, rep)
		}
		quotes, _, err := db.FindQuotes(ctx, closer.SalesFilter{})
		if err != nil || len(quotes) != 4 {
			t.Fatalf("quotes: %v %+v", err, quotes)
		}
		q1, q2, q3 := quotes[0], quotes[1], quotes[2]
		if q1.OpportunityID != opps["Windows"] || q1.Amount != 10000 || q1.Status != closer.QuoteSent || q1.SentOn != closer.MustDate("2017-01-15") {
			t.Errorf("Q-1: %+v", q1)
		}
		if q2.OpportunityID != opps["Doors"] || q2.Amount != 5050 || q2.Status != closer.QuoteDraft || !q2.SentOn.IsZero() {
			t.Errorf("Q-2, a draft without its status: %+v", q2)
		}
		if q3.OpportunityID != opps["Twin 2017-01-20"] || q3.Status != closer.QuoteAccepted {
			t.Errorf("Q-3, on the Twin detected on 2017-01-20 (%d): %+v", opps["Twin 2017-01-20"], q3)
		}

		// Again, a number written otherwise: every quote is found again.
		rep, err = run(strings.Replace(good, "Q-1", " q-1 ", 1), false)
		if err != nil || rep.Imported != 0 || rep.Unchanged != 4 {
			t.Fatalf("again: %v %+v", err, rep)
		}
		var b strings.Builder
		rep.WriteText(&b)
		if !strings.Contains(b.String(), "left as they are: 4 quotes (same opportunity and number) already in the organization") {
			t.Errorf("summary:\n%s", b.String())
		}
		if _, n, _ := db.FindQuotes(ctx, closer.SalesFilter{}); n != 4 {
			t.Errorf("%d quotes after the second import, want 4", n)
		}

		// The account a row gives is its opportunity's: looked up, never created.
		am := mapping(t, `{"entity": "quotes", "columns": {"opportunity": "opportunity", "number": "number", "account": "account"}}`)
		rep, err = Run(ctx, db, am, readString(t, "qa.csv", "opportunity,number,account\nWindows,Q-10,Beta\nWindows,Q-11,Nowhere\nWindows,Q-12,acme\n", am), Options{Now: fixedNow, DryRun: true})
		if err == nil || len(rep.Problems) != 2 ||
			rep.Problems[0].String() != `line 2: opportunity "Windows": the opportunity is another account's than the row's` ||
			rep.Problems[1].String() != `line 3: account "Nowhere": no account of the organization has this name (and city)` || len(rep.CreatedAccounts) != 0 {
			t.Errorf("quotes giving an account: %v %+v", err, rep)
		}
	})
}
