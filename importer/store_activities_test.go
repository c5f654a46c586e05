package importer

import (
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportStoreActivities: an activities file checks every rule of an
// activity per row, with its line (a kind, a subject, a due or done date,
// not done in the future, its account its opportunity's, an opportunity
// the org has), and writes nothing while one row is bad; a good file
// imports each activity with its owner (the importing member by default),
// its account (created when unknown) and its opportunity, a dry run
// writing nothing; the same file again leaves every activity as it is.
func TestImportStoreActivities(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "acts")
		opps := importRecordOpportunities(t, ctx, db)
		actor, _ := closer.CurrentActor(ctx)
		m := mapping(t, `{"entity": "activities", "columns": {"kind": "Type", "subject": "Objet", "owner": "Commercial",
			"due_on": "Échéance", "done_on": "Fait le", "opportunity": "Affaire", "account": "Client", "note": "Note",
			"opportunity_detected_on": "Détectée le?"},
			"values": {"kind": {"Appel": "call", "Rendez-vous": "meeting"}}, "date_format": "02/01/2006"}`)
		run := func(data string, dry bool) (*Report, error) {
			return Run(ctx, db, m, readString(t, "a.csv", data, m), Options{Now: fixedNow, DryRun: dry})
		}
		head := "Type,Objet,Commercial,Échéance,Fait le,Affaire,Client,Note\n"
		rep, err := run(head+
			"Appel,First call,,10/01/2017,10/01/2017,Windows,Acme,\n"+
			"fax,Sent a fax,,10/01/2017,,,Acme,\n"+
			"call,,,10/01/2017,,,Acme,\n"+
			"call,Undated,,,,,Acme,\n"+
			"call,Tomorrow's,,,16/01/2018,,Acme,\n"+
			"meeting,Wrong account,,12/01/2017,,Windows,Beta,\n"+
			"task,Nowhere,,12/01/2017,,Nope,,\n"+
			"task,Bad date,,31/02/2017,,,,\n"+
			"task,Which twin,,12/01/2017,,Twin,Acme,\n", false)
		if err == nil || closer.ErrorCode(err) != closer.EINVALID {
			t.Fatalf("bad rows: %v %+v", err, rep)
		}
		wantProblems(t, rep.Problems, []wantProblem{
			{3, "kind", "Activity kind must be"},
			{4, "subject", "Say what the activity is about"},
			{5, "due_on", "Give a due date"},
			{6, "done_on", "is in the future"},
			{7, "account", "not the account of its opportunity"},
			{8, "opportunity", "no opportunity has this title"},
			{9, "due_on", ""},
			{10, "opportunity", "2 opportunities have this title"},
		})
		if _, n, err := db.FindActivities(ctx, closer.SalesFilter{}); err != nil || n != 0 {
			t.Fatalf("%d activities written by a refused import: %v", n, err)
		}

		good := head[:len(head)-1] + ",Détectée le\n" +
			"Appel,First call,,10/01/2017,10/01/2017,Windows,Acme,\"Asked for\nthree quotes\",\n" +
			"Rendez-vous,Site visit,Owner acts,20/01/2018,,Doors,,,\n" +
			"relaunch,Call back,Jean Neuf,05/02/2018,,,Gamma,,\n" +
			"email,Sent the plans,,,12/01/2017,Twin,Acme,,05/01/2017\n"
		if rep, err := run(good, true); err != nil || rep.Imported != 4 || !rep.DryRun {
			t.Fatalf("dry run: %v %+v", err, rep)
		} else if _, n, _ := db.FindActivities(ctx, closer.SalesFilter{}); n != 0 {
			t.Fatalf("a dry run wrote %d activities", n)
		}
		rep, err = run(good, false)
		if err != nil || rep.Imported != 4 || len(rep.CreatedAccounts) != 1 || len(rep.CreatedOwners) != 1 {
			t.Fatalf("import: %v %+v", err, rep)
		}
		acts, _, err := db.FindActivities(ctx, closer.SalesFilter{Sort: closer.SortDue})
		if err != nil || len(acts) != 4 {
			t.Fatalf("activities: %v %+v", err, acts)
		}
		bySubject := map[string]*closer.Activity{}
		for _, a := range acts {
			bySubject[a.Subject] = a
		}
		var acme int64 // the account Acme's id
		if a := bySubject["First call"]; a == nil || a.Kind != closer.ActivityCall || a.OwnerID != actor.UserID || a.OpportunityID != opps["Windows"] ||
			a.AccountID == 0 || a.DoneOn != closer.MustDate("2017-01-10") || a.Note != "Asked for\nthree quotes" {
			t.Errorf("first call: %+v", a)
		} else {
			acme = a.AccountID
		}
		if a := bySubject["Site visit"]; a == nil || a.Kind != closer.ActivityMeeting || a.OwnerID != actor.UserID || a.OpportunityID != opps["Doors"] || a.AccountID != 0 {
			t.Errorf("site visit, about an opportunity alone: %+v", a)
		}
		if a := bySubject["Call back"]; a == nil || a.Kind != closer.ActivityRelaunch || a.OwnerID == actor.UserID || a.OpportunityID != 0 || a.AccountID == 0 || a.AccountID == acme {
			t.Errorf("call back, a new owner at a new account: %+v", a)
		}
		if a := bySubject["Sent the plans"]; a == nil || a.OpportunityID != opps["Twin 2017-01-05"] || a.AccountID != acme || !a.DueOn.IsZero() {
			t.Errorf("sent the plans, on the Twin detected on 2017-01-05: %+v", a)
		}

		// Again: every activity is found again, the subject's case aside.
		rep, err = run(strings.Replace(good, "First call", "first CALL", 1), false)
		if err != nil || rep.Imported != 0 || rep.Unchanged != 4 || len(rep.CreatedAccounts) != 0 {
			t.Fatalf("again: %v %+v", err, rep)
		}
		var b strings.Builder
		rep.WriteText(&b)
		if !strings.Contains(b.String(), "left as they are: 4 activities (same kind, owner, subject, dates, opportunity and account) already in the organization") {
			t.Errorf("summary:\n%s", b.String())
		}
		if _, n, _ := db.FindActivities(ctx, closer.SalesFilter{}); n != 4 {
			t.Errorf("%d activities after the second import, want 4", n)
		}
	})
}
