package web

import "testing"

// TestViewN checks counts in the singular and the plural of each language:
// French takes the singular for 0 and 1, English for 1 only.
func TestViewN(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "0 orders"}, {"en", 1, "1 order"}, {"en", 2, "2 orders"},
		{"fr", 0, "0 commande"}, {"fr", 1, "1 commande"}, {"fr", 2, "2 commandes"},
	} {
		v := &view{Lang: c.lang}
		if got := v.N("rec.orders.count", c.n); got != c.want {
			t.Errorf("%s %d: got %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got, want := (&view{Lang: "fr"}).N("rec.orders.grand_total", 1234, "5 €"), "En tout : "+formatInt("fr", 1234)+" commandes, 5 €."; got != want {
		t.Errorf("grand total: got %q, want %q", got, want)
	}
}
