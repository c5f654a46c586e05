package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestBulkHoldsTheOpportunitiesItLinks: on PostgreSQL, another transaction
// reopens, or deletes, the won opportunity that a bulk's order links to,
// after the bulk found it (Bulk.Opportunity, as an import of orders does)
// and before it commits. The change waits for the bulk: the order is linked
// to a won opportunity, which is reopened after (allowed: the rule holds
// when an order is linked), or whose deletion then sees the order and is
// refused. Before, the change went through beside the bulk, which linked its
// order to an opportunity no longer won, or deleted (the bulk runs without
// foreign key checks when the role may).
func TestBulkHoldsTheOpportunitiesItLinks(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(db *sqlstore.DB, ctx context.Context, id int64) error
		code   string // of the change's error, once the bulk committed
		status closer.Status
	}{
		{"reopen", func(db *sqlstore.DB, ctx context.Context, id int64) error {
			_, err := db.ReopenOpportunity(ctx, id, 0)
			return err
		}, "", closer.StatusOpen},
		{"delete", func(db *sqlstore.DB, ctx context.Context, id int64) error {
			return db.DeleteOpportunity(ctx, id, 0)
		}, closer.ECONFLICT, closer.StatusWon},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := sqltest.Postgres(t)
			cr := newCrew(t, db, "hold")
			acc := mustAccount(t, db, cr.manager, "Leroy")
			o := &closer.Opportunity{Title: "Linked", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
			if err := db.CreateOpportunity(cr.manager, o); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CloseOpportunity(cr.manager, o.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-15"), Amount: cents(100)}); err != nil {
				t.Fatal(err)
			}
			changed := make(chan error, 1)
			var order closer.Order
			err := db.Bulk(cr.owner, false, func(b closer.Bulk) error {
				ref, n, err := b.Opportunity("linked", acc.ID)
				if err != nil || n != 1 || ref.ID != o.ID || ref.Status != closer.StatusWon {
					t.Fatalf("found %+v (%d), %v", ref, n, err)
				}
				go func() { changed <- c.change(db, cr.owner, o.ID) }()
				if err, done := waitOrEnd(t, db, changed); done {
					t.Errorf("the %s went through (%v) while a bulk was linking an order to the opportunity", c.name, err)
					changed <- err
				}
				order = closer.Order{Kind: closer.OrderLinked, AccountID: ref.AccountID, OpportunityID: ref.ID, Reference: "BC-BULK",
					Amount: 100, OrderedOn: closer.MustDate("2024-06-15")}
				if err := order.CheckLinkedTo(ref); err != nil {
					t.Fatalf("check: %v", err)
				}
				return b.AddOrder(&order)
			})
			if err != nil {
				t.Fatalf("bulk: %v", err)
			}
			if err := <-changed; closer.ErrorCode(err) != c.code {
				t.Errorf("the %s after the bulk: %v, want code %q", c.name, err, c.code)
			}
			got, err := db.FindOrder(cr.owner, order.ID)
			if err != nil || got.OpportunityID != o.ID {
				t.Fatalf("the order: %+v, %v", got, err)
			}
			if opp, err := db.FindOpportunity(cr.owner, o.ID); err != nil || opp.Status != c.status {
				t.Fatalf("the opportunity the order is linked to: %+v, %v", opp, err)
			}
		})
	}
}

// TestBulkHoldsTheAccountsItRefersTo: on PostgreSQL, another transaction
// deletes the account that a bulk adds an opportunity at, before the bulk
// commits. The deletion waits for the bulk, then meets its opportunity and
// fails: the account stays. Before, it went through beside the bulk, whose
// opportunity then referred to no account (the bulk runs without foreign
// key checks when the role may).
func TestBulkHoldsTheAccountsItRefersTo(t *testing.T) {
	db := sqltest.Postgres(t)
	cr := newCrew(t, db, "keys")
	acc := mustAccount(t, db, cr.manager, "Leroy")
	deleted := make(chan error, 1)
	o := closer.Opportunity{Title: "At Leroy", AccountID: acc.ID, OwnerID: cr.managerID, Status: closer.StatusOpen, DetectedOn: closer.MustDate("2024-06-01")}
	err := db.Bulk(cr.owner, false, func(b closer.Bulk) error {
		if err := b.AddOpportunity(&o); err != nil {
			return err
		}
		go func() { deleted <- db.DeleteAccount(cr.owner, acc.ID) }()
		if err, done := waitOrEnd(t, db, deleted); done {
			t.Errorf("the account was deleted (%v) while a bulk added an opportunity at it", err)
			deleted <- err
		}
		return nil
	})
	if err != nil {
		t.Fatalf("bulk: %v", err)
	}
	if err := <-deleted; closer.ErrorCode(err) != closer.ECONFLICT {
		t.Errorf("the deletion after the bulk: %v, want a conflict", err)
	}
	if _, err := db.FindAccount(cr.owner, acc.ID); err != nil {
		t.Fatalf("the account: %v", err)
	}
	if got, err := db.FindOpportunity(cr.owner, o.ID); err != nil || got.AccountID != acc.ID {
		t.Fatalf("the opportunity: %+v, %v", got, err)
	}
}

