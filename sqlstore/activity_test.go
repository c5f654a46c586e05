package sqlstore_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestActivityCRUD(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		acc := mustAccount(t, db, c.sales, "Dupont")
		opp := rawOpportunity(t, db, c.org.ID, c.salesID, acc.ID)
		d := closer.MustDate

		call := &closer.Activity{Kind: closer.ActivityCall, Subject: `  <b>Call</b> back'; --  `, DueOn: d("2024-06-20"), OpportunityID: opp, Note: "50%"}
		if err := db.CreateActivity(c.sales, call); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindActivity(c.consultant, call.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Subject != `<b>Call</b> back'; --` || got.OwnerID != c.salesID || got.OpportunityID != opp || got.AccountID != 0 ||
			got.DueOn.String() != "2024-06-20" || !got.DoneOn.IsZero() || got.Note != "50%" || got.Kind != closer.ActivityCall {
			t.Fatalf("stored activity: %+v", got)
		}
		meeting := &closer.Activity{Kind: closer.ActivityMeeting, Subject: "Visit", DueOn: d("2024-06-18"), AccountID: acc.ID}
		done := &closer.Activity{Kind: closer.ActivityEmail, Subject: "Sent the brochure", DoneOn: d("2024-06-14")}
		task := &closer.Activity{Kind: closer.ActivityTask, Subject: "Prepare", DueOn: d("2024-07-01"), OwnerID: c.collID}
		for _, a := range []*closer.Activity{meeting, done} {
			if err := db.CreateActivity(c.sales, a); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreateActivity(c.manager, task); err != nil {
			t.Fatalf("manager plans for a salesperson: %v", err)
		}

		ids := func(f closer.SalesFilter) []int64 {
			t.Helper()
			list, total, err := db.FindActivities(c.consultant, f)
			if err != nil {
				t.Fatal(err)
			} else if total != len(list) {
				t.Fatalf("total %d for %d activities", total, len(list))
			}
			var out []int64
			for _, a := range list {
				out = append(out, a.ID)
			}
			return out
		}
		yes, no := true, false
		for _, tc := range []struct {
			what string
			f    closer.SalesFilter
			want []int64
		}{
			{"all by due date, undated last", closer.SalesFilter{}, []int64{meeting.ID, call.ID, task.ID, done.ID}},
			{"open", closer.SalesFilter{Open: &yes}, []int64{meeting.ID, call.ID, task.ID}},
			{"done", closer.SalesFilter{Open: &no}, []int64{done.ID}},
			{"by owner", closer.SalesFilter{OwnerID: c.collID}, []int64{task.ID}},
			{"by opportunity", closer.SalesFilter{OpportunityID: opp}, []int64{call.ID}},
			{"by account", closer.SalesFilter{AccountID: acc.ID}, []int64{meeting.ID}},
			{"by kind", closer.SalesFilter{Kind: "email"}, []int64{done.ID}},
			{"due in June", closer.SalesFilter{From: d("2024-06-01"), To: d("2024-06-30")}, []int64{meeting.ID, call.ID}},
			{"due from June 20", closer.SalesFilter{From: d("2024-06-20")}, []int64{call.ID, task.ID}},
		} {
			if got := ids(tc.f); !equalIDs(got, tc.want) {
				t.Fatalf("%s: %v, want %v", tc.what, got, tc.want)
			}
		}
		if list, total, _ := db.FindActivities(c.sales, closer.SalesFilter{Page: closer.Page{Limit: 2, Offset: 2}}); len(list) != 2 || list[0].ID != task.ID || total != 4 {
			t.Fatalf("second page: %v %d", list, total)
		}
		_, _, err = db.FindActivities(c.sales, closer.SalesFilter{Kind: "linked"})
		wantErr(t, "unknown kind filter", err, closer.EINVALID, "kind")

		// Marking done is an update; the owner is kept when not given.
		call.DoneOn = d("2024-06-15")
		call.OwnerID = 0
		if err := db.UpdateActivity(c.sales, call); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindActivity(c.sales, call.ID); got.DoneOn.String() != "2024-06-15" || got.OwnerID != c.salesID || got.OpportunityID != opp {
			t.Fatalf("marked done: %+v", got)
		}
		if got := ids(closer.SalesFilter{Open: &yes}); !equalIDs(got, []int64{meeting.ID, task.ID}) {
			t.Fatalf("open after marking done: %v", got)
		}
		if err := db.DeleteActivity(c.owner, meeting.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindActivity(c.sales, meeting.ID)
		wantErr(t, "find deleted", err, closer.ENOTFOUND, "")
	})
}

func TestActivityBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		rival, rivalOrg := newOrg(t, db, "rival")
		foreignAcc := mustAccount(t, db, rival, "Rival's customer")
		foreignOpp := rawOpportunity(t, db, rivalOrg.ID, userOf(rival), 0)
		due := closer.MustDate("2024-06-20")
		for _, tc := range []struct {
			what  string
			a     closer.Activity
			field string
		}{
			{"no kind", closer.Activity{Subject: "X", DueOn: due}, "kind"},
			{"wrong kind", closer.Activity{Kind: "lunch", Subject: "X", DueOn: due}, "kind"},
			{"empty subject", closer.Activity{Kind: closer.ActivityCall, Subject: " ", DueOn: due}, "subject"},
			{"no dates", closer.Activity{Kind: closer.ActivityCall, Subject: "X"}, "due_on"},
			{"done tomorrow", closer.Activity{Kind: closer.ActivityCall, Subject: "X", DoneOn: closer.MustDate("2024-06-16")}, "done_on"},
			{"foreign opportunity", closer.Activity{Kind: closer.ActivityCall, Subject: "X", DueOn: due, OpportunityID: foreignOpp}, "opportunity"},
			{"foreign account", closer.Activity{Kind: closer.ActivityCall, Subject: "X", DueOn: due, AccountID: foreignAcc.ID}, "account"},
			{"foreign owner", closer.Activity{Kind: closer.ActivityCall, Subject: "X", DueOn: due, OwnerID: userOf(rival)}, "owner"},
		} {
			a := tc.a
			wantErr(t, tc.what, db.CreateActivity(c.owner, &a), closer.EINVALID, tc.field)
		}
		a := &closer.Activity{Kind: closer.ActivityRelaunch, Subject: "Relaunch", DueOn: due}
		if err := db.CreateActivity(c.sales, a); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "update to a foreign account", db.UpdateActivity(c.sales, &closer.Activity{ID: a.ID, Kind: closer.ActivityRelaunch, Subject: "R", DueOn: due, AccountID: foreignAcc.ID}), closer.EINVALID, "account")

		// An activity of an opportunity is at its account, or at none; an
		// opportunity without account takes any.
		acc, other := mustAccount(t, db, c.sales, "Dupont"), mustAccount(t, db, c.sales, "Martin")
		opp, young := rawOpportunity(t, db, c.org.ID, c.salesID, acc.ID), rawOpportunity(t, db, c.org.ID, c.salesID, 0)
		call := func(opp, account int64) *closer.Activity {
			return &closer.Activity{Kind: closer.ActivityCall, Subject: "Call", DueOn: due, OpportunityID: opp, AccountID: account}
		}
		wantErr(t, "another account than its opportunity's", db.CreateActivity(c.sales, call(opp, other.ID)), closer.EINVALID, "account")
		for _, ok := range []*closer.Activity{call(opp, acc.ID), call(opp, 0), call(young, other.ID)} {
			if err := db.CreateActivity(c.sales, ok); err != nil {
				t.Fatalf("activity of opportunity %d at account %d: %v", ok.OpportunityID, ok.AccountID, err)
			}
		}
		moved := call(opp, other.ID)
		moved.ID = a.ID
		wantErr(t, "updated to another account than its opportunity's", db.UpdateActivity(c.sales, moved), closer.EINVALID, "account")

		foreign := &closer.Activity{Kind: closer.ActivityCall, Subject: "Theirs", DueOn: due}
		if err := db.CreateActivity(rival, foreign); err != nil {
			t.Fatal(err)
		}
		_, err := db.FindActivity(c.owner, foreign.ID)
		wantErr(t, "find foreign", err, closer.ENOTFOUND, "")
		wantErr(t, "update foreign", db.UpdateActivity(c.owner, &closer.Activity{ID: foreign.ID, Kind: closer.ActivityCall, Subject: "X", DueOn: due}), closer.ENOTFOUND, "")
		wantErr(t, "delete foreign", db.DeleteActivity(c.owner, foreign.ID), closer.ENOTFOUND, "")
		if got, err := db.FindActivity(rival, foreign.ID); err != nil || got.Subject != "Theirs" {
			t.Fatalf("foreign activity changed: %+v %v", got, err)
		}
	})
}

