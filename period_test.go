package closer

import "testing"

// FuzzParsePeriod feeds the from and to of a statistics request to
// ParsePeriod. Properties: no panic; a refusal names from or to; an
// accepted period validates, contains both its ends, and its previous
// period, months and quarters can be computed (they are what the
// statistics pages derive from it).
func FuzzParsePeriod(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""}, {"2025-01-01", "2025-03-31"}, {"2025-01-01", ""}, {"", "2025-01-01"}, {"2025-03-31", "2025-01-01"},
		{"2025-02-29", "2025-03-01"}, {"2024-02-29", "2024-02-29"}, {"0001-01-01", "9999-12-31"}, {"2000-01-01", "2099-12-31"},
		{"2025-1-1", "2025-12-31"}, {" 2025-01-01", "2025-01-01 "}, {"2025-01-01T00:00:00Z", "x"}, {"+2025-01-01", "-001-01-01"},
	} {
		f.Add(s[0], s[1])
	}
	today := MustDate("2025-06-16")
	f.Fuzz(func(t *testing.T, from, to string) {
		p, err := ParsePeriod(from, to, today)
		if err != nil {
			if ErrorCode(err) != EINVALID || (ErrorField(err) != "from" && ErrorField(err) != "to") {
				t.Fatalf("%q..%q: %v does not name from or to", from, to, err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("%q..%q accepted as %v, which does not validate: %v", from, to, p, err)
		}
		if !p.Contains(p.From) || !p.Contains(p.To) || p.Days() < 1 {
			t.Fatalf("%v does not contain its ends", p)
		}
		if p.Previous().To.DaysUntil(p.From) != 1 {
			t.Fatalf("%v: the previous period %v does not end the day before", p, p.Previous())
		}
		if len(p.Months()) == 0 || len(p.Quarters()) == 0 {
			t.Fatalf("%v has no month or quarter", p)
		}
		p.YearEarlier()
		p.Label()
	})
}
