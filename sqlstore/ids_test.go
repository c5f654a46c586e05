package sqlstore_test

import (
	"strconv"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// idKind is a record that the API and the pages name by id, deleted and
// created by the store as a user would.
type idKind struct {
	name   string
	create func(t *testing.T) int64
	delete func(id int64) error
	find   func(id int64) error // nil: no lookup by id
}

// idKinds are the records of the crew c that a user may delete; each
// created differs from the one before (a name, a month).
func idKinds(db *sqlstore.DB, c *crew, acc *closer.Account, opp *closer.Opportunity) []idKind {
	n := 0
	return []idKind{
		{"opportunity",
			func(t *testing.T) int64 {
				o := &closer.Opportunity{Title: "Deal", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
				must(t, db.CreateOpportunity(c.sales, o))
				return o.ID
			},
			func(id int64) error { return db.DeleteOpportunity(c.owner, id, 0) },
			func(id int64) error { _, err := db.FindOpportunity(c.owner, id); return err }},
		{"account",
			func(t *testing.T) int64 {
				n++
				return mustAccount(t, db, c.manager, "Account "+strconv.Itoa(n)).ID
			},
			func(id int64) error { return db.DeleteAccount(c.owner, id) },
			func(id int64) error { _, err := db.FindAccount(c.owner, id); return err }},
		{"contact",
			func(t *testing.T) int64 {
				k := &closer.Contact{Name: "Marie", AccountID: acc.ID}
				must(t, db.CreateContact(c.manager, k))
				return k.ID
			},
			func(id int64) error { return db.DeleteContact(c.owner, id) },
			func(id int64) error { _, err := db.FindContact(c.owner, id); return err }},
		{"quote",
			func(t *testing.T) int64 {
				q := &closer.Quote{OpportunityID: opp.ID, Number: "DV-1", Amount: 100, Status: closer.QuoteDraft}
				must(t, db.CreateQuote(c.manager, q))
				return q.ID
			},
			func(id int64) error { return db.DeleteQuote(c.owner, id) },
			func(id int64) error { _, err := db.FindQuote(c.owner, id); return err }},
		{"order",
			func(t *testing.T) int64 {
				o := &closer.Order{AccountID: acc.ID, Kind: closer.OrderDirect, Amount: 100, OrderedOn: closer.MustDate("2024-06-01")}
				must(t, db.CreateOrder(c.manager, o))
				return o.ID
			},
			func(id int64) error { return db.DeleteOrder(c.owner, id) },
			func(id int64) error { _, err := db.FindOrder(c.owner, id); return err }},
		{"activity",
			func(t *testing.T) int64 {
				a := &closer.Activity{Kind: closer.ActivityCall, Subject: "Call", DueOn: closer.MustDate("2024-06-03"), OpportunityID: opp.ID}
				must(t, db.CreateActivity(c.sales, a))
				return a.ID
			},
			func(id int64) error { return db.DeleteActivity(c.owner, id) },
			func(id int64) error { _, err := db.FindActivity(c.owner, id); return err }},
		{"target",
			func(t *testing.T) int64 {
				n++
				tg := &closer.Target{UserID: c.salesID, Period: closer.PeriodMonth, StartsOn: closer.MustDate("2024-01-01").AddMonths(n), Amount: 1000}
				must(t, db.SetTarget(c.owner, tg))
				return tg.ID
			},
			func(id int64) error { return db.DeleteTarget(c.owner, id) }, nil},
		{"saved filter",
			func(t *testing.T) int64 {
				n++
				f := &closer.SavedFilter{Page: "opportunities", Name: "Mine " + strconv.Itoa(n), Query: "status=open"}
				must(t, db.CreateSavedFilter(c.sales, f))
				return f.ID
			},
			func(id int64) error { return db.DeleteSavedFilter(c.sales, id) }, nil},
	}
}

// TestDeletedIDIsNeverGivenAgain deletes the newest record of each kind and
// creates another: it gets a new id, and the deleted one stays unknown, as
// on PostgreSQL. SQLite used to give the newest record's id, once deleted,
// to the next record: a stale edit (If-Match "1" on both) or a bookmark
// then named somebody else's new record.
func TestDeletedIDIsNeverGivenAgain(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "ids")
		acc := mustAccount(t, db, c.manager, "Leroy")
		opp := &closer.Opportunity{Title: "Keep", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
		must(t, db.CreateOpportunity(c.sales, opp))
		for _, k := range idKinds(db, c, acc, opp) {
			t.Run(k.name, func(t *testing.T) {
				gone := k.create(t)
				if err := k.delete(gone); err != nil {
					t.Fatalf("delete %d: %v", gone, err)
				}
				next := k.create(t)
				if next <= gone {
					t.Fatalf("the %s created after %d was deleted got id %d", k.name, gone, next)
				}
				if k.find != nil {
					wantErr(t, "find the deleted one", k.find(gone), closer.ENOTFOUND, "")
				}
				if err := k.delete(gone); closer.ErrorCode(err) != closer.ENOTFOUND {
					t.Errorf("delete the deleted one again: %v, want ENOTFOUND", err)
				}
				if k.find != nil {
					must(t, k.find(next))
				}
			})
		}
		// A stale change of the deleted opportunity finds nothing, and
		// leaves the new one as it is.
		gone := &closer.Opportunity{Title: "Stale target", DetectedOn: closer.MustDate("2024-05-20")}
		must(t, db.CreateOpportunity(c.sales, gone))
		must(t, db.DeleteOpportunity(c.owner, gone.ID, 0))
		fresh := &closer.Opportunity{Title: "Colleague's new deal", Amount: 90000, DetectedOn: closer.MustDate("2024-05-20")}
		must(t, db.CreateOpportunity(c.colleague, fresh))
		title := "Edited by someone who had the deleted one open"
		_, err := db.UpdateOpportunity(c.manager, gone.ID, 1, closer.OpportunityUpdate{Title: &title})
		wantErr(t, "stale update", err, closer.ENOTFOUND, "")
		got, err := db.FindOpportunity(c.owner, fresh.ID)
		must(t, err)
		if got.Title != fresh.Title || got.Amount != 90000 || got.Version != 1 {
			t.Errorf("the new opportunity changed: %+v", got)
		}
	})
}

