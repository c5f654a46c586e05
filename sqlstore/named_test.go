package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestAccountNamedAtOnce: colleagues typing one new account name at the
// same moment, each written their own way ("Menuiserie Roy 3", "MENUISERIE
// ROY 3", " menuiserie roy 3 "), on the form of a new opportunity, make one
// account, which every form then gets; likewise one contact at it. On
// PostgreSQL each form found no such account in its own snapshot, and each
// created one. An account made on purpose under an existing name
// (CreateAccount: two shops of one chain) is still made.
func TestAccountNamedAtOnce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "joiners")
		people := []context.Context{c.sales, c.colleague, c.manager, c.owner}
		spellings := []string{"Menuiserie Roy %d", "MENUISERIE ROY %d", " menuiserie roy %d "}
		const rounds, writers = 6, 18
		for round := range rounds {
			start := make(chan struct{})
			accounts := make([]closer.Account, writers)
			contacts := make([]closer.Contact, writers)
			made := make([][2]bool, writers)
			errs := make([]error, writers)
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					<-start
					ctx := people[w%len(people)]
					accounts[w].Name = fmt.Sprintf(spellings[w%len(spellings)], round)
					if made[w][0], errs[w] = db.AccountNamed(ctx, &accounts[w]); errs[w] != nil {
						return
					}
					contacts[w] = closer.Contact{Name: fmt.Sprintf(spellings[(w+1)%len(spellings)], round), AccountID: accounts[w].ID}
					made[w][1], errs[w] = db.ContactNamed(ctx, &contacts[w])
				})
			}
			close(start)
			wg.Wait()
			var madeAccounts, madeContacts int
			for w := range writers {
				if errs[w] != nil {
					t.Fatalf("round %d, writer %d: %v", round, w, errs[w])
				}
				if made[w][0] {
					madeAccounts++
				}
				if made[w][1] {
					madeContacts++
				}
				if accounts[w].ID != accounts[0].ID || contacts[w].ID != contacts[0].ID {
					t.Errorf("round %d: writer %d got account %d and contact %d, writer 0 %d and %d", round, w,
						accounts[w].ID, contacts[w].ID, accounts[0].ID, contacts[0].ID)
				}
			}
			if madeAccounts != 1 || madeContacts != 1 {
				t.Errorf("round %d: %d accounts and %d contacts made, want 1 each", round, madeAccounts, madeContacts)
			}
			accs, _, err := db.FindAccounts(c.owner, closer.AccountFilter{Q: fmt.Sprintf("roy %d", round), Page: closer.Page{Limit: 10}})
			must(t, err)
			if len(accs) != 1 {
				t.Errorf("round %d: %d accounts of the name, want 1", round, len(accs))
			}
		}

		// Found, an account is the org's own: the one made first, and never
		// another org's.
		first := &closer.Account{Name: "Menuiserie Roy 0"}
		if made, err := db.AccountNamed(c.sales, first); err != nil || made {
			t.Fatalf("found again: %v, made %v", err, made)
		}
		twin := &closer.Account{Name: "Menuiserie Roy 0", City: "Nantes"}
		must(t, db.CreateAccount(c.sales, twin))
		again := &closer.Account{Name: "menuiserie roy 0"}
		if made, err := db.AccountNamed(c.sales, again); err != nil || made || again.ID != first.ID {
			t.Errorf("among homonyms: %v, made %v, account %d, want the first made, %d", err, made, again.ID, first.ID)
		}
		other := newCrew(t, db, "others")
		theirs := &closer.Account{Name: "Menuiserie Roy 0"}
		if made, err := db.AccountNamed(other.sales, theirs); err != nil || !made || theirs.ID == first.ID {
			t.Errorf("another org: %v, made %v, account %d", err, made, theirs.ID)
		}
		// A consultant creates nothing, even by name.
		if _, err := db.AccountNamed(c.consultant, &closer.Account{Name: "Menuiserie Roy 0"}); closer.ErrorCode(err) != closer.EFORBIDDEN {
			t.Errorf("consultant: %v, want forbidden", err)
		}
	})
}
