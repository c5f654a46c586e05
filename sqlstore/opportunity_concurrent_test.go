package sqlstore_test

import (
	"fmt"
	"sync"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestConcurrentLifecycleOfOneOwner runs the lifecycle of several
// opportunities of one owner at once, each in its own goroutine: hold,
// resume, close, reopen, again and again. Their changes meet in the same
// rows of the summary tables (the owner's open, on-hold and lost counts),
// one moving from open to lost while another moves from lost to open: on
// PostgreSQL, rows taken in opposite orders were a deadlock, answered 500.
// Every action must succeed, and the summaries must still add up.
func TestConcurrentLifecycleOfOneOwner(t *testing.T) {
	const workers, rounds = 6, 6
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "storm")
		ids := make([]int64, workers)
		for i := range ids {
			ids[i] = mustOpportunity(t, db, tm.owner, fmt.Sprintf("Storm %d", i)).ID
		}
		steps := []struct {
			name string
			do   action
		}{
			{"hold", holdWith(closer.HoldInput{HoldReason: "Appel d'offres", ReviewOn: closer.MustDate("2024-07-01")})},
			{"resume", resumeIt},
			{"close", closeAs(closer.CloseInput{Outcome: closer.StatusLost, ClosedOn: closer.MustDate("2024-06-10"), LossReason: "Délai", Competitor: "Acme"})},
			{"reopen", reopenIt},
		}
		var wg sync.WaitGroup
		errs := make(chan error, workers*rounds*len(steps))
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range rounds {
					for _, s := range steps {
						if _, err := s.do(db, tm.owner, id); err != nil {
							errs <- fmt.Errorf("opportunity %d, round %d, %s: %w", id, r, s.name, err)
							return
						}
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for _, id := range ids {
			o, err := db.FindOpportunity(tm.owner, id)
			if err != nil {
				t.Fatal(err)
			}
			if want := 1 + rounds*len(steps); o.Status != closer.StatusOpen || o.Version != want {
				t.Errorf("opportunity %d: %s at version %d, want open at version %d", id, o.Status, o.Version, want)
			}
		}
		checkSummaries(tm.owner, t, db, tm.org.ID, closer.DateOf(fixedNow, tm.org.Location()), "after the concurrent lifecycles")
	})
}

// TestConcurrentChangesWithoutVersion sends changes of one opportunity at
// once, none naming a version: none claims to know the row, so none is
// stale, and each must be applied after the other (never a 409).
func TestConcurrentChangesWithoutVersion(t *testing.T) {
	const workers, rounds = 6, 5
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "crowd")
		id := mustOpportunity(t, db, tm.owner, "Crowded").ID
		var wg sync.WaitGroup
		errs := make(chan error, workers*rounds)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range rounds {
					next := fmt.Sprintf("Call %d-%d", w, r)
					if _, err := db.UpdateOpportunity(tm.owner, id, 0, closer.OpportunityUpdate{NextAction: &next}); err != nil {
						errs <- fmt.Errorf("worker %d, round %d: %w", w, r, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		o, err := db.FindOpportunity(tm.owner, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := 1 + workers*rounds; o.Version != want {
			t.Errorf("version %d after %d changes, want %d", o.Version, workers*rounds, want)
		}
		// a version the client sent is still checked
		_, err = db.UpdateOpportunity(tm.owner, id, o.Version-1, closer.OpportunityUpdate{NextAction: strp("Stale")})
		wantCode(t, "stale version", err, closer.ECONFLICT)
	})
}
