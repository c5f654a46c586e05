package sqlstore_test

import (
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestConsultantNotes(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "notes")
		otherOwner, _ := newOrg(t, db, "elsewhere")
		db.Now = func() time.Time { return salesNow }

		n := &closer.ConsultantNote{Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2024-04-01"), Body: "Relancer les affaires en attente.\nAvant fin juin."}
		if err := db.CreateNote(c.consultant, n); err != nil {
			t.Fatal(err)
		}
		if n.ID == 0 || n.Version != 1 || n.AuthorName != "consultant" || n.EditorName != "consultant" || n.Created.IsZero() {
			t.Fatalf("created: %+v", n)
		}
		// Who may write: consultants, managers and owners; not salespeople.
		wantErr(t, "sales writes", db.CreateNote(c.sales, &closer.ConsultantNote{Period: closer.PeriodMonth, StartsOn: closer.MustDate("2024-06-01"), Body: "x"}), closer.EFORBIDDEN, "")
		m := &closer.ConsultantNote{Period: closer.PeriodMonth, StartsOn: closer.MustDate("2024-06-01"), Body: "Objectif du mois."}
		if err := db.CreateNote(c.manager, m); err != nil {
			t.Fatal(err)
		}
		// Bad input names its field.
		for _, bad := range []struct {
			n     closer.ConsultantNote
			field string
		}{
			{closer.ConsultantNote{Period: "week", StartsOn: closer.MustDate("2024-06-01"), Body: "x"}, "period"},
			{closer.ConsultantNote{Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2024-05-01"), Body: "x"}, "starts_on"},
			{closer.ConsultantNote{Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2024-04-01"), Body: "  \n "}, "body"},
		} {
			wantErr(t, "bad note", db.CreateNote(c.consultant, &bad.n), closer.EINVALID, bad.field)
		}

		// Editing keeps the previous version; a stale version is refused.
		up, err := db.UpdateNote(c.consultant, n.ID, 1, "Relancer les 5 plus anciennes.")
		if err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 || up.Body != "Relancer les 5 plus anciennes." || up.AuthorID != userOf(c.consultant) {
			t.Fatalf("updated: %+v", up)
		}
		_, err = db.UpdateNote(c.consultant, n.ID, 1, "stale")
		wantErr(t, "stale", err, closer.ECONFLICT, "")
		_, err = db.UpdateNote(c.consultant, n.ID, 2, " ")
		wantErr(t, "empty edit", err, closer.EINVALID, "body")
		// Only the author or the owner edits; a manager adds their own note.
		_, err = db.UpdateNote(c.manager, n.ID, 2, "rewritten")
		wantErr(t, "manager edits", err, closer.EFORBIDDEN, "")
		_, err = db.UpdateNote(c.sales, n.ID, 2, "rewritten")
		wantErr(t, "sales edits", err, closer.EFORBIDDEN, "")
		if up, err = db.UpdateNote(c.owner, n.ID, 2, "Relancer les 5 plus anciennes (validé)."); err != nil || up.Version != 3 || up.EditorID != c.ownerID {
			t.Fatalf("owner edits: %+v %v", up, err)
		}

		h, err := db.NoteHistory(c.sales, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 3 || h[0].Version != 3 || h[2].Body != "Relancer les affaires en attente.\nAvant fin juin." || h[2].EditorName != "consultant" || h[0].EditorID != c.ownerID {
			t.Fatalf("history: %+v", h)
		}

		// Lists: newest period first, filtered by the period's start.
		all, total, err := db.FindNotes(c.sales, closer.NoteFilter{})
		if err != nil || total != 2 || all[0].ID != m.ID || all[1].ID != n.ID {
			t.Fatalf("all notes: %v %d %v", all, total, err)
		}
		q2, total, err := db.FindNotes(c.sales, closer.NoteFilter{From: closer.MustDate("2024-04-01"), To: closer.MustDate("2024-04-30")})
		if err != nil || total != 1 || q2[0].ID != n.ID || q2[0].Version != 3 {
			t.Fatalf("quarter notes: %v %d %v", q2, total, err)
		}

		// Another org sees none of them, and a foreign id is not found.
		other, total, err := db.FindNotes(otherOwner, closer.NoteFilter{})
		if err != nil || total != 0 || len(other) != 0 {
			t.Fatalf("foreign list: %v %d %v", other, total, err)
		}
		_, err = db.FindNote(otherOwner, n.ID)
		wantErr(t, "foreign find", err, closer.ENOTFOUND, "")
		_, err = db.UpdateNote(otherOwner, n.ID, 0, "hijack")
		wantErr(t, "foreign update", err, closer.ENOTFOUND, "")
		_, err = db.NoteHistory(otherOwner, n.ID)
		wantErr(t, "foreign history", err, closer.ENOTFOUND, "")
	})
}

func TestLastActivity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "pulse")
		if d, err := db.LastActivity(c.consultant); err != nil || !d.IsZero() {
			t.Fatalf("empty org: %v %v", d, err)
		}
		// An event at 23:30 UTC on 14 June is 15 June in Paris.
		db.Now = func() time.Time { return time.Date(2024, 6, 14, 23, 30, 0, 0, time.UTC) }
		if err := db.CreateOpportunity(c.sales, &closer.Opportunity{Title: "Fenêtres", DetectedOn: closer.MustDate("2024-06-01")}); err != nil {
			t.Fatal(err)
		}
		if d, err := db.LastActivity(c.consultant); err != nil || d.String() != "2024-06-15" {
			t.Fatalf("after an event: %v %v", d, err)
		}
		// A later done activity wins.
		db.Now = func() time.Time { return salesNow.AddDate(0, 0, 3) }
		act := &closer.Activity{Kind: closer.ActivityCall, Subject: "Appel", DueOn: closer.MustDate("2024-06-18"), DoneOn: closer.MustDate("2024-06-18")}
		if err := db.CreateActivity(c.sales, act); err != nil {
			t.Fatal(err)
		}
		if d, err := db.LastActivity(c.consultant); err != nil || d.String() != "2024-06-18" {
			t.Fatalf("after an activity: %v %v", d, err)
		}
		// A bulk moves the pulse to its latest event (a deal won on 25 June,
		// its status change written at 18:00), an older bulk does not move
		// it back, nor does deleting the opportunity with its events.
		db.Now = func() time.Time { return time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC) }
		var ids []int64
		for _, closed := range []string{"2024-06-25", "2024-06-05"} {
			o := &closer.Opportunity{Title: "Import " + closed, OwnerID: c.salesID, Status: closer.StatusWon, Amount: 1000,
				DetectedOn: closer.MustDate("2024-06-01"), ClosedOn: closer.MustDate(closed)}
			if err := db.Bulk(c.owner, false, func(b closer.Bulk) error { return b.AddOpportunity(o) }); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
			if d, err := db.LastActivity(c.consultant); err != nil || d.String() != "2024-06-25" {
				t.Fatalf("after a bulk closed on %s: %v %v", closed, d, err)
			}
		}
		if err := db.DeleteOpportunity(c.owner, ids[0], 0); err != nil {
			t.Fatal(err)
		}
		if d, err := db.LastActivity(c.consultant); err != nil || d.String() != "2024-06-25" {
			t.Fatalf("after a deletion: %v %v", d, err)
		}
	})
}