// TestBulkImportsOfOpportunitiesOneAfterTheOther: on PostgreSQL, a bulk
// reads the org's opportunity keys (as an import of opportunities does
// before it checks its rows) while another bulk that read them has added
// an opportunity and not committed: the second waits for the first (from
// its start: TestBulksOfOneOrgOneAfterTheOther), then finds its
// opportunity, so that a file imported twice at the same moment is not
// imported twice. (SQLite's bulks run one at a time.)
func TestBulkImportsOfOpportunitiesOneAfterTheOther(t *testing.T) {
	db := sqltest.Postgres(t)
	cr := newCrew(t, db, "twice")
	o := closer.Opportunity{Title: "Véranda", OwnerID: cr.managerID, Status: closer.StatusOpen, DetectedOn: closer.MustDate("2024-06-01")}
	type keys struct {
		keys []closer.KnownOpportunity
		err  error
	}
	second := make(chan keys, 1)
	err := db.Bulk(cr.owner, false, func(b closer.Bulk) error {
		if k, err := b.OpportunityKeys(); err != nil || k != nil {
			t.Fatalf("keys of an org without opportunities: %v, %v", k, err)
		}
		if err := b.AddOpportunity(&o); err != nil {
			return err
		}
		go func() {
			var k keys
			k.err = db.Bulk(cr.manager, true, func(b closer.Bulk) error {
				var err error
				k.keys, err = b.OpportunityKeys()
				return err
			})
			second <- k
		}()
		if k, ended := waitOrEnd(t, db, second); ended {
			t.Error("a second bulk read the opportunity keys while the first was importing")
			second <- k
		}
		return nil
	})
	if err != nil {
		t.Fatalf("first bulk: %v", err)
	}
	k := <-second
	want := closer.KeyOf(0, "VERANDA", closer.MustDate("2024-06-01"))
	if k.err != nil || len(k.keys) != 1 || k.keys[0].Key != want || k.keys[0].Status != closer.StatusOpen || k.keys[0].OwnerID != cr.managerID {
		t.Fatalf("keys the second bulk read: %v, %v; want %v once", k.keys, k.err, want)
	}
}

// TestBulksOfOneOrgOneAfterTheOther: on PostgreSQL, a second bulk of the
// org starts while the first has added an account, a stage and a member and
// not committed (two imports of one file at the same moment). The second
// waits before it reads anything, then starts from what the first
// committed: the account, the stage and the member are there, and an import
// finds them instead of creating them again. Before, the lock was taken
// when the opportunity keys were read, after newBulk had read the accounts,
// lists and members: both imports created every new account, and so every
// opportunity, twice. A bulk of another org does not wait.
func TestBulksOfOneOrgOneAfterTheOther(t *testing.T) {
	db := sqltest.Postgres(t)
	cr := newCrew(t, db, "twice")
	other, _ := newOrg(t, db, "beside")
	type seen struct {
		accounts, stages, members int
		err                       error
	}
	look := func(ctx context.Context) seen {
		var s seen
		s.err = db.Bulk(ctx, true, func(b closer.Bulk) error {
			s.accounts, s.stages, s.members = len(b.AccountsNamed("NewCo")), len(b.Lists().Stages), len(b.Members())
			return nil
		})
		return s
	}
	var before seen
	second := make(chan seen, 1)
	err := db.Bulk(cr.owner, false, func(b closer.Bulk) error {
		before = seen{stages: len(b.Lists().Stages), members: len(b.Members())}
		if err := b.AddAccount(&closer.Account{Name: "NewCo", OwnerID: cr.managerID}); err != nil {
			return err
		} else if err := b.AddListItem(&closer.ListItem{Kind: closer.ListStages, Name: "Engaging"}); err != nil {
			return err
		} else if _, err := b.AddUser("Moses Frase", "moses@twice.test", closer.RoleSales); err != nil {
			return err
		}
		if s := look(other); s.err != nil || s.accounts != 0 {
			t.Errorf("a bulk of another org: %+v", s)
		}
		go func() { second <- look(cr.manager) }()
		if s, ended := waitOrEnd(t, db, second); ended {
			t.Errorf("a second bulk of the org read it while the first was importing: %+v", s)
			second <- s
		}
		return nil
	})
	if err != nil {
		t.Fatalf("first bulk: %v", err)
	}
	if s := <-second; s.err != nil || s.accounts != 1 || s.stages != before.stages+1 || s.members != before.members+1 {
		t.Fatalf("the second bulk read %+v, want the first's account, stage and member (before: %+v)", s, before)
	}
}

