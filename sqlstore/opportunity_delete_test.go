package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// Deleting an opportunity with linked orders is refused, naming them: a
// linked order always names its opportunity.
func TestDeleteOpportunityKeepsLinkedOrders(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "orders")
		acc := mustAccount(t, db, c.manager, "Leroy")
		o := &closer.Opportunity{Title: "Linked", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
		if err := db.CreateOpportunity(c.manager, o); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CloseOpportunity(c.manager, o.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-15"), Amount: cents(100)}); err != nil {
			t.Fatal(err)
		}
		ord := &closer.Order{AccountID: acc.ID, OpportunityID: o.ID, Reference: "BC-1", Amount: 100, OrderedOn: closer.MustDate("2024-06-01")}
		if err := db.CreateOrder(c.manager, ord); err != nil {
			t.Fatal(err)
		}
		err := db.DeleteOpportunity(c.owner, o.ID, 0)
		wantErr(t, "delete", err, closer.ECONFLICT, "")
		if !strings.Contains(closer.ErrorMessage(err), "BC-1") {
			t.Errorf("the message does not name the order: %v", err)
		}
		if got, err := db.FindOrder(c.owner, ord.ID); err != nil || got.OpportunityID != o.ID {
			t.Fatalf("order %+v, %v", got, err)
		}
		if err := db.DeleteOrder(c.owner, ord.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteOpportunity(c.owner, o.ID, 0); err != nil {
			t.Fatalf("delete once its order is gone: %v", err)
		}
	})
}

// TestDeleteOpportunityWaitsForAnOrderBeingLinked deletes, on PostgreSQL, an
// opportunity while another transaction is linking an order to it and has
// not committed yet: as CreateOrder does (the opportunity's row shared, then
// the order inserted), and as an import that keeps its foreign key checks
// does (the insert alone). The deletion waits for it, then sees the order and
// is refused naming it; it never deletes the opportunity from under the
// order (whose opportunity_id would be set to null, a linked order of no
// opportunity).
func TestDeleteOpportunityWaitsForAnOrderBeingLinked(t *testing.T) {
	for _, c := range []struct{ name, lock string }{
		{"as CreateOrder", `SELECT status FROM opportunities WHERE org_id = $1 AND id = $2 FOR SHARE`},
		{"as an import", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := sqltest.Postgres(t)
			cr := newCrew(t, db, "race")
			acc := mustAccount(t, db, cr.manager, "Leroy")
			o := &closer.Opportunity{Title: "Linked", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
			if err := db.CreateOpportunity(cr.manager, o); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CloseOpportunity(cr.manager, o.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-15"), Amount: cents(100)}); err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			linking, err := db.SQL().BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer linking.Rollback()
			if c.lock != "" {
				if _, err := linking.Exec(c.lock, cr.org.ID, o.ID); err != nil {
					t.Fatal(err)
				}
			}
			var orderID int64
			if err := linking.QueryRow(`INSERT INTO orders (org_id, account_id, opportunity_id, owner_id, kind, reference, amount, ordered_on, created_at)
				VALUES ($1, $2, $3, $4, 'linked', 'BC-RACE', 100, '2024-06-15', '2024-06-15T10:00:00.000000Z') RETURNING id`,
				cr.org.ID, acc.ID, o.ID, cr.managerID).Scan(&orderID); err != nil {
				t.Fatal(err)
			}

			deleted := make(chan error, 1)
			go func() { deleted <- db.DeleteOpportunity(cr.owner, o.ID, 0) }()
			// The deletion has reached a lock of the linking transaction:
			// before the fix, past its check of the linked orders.
			waitForLockWait(t, db)
			if err := linking.Commit(); err != nil {
				t.Fatal(err)
			}
			err = <-deleted
			wantErr(t, "delete while an order is being linked", err, closer.ECONFLICT, "")
			if !strings.Contains(closer.ErrorMessage(err), "BC-RACE") {
				t.Errorf("the refusal does not name the order: %v", err)
			}
			if got, err := db.FindOrder(cr.owner, orderID); err != nil || got.OpportunityID != o.ID {
				t.Fatalf("the order lost its opportunity: %+v, %v", got, err)
			}
			if _, err := db.FindOpportunity(cr.owner, o.ID); err != nil {
				t.Fatalf("the opportunity is gone: %v", err)
			}
		})
	}
}

// waitForLockWait waits until a session of db's database waits for a lock.
func waitForLockWait(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
			t.Fatal(err)
		} else if n > 0 {
			return
		} else if time.Now().After(deadline) {
			t.Fatal("the deletion never waited for the linking transaction")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
