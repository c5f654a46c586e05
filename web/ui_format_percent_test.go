package web

import (
	"strings"
	"testing"

	"closer"
)

// TestFormatPercentAsDiagnostics: the dashboard writes a rate as the
// diagnostics' evidence does (closer.Percent, half up): 1 of 8 is 13 %,
// where strconv's rounding to even wrote 12 % beside a finding saying 13 %.
func TestFormatPercentAsDiagnostics(t *testing.T) {
	for _, c := range []struct {
		n, d     int
		en, fr   string
		evidence string
	}{
		{1, 8, "13%", "13" + narrowNbsp + "%", "13%"},
		{5, 8, "63%", "63" + narrowNbsp + "%", "63%"},
		{57, 200, "29%", "29" + narrowNbsp + "%", "29%"},
		{2, 3, "67%", "67" + narrowNbsp + "%", "67%"},
	} {
		r := closer.Ratio(c.n, c.d)
		if en, fr := formatPercent("en", r), formatPercent("fr", r); en != c.en || fr != c.fr {
			t.Errorf("%d/%d: %q and %q, want %q and %q", c.n, c.d, en, fr, c.en, c.fr)
		}
		f := closer.Finding{Code: closer.FindingManyLost, Basis: closer.BasisSelf, Numbers: closer.Numbers{Value: *r, Count: c.n, Of: c.d}}
		if ev := f.Text("en").Evidence; !strings.Contains(ev, "("+c.evidence+",") {
			t.Errorf("%d/%d: evidence %q, want %s", c.n, c.d, ev, c.evidence)
		}
	}
	if got := formatPercent("en", nil); got != "—" {
		t.Errorf("undefined rate: %q", got)
	}
}
