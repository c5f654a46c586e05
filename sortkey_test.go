package closer

import (
	"slices"
	"strings"
	"testing"
)

func TestSortKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Acme SARL", "acme sarl"},
		{"Électricité Dupont", "electricite dupont"},
		{"ÉLECTRICITÉ", "electricite"},
		{"E\u0301lectricite\u0301", "electricite"}, // accents typed as combining marks (macOS)
		{"Œuvre d’Art", "oeuvre d'art"},
		{"Straße", "strasse"},
		{"Łódź", "lodz"},
		{"Ærø", "aero"},
		{"Çà et là", "ca et la"},
		{"2 × 3 ÷ 4", "2 × 3 ÷ 4"},
		{"Ζεύς", "ζεύς"},
		{"prix\u00a0net", "prix net"},
	} {
		if got := SortKey(c.in); got != c.want {
			t.Errorf("SortKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSortKeyOrder(t *testing.T) {
	names := []string{"Zinc Industries", "Électricité Dupont", "eau vive", "Ecole", "Acme", "Œnologie Martin", "Oasis"}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(SortKey(a), SortKey(b)) })
	want := []string{"Acme", "eau vive", "Ecole", "Électricité Dupont", "Oasis", "Œnologie Martin", "Zinc Industries"}
	if !slices.Equal(names, want) {
		t.Errorf("sorted %q, want %q", names, want)
	}
}

// sortKeyNames are names as an org holds them: most ASCII, many with
// French accents, a few with a no-break space.
var sortKeyNames = []string{"Acme SARL", "Électricité Dupont", "Boulangerie Lefèvre", "M. et Mme Martin",
	"Hôtel Zéphyr", "Café de la Gare", "Plomberie\u00a0Roux", "Transports Müller", "SCI Les Œillets", "Garage Renault"}

// BenchmarkSortKey measures the key every write and search computes.
func BenchmarkSortKey(b *testing.B) {
	for i := 0; i < b.N; i++ {
		for _, n := range sortKeyNames {
			_ = SortKey(n)
		}
	}
}
