package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestListTotalsAndMergedPages checks that the totals read from the kept
// counts and the pages merged per status equal what plain SQL counts and
// sorts, after creations, status and owner changes and deletions.
func TestListTotalsAndMergedPages(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "counts")
		var ids []int64
		for i := 0; i < 40; i++ {
			ctx := []context.Context{tm.sales1, tm.sales2, tm.owner}[i%3]
			o := mustOpportunity(t, db, ctx, fmt.Sprintf("Opp %02d", i))
			ids = append(ids, o.ID)
		}
		for i, id := range ids {
			var err error
			switch i % 5 {
			case 1:
				_, err = db.HoldOpportunity(tm.owner, id, 0, closer.HoldInput{HoldReason: "appel d'offres", ReviewOn: closer.MustDate("2030-01-01")})
			case 2:
				_, err = db.CloseOpportunity(tm.owner, id, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-15"), Amount: cents(1000)})
			case 3:
				_, err = db.CloseOpportunity(tm.owner, id, 0, closer.CloseInput{Outcome: closer.StatusVanished, ClosedOn: closer.MustDate("2024-06-15"), VanishReason: "Statu quo"})
			case 4:
				_, err = db.UpdateOpportunity(tm.owner, id, 0, closer.OpportunityUpdate{Owner: &tm.sales2ID})
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := db.DeleteOpportunity(tm.owner, ids[5], 0); err != nil {
			t.Fatal(err)
		}
		filters := []closer.OpportunityFilter{
			{},
			{Statuses: []closer.Status{closer.StatusOpen}},
			{Statuses: []closer.Status{closer.StatusOpen, closer.StatusOnHold}, OwnerID: tm.sales2ID},
			{Statuses: []closer.Status{closer.StatusWon, closer.StatusVanished, closer.StatusOpen}, Page: closer.Page{Limit: 4, Offset: 4}},
			{Statuses: []closer.Status{closer.StatusOnHold, closer.StatusOnHold}},
			{OwnerID: tm.sales1ID, Page: closer.Page{Limit: 3}},
		}
		for _, f := range filters {
			got, total, err := db.FindOpportunities(tm.owner, f)
			if err != nil {
				t.Fatal(err)
			}
			want := referenceIDs(t, db, tm.org.ID, f)
			page := f.Page.Normalize()
			end := min(len(want), page.Offset+page.Limit)
			wantPage := want[min(page.Offset, len(want)):end]
			var gotIDs []int64
			for _, o := range got {
				gotIDs = append(gotIDs, o.ID)
			}
			if total != len(want) || !slices.Equal(gotIDs, wantPage) {
				t.Errorf("filter %+v: got total %d ids %v, want %d %v", f, total, gotIDs, len(want), wantPage)
			}
		}
	})
}

// referenceIDs selects a filter's ids, newest first, with plain SQL.
func referenceIDs(t *testing.T, db *sqlstore.DB, orgID int64, f closer.OpportunityFilter) []int64 {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT id, status, owner_id FROM opportunities WHERE org_id = $1 ORDER BY id DESC`, orgID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id, owner int64
		var status string
		if err := rows.Scan(&id, &status, &owner); err != nil {
			t.Fatal(err)
		}
		if (len(f.Statuses) == 0 || slices.Contains(f.Statuses, closer.Status(status))) && (f.OwnerID == 0 || f.OwnerID == owner) {
			out = append(out, id)
		}
	}
	return out
}
