package closer

import "testing"

// TestOrgCurrency takes ISO 4217 codes, in any case, and refuses the rest.
func TestOrgCurrency(t *testing.T) {
	for in, want := range map[string]string{"": "EUR", "eur": "EUR", " chf ": "CHF", "USD": "USD", "FRF": "FRF"} {
		o := Org{Name: "Acme", Currency: in}
		if err := o.Validate(); err != nil || o.Currency != want {
			t.Errorf("%q: %v %q, want %q", in, err, o.Currency, want)
		}
	}
	for _, in := range []string{"ZZZ", "XXX", "EURO", "E", "€", "EU R"} {
		o := Org{Name: "Acme", Currency: in}
		if err := o.Validate(); ErrorField(err) != "currency" {
			t.Errorf("%q: %v, want an error on currency", in, err)
		}
	}
	if !IsCurrency("ADP") || !IsCurrency("ZWR") || IsCurrency("eur") || IsCurrency("AED ADP") {
		t.Error("IsCurrency")
	}
}
