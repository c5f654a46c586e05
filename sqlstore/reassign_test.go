package sqlstore_test

import (
	"strconv"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestReassignOpportunities(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "reassign")
		open := bringTo(t, db, tm, closer.StatusOpen)
		held := bringTo(t, db, tm, closer.StatusOnHold)
		won := bringTo(t, db, tm, closer.StatusWon)

		// Only owners reassign; the new owner must be another active member.
		_, err := db.ReassignOpportunities(tm.manager, tm.ownerID, tm.sales1ID)
		wantErr(t, "manager reassigns", err, closer.EFORBIDDEN, "")
		_, err = db.ReassignOpportunities(tm.owner, tm.ownerID, tm.ownerID)
		wantErr(t, "reassign to oneself", err, closer.EINVALID, "to")
		_, err = db.ReassignOpportunities(tm.owner, 999999, tm.sales1ID)
		wantErr(t, "unknown member", err, closer.ENOTFOUND, "")
		inactive := false
		if err := db.UpdateMember(tm.owner, tm.sales2ID, nil, &inactive); err != nil {
			t.Fatal(err)
		}
		_, err = db.ReassignOpportunities(tm.owner, tm.ownerID, tm.sales2ID)
		wantErr(t, "to an inactive member", err, closer.EINVALID, "to")
		other, _ := newOrg(t, db, "reassign-other")
		_, err = db.ReassignOpportunities(other, tm.ownerID, tm.sales1ID)
		wantErr(t, "foreign org", err, closer.ENOTFOUND, "")

		n, err := db.ReassignOpportunities(tm.owner, tm.ownerID, tm.sales1ID)
		if err != nil || n != 2 {
			t.Fatalf("reassign: %d, %v; want 2", n, err)
		}
		for _, before := range []*closer.Opportunity{open, held} {
			after, err := db.FindOpportunity(tm.owner, before.ID)
			if err != nil {
				t.Fatal(err)
			}
			if after.OwnerID != tm.sales1ID || after.Version != before.Version+1 || after.Status != before.Status {
				t.Fatalf("reassigned %d: owner %d version %d status %s", before.ID, after.OwnerID, after.Version, after.Status)
			}
			evs, err := db.OpportunityEvents(tm.owner, before.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := evs[len(evs)-1]
			if last.Kind != closer.EventOwner || last.From != strconv.FormatInt(tm.ownerID, 10) || last.To != strconv.FormatInt(tm.sales1ID, 10) {
				t.Fatalf("owner event of %d: %+v", before.ID, last)
			}
		}
		// A closed opportunity stays with who closed it: past figures keep their attribution.
		if o, err := db.FindOpportunity(tm.owner, won.ID); err != nil || o.OwnerID != tm.ownerID || o.Version != won.Version {
			t.Fatalf("won opportunity moved: %+v %v", o, err)
		}
		if _, total, err := db.FindOpportunities(tm.owner, closer.OpportunityFilter{OwnerID: tm.sales1ID}); err != nil || total != 2 {
			t.Fatalf("sales1 now owns %d (%v), want 2", total, err)
		}
		// Nothing left to move.
		if n, err := db.ReassignOpportunities(tm.owner, tm.ownerID, tm.sales1ID); err != nil || n != 0 {
			t.Fatalf("second reassign: %d, %v", n, err)
		}
	})
}
