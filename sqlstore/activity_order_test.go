package sqlstore_test

import (
	"slices"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestActivityOrderPaging: every page of a list, whatever its size, continues
// the order of the one before, across the dated rows and the undated ones
// that follow them, in the due order and in the done order.
func TestActivityOrderPaging(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		d := closer.MustDate
		var acts []*closer.Activity
		for _, a := range []struct{ due, done string }{
			{"2024-06-20", ""}, {"", "2024-06-03"}, {"2024-06-18", "2024-06-05"}, {"2024-06-20", ""},
			{"", "2024-06-05"}, {"2024-06-10", ""}, {"", "2024-06-01"}, {"2024-06-18", ""},
		} {
			act := &closer.Activity{Kind: closer.ActivityCall, Subject: "Call " + a.due + a.done}
			if a.due != "" {
				act.DueOn = d(a.due)
			}
			if a.done != "" {
				act.DoneOn = d(a.done)
			}
			if err := db.CreateActivity(c.sales, act); err != nil {
				t.Fatal(err)
			}
			acts = append(acts, act)
		}
		id := func(i int) int64 { return acts[i].ID }
		for _, tc := range []struct {
			what string
			f    closer.SalesFilter
			want []int64
		}{
			{"by due date, undated last", closer.SalesFilter{},
				[]int64{id(5), id(2), id(7), id(0), id(3), id(1), id(4), id(6)}},
			{"by done date, newest first, not done last", closer.SalesFilter{Sort: closer.SortDone},
				[]int64{id(4), id(2), id(1), id(6), id(7), id(5), id(3), id(0)}},
		} {
			for limit := 1; limit <= len(acts)+1; limit++ {
				var got []int64
				for offset := 0; offset <= len(acts); offset += limit {
					f := tc.f
					f.Page = closer.Page{Limit: limit, Offset: offset}
					page, total, err := db.FindActivities(c.sales, f)
					if err != nil {
						t.Fatal(err)
					} else if total != len(acts) {
						t.Fatalf("%s: total %d, want %d", tc.what, total, len(acts))
					}
					for _, a := range page {
						got = append(got, a.ID)
					}
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("%s, pages of %d: %v, want %v", tc.what, limit, got, tc.want)
				}
			}
		}
		page, total, err := db.FindActivities(c.sales, closer.SalesFilter{Sort: closer.SortDone, SkipTotal: true, Page: closer.Page{Limit: 2}})
		if err != nil || total != -1 || len(page) != 2 {
			t.Errorf("skipping the total: %d activities, total %d, %v", len(page), total, err)
		}
		_, _, err = db.FindActivities(c.sales, closer.SalesFilter{Sort: "subject"})
		wantErr(t, "an unknown sort", err, closer.EINVALID, "sort")
	})
}
