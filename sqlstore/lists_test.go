package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// positions returns the names of a list in position order, and fails unless
// the positions go 1..n.
func positions(t *testing.T, db *sqlstore.DB, ctx context.Context, kind closer.ListKind) []string {
	t.Helper()
	l, err := db.Lists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i, it := range l.Of(kind) {
		if it.Position != i+1 {
			t.Fatalf("%s: %q at position %d, want %d (%v)", kind, it.Name, it.Position, i+1, l.Of(kind))
		}
		names = append(names, it.Name)
	}
	return names
}

// A new entry goes at its position, 1..n+1 (the others move down), or at
// the end when none is given (0); a position out of range (0 and beyond
// the end included, on creation and on a move) is a 422 naming it, never
// a database error nor a silent move to the end; positions stay 1..n.
func TestListItemPositions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := newOrg(t, db, "lists")
		n := len(positions(t, db, ctx, closer.ListSources))
		for _, c := range []struct {
			name     string
			position int
			want     int
		}{
			{"At the end", 0, n + 1},
			{"Second", 2, 2},
			{"Just after the end", n + 3, n + 3},
			{"First", 1, 1},
		} {
			it := closer.ListItem{Kind: closer.ListSources, Name: c.name, Position: c.position}
			if err := db.CreateListItem(ctx, &it); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			} else if it.Position != c.want {
				t.Errorf("%s: position %d, want %d", c.name, it.Position, c.want)
			}
			positions(t, db, ctx, closer.ListSources)
		}
		n += 4
		for _, pos := range []int{-1, -5, n + 2, 99, closer.MaxListPosition, closer.MaxListPosition + 1, 1 << 62} {
			it := closer.ListItem{Kind: closer.ListSources, Name: "Out of range", Position: pos}
			wantErr(t, fmt.Sprintf("create at position %d of %d", pos, n), db.CreateListItem(ctx, &it), closer.EINVALID, "position")
		}
		names := positions(t, db, ctx, closer.ListSources)
		if len(names) != n || names[0] != "First" || names[2] != "Second" || names[len(names)-1] != "Just after the end" {
			t.Errorf("order %v", names)
		}
		it := closer.ListItem{Kind: closer.ListSources, Name: "Last", Position: n + 1}
		if err := db.CreateListItem(ctx, &it); err != nil || it.Position != n+1 {
			t.Fatalf("at n+1: position %d, %v", it.Position, err)
		}
		n++
		l, _ := db.Lists(ctx)
		moved, _ := l.Get(closer.ListSources, l.Sources[1].ID)
		for _, pos := range []int{-2, n + 1, 99, 1 << 40} {
			moved.Position = pos
			wantErr(t, fmt.Sprintf("move to position %d of %d", pos, n), db.UpdateListItem(ctx, &moved), closer.EINVALID, "position")
		}
		if got := positions(t, db, ctx, closer.ListSources); got[1] != names[1] {
			t.Errorf("a refused move moved it: %v", got)
		}
		moved.Position = n
		if err := db.UpdateListItem(ctx, &moved); err != nil {
			t.Fatalf("move to the last place: %v", err)
		}
		moved.Position = 0 // not given: it stays
		moved.Name += " (renamed)"
		if err := db.UpdateListItem(ctx, &moved); err != nil || moved.Position != n {
			t.Fatalf("rename without a position: position %d, %v", moved.Position, err)
		}
		if got := positions(t, db, ctx, closer.ListSources); got[n-1] != moved.Name {
			t.Errorf("moved to the end: %v", got)
		}
	})
}

