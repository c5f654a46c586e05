package closer

import (
	"strings"
	"testing"
)

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

// TestOrgCurrencyInHundredths: Closer counts money in hundredths, so an org's
// currency is one whose ISO 4217 minor unit is the hundredth; one without
// (JPY), with three decimals (KWD), four (CLF) or none defined (XAU) is
// refused, saying why.
func TestOrgCurrencyInHundredths(t *testing.T) {
	for in, want := range map[string]string{
		"jpy": "Closer counts amounts in hundredths; JPY has no minor unit.",
		"KRW": "Closer counts amounts in hundredths; KRW has no minor unit.",
		"ITL": "Closer counts amounts in hundredths; ITL has no minor unit.",
		"BHD": "Closer counts amounts in hundredths; BHD has 3 decimals.",
		"KWD": "Closer counts amounts in hundredths; KWD has 3 decimals.",
		"CLF": "Closer counts amounts in hundredths; CLF has 4 decimals.",
		"XAU": "Closer counts amounts in hundredths; XAU has no minor unit defined by ISO 4217.",
	} {
		o := Org{Name: "Acme", Currency: in}
		if err := o.Validate(); ErrorField(err) != "currency" || ErrorMessage(err) != want {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	for _, in := range []string{"EUR", "USD", "GBP", "CHF", "FRF", "MGA"} {
		if n, ok := MinorUnit(in); n != 2 || !ok {
			t.Errorf("%s: minor unit %d %v", in, n, ok)
		}
		if err := CheckCurrency(in); err != nil {
			t.Errorf("%s: %v", in, err)
		}
	}
	// every exception is an ISO code
	for code := range minorUnits {
		if !IsCurrency(code) {
			t.Errorf("%s is not in isoCurrencies", code)
		}
	}
}

// TestSlugify: every Latin letter of a name reaches its slug, spelt
// without its accent; capitals with accents and ligatures included.
func TestSlugify(t *testing.T) {
	for name, want := range map[string]string{
		"Menuiserie Dupont & Fils":        "menuiserie-dupont-fils",
		"Électricité Générale":            "electricite-generale",
		"ŒUVRES D'ART":                    "oeuvres-d-art",
		"Cœur de Bœuf":                    "coeur-de-boeuf",
		"Straße Müller":                   "strasse-muller",
		"Ærø Øst Åland":                   "aero-ost-aland",
		"ÄÖÜ ÏË Ÿ":                        "aou-ie-y",
		"Łódź Kraków":                     "lodz-krakow",
		"L’Atelier":                       "l-atelier",
		"🚀 Rocket":                        "rocket",
		"  Café   des   Sports  ":         "cafe-des-sports",
		"Cafe\u0301":                      "cafe", // the accent typed as a combining mark
		"日本":                              "",
		strings.Repeat("Électricité ", 8): "electricite-electricite-electricite-electricite",
	} {
		if got := Slugify(name); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", name, got, want)
		}
	}
}
