package sqlstore

import "testing"

// TestWithoutPassword keeps pg_dump's command line free of the password.
func TestWithoutPassword(t *testing.T) {
	for in, want := range map[string][2]string{
		"postgres://closer:s3cr%40t@127.0.0.1:5432/db?sslmode=disable": {"postgres://closer@127.0.0.1:5432/db?sslmode=disable", "s3cr@t"},
		"postgres://closer@127.0.0.1/db":                               {"postgres://closer@127.0.0.1/db", ""},
		"host=127.0.0.1 user=closer":                                   {"host=127.0.0.1 user=closer", ""},
	} {
		if dsn, pw := withoutPassword(in); dsn != want[0] || pw != want[1] {
			t.Errorf("%s: %s %q", in, dsn, pw)
		}
	}
}
