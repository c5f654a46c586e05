package closer

import "testing"

func TestNeutralizeFormula(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{`=HYPERLINK("http://evil.example","click")`, `'=HYPERLINK("http://evil.example","click")`},
		{"+33 1 23 45 67 89", "'+33 1 23 45 67 89"},
		{"-5 % on the second window", "'-5 % on the second window"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"'=1+1", "''=1+1"},                      // a quote typed by the user survives the round trip
		{"''-2", "'''-2"},                        // as do several
		{"'s-Hertogenbosch", "'s-Hertogenbosch"}, // a quote before ordinary text is left alone
		{"a=b", "a=b"},
		{" =1+1", " =1+1"}, // a leading space is text to spreadsheets
		{"1-2", "1-2"},
		{"\n=1", "\n=1"},
		{"é=1", "é=1"},
	} {
		got := NeutralizeFormula(c.in)
		if got != c.want {
			t.Errorf("NeutralizeFormula(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := RestoreFormula(got); back != c.in {
			t.Errorf("RestoreFormula(%q) = %q, want %q", got, back, c.in)
		}
	}
	// Cells of files made elsewhere: only a quote before a formula's first
	// character is removed.
	for in, want := range map[string]string{"'=x": "=x", "'-12.50": "-12.50", "'abc": "'abc", "'": "'", "''": "''", "x'=": "x'="} {
		if got := RestoreFormula(in); got != want {
			t.Errorf("RestoreFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzNeutralizeFormula checks that a neutralized text never starts with a
// formula's first character and reads back as itself.
func FuzzNeutralizeFormula(f *testing.F) {
	for _, s := range []string{"", "=1+1", "+1", "-1", "@x", "\tx", "\rx", "'=x", "''+", "'", "plain", "=HYPERLINK(\"http://evil\")"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NeutralizeFormula(s)
		if formulaStart(n) {
			t.Errorf("NeutralizeFormula(%q) = %q starts a formula", s, n)
		}
		if back := RestoreFormula(n); back != s {
			t.Errorf("RestoreFormula(NeutralizeFormula(%q)) = %q", s, back)
		}
	})
}
