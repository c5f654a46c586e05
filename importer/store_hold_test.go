package importer

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportStoreHeldSinceDetection: an on-hold row without a hold date is
// held since its detection date, not "today" (F16): the on-hold figures
// count its age from it, the relaunch queue keeps the oldest first, and
// its status event is dated so. A review date already past is imported
// history (an overdue review), and counts as overdue. On both databases.
func TestImportStoreHeldSinceDetection(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		db.Now = fixedNow // 2018-01-15
		ctx := newStoreOrg(t, db, "hold")
		m, err := ParseMapping(strings.NewReader(`{"columns": {"title": "title", "status": "status", "detected_on": "detected_on",
			"hold_reason": "hold_reason", "review_on": "review_on", "held_on": "held_on?"}}`))
		if err != nil {
			t.Fatal(err)
		}
		data := "title,status,detected_on,hold_reason,review_on\n" +
			"H1,on_hold,2017-01-01,Tender,2017-06-01\n" +
			"H2,on_hold,2017-11-01,Tender,2018-03-01\n"
		rep, err := Run(ctx, db, m, readString(t, "hold.csv", data, m), Options{Now: fixedNow})
		if err != nil || rep.Imported != 2 || rep.NoHoldDate != 2 {
			t.Fatalf("run: %v %+v", err, rep)
		}
		var out bytes.Buffer
		rep.WriteText(&out)
		if !strings.Contains(out.String(), "2 on-hold rows have no hold date: held since their detection date") {
			t.Errorf("summary:\n%s", out.String())
		}
		if len(rep.MissingColumns) != 1 || rep.MissingColumns[0].Field != "held_on" || rep.MissingColumns[0].Instead != InsteadDetectionDate {
			t.Errorf("missing held_on: %+v", rep.MissingColumns)
		}
		opps, _, err := db.FindOpportunities(ctx, closer.OpportunityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		held := map[string]*closer.Opportunity{}
		for _, o := range opps {
			held[o.Title] = o
		}
		if h1 := held["H1"]; h1 == nil || h1.HeldOn != closer.MustDate("2017-01-01") || h1.ReviewOn != closer.MustDate("2017-06-01") {
			t.Fatalf("H1: %+v", h1)
		}
		if h2 := held["H2"]; h2 == nil || h2.HeldOn != closer.MustDate("2017-11-01") {
			t.Fatalf("H2: %+v", h2)
		}
		evs, err := db.OpportunityEvents(ctx, held["H1"].ID)
		if err != nil {
			t.Fatal(err)
		}
		last := evs[len(evs)-1]
		if last.To != string(closer.StatusOnHold) || closer.DateOf(last.At, time.UTC) != closer.MustDate("2017-01-01") {
			t.Errorf("H1's hold event: %+v", last)
		}
		st, err := db.Stats(ctx, closer.StatsQuery{Period: closer.Period{From: closer.MustDate("2017-01-01"), To: closer.MustDate("2018-01-15")}})
		if err != nil {
			t.Fatal(err)
		}
		oh := st.Total.OnHold
		// Ages 379 and 75 days: the median is their mean, 227.
		if oh == nil || oh.Count != 2 || oh.OverdueReviews != 1 || oh.MedianAgeDays == nil || *oh.MedianAgeDays != 227 {
			t.Errorf("on hold: %+v (median %v)", oh, func() any {
				if oh != nil && oh.MedianAgeDays != nil {
					return *oh.MedianAgeDays
				}
				return nil
			}())
		}
	})
}