func TestActivityRoles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		due := closer.MustDate("2024-06-20")
		theirs := &closer.Activity{Kind: closer.ActivityCall, Subject: "Theirs", DueOn: due}
		if err := db.CreateActivity(c.colleague, theirs); err != nil {
			t.Fatal(err)
		}
		own := &closer.Activity{Kind: closer.ActivityCall, Subject: "Own", DueOn: due}
		if err := db.CreateActivity(c.sales, own); err != nil {
			t.Fatal(err)
		}
		edit := func(a *closer.Activity, subject string, owner int64) *closer.Activity {
			return &closer.Activity{ID: a.ID, Kind: a.Kind, Subject: subject, DueOn: a.DueOn, OwnerID: owner}
		}
		wantErr(t, "sales plans for a colleague", db.CreateActivity(c.sales, &closer.Activity{Kind: closer.ActivityCall, Subject: "X", DueOn: due, OwnerID: c.collID}), closer.EFORBIDDEN, "")
		wantErr(t, "sales changes a colleague's", db.UpdateActivity(c.sales, edit(theirs, "X", 0)), closer.EFORBIDDEN, "")
		wantErr(t, "sales hands theirs to a colleague", db.UpdateActivity(c.sales, edit(own, "Own", c.collID)), closer.EFORBIDDEN, "")
		wantErr(t, "sales deletes a colleague's", db.DeleteActivity(c.sales, theirs.ID), closer.EFORBIDDEN, "")
		wantErr(t, "consultant creates", db.CreateActivity(c.consultant, &closer.Activity{Kind: closer.ActivityCall, Subject: "X", DueOn: due}), closer.EFORBIDDEN, "")
		wantErr(t, "consultant updates", db.UpdateActivity(c.consultant, edit(own, "X", 0)), closer.EFORBIDDEN, "")
		wantErr(t, "consultant deletes", db.DeleteActivity(c.consultant, own.ID), closer.EFORBIDDEN, "")
		if got, _ := db.FindActivity(c.owner, theirs.ID); got.Subject != "Theirs" || got.OwnerID != c.collID {
			t.Fatalf("refused writes changed the activity: %+v", got)
		}
		if err := db.UpdateActivity(c.manager, edit(theirs, "Reassigned", c.salesID)); err != nil {
			t.Fatalf("manager reassigns: %v", err)
		}
		if err := db.UpdateActivity(c.sales, edit(theirs, "Now mine", 0)); err != nil {
			t.Fatalf("new owner changes it: %v", err)
		}
		// deleting is the org's owner's (SPEC 2), not who changes it
		wantErr(t, "sales deletes their own", db.DeleteActivity(c.sales, own.ID), closer.EFORBIDDEN, "")
		wantErr(t, "manager deletes", db.DeleteActivity(c.manager, theirs.ID), closer.EFORBIDDEN, "")
		if err := db.DeleteActivity(c.owner, theirs.ID); err != nil {
			t.Fatalf("owner deletes: %v", err)
		}
	})
}
