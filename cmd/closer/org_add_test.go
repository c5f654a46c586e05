package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestOrgAddChecksItsFlags: --lang is fr or en in any case, --currency an
// ISO 4217 code in any case (stored in capitals), and neither --currency
// nor --timezone may be empty; a name without a slug asks for --slug.
// Refused values write nothing.
func TestOrgAddChecksItsFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	if _, _, err := cli(t, db, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--name", "Lang de", "--lang", "de"}, `--lang "de": choose fr or en`},
		{[]string{"--name", "Lang", "--lang", ""}, `--lang "": choose fr or en`},
		{[]string{"--name", "Cur ZZZ", "--currency", "ZZZ"}, `--currency "ZZZ" is not an ISO 4217 currency code`},
		{[]string{"--name", "Cur XXX", "--currency", "XXX"}, `--currency "XXX" is not an ISO 4217`},
		{[]string{"--name", "Cur EURO", "--currency", "EURO"}, `--currency "EURO" is not an ISO 4217`},
		{[]string{"--name", "Cur", "--currency", ""}, "--currency is empty"},
		{[]string{"--name", "Cur JPY", "--currency", "jpy"}, "--currency JPY: Closer counts amounts in hundredths; JPY has no minor unit."},
		{[]string{"--name", "Cur KWD", "--currency", "KWD"}, "--currency KWD: Closer counts amounts in hundredths; KWD has 3 decimals."},
		{[]string{"--name", "Tz", "--timezone", ""}, "--timezone is empty"},
		{[]string{"--name", "日本"}, `the name "日本" gives no slug`},
		{[]string{"--name", "!!!"}, "pass --slug"},
	} {
		_, stderr, err := cli(t, db, "", append([]string{"org", "add"}, c.args...)...)
		if !errors.Is(err, errUsage) || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: %v %q, want %q", c.args, err, stderr, c.want)
		}
	}
	if out, _, err := cli(t, db, "", "org", "add", "--name", "日本", "--slug", "nihon"); err != nil || strings.TrimSpace(out) != "nihon" {
		t.Errorf("--slug: %v %q", err, out)
	}
	for _, c := range []struct{ name, lang, currency, stage, want string }{
		{"Lang FR", "FR", "eur", "Détection", "EUR"},
		{"Lang EN", "En", "usd", "Detection", "USD"},
		{"Swiss", "fr", "CHF", "Détection", "CHF"},
	} {
		out, stderr, err := cli(t, db, "", "org", "add", "--name", c.name, "--lang", c.lang, "--currency", c.currency)
		if err != nil {
			t.Fatalf("%s: %v %s", c.name, err, stderr)
		}
		slug := strings.TrimSpace(out)
		d, err := openExistingDB(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		var currency, stage string
		err = d.SQL().QueryRow(`SELECT o.currency, l.name FROM orgs o JOIN list_items l ON l.org_id = o.id AND l.kind = 'stages' AND l.position = 1 WHERE o.slug = $1`, slug).Scan(&currency, &stage)
		d.Close()
		if err != nil || currency != c.want || stage != c.stage {
			t.Errorf("%s: currency %q, first stage %q, %v; want %q and %q", c.name, currency, stage, err, c.want, c.stage)
		}
	}
	d, err := openExistingDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if slugs, total, err := d.OrgSlugs(context.Background(), 10); err != nil || total != 4 {
		t.Errorf("organizations: %v %d %v, want nihon and the three above", slugs, total, err)
	}
}

// TestOrgAddSlugFromName: the slug printed keeps every Latin letter of the
// name (ß, æ, ø, capital Œ were dropped: "stra-e-muller"), and a name whose
// slug another organization has says so and how to pass --slug, instead of
// a conflict on a --slug that was never given.
func TestOrgAddSlugFromName(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	if _, _, err := cli(t, db, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"Straße Müller":           "strasse-muller",
		"Électricité Ærø":         "electricite-aero",
		"ŒUVRES DE L'ÉTÉ":         "oeuvres-de-l-ete",
		"🚀 Rocket 🚀":              "rocket",
		"  Café   des   Sports  ": "cafe-des-sports",
	} {
		if out, stderr, err := cli(t, db, "", "org", "add", "--name", name); err != nil || out != want+"\n" {
			t.Errorf("org add --name %q: %v %q %q, want %q", name, err, out, stderr, want)
		}
	}
	out, stderr, err := cli(t, db, "", "org", "add", "--name", "Café des sports")
	if !errors.Is(err, errReported) || out != "" || !strings.Contains(stderr, `the name "Café des sports" gives the slug cafe-des-sports, which another organization has: pass --slug`) {
		t.Fatalf("a name whose slug is taken: %v %q %q", err, out, stderr)
	}
	if out, _, err := cli(t, db, "", "org", "add", "--name", "Café des sports", "--slug", "cafe-des-sports-2"); err != nil || out != "cafe-des-sports-2\n" {
		t.Fatalf("with --slug: %v %q", err, out)
	}
}

// TestNotFoundNamesWhat: an unknown --org or --email is named in the error,
// with the way out, on stderr, exit status 1.
func TestNotFoundNamesWhat(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	if _, _, err := cli(t, db, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cli(t, db, "", "org", "add", "--name", "Dupont"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"member", "add", "--org", "dupond", "--email", "marie@dupont.fr", "--role", "sales"}, `No organization has the slug "dupond" in this database (` + db + `). (org)`},
		{[]string{"member", "add", "--org", "dupont", "--email", "marie@dupont.fr", "--role", "sales"}, "No user has the e-mail address marie@dupont.fr: create the user first (closer user add --email marie@dupont.fr). (email)"},
		{[]string{"token", "create", "--email", "marie@dupont.fr"}, "No user has the e-mail address marie@dupont.fr"},
		{[]string{"export", "--org", "dupond", "--out", t.TempDir()}, `No organization has the slug "dupond"`},
	} {
		out, stderr, err := cli(t, db, "", c.args...)
		if !errors.Is(err, errReported) || out != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: %v %q %q, want %q", c.args, err, out, stderr, c.want)
		}
	}
}
