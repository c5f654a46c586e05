package sqlstore_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// The expected close date is not before the detection date: refused at
// creation naming expected_close_on, and when either moves, naming the one
// that moved.
func TestExpectedCloseNotBeforeDetection(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "expected")
		for _, o := range []*closer.Opportunity{
			{Title: "ex", DetectedOn: closer.MustDate("2024-06-01"), ExpectedCloseOn: closer.MustDate("2024-05-01")},
			{Title: "a", ExpectedCloseOn: closer.MustDate("1900-01-01")},
		} {
			wantErr(t, "create "+o.Title, db.CreateOpportunity(c.owner, o), closer.EINVALID, "expected_close_on")
		}
		o := &closer.Opportunity{Title: "ok", DetectedOn: closer.MustDate("2024-06-01"), ExpectedCloseOn: closer.MustDate("2024-06-10")}
		if err := db.CreateOpportunity(c.owner, o); err != nil {
			t.Fatal(err)
		}
		_, err := db.UpdateOpportunity(c.owner, o.ID, o.Version, closer.OpportunityUpdate{ExpectedCloseOn: datep("2024-05-31")})
		wantErr(t, "expected close moved before", err, closer.EINVALID, "expected_close_on")
		_, err = db.UpdateOpportunity(c.owner, o.ID, o.Version, closer.OpportunityUpdate{DetectedOn: datep("2024-06-11")})
		wantErr(t, "detection moved after", err, closer.EINVALID, "detected_on")
		if got, _ := db.FindOpportunity(c.owner, o.ID); got.Version != o.Version || got.DetectedOn.String() != "2024-06-01" || got.ExpectedCloseOn.String() != "2024-06-10" {
			t.Fatalf("refused changes changed it: %+v", got)
		}
	})
}
