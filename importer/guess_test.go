package importer

import (
	"strings"
	"testing"
)

// TestGuessOptions sets the date format and the decimal separator that read
// a file's values, and leaves them when the file does not decide.
func TestGuessOptions(t *testing.T) {
	for _, c := range []struct {
		name, data       string
		date, decimal    string
		startDate, start string
	}{
		{"French", "Titre;Montant;Date de clôture\nA;1 200,50;05/03/2024\nB;300;31/12/2024\n", "02/01/2006", ",", "", ""},
		{"American", "Title,Amount,Closed\nA,\"1,200.50\",3/5/2024\nB,300,12/31/2024\n", "01/02/2006", ".", "", ""},
		{"ISO and whole amounts decide nothing", "Title,Amount,Closed\nA,1200,2024-03-05\n", "2006-01-02", ".", "", ""},
		{"a format that reads every date stays", "Title;Amount;Closed\nA;12;05/03/2024\n", "01/02/2006", ".", "01/02/2006", "."},
		{"dates with their time", "Title;Amount;Closed\nA;12,5;25/03/2024 14:30\n", "02/01/2006", ",", "", ""},
		{"German dates", "Title;Amount;Closed\nA;1.200,50;25.03.2024\n", "02.01.2006", ",", "", ""},
		{"nothing reads", "Title;Amount;Closed\nA;lots;soon\n", "2006-01-02", ".", "", ""},
		// N11 of the fifth QA round: LibreOffice's "as shown" dates, month
		// names, which the screen could not offer.
		{"two-digit years, month first", "Title,Amount,Closed\nA,12,03/05/24\nB,3,12/20/23\n", "01/02/06", ".", "", ""},
		{"two-digit years, day first", "Title;Amount;Closed\nA;12;05/03/24\nB;3;20/12/23\n", "02/01/06", ".", "", ""},
		{"French month names", "Titre;Montant;Date de clôture\nA;12;5 mars 2024\nB;3;12 février 2024\n", "2 January 2006", ".", "", ""},
		{"Zoho", "Title,Amount,Closed\nA,12,\"Mar 5, 2024\"\nB,3,\"Dec 20, 2023\"\n", "Jan 2, 2006", ".", "", ""},
		{"day-month-year names", "Title,Amount,Closed\nA,12,5-Mar-24\nB,3,20-Dec-23\n", "2-Jan-06", ".", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := &Mapping{Entity: EntityOpportunities, Columns: map[string]string{"title": "Title|Titre", "amount": "Amount|Montant", "closed_on": "Closed|Date de clôture"},
				Delimiter: "auto", DateFormat: c.startDate, DecimalSeparator: c.start}
			tb := readString(t, "x.csv", c.data, m)
			GuessOptions(m, tb)
			if m.DateFormat != c.date || m.DecimalSeparator != c.decimal {
				t.Errorf("got %q %q, want %q %q", m.DateFormat, m.DecimalSeparator, c.date, c.decimal)
			}
		})
	}
}

// TestDateFormatsReadTheirExample: every format the import screen offers
// reads its own example as 5 March 2024, and its order shows in it.
func TestDateFormatsReadTheirExample(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range DateFormats {
		if seen[f.Layout] {
			t.Errorf("%s offered twice", f.Layout)
		}
		seen[f.Layout] = true
		d, ok := dateReader(f.Layout).parseDate(f.Example())
		if !ok || d.String() != "2024-03-05" {
			t.Errorf("%s: its example %q reads %v %v", f.Layout, f.Example(), d, ok)
		}
		if _, ok := goLayout(f.Layout); !ok {
			t.Errorf("%s is no layout", f.Layout)
		}
		switch ex := f.Example(); f.Order {
		case "day":
			if !strings.HasPrefix(ex, "05") {
				t.Errorf("%s: %s is not day first", f.Layout, ex)
			}
		case "month":
			if !strings.HasPrefix(ex, "03") {
				t.Errorf("%s: %s is not month first", f.Layout, ex)
			}
		case "year":
			if !strings.HasPrefix(ex, "2024") {
				t.Errorf("%s: %s is not year first", f.Layout, ex)
			}
		case "":
			if !strings.Contains(ex, "Mar") {
				t.Errorf("%s: %s names no month", f.Layout, ex)
			}
		default:
			t.Errorf("%s: order %q", f.Layout, f.Order)
		}
	}
}