// Names are resolved case aside (Unicode case folding), so two entries of a
// list may not differ only in case, on creation or renaming; another list
// may hold the same name.
func TestListItemNamesDifferingInCase(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := newOrg(t, db, "names") // French lists: the stage "Détection"
		for _, name := range []string{"DÉTECTION", "détection", "  Détection "} {
			it := closer.ListItem{Kind: closer.ListStages, Name: name}
			wantErr(t, "create "+name, db.CreateListItem(ctx, &it), closer.ECONFLICT, "name")
		}
		it := closer.ListItem{Kind: closer.ListSources, Name: "DÉTECTION"}
		if err := db.CreateListItem(ctx, &it); err != nil {
			t.Fatalf("the same name in another list: %v", err)
		}
		l, _ := db.Lists(ctx)
		st := l.Stages[1]
		st.Name = "négociation"
		wantErr(t, "rename as another entry", db.UpdateListItem(ctx, &st), closer.ECONFLICT, "name")
		st = l.Stages[1]
		st.Name = "QUALIFICATION" // itself, in another case
		if err := db.UpdateListItem(ctx, &st); err != nil {
			t.Fatalf("rename an entry in another case: %v", err)
		}
	})
}

// The migration that renumbers the lists mends positions left out of range
// by earlier versions, keeping their order.
func TestListPositionsMigration(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, org := newOrg(t, db, "mend")
		l, _ := db.Lists(ctx)
		s := l.Sources
		for i, pos := range []int64{-5, 7, 7, 2147483647} {
			if _, err := db.SQL().Exec(`UPDATE list_items SET position = $1 WHERE org_id = $2 AND id = $3`, pos, org.ID, s[i].ID); err != nil {
				t.Fatal(err)
			}
		}
		text, err := os.ReadFile("migrations/0063_list_positions.sql")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().Exec(string(text)); err != nil {
			t.Fatal(err)
		}
		names := positions(t, db, ctx, closer.ListSources)
		want := []string{s[0].Name, s[4].Name, s[5].Name, s[1].Name, s[2].Name, s[3].Name}
		for i := range want {
			if names[i] != want[i] {
				t.Fatalf("order %v, want %v", names, want)
			}
		}
	})
}

// TestLastStageInUse: an org keeps at least one stage that is not retired
// (an open opportunity sits at one: without, none could be created). The
// last one is not retired (422 on retired), even by two owners retiring
// the last two at once; other lists may retire every entry.
func TestLastStageInUse(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := newOrg(t, db, "stages")
		l, err := db.Lists(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stages := l.Of(closer.ListStages)
		if len(stages) < 3 {
			t.Fatalf("only %d stages", len(stages))
		}
		retire := func(it closer.ListItem) error {
			it.Retired = true
			return db.UpdateListItem(ctx, &it)
		}
		for _, it := range stages[:len(stages)-2] {
			if err := retire(it); err != nil {
				t.Fatalf("retire %q: %v", it.Name, err)
			}
		}
		// the last two at once: one is retired, the other stays
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, it := range stages[len(stages)-2:] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = retire(it)
			}()
		}
		wg.Wait()
		refused := 0
		for _, err := range errs {
			if err != nil {
				wantErr(t, "retire the last stage in use", err, closer.EINVALID, "retired")
				refused++
			}
		}
		if refused != 1 {
			t.Fatalf("retiring the last two stages at once: %d refused, want 1 (%v)", refused, errs)
		}
		l, _ = db.Lists(ctx)
		inUse := 0
		for _, it := range l.Of(closer.ListStages) {
			if !it.Retired {
				inUse++
				wantErr(t, "retire it again", retire(it), closer.EINVALID, "retired")
				it.Name += " (renamed)"
				if err := db.UpdateListItem(ctx, &it); err != nil {
					t.Fatalf("rename the last stage in use: %v", err)
				}
			}
		}
		if inUse != 1 {
			t.Fatalf("%d stages in use, want 1", inUse)
		}
		if err := db.CreateOpportunity(ctx, &closer.Opportunity{Title: "Still possible"}); err != nil {
			t.Fatalf("create an opportunity: %v", err)
		}
		for _, it := range l.Of(closer.ListSources) {
			if err := retire(it); err != nil {
				t.Fatalf("retire source %q: %v", it.Name, err)
			}
		}
	})
}
