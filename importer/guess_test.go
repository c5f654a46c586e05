package importer

import "testing"

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
