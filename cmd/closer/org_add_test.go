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
