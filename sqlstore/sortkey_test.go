package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// sortNames are written in an order that neither SQL's LOWER() nor a byte
// order reads right: accents, capitals, a ligature, decomposed accents.
var sortNames = []string{"Zinc Industries", "Électricité Dupont", "eau vive", "Oasis", "ACME", "Œnologie Martin", "E\u0301cole Saint-Jean"}

// sortedNames is how people expect them, as they are kept: composed
// (closer.NormalizeName). TestStoredDecomposedNames checks names stored
// decomposed before that rule.
var sortedNames = []string{"ACME", "eau vive", "École Saint-Jean", "Électricité Dupont", "Oasis", "Œnologie Martin", "Zinc Industries"}

func TestNamesSortAndSearchWithoutAccents(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "accents")
		accounts := map[string]int64{}
		for _, n := range sortNames {
			accounts[n] = mustAccount(t, db, c.owner, n).ID
			if err := db.CreateContact(c.owner, &closer.Contact{Name: n}); err != nil {
				t.Fatal(err)
			}
			o := &closer.Opportunity{Title: n, OwnerID: c.ownerID, Status: closer.StatusOpen, DetectedOn: closer.MustDate("2024-05-02")}
			if err := db.CreateOpportunity(c.owner, o); err != nil {
				t.Fatal(err)
			}
		}

		accs, _, err := db.FindAccounts(c.owner, closer.AccountFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(accs, func(a *closer.Account) string { return a.Name }); !slices.Equal(got, sortedNames) {
			t.Errorf("accounts %q, want %q", got, sortedNames)
		}
		cs, _, err := db.FindContacts(c.owner, closer.ContactFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(cs, func(c *closer.Contact) string { return c.Name }); !slices.Equal(got, sortedNames) {
			t.Errorf("contacts %q, want %q", got, sortedNames)
		}
		opps, _, err := db.FindOpportunities(c.owner, closer.OpportunityFilter{Sort: "title"})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(opps, func(o *closer.Opportunity) string { return o.Title }); !slices.Equal(got, sortedNames) {
			t.Errorf("opportunities by title %q, want %q", got, sortedNames)
		}

		for q, want := range map[string][]string{
			"electricite": {"Électricité Dupont"},
			"ÉLEC":        {"Électricité Dupont"},
			"ecole":       {"École Saint-Jean"},
			"oeno":        {"Œnologie Martin"},
			"É":           {"ACME", "eau vive", "École Saint-Jean", "Électricité Dupont", "Œnologie Martin", "Zinc Industries"},
		} {
			accs, total, err := db.FindAccounts(c.owner, closer.AccountFilter{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			if got := names(accs, func(a *closer.Account) string { return a.Name }); !slices.Equal(got, want) || total != len(want) {
				t.Errorf("accounts q=%q: %q (%d), want %q", q, got, total, want)
			}
			cs, _, err := db.FindContacts(c.owner, closer.ContactFilter{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			if got := names(cs, func(c *closer.Contact) string { return c.Name }); !slices.Equal(got, want) {
				t.Errorf("contacts q=%q: %q, want %q", q, got, want)
			}
			opps, _, err := db.FindOpportunities(c.owner, closer.OpportunityFilter{Q: q, Sort: "title"})
			if err != nil {
				t.Fatal(err)
			}
			if got := names(opps, func(o *closer.Opportunity) string { return o.Title }); !slices.Equal(got, want) {
				t.Errorf("opportunities q=%q: %q, want %q", q, got, want)
			}
		}

		// A renamed account is found by its new name, and sorted by it.
		acc, err := db.FindAccount(c.owner, accounts["Zinc Industries"])
		if err != nil {
			t.Fatal(err)
		}
		acc.Name = "Ébénisterie Zinc"
		if err := db.UpdateAccount(c.owner, acc); err != nil {
			t.Fatal(err)
		}
		accs, _, err = db.FindAccounts(c.owner, closer.AccountFilter{Q: "ebenisterie"})
		if err != nil || len(accs) != 1 || accs[0].ID != acc.ID {
			t.Fatalf("renamed account: %v, %v", accs, err)
		}
		// An opportunity found through its account's name.
		o := &closer.Opportunity{Title: "Agencement", OwnerID: c.ownerID, AccountID: acc.ID, Status: closer.StatusOpen, DetectedOn: closer.MustDate("2024-05-02")}
		if err := db.CreateOpportunity(c.owner, o); err != nil {
			t.Fatal(err)
		}
		title := "Agencement d’atelier"
		if _, err := db.UpdateOpportunity(c.owner, o.ID, 0, closer.OpportunityUpdate{Title: &title}); err != nil {
			t.Fatal(err)
		}
		opps, _, err = db.FindOpportunities(c.owner, closer.OpportunityFilter{Q: "EBENISTERIE"})
		if err != nil || len(opps) != 1 || opps[0].ID != o.ID {
			t.Fatalf("opportunity by its account's name: %v, %v", opps, err)
		}
		opps, _, err = db.FindOpportunities(c.owner, closer.OpportunityFilter{Q: "d'atelier"})
		if err != nil || len(opps) != 1 || opps[0].ID != o.ID {
			t.Fatalf("opportunity by its new title, typographic apostrophe: %v, %v", opps, err)
		}
	})
}

// A bulk writes the sort keys as the single writes do.
func TestBulkSortKeys(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, org := newOrg(t, db, "bulkkeys")
		err := db.Bulk(ctx, false, func(b closer.Bulk) error {
			owner := b.Members()[0].UserID
			for _, n := range sortNames {
				acc := &closer.Account{Name: n, OwnerID: owner}
				if err := b.AddAccount(acc); err != nil {
					return err
				}
				if err := b.AddContact(&closer.Contact{AccountID: acc.ID, Name: n}); err != nil {
					return err
				}
				o := &closer.Opportunity{Title: n, OwnerID: owner, AccountID: acc.ID, Status: closer.StatusOpen, DetectedOn: closer.MustDate("2024-05-02")}
				if err := b.AddOpportunity(o); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"accounts", "contacts", "opportunities"} {
			key, name := "name_key", "name"
			if table == "opportunities" {
				key, name = "title_key", "title"
			}
			rows, err := db.SQL().Query(`SELECT `+name+`, `+key+` FROM `+table+` WHERE org_id = $1`, org.ID)
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
	})
}

// Migration 0064 fills the keys of the names a database held before it.
func TestMigrationFillsSortKeys(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "oldkeys")
		accountID := mustAccount(t, db, c.owner, "placeholder").ID
		opp := rawOpportunity(t, db, c.org.ID, c.ownerID, accountID)
		for _, q := range []string{
			`UPDATE accounts SET name = 'Électricité Dupont', name_key = LOWER('Électricité Dupont') WHERE id = $1`,
			`UPDATE opportunities SET title = 'Œuvre Zoé', title_key = '' WHERE id = $1`,
		} {
			id := accountID
			if q[7] == 'o' {
				id = opp
			}
			if _, err := db.SQL().Exec(q, id); err != nil {
				t.Fatal(err)
			}
		}
		tx, err := db.SQL().BeginTx(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := sqlstore.FillSortKeys(context.Background(), tx); err != nil {
			tx.Rollback()
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		var nameKey, titleKey string
		if err := db.SQL().QueryRow(`SELECT name_key FROM accounts WHERE id = $1`, accountID).Scan(&nameKey); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL().QueryRow(`SELECT title_key FROM opportunities WHERE id = $1`, opp).Scan(&titleKey); err != nil {
			t.Fatal(err)
		}
		if nameKey != "electricite dupont" || titleKey != "oeuvre zoe" {
			t.Errorf("keys %q, %q", nameKey, titleKey)
		}
	})
}

// Members and orgs are listed by name as people read it.
func TestMembersSortedByName(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := newOrg(t, db, "people")
		sys := closer.NewSystemContext(context.Background())
		for _, n := range []string{"Zoé Martin", "Émilie Roux", "bruno Petit"} {
			u := &closer.User{Email: closer.SortKey(n[:2]) + "x@people.test", Name: n}
			if err := db.CreateUser(sys, u, "correct horse battery"); err != nil {
				t.Fatal(err)
			}
			if err := db.AddMember(sys, "people", u.Email, closer.RoleSales); err != nil {
				t.Fatal(err)
			}
		}
		ms, err := db.Members(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := names(ms, func(m closer.Member) string { return m.Name })
		if want := []string{"bruno Petit", "Émilie Roux", "Owner people", "Zoé Martin"}; !slices.Equal(got, want) {
			t.Errorf("members %q, want %q", got, want)
		}
	})
}

func names[T any](items []T, name func(T) string) []string {
	var out []string
	for _, it := range items {
		out = append(out, name(it))
	}
	return out
}
