package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// bulkTables are every table a bulk writes into.
var bulkTables = []string{"accounts", "contacts", "opportunities", "events", "quotes", "orders", "activities", "targets"}

// orgCounts counts the rows of orgID in every bulk table.
func orgCounts(t *testing.T, db *sqlstore.DB, orgID int64) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range bulkTables {
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE org_id = $1`, orgID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// fillSample adds n opportunities of every status, with an account, a
// contact, a quote, an order, an activity and a target.
func fillSample(b closer.Bulk, n int) error {
	l := b.Lists()
	owner := b.Members()[0].UserID
	acc := &closer.Account{Name: "Boulangerie Martin", OwnerID: owner, City: "Lyon"}
	if err := b.AddAccount(acc); err != nil {
		return err
	}
	if err := b.AddContact(&closer.Contact{AccountID: acc.ID, Name: "Paul Martin"}); err != nil {
		return err
	}
	day := closer.MustDate("2025-03-03")
	statuses := closer.Statuses
	for i := range n {
		o := &closer.Opportunity{Title: "Vitrine " + strconv.Itoa(i), OwnerID: owner, AccountID: acc.ID, Status: statuses[i%len(statuses)],
			Amount: 150000, DetectedOn: day, ClosedOn: day.AddDays(20), StageID: l.Stages[1].ID, FurthestStageID: l.Stages[2].ID}
		switch o.Status {
		case closer.StatusOnHold:
			o.HoldReason, o.HeldOn, o.ReviewOn = "Permis de construire", day.AddDays(10), day.AddDays(60)
		case closer.StatusLost:
			o.LossReasonID, o.CompetitorUnknown, o.Note = l.LossReasons[0].ID, true, "10 % plus cher"
		case closer.StatusVanished:
			o.VanishReasonID = l.VanishReasons[0].ID
		case closer.StatusOpen, closer.StatusWon:
		}
		move := closer.Event{Kind: closer.EventStage, At: time.Date(2025, 3, 5, 10, 0, 0, 0, time.UTC),
			From: strconv.FormatInt(l.Stages[0].ID, 10), To: strconv.FormatInt(l.Stages[2].ID, 10)}
		if err := b.AddOpportunity(o, move); err != nil {
			return err
		}
		if err := b.AddQuote(&closer.Quote{OpportunityID: o.ID, Number: fmt.Sprintf("DEV-2025-%04d", i), Amount: o.Amount, SentOn: day.AddDays(2), Status: closer.QuoteSent}); err != nil {
			return err
		}
		if o.Status == closer.StatusWon {
			if err := b.AddOrder(&closer.Order{AccountID: acc.ID, OpportunityID: o.ID, OwnerID: owner, Kind: closer.OrderLinked, Amount: o.Amount, OrderedOn: o.ClosedOn}); err != nil {
				return err
			}
		}
		if err := b.AddActivity(&closer.Activity{Kind: closer.ActivityCall, OwnerID: owner, Subject: "Relance", DueOn: day.AddDays(5), OpportunityID: o.ID}); err != nil {
			return err
		}
	}
	return b.AddTarget(&closer.Target{UserID: owner, Period: closer.PeriodMonth, StartsOn: closer.MustDate("2025-03-01"), Amount: 1000000})
}

func TestBulkAllOrNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, org := newOrg(t, db, "lambert")
		boom := errors.New("boom")
		err := db.Bulk(ctx, false, func(b closer.Bulk) error {
			if err := fillSample(b, 3000); err != nil { // several batches written before the error
				return err
			}
			if _, err := b.AddUser("Léa", "lea@lambert.test", closer.RoleSales); err != nil {
				return err
			}
			if err := b.AddListItem(&closer.ListItem{Kind: closer.ListCompetitors, Name: "Dupont Fenêtres"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("bulk: got %v, want fn's error", err)
		}
		for table, n := range orgCounts(t, db, org.ID) {
			if n != 0 {
				t.Errorf("after a failed bulk, %s holds %d rows", table, n)
			}
		}
		if ms, _ := db.Members(ctx); len(ms) != 1 {
			t.Errorf("after a failed bulk, %d members, want 1", len(ms))
		}
		if l, _ := db.Lists(ctx); len(l.Competitors) != 0 {
			t.Errorf("after a failed bulk, competitors: %+v", l.Competitors)
		}

		if err := db.Bulk(ctx, true, func(b closer.Bulk) error { return fillSample(b, 10) }); err != nil {
			t.Fatal(err)
		}
		for table, n := range orgCounts(t, db, org.ID) {
			if n != 0 {
				t.Errorf("after a dry run, %s holds %d rows", table, n)
			}
		}
	})
}

func TestBulkWritesConsistentIDs(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, org := newOrg(t, db, "lambert")
		const n = 2345 // not a multiple of any batch size
		var userID int64
		err := db.Bulk(ctx, false, func(b closer.Bulk) error {
			var err error
			if userID, err = b.AddUser("Léa Girard", "lea@lambert.test", closer.RoleSales); err != nil {
				return err
			}
			if len(b.Members()) != 2 {
				return fmt.Errorf("members: %+v", b.Members())
			}
			it := &closer.ListItem{Kind: closer.ListCompetitors, Name: "Dupont Fenêtres"}
			if err := b.AddListItem(it); err != nil {
				return err
			}
			if got, err := b.Lists().Resolve(closer.ListCompetitors, "dupont fenêtres", true); err != nil || got.ID != it.ID || it.Position != 1 {
				return fmt.Errorf("list item: %+v %+v %v", it, got, err)
			}
			if err := fillSample(b, n); err != nil {
				return err
			}
			if b.AccountID("Boulangerie Martin") == 0 || b.AccountID("Nobody") != 0 {
				return fmt.Errorf("AccountID")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got := orgCounts(t, db, org.ID)
		want := map[string]int{"accounts": 1, "contacts": 1, "opportunities": n, "quotes": n, "orders": (n + 3) / 5, "activities": n, "targets": 1,
			"events": n*2 + n*4/5 + 1} // created and stage for all, status for the 4 statuses in 5 that are not open
		want["events"] = 0
		for i := range n {
			want["events"] += 2
			if i%5 != 0 {
				want["events"]++
			}
		}
		for table, w := range want {
			if got[table] != w {
				t.Errorf("%s: %d rows, want %d", table, got[table], w)
			}
		}
		sq := db.SQL()
		// Every event, quote, order and activity points to an opportunity of the org.
		for _, table := range []string{"events", "quotes", "orders", "activities"} {
			var orphans int
			if err := sq.QueryRow(`SELECT COUNT(*) FROM `+table+` x LEFT JOIN opportunities o ON o.id = x.opportunity_id AND o.org_id = x.org_id
				WHERE x.org_id = $1 AND x.opportunity_id IS NOT NULL AND o.id IS NULL`, org.ID).Scan(&orphans); err != nil {
				t.Fatal(err)
			}
			if orphans != 0 {
				t.Errorf("%s: %d rows point to no opportunity of the org", table, orphans)
			}
		}
		// Events replay the history: created (to open) first, then the stage move, then the status change.
		rows, err := sq.Query(`SELECT o.status, e.kind, e.from_value, e.to_value FROM events e JOIN opportunities o ON o.id = e.opportunity_id
			WHERE e.org_id = $1 AND o.title = 'Vitrine 2' ORDER BY e.id`, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		var trail string
		for rows.Next() {
			var status, kind, from, to string
			if err := rows.Scan(&status, &kind, &from, &to); err != nil {
				t.Fatal(err)
			}
			if kind == "stage" {
				from, to = "s", "s"
			}
			trail += fmt.Sprintf("%s:%s>%s ", kind, from, to)
		}
		rows.Close()
		if trail != "created:>open stage:s>s status:open>won " {
			t.Errorf("events of a won opportunity: %q", trail)
		}
		// A normal insert afterwards gets a fresh id (PostgreSQL's sequences advanced).
		var maxID, newID int64
		sq.QueryRow(`SELECT MAX(id) FROM opportunities`).Scan(&maxID)
		if err := sq.QueryRow(`INSERT INTO opportunities (org_id, title, owner_id, status, detected_on, created_at, updated_at)
			VALUES ($1, 'After', $2, 'open', '2025-04-01', 'now', 'now') RETURNING id`, org.ID, userID).Scan(&newID); err != nil {
			t.Fatalf("insert after bulk: %v", err)
		}
		if newID <= maxID {
			t.Errorf("insert after bulk got id %d, bulk went up to %d", newID, maxID)
		}
		for _, table := range []string{"events", "quotes", "activities"} {
			if _, err := sq.Exec(`INSERT INTO `+table+` (org_id, opportunity_id, `+map[string]string{
				"events": "at, kind) VALUES ($1, $2, 'now', 'created')", "quotes": "number, status, created_at) VALUES ($1, $2, 'X', 'draft', 'now')",
				"activities": "kind, owner_id, subject, created_at) VALUES ($1, $2, 'call', " + strconv.FormatInt(userID, 10) + ", 'x', 'now')"}[table],
				org.ID, newID); err != nil {
				t.Errorf("insert into %s after bulk: %v", table, err)
			}
		}
	})
}

func TestBulkStaysInItsOrg(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, org := newOrg(t, db, "lambert")
		otherCtx, other := newOrg(t, db, "dupont")
		if err := db.Bulk(otherCtx, false, func(b closer.Bulk) error { return fillSample(b, 5) }); err != nil {
			t.Fatal(err)
		}
		before := orgCounts(t, db, other.ID)
		var foreignAccount, foreignOpp, foreignOwner, foreignStage int64
		sq := db.SQL()
		sq.QueryRow(`SELECT id FROM accounts WHERE org_id = $1`, other.ID).Scan(&foreignAccount)
		sq.QueryRow(`SELECT id, owner_id, stage_id FROM opportunities WHERE org_id = $1 LIMIT 1`, other.ID).Scan(&foreignOpp, &foreignOwner, &foreignStage)
		a, _ := closer.ActorFromContext(ctx)
		l, _ := db.Lists(ctx)
		for name, add := range map[string]func(b closer.Bulk) error{
			"account": func(b closer.Bulk) error {
				return b.AddOpportunity(&closer.Opportunity{Title: "x", OwnerID: a.UserID, AccountID: foreignAccount, Status: closer.StatusOpen, StageID: l.Stages[0].ID, DetectedOn: closer.MustDate("2025-01-01")})
			},
			"owner": func(b closer.Bulk) error {
				return b.AddOpportunity(&closer.Opportunity{Title: "x", OwnerID: foreignOwner, Status: closer.StatusOpen, StageID: l.Stages[0].ID, DetectedOn: closer.MustDate("2025-01-01")})
			},
			"stage": func(b closer.Bulk) error {
				return b.AddOpportunity(&closer.Opportunity{Title: "x", OwnerID: a.UserID, Status: closer.StatusOpen, StageID: foreignStage, DetectedOn: closer.MustDate("2025-01-01")})
			},
			"opportunity": func(b closer.Bulk) error {
				return b.AddQuote(&closer.Quote{OpportunityID: foreignOpp, Number: "DEV-1", Status: closer.QuoteDraft})
			},
			"order account": func(b closer.Bulk) error {
				return b.AddOrder(&closer.Order{AccountID: foreignAccount, Kind: closer.OrderDirect, OrderedOn: closer.MustDate("2025-01-01")})
			},
			"target": func(b closer.Bulk) error {
				return b.AddTarget(&closer.Target{UserID: foreignOwner, Period: closer.PeriodMonth, StartsOn: closer.MustDate("2025-01-01")})
			},
		} {
			err := db.Bulk(ctx, false, func(b closer.Bulk) error {
				if err := fillSample(b, 3); err != nil {
					return err
				}
				return add(b)
			})
			if closer.ErrorCode(err) != closer.EINVALID {
				t.Errorf("%s of another org: got %v, want invalid", name, err)
			}
		}
		for table, n := range orgCounts(t, db, org.ID) {
			if n != 0 {
				t.Errorf("%s: %d rows written by refused bulks", table, n)
			}
		}
		after := orgCounts(t, db, other.ID)
		for table := range before {
			if before[table] != after[table] {
				t.Errorf("the other org's %s changed: %d → %d", table, before[table], after[table])
			}
		}
	})
}

func TestBulkNeedsAManager(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		_, org := newOrg(t, db, "lambert")
		fn := func(b closer.Bulk) error { return nil }
		if err := db.Bulk(context.Background(), false, fn); closer.ErrorCode(err) != closer.EUNAUTHORIZED {
			t.Errorf("nobody: %v", err)
		}
		sales := closer.NewContextWithActor(context.Background(), closer.Actor{UserID: 1, OrgID: org.ID, Role: closer.RoleSales})
		if err := db.Bulk(sales, false, fn); closer.ErrorCode(err) != closer.EFORBIDDEN {
			t.Errorf("salesperson: %v", err)
		}
		if err := db.Bulk(closer.NewSystemContext(sales), false, fn); err != nil {
			t.Errorf("system context naming the org: %v", err)
		}
	})
}

// TestBulkConcurrentInsert inserts normally while a bulk runs (PostgreSQL
// only: SQLite serializes writers): neither collides with the other.
func TestBulkConcurrentInsert(t *testing.T) {
	db := sqltest.Postgres(t)
	ctx, org := newOrg(t, db, "lambert")
	a, _ := closer.ActorFromContext(ctx)
	var during int64
	err := db.Bulk(ctx, false, func(b closer.Bulk) error {
		if err := fillSample(b, 100); err != nil {
			return err
		}
		if err := db.SQL().QueryRow(`INSERT INTO opportunities (org_id, title, owner_id, status, detected_on, created_at, updated_at)
			VALUES ($1, 'During', $2, 'open', '2025-04-01', 'now', 'now') RETURNING id`, org.ID, a.UserID).Scan(&during); err != nil {
			return err
		}
		return fillImport(b, 100) // fresh ids after the concurrent insert
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := orgCounts(t, db, org.ID)["opportunities"]; n != 201 || during == 0 {
		t.Errorf("%d opportunities, want 201", n)
	}
}

// TestBulkThroughput measures an import-like bulk of N opportunities (with
// their created and closure events) when CLOSER_BENCH_BULK=N; on SQLite, and
// on PostgreSQL too when CLOSER_TEST_POSTGRES is set.
func TestBulkThroughput(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CLOSER_BENCH_BULK"))
	if n <= 0 {
		t.Skip("set CLOSER_BENCH_BULK=N to measure a bulk of N opportunities")
	}
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, org := newOrg(t, db, "lambert")
		start := time.Now()
		if err := db.Bulk(ctx, false, func(b closer.Bulk) error { return fillImport(b, n) }); err != nil {
			t.Fatal(err)
		}
		d := time.Since(start)
		c := orgCounts(t, db, org.ID)
		t.Logf("%d opportunities (%d events) in %v: %.0f opportunities/s", c["opportunities"], c["events"], d.Round(time.Millisecond), float64(n)/d.Seconds())
	})
}

// fillImport adds n opportunities as an import does: closed ones with their
// reasons, an account every 8, no extra events.
func fillImport(b closer.Bulk, n int) error {
	l := b.Lists()
	owner := b.Members()[0].UserID
	day := closer.MustDate("2024-01-01")
	var acc int64
	for i := range n {
		if i%8 == 0 {
			a := &closer.Account{Name: "Client " + strconv.Itoa(i/8), OwnerID: owner}
			if err := b.AddAccount(a); err != nil {
				return err
			}
			acc = a.ID
		}
		o := &closer.Opportunity{Title: "Affaire " + strconv.Itoa(i), OwnerID: owner, AccountID: acc, SourceID: l.Sources[i%4].ID,
			Amount: closer.Money(100000 + i%5000), DetectedOn: day.AddDays(i % 500), StageID: l.Stages[i%4].ID, FurthestStageID: l.Stages[i%4].ID}
		switch i % 3 {
		case 0:
			o.Status = closer.StatusOpen
		case 1:
			o.Status, o.ClosedOn = closer.StatusWon, o.DetectedOn.AddDays(30)
		case 2:
			o.Status, o.ClosedOn, o.LossReasonID, o.CompetitorUnknown, o.Note = closer.StatusLost, o.DetectedOn.AddDays(30), l.LossReasons[1].ID, true, "Délai trop long"
		}
		if err := b.AddOpportunity(o); err != nil {
			return err
		}
	}
	return nil
}

// TestBulkStopsAtAFailedWrite ignores the error of a write (a duplicate
// target, refused by the unique index) and goes on adding: the bulk writes
// nothing more, not even in SQLite's autocommit after INSERT OR ROLLBACK
// ended the transaction, and returns the error.
func TestBulkStopsAtAFailedWrite(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, org := newOrg(t, db, "lambert")
		var ignored error
		err := db.Bulk(ctx, false, func(b closer.Bulk) error {
			if err := fillSample(b, 10); err != nil {
				return err
			}
			owner := b.Members()[0].UserID
			day := closer.MustDate("2020-01-01")
			for i := 0; ignored == nil && i < 100_000; i++ { // until a buffer is full and written
				ignored = b.AddTarget(&closer.Target{UserID: owner, Period: closer.PeriodYear, StartsOn: day.AddDays(min(i, 1)), Amount: 1})
			}
			if _, err := b.AddUser("Léa", "lea@lambert.test", closer.RoleSales); err == nil {
				t.Error("AddUser after a failed write succeeded")
			}
			return fillSample(b, 10)
		})
		if closer.ErrorCode(err) != closer.ECONFLICT || ignored == nil {
			t.Fatalf("bulk: got %v (ignored %v), want the duplicate target's conflict", err, ignored)
		}
		for table, n := range orgCounts(t, db, org.ID) {
			if n != 0 {
				t.Errorf("after a failed write, %s holds %d rows", table, n)
			}
		}
		if ms, _ := db.Members(ctx); len(ms) != 1 {
			t.Errorf("after a failed write, %d members, want 1", len(ms))
		}
	})
}
