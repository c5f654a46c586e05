package sqlstore_test

import (
	"fmt"
	"sync"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestListEntryCreatedAtOnce: owners creating one entry at the same moment,
// written in several ways ("Racer 3", "RACER 3", " Racer 3 "), make one
// entry, at the next position; the others are refused as already in the
// list (F4 of QA round 6). On PostgreSQL each creation read the list in its
// own snapshot and found no such name, and several were written, at one
// position, none of which could be changed after. Each round releases its
// writers together, and renames another entry to the name among them.
func TestListEntryCreatedAtOnce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "racers")
		const rounds, writers = 8, 24
		spellings := []string{"Racer %d", "RACER %d", " Racer %d "}
		for round := range rounds {
			other := &closer.ListItem{Kind: closer.ListCompetitors, Name: fmt.Sprintf("Other %d", round)}
			must(t, db.CreateListItem(c.owner, other))
			start := make(chan struct{})
			errs := make([]error, writers+1)
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					<-start
					it := &closer.ListItem{Kind: closer.ListCompetitors, Name: fmt.Sprintf(spellings[w%len(spellings)], round)}
					errs[w] = db.CreateListItem(c.owner, it)
				})
			}
			wg.Go(func() { // a rename to the same name, at the same moment
				<-start
				it := *other
				it.Name, it.Position = fmt.Sprintf("racer %d", round), 0
				errs[writers] = db.UpdateListItem(c.owner, &it)
			})
			close(start)
			wg.Wait()
			made := 0
			for _, err := range errs {
				switch {
				case err == nil:
					made++
				case closer.ErrorCode(err) != closer.ECONFLICT || closer.ErrorField(err) != "name":
					t.Errorf("round %d: %v", round, err)
				}
			}
			if made != 1 {
				t.Errorf("round %d: %d entries named racer %d made, want 1", round, made, round)
			}
		}
		lists, err := db.Lists(c.owner)
		must(t, err)
		for i, it := range lists.Competitors {
			if it.Position != i+1 {
				t.Errorf("%q at %d, want %d: positions must stay 1..n", it.Name, it.Position, i+1)
			}
			for _, o := range lists.Competitors[:i] {
				if closer.SameListName(o.Name, it.Name) {
					t.Errorf("%q and %q are one name", o.Name, it.Name)
				}
			}
		}
	})
}