// waitOrEnd waits until a session of db's database waits for a lock, or
// until done receives: then it returns what it received and true. The loop
// is bounded; it neither sleeps nor measures time but to give up.
func waitOrEnd[T any](t *testing.T, db *sqlstore.DB, done <-chan T) (T, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		select {
		case err := <-done:
			return err, true
		default:
		}
		var n int
		err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
		if err != nil {
			t.Fatalf("neither a lock wait nor the end: %v", err)
		} else if n > 0 {
			var none T
			return none, false
		}
	}
}

// TestBulkSQLiteHoldsTheWriteLock: on SQLite the bulk's transaction holds
// the database's write lock from its start (BEGIN IMMEDIATE), which is why
// what it reads of the org (an opportunity an order links to) needs no lock
// of its own: no other transaction can change it before the bulk ends.
// Another connection's write transaction, with no busy timeout, is refused
// at once while the bulk runs, and goes through once it ended.
func TestBulkSQLiteHoldsTheWriteLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "closer.db")
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	owner, _ := newOrg(t, db, "lock")
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	write := func() error {
		tx, err := other.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.Exec(`UPDATE opportunities SET status = 'open' WHERE id = 0`); err != nil {
			return err
		}
		return tx.Commit()
	}
	err = db.Bulk(owner, false, func(b closer.Bulk) error {
		if _, _, err := b.Opportunity("anything", 0); err != nil {
			return err
		}
		if err := write(); err == nil {
			t.Error("another transaction wrote while a bulk ran")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := write(); err != nil {
		t.Fatalf("a write after the bulk: %v", err)
	}
}

// TestBulkSQLiteDryRunLeavesWritesFree: a dry run writes nothing, so on
// SQLite it runs in a transaction that only reads: another connection's
// write, with no busy timeout, goes through while the dry run checks
// thousands of rows, new members and list entries; the dry run still
// refuses an e-mail or a list name already taken, as a real run does.
func TestBulkSQLiteDryRunLeavesWritesFree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "closer.db")
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	owner, org := newOrg(t, db, "dry")
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	written := 0
	write := func() error {
		tx, err := other.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		written++
		if _, err := tx.Exec(`INSERT INTO accounts (org_id, name, name_key, created_at) VALUES ($1, $2, $2, '2025-06-01T10:00:00Z')`,
			org.ID, fmt.Sprintf("Written beside %d", written)); err != nil {
			return err
		}
		return tx.Commit()
	}
	err = db.Bulk(owner, true, func(b closer.Bulk) error {
		if _, err := b.AddUser("Léa", "lea@dry.test", closer.RoleSales); err != nil {
			return err
		}
		if err := b.AddListItem(&closer.ListItem{Kind: closer.ListCompetitors, Name: "Dupont Fenêtres"}); err != nil {
			return err
		}
		if err := write(); err != nil {
			t.Errorf("a write while a dry run checks: %v", err)
		}
		if err := fillSample(b, 3000); err != nil { // several batches
			return err
		}
		if err := write(); err != nil {
			t.Errorf("a write while a dry run checks: %v", err)
		}
		if _, err := b.AddUser("Léa bis", "LEA@dry.test", closer.RoleSales); closer.ErrorCode(err) != closer.ECONFLICT {
			t.Errorf("an e-mail the dry run added, again: %v, want a conflict", err)
		}
		if _, err := b.AddUser("Owner", "owner@dry.test", closer.RoleSales); closer.ErrorCode(err) != closer.ECONFLICT {
			t.Errorf("an e-mail taken: %v, want a conflict", err)
		}
		if err := b.AddListItem(&closer.ListItem{Kind: closer.ListCompetitors, Name: "dupont fenêtres"}); closer.ErrorCode(err) != closer.ECONFLICT {
			t.Errorf("a list name the dry run added, again: %v, want a conflict", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	counts := orgCounts(t, db, org.ID)
	if counts["accounts"] != 2 || counts["opportunities"] != 0 || counts["events"] != 0 {
		t.Errorf("after a dry run and two writes beside it: %v, want the 2 accounts written beside only", counts)
	}
	if ms, _ := db.Members(owner); len(ms) != 1 {
		t.Errorf("after a dry run, %d members, want 1", len(ms))
	}
	if l, _ := db.Lists(owner); len(l.Competitors) != 0 {
		t.Errorf("after a dry run, competitors: %+v", l.Competitors)
	}
}
