package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestOwnersDemotingEachOther: two owners, each demoting the other at the
// same moment, must not both succeed: the org would be left without an
// owner, and only the command line could repair it. On PostgreSQL each
// change counted the owners in its own snapshot (two), and both went
// through (a write skew). Now every change of an org's memberships takes
// the org's row lock first: on PostgreSQL the test holds that lock, sees
// both changes wait for it, then lets them go; one is applied, the other
// refused. On SQLite, writes are one at a time: the same outcome.
func TestOwnersDemotingEachOther(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		claire, org := newOrg(t, db, "race")
		marc := joinAs(t, db, claire, "race", "marc@race.test", closer.RoleOwner)
		sales := closer.RoleSales
		done := make(chan error, 2)
		demote := func(by context.Context, who int64) {
			done <- db.UpdateMember(by, who, &sales, nil)
		}
		ctx := context.Background()
		if db.IsPostgres() {
			held, err := db.SQL().BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer held.Rollback()
			if _, err := held.ExecContext(ctx, `SELECT id FROM orgs WHERE id = $1 FOR NO KEY UPDATE`, org.ID); err != nil {
				t.Fatal(err)
			}
			go demote(claire, userOf(marc))
			go demote(marc, userOf(claire))
			if err, ended := waitForLockWaits(t, db, 2, done); ended {
				t.Fatalf("a demotion ended (%v) while the org's members were locked: it did not take the lock", err)
			}
			if err := held.Commit(); err != nil {
				t.Fatal(err)
			}
		} else {
			go demote(claire, userOf(marc))
			go demote(marc, userOf(claire))
		}
		var applied int
		for range 2 {
			switch err := <-done; closer.ErrorCode(err) {
			case "":
				applied++
			case closer.EINVALID, closer.EFORBIDDEN:
			default:
				t.Errorf("a demotion failed: %v", err)
			}
		}
		owners := 0
		members, err := db.Members(claire)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range members {
			if m.Role == closer.RoleOwner && m.Active {
				owners++
			}
		}
		if applied != 1 || owners != 1 {
			t.Fatalf("%d demotions applied, %d owners left; want 1 and 1", applied, owners)
		}
	})
}

// TestDemotedOwnerChangesNoMore: the role an actor carries was read when
// its request began; an owner demoted since (by another owner's change,
// committed first) no longer manages the members, and a change they sent
// meanwhile is refused. It was checked against the stale role: a demoted
// owner's change in flight went through.
func TestDemotedOwnerChangesNoMore(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		claire, _ := newOrg(t, db, "stale")
		marc := joinAs(t, db, claire, "stale", "marc@stale.test", closer.RoleOwner)
		dave := joinAs(t, db, claire, "stale", "dave@stale.test", closer.RoleOwner)
		sales := closer.RoleSales
		if err := db.UpdateMember(claire, userOf(marc), &sales, nil); err != nil {
			t.Fatal(err)
		}
		// marc's context still says owner, as a request begun before would.
		wantErr(t, "the demoted owner demotes another", db.UpdateMember(marc, userOf(dave), &sales, nil), closer.EFORBIDDEN, "")
		off := false
		wantErr(t, "the demoted owner deactivates another", db.UpdateMember(marc, userOf(dave), nil, &off), closer.EFORBIDDEN, "")
		wantErr(t, "the demoted owner adds a member", db.AddMember(marc, "stale", "dave@stale.test", closer.RoleConsultant), closer.EFORBIDDEN, "")
		if a, _, err := db.Actor(context.Background(), userOf(dave), "stale"); err != nil || a.Role != closer.RoleOwner {
			t.Fatalf("dave: %+v %v, want still an owner", a, err)
		}
	})
}

// waitForLockWaits waits until n sessions of db's database wait for a
// lock, or until done receives: then it returns what it received and true.
// The loop neither sleeps nor measures time but to give up.
func waitForLockWaits(t *testing.T, db *sqlstore.DB, n int, done <-chan error) (error, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		select {
		case err := <-done:
			return err, true
		default:
		}
		var waiting int
		err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
		if err != nil {
			t.Fatalf("neither %d lock waits nor the end: %v", n, err)
		} else if waiting >= n {
			return nil, false
		}
	}
}
