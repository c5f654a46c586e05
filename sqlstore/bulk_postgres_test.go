package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestBulkPostgresPlainRole runs a bulk on PostgreSQL as a role that is not
// a superuser, as a hosted deployment's usually is: it may not turn the
// foreign key checks off (session_replication_role), so the bulk keeps them
// and still writes everything. CI's role is a superuser, which takes the
// other path in every other bulk test.
func TestBulkPostgresPlainRole(t *testing.T) {
	server := sqltest.PostgresURL(t)
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "closer_plain_" + hex.EncodeToString(b)
	for _, q := range []string{`CREATE ROLE ` + name + ` LOGIN NOSUPERUSER`, `CREATE DATABASE ` + name + ` OWNER ` + name} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Exec(`DROP ROLE IF EXISTS ` + name)
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.User, u.Path = url.User(name), "/"+name
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`SET session_replication_role = replica`); err == nil {
		t.Fatal("the plain role may set session_replication_role: this test would not cover the refusal")
	}
	actx, org := newOrg(t, db, "plain")
	const n = 300
	if err := db.Bulk(actx, false, func(b closer.Bulk) error { return fillImport(b, n) }); err != nil {
		t.Fatal(err)
	}
	if c := orgCounts(t, db, org.ID); c["opportunities"] != n || c["events"] != n+n*2/3 {
		t.Errorf("after the bulk: %v", c)
	}
}
