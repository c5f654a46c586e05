package importer

import (
	"strings"
	"testing"

	"closer"
)

// runCSV reads a CSV file with m and imports it into s.
func runCSV(t *testing.T, s *fakeStore, m *Mapping, csv string) (*Report, error) {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	tb, err := Read("f.csv", strings.NewReader(csv), m)
	if err != nil {
		t.Fatal(err)
	}
	return Run(ownerCtx(), s, m, tb, Options{})
}

// TestForeignCurrencyAmounts refuses amounts written in another currency
// than the org's (Closer converts nothing), naming both; the org's own sign
// or code is read.
func TestForeignCurrencyAmounts(t *testing.T) {
	m := &Mapping{Columns: map[string]string{"title": "Title", "status": "Status", "amount": "Amount", "closed_on": "Closed"}}
	file := "Title,Status,Amount,Closed\n" +
		"usd,won,\"$1,234.56\",2024-03-05\n" +
		"gbp,won,£500,2024-03-05\n" +
		"chf,won,CHF 1000,2024-03-05\n" +
		"usdcode,won,2500 USD,2024-03-05\n" +
		"eur,won,€100,2024-03-05\n" +
		"eurcode,won,100.50 EUR,2024-03-05\n" +
		"usdollar,won,US$ 7,2024-03-05\n"
	rep, err := runCSV(t, newFakeStore(), m, file)
	if closer.ErrorCode(err) != closer.EINVALID {
		t.Fatalf("%v %+v", err, rep)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`line 2: amount "$1,234.56": in $, while the organization counts in EUR: convert it first (Closer converts no amount)`,
		`line 3: amount "£500": in £, while the organization counts in EUR: convert it first (Closer converts no amount)`,
		`line 4: amount "CHF 1000": in CHF, while the organization counts in EUR: convert it first (Closer converts no amount)`,
		`line 5: amount "2500 USD": in USD, while the organization counts in EUR: convert it first (Closer converts no amount)`,
		`line 8: amount "US$ 7": in US$, while the organization counts in EUR: convert it first (Closer converts no amount)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s", strings.Join(got, "\n"))
	}

	// In a USD org, the dollars are read and the euros refused.
	s := newFakeStore()
	s.org.Currency = "USD"
	rep, err = runCSV(t, s, m, "Title,Status,Amount,Closed\nusd,won,\"$1,234.56\",2024-03-05\nusdcode,won,2500 USD,2024-03-05\nplain,won,12,2024-03-05\n")
	if err != nil || len(s.opps) != 3 || s.opps[0].Amount != 123456 || s.opps[1].Amount != 250000 || s.opps[2].Amount != 1200 {
		t.Fatalf("%v %+v %+v", err, rep, s.opps)
	}
	rep, _ = runCSV(t, s, m, "Title,Status,Amount,Closed\neur,won,€100,2024-03-05\n")
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Reason, "in €, while the organization counts in USD") {
		t.Errorf("%+v", rep)
	}
}

// TestCurrencyColumn checks a currency column (Pipedrive's "Deal -
// Currency") against the org's currency.
func TestCurrencyColumn(t *testing.T) {
	m, _ := Profile("pipedrive")
	file := "Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Stage,Deal - Owner\n" +
		"A,100,EUR,Open,Qualified,Ann\n" +
		"B,200,USD,Open,Qualified,Ann\n" +
		"C,300,eur,Open,Qualified,Ann\n" +
		"D,300,Euro,Open,Qualified,Ann\n"
	rep, err := runCSV(t, newFakeStore(), m, file)
	if closer.ErrorCode(err) != closer.EINVALID || len(rep.Problems) != 2 {
		t.Fatalf("%v %+v", err, rep)
	}
	if got := rep.Problems[0].String(); got != `line 3: currency "USD": in USD, while the organization counts in EUR: convert it first (Closer converts no amount)` {
		t.Error(got)
	}
	if got := rep.Problems[1].String(); got != `line 5: currency "Euro": not a currency: write its ISO code, such as EUR` {
		t.Error(got)
	}
}

func TestStripCurrency(t *testing.T) {
	for _, c := range []struct{ in, own, rest, foreign string }{
		{"€ 1 200", "EUR", "1 200", ""},
		{"1 200,00 EUR", "EUR", "1 200,00", ""},
		{"$1,234.56", "EUR", "$1,234.56", "$"},
		{"$1,234.56", "CAD", "1,234.56", ""},
		{"CA$12", "USD", "CA$12", "CA$"},
		{"12 TOP", "", "12", ""},
		{"12 ALLO", "EUR", "12 ALLO", ""},
		{"1200", "EUR", "1200", ""},
		{"- €", "EUR", "-", ""},
	} {
		rest, foreign := stripCurrency(c.in, c.own)
		if rest != c.rest || foreign != c.foreign {
			t.Errorf("%q in %s: %q %q", c.in, c.own, rest, foreign)
		}
	}
}

// TestProfilesReadCurrency: every built-in profile whose source exports a
// currency column reads it, so that a deal in another currency than the
// org's is a bad row, not an amount counted in the org's currency (N4 of
// the fifth QA round: a HubSpot deal of 20,000 USD was imported as euros).
func TestProfilesReadCurrency(t *testing.T) {
	for _, c := range []struct{ profile, file string }{
		{"hubspot", "Deal Name,Deal Stage,Amount,Currency,Close Date\n" +
			"A,Closed won,100,EUR,2024-03-05\nUS rollout,Closed won,20000,USD,2024-03-05\n"},
		{"salesforce", "Opportunity Name,Stage,Amount,Opportunity Currency,Close Date\n" +
			"A,Closed Won,100,EUR,3/5/2024\nUS rollout,Closed Won,20000,USD,3/5/2024\n"},
		{"salesforce", "Opportunity Name,Stage,Amount Currency,Amount,Close Date\n" +
			"A,Closed Won,EUR,100,3/5/2024\nUS rollout,Closed Won,USD,20000,3/5/2024\n"},
		{"salesforce", "NAME,STAGENAME,AMOUNT,CURRENCYISOCODE,CLOSEDATE\n" +
			"A,Closed Won,100,EUR,2024-03-05\nUS rollout,Closed Won,20000,USD,2024-03-05\n"},
		{"excel-fr", "Titre;Statut;Montant;Devise;Date de clôture\n" +
			"A;Gagnée;100;EUR;05/03/2024\nUS rollout;Gagnée;20000;USD;05/03/2024\n"},
		{"closer", "title,status,amount,currency,closed_on\n" +
			"A,won,100,EUR,2024-03-05\nUS rollout,won,20000,USD,2024-03-05\n"},
	} {
		m, _ := Profile(c.profile)
		rep, err := runCSV(t, newFakeStore(), m, c.file)
		if closer.ErrorCode(err) != closer.EINVALID || len(rep.Problems) != 1 {
			t.Errorf("%s: %v %+v", c.profile, err, rep)
			continue
		}
		if p := rep.Problems[0]; p.Line != 3 || p.Field != "currency" || !strings.Contains(p.Reason, "in USD, while the organization counts in EUR") {
			t.Errorf("%s: %s", c.profile, p)
		}
	}
}

// TestBareCurrencyIsNoAmount: a cell that holds only a currency sign or
// code ("€", "EUR", "$": what some exports write for an empty cell in a
// currency format) is no amount, as an empty cell: a won row needs its
// amount, an open one reads 0 (N8 of the fifth QA round: "€" read as 0 let
// a won row through, "EUR" was "not an amount").
func TestBareCurrencyIsNoAmount(t *testing.T) {
	m := mapping(t, `{"entity": "opportunities", "columns": {"title": "Title", "status": "Status", "amount": "Amount"},
		"defaults": {"closed_on": "2024-03-05"}, "decimal_separator": ",", "delimiter": ";"}`)
	rep, err := runCSV(t, newFakeStore(), m, "Title;Status;Amount\nA;won;€\nB;won; € \nC;won;EUR\nD;won;$\nE;won;\nF;won;- €\nG;open;€\nH;open;EUR\n")
	if closer.ErrorCode(err) != closer.EINVALID || len(rep.Problems) != 5 {
		t.Fatalf("%v %+v", err, rep)
	}
	for i, p := range rep.Problems {
		if p.Line != i+2 || p.Field != "amount" || !strings.Contains(p.Reason, "a won opportunity needs its won amount") {
			t.Errorf("problem %d: %s", i, p)
		}
	}
	s := newFakeStore()
	if rep, err := runCSV(t, s, m, "Title;Status;Amount\nF;won;- €\nG;open;€\nH;open;EUR\n"); err != nil || rep.Imported != 3 {
		t.Fatalf("%v %+v", err, rep)
	}
	for _, o := range s.opps {
		if o.Amount != 0 {
			t.Errorf("%s: amount %d", o.Title, o.Amount)
		}
	}
}
