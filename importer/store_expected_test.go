package importer

import (
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportStoreExpectedCloseBeforeDetection: a row whose expected close
// date is before its detection date is a bad row, reported with its line
// and the field; nothing is written.
func TestImportStoreExpectedCloseBeforeDetection(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "expected")
		m := mapping(t, `{"columns": {"title": "Title", "detected_on": "Detected", "expected_close_on": "Expected"}}`)
		data := "Title,Detected,Expected\nA,2017-03-01,2017-04-01\nB,2017-03-01,2017-02-01\nC,2017-03-01,2017-03-01\n"
		rep, err := Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		if err == nil || len(rep.Problems) != 1 {
			t.Fatalf("a row expected to close before its detection: %v %+v", err, rep)
		}
		p := rep.Problems[0]
		if p.Line != 3 || p.Field != "expected_close_on" || !strings.Contains(p.String(), "The expected close date 2017-02-01 is before the detection date 2017-03-01") {
			t.Errorf("problem %+v: %s", p, p.String())
		}
		if _, total, _ := db.FindOpportunities(ctx, closer.OpportunityFilter{}); total != 0 {
			t.Errorf("%d opportunities written", total)
		}

		// A row without a detection date is not detected today when it
		// was expected to close earlier (an overdue one): the day it was
		// expected to close is the latest it can have been detected.
		m = mapping(t, `{"columns": {"title": "Title", "expected_close_on": "Expected", "status": "Status", "closed_on": "Closed"},
			"defaults": {"loss_reason": "Not recorded", "competitor": "unknown"}}`)
		data = "Title,Expected,Status,Closed\nOverdue,2017-12-01,open,\nAhead,2018-03-01,open,\nLost early,2017-12-01,lost,2017-11-20\n"
		if rep, err = Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow}); err != nil || rep.Imported != 3 {
			t.Fatalf("undated rows: %v %+v", err, rep)
		}
		opps, _, _ := db.FindOpportunities(ctx, closer.OpportunityFilter{Sort: "title"})
		want := map[string]string{"Overdue": "2017-12-01", "Ahead": "2018-01-15", "Lost early": "2017-11-20"}
		for _, o := range opps {
			if o.DetectedOn.String() != want[o.Title] {
				t.Errorf("%s detected on %s, want %s", o.Title, o.DetectedOn, want[o.Title])
			}
		}
	})
}
