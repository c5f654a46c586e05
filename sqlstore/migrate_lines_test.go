package sqlstore_test

import (
	"context"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// storedLines are the one-line columns (closer.CheckLine) this test fills
// with line breaks as a database held them before CheckLine, and what
// migration 0065 makes of them.
var storedLines = []struct {
	table, column, stored, want string
}{
	{"opportunities", "title", "Rénovation\r\n  façade\n", "Rénovation façade"},
	{"accounts", "name", "Électricité\nDupont", "Électricité Dupont"},
	{"accounts", "city", "Paris\t", "Paris"},
	{"accounts", "phone", "\r\n", ""},
	{"contacts", "name", "Jean\u2028Dupont", "Jean Dupont"},
	{"contacts", "job_title", "Directeur\ncommercial", "Directeur commercial"},
	{"activities", "subject", "Rappeler\n", "Rappeler"},
	{"quotes", "number", "D-1\n", "D-1"},
	{"orders", "reference", "\tF-1", "F-1"},
	{"orgs", "name", "Org\r\nLignes", "Org Lignes"},
	{"users", "name", "Owner\nLignes", "Owner Lignes"},
	{"tokens", "name", "CLI\n", "CLI"},
	{"saved_filters", "name", "Mes\naffaires", "Mes affaires"},
	{"list_items", "name", "Appel\nd'offres", "Appel d'offres (2)"}, // "Appel d'offres" is another competitor
}

// TestMigrationJoinsStoredLines: titles and names stored with a line break
// before closer.CheckLine refused them made every later change of their
// record refused (the PATCH naming the title it did not send). Migration
// 0065's Go step writes each on one line, with its sort key, and keeps the
// names of a list's entries unique; the change then goes through.
func TestMigrationJoinsStoredLines(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "lines")
		acc := mustAccount(t, db, c.owner, "Acme")
		ct := &closer.Contact{Name: "Jean", AccountID: acc.ID}
		if err := db.CreateContact(c.owner, ct); err != nil {
			t.Fatal(err)
		}
		opp := rawWonOpportunity(t, db, c.org.ID, c.ownerID, acc.ID)
		act := &closer.Activity{Kind: "call", Subject: "Rappeler", OwnerID: c.ownerID, OpportunityID: opp, DueOn: closer.MustDate("2024-06-03")}
		if err := db.CreateActivity(c.owner, act); err != nil {
			t.Fatal(err)
		}
		quote := &closer.Quote{OpportunityID: opp, Number: "D-1", Status: "draft"}
		if err := db.CreateQuote(c.owner, quote); err != nil {
			t.Fatal(err)
		}
		order := &closer.Order{AccountID: acc.ID, Kind: closer.OrderDirect, Reference: "F-1", Amount: 100, OrderedOn: closer.MustDate("2024-06-02")}
		if err := db.CreateOrder(c.owner, order); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateToken(c.owner, c.ownerID, "CLI"); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSavedFilter(c.owner, &closer.SavedFilter{Page: "opportunities", Name: "Mes affaires", Query: "status=open"}); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"Appel d'offres", "Appel\nd'offres"} {
			if _, err := db.SQL().Exec(`INSERT INTO list_items (org_id, kind, name, position) VALUES ($1, 'competitors', $2, 90)`, c.org.ID, name); err != nil {
				t.Fatal(err)
			}
		}
		ids := map[string]int64{"opportunities": opp, "accounts": acc.ID, "contacts": ct.ID, "activities": act.ID, "quotes": quote.ID,
			"orders": order.ID, "orgs": c.org.ID, "users": c.ownerID}
		for _, s := range storedLines {
			where, arg := "id = $2", any(ids[s.table])
			switch s.table {
			case "tokens", "saved_filters":
				where, arg = "user_id = $2", c.ownerID
			case "list_items":
				continue
			}
			if _, err := db.SQL().Exec(`UPDATE `+s.table+` SET `+s.column+` = $1 WHERE `+where, s.stored, arg); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.SQL().Exec(`UPDATE opportunities SET title_key = 'x' WHERE id = $1`, opp); err != nil {
			t.Fatal(err)
		}
		// What the migration mends: a change that does not touch the title is refused.
		note := "Relancé"
		if _, err := db.UpdateOpportunity(c.owner, opp, 0, closer.OpportunityUpdate{Note: &note}); closer.ErrorField(err) != "title" {
			t.Fatalf("before the migration: %v", err)
		}

		tx, err := db.SQL().BeginTx(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := sqlstore.JoinStoredLines(context.Background(), tx); err != nil {
			tx.Rollback()
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}

		for _, s := range storedLines {
			var got string
			if err := db.SQL().QueryRow(`SELECT `+s.column+` FROM `+s.table+` WHERE `+s.column+` = $1`, s.want).Scan(&got); err != nil {
				t.Errorf("%s.%s: no %q (%v)", s.table, s.column, s.want, err)
			}
			var left int
			if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM `+s.table+` WHERE `+s.column+` LIKE $1 OR `+s.column+` LIKE $2 OR `+s.column+` LIKE $3 OR `+s.column+` LIKE $4`,
				"%\n%", "%\r%", "%\t%", "%\u2028%").Scan(&left); err != nil || left != 0 {
				t.Errorf("%s.%s: %d values still on several lines (%v)", s.table, s.column, left, err)
			}
		}
		for table, key := range map[string]string{"opportunities": "title_key", "accounts": "name_key", "contacts": "name_key"} {
			name := "name"
			if table == "opportunities" {
				name = "title"
			}
			rows, err := db.SQL().Query(`SELECT `+name+`, `+key+` FROM `+table+` WHERE org_id = $1`, c.org.ID)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var n, k string
				if err := rows.Scan(&n, &k); err != nil {
					t.Fatal(err)
				}
				if k != closer.SortKey(n) {
					t.Errorf("%s %q has key %q, want %q", table, n, k, closer.SortKey(n))
				}
			}
			rows.Close()
		}
		o, err := db.UpdateOpportunity(c.owner, opp, 0, closer.OpportunityUpdate{Note: &note})
		if err != nil || o.Title != "Rénovation façade" {
			t.Fatalf("after the migration: %v %+v", err, o)
		}
		if opps, _, err := db.FindOpportunities(c.owner, closer.OpportunityFilter{Q: "renovation facade"}); err != nil || len(opps) != 1 {
			t.Errorf("search by the joined title: %v %v", opps, err)
		}
		// Run again, it changes nothing.
		tx, err = db.SQL().BeginTx(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := sqlstore.JoinStoredLines(context.Background(), tx); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM list_items WHERE org_id = $1 AND name LIKE $2`, c.org.ID, "Appel d'offres%").Scan(&n); err != nil || n != 2 {
			t.Errorf("%d competitors Appel d'offres (%v)", n, err)
		}
	})
}