// TestBulkAfterDeleteGivesNewIDs: a bulk (an import, the demo) numbers its
// rows itself; it starts past the ids deleted, not from MAX(id), and the
// store's next record starts past the bulk's.
func TestBulkAfterDeleteGivesNewIDs(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "bulkids")
		acc := mustAccount(t, db, c.manager, "Leroy")
		gone := &closer.Opportunity{Title: "Deleted", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
		must(t, db.CreateOpportunity(c.sales, gone))
		goneAcc := mustAccount(t, db, c.manager, "Deleted account")
		must(t, db.DeleteOpportunity(c.owner, gone.ID, 0))
		must(t, db.DeleteAccount(c.owner, goneAcc.ID))

		var bulkOpp, bulkAcc int64
		must(t, db.Bulk(c.owner, false, func(b closer.Bulk) error {
			a := &closer.Account{Name: "Imported account"}
			if err := b.AddAccount(a); err != nil {
				return err
			}
			o := &closer.Opportunity{Title: "Imported", AccountID: a.ID, OwnerID: c.salesID, Status: closer.StatusOpen, DetectedOn: closer.MustDate("2024-05-21")}
			if err := b.AddOpportunity(o); err != nil {
				return err
			}
			bulkOpp, bulkAcc = o.ID, a.ID
			return nil
		}))
		if bulkOpp <= gone.ID || bulkAcc <= goneAcc.ID {
			t.Fatalf("the bulk gave opportunity %d (deleted: %d), account %d (deleted: %d)", bulkOpp, gone.ID, bulkAcc, goneAcc.ID)
		}
		if _, err := db.FindOpportunity(c.owner, gone.ID); closer.ErrorCode(err) != closer.ENOTFOUND {
			t.Errorf("the deleted opportunity %d: %v, want ENOTFOUND", gone.ID, err)
		}
		// The bulk's newest rows deleted, the next records still get new ids.
		must(t, db.DeleteOpportunity(c.owner, bulkOpp, 0))
		next := &closer.Opportunity{Title: "After the bulk", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-22")}
		must(t, db.CreateOpportunity(c.sales, next))
		if next.ID <= bulkOpp {
			t.Errorf("the opportunity created after the bulk's %d was deleted got %d", bulkOpp, next.ID)
		}
		must(t, db.DeleteOpportunity(c.owner, next.ID, 0))
		var again int64
		must(t, db.Bulk(c.owner, false, func(b closer.Bulk) error {
			o := &closer.Opportunity{Title: "Imported again", AccountID: acc.ID, OwnerID: c.salesID, Status: closer.StatusOpen, DetectedOn: closer.MustDate("2024-05-21")}
			err := b.AddOpportunity(o)
			again = o.ID
			return err
		}))
		if again <= next.ID {
			t.Errorf("the second bulk gave %d, after %d was deleted", again, next.ID)
		}
	})
}
