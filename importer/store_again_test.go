package importer

import (
	"slices"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportStoreOpportunitiesAgain: an opportunity row that the org has
// already (same account, same title accents and case aside, same detection
// date) is left as it is and counted, in a dry run too, and creates nothing
// (its owner is not added); the others are imported. Rows count one for
// one: two identical rows are two opportunities, and a third one beside the
// org's two is imported. An open row without a detection date finds its
// account's opportunity of that title still open whatever its date (the
// importer dates it today), after the rows that give a date took theirs.
func TestImportStoreOpportunitiesAgain(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "again")
		m := mapping(t, `{"entity": "opportunities", "columns": {"title": "Deal", "owner": "Seller", "account": "Client",
			"status": "Status", "detected_on": "Detected", "closed_on": "Closed", "amount": "Amount"}, "date_format": "2006-01-02"}`)
		day := time.Date(2018, 1, 15, 12, 0, 0, 0, time.UTC)
		run := func(data string, dryRun bool) *Report {
			t.Helper()
			rep, err := Run(ctx, db, m, readString(t, "deals.csv", "Deal,Seller,Client,Status,Detected,Closed,Amount\n"+data, m),
				Options{DryRun: dryRun, Now: func() time.Time { return day }})
			if err != nil {
				t.Fatalf("import: %v %+v", err, rep)
			}
			return rep
		}
		first := "Fenêtres,Anna,Dupont SARL,won,2017-03-05,2017-04-01,1200\n" +
			"Fenêtres,Anna,Dupont SARL,won,2017-03-05,2017-04-01,1200\n" + // the same deal twice: two opportunities
			"Portes,Anna,,open,2017-06-01,,\n" + // no account
			"Volets,Bruno,Petit,open,,,\n" // no date: detected today
		if rep := run(first, false); rep.Imported != 4 || rep.Unchanged != 0 {
			t.Fatalf("first import: %+v", rep)
		}

		day = day.AddDate(0, 0, 1)
		second := "FENETRES,Carla,dupont sarl,won,2017-03-05,2017-04-01,1200\n" + // left: accents, case, another owner
			"Fenêtres,Anna,Dupont SARL,won,2017-03-05,2017-04-01,1200\n" + // left: the org's second one
			"Fenêtres,Anna,Dupont SARL,won,2017-03-05,2017-04-01,1200\n" + // imported: a third one
			"Fenêtres,Anna,Dupont SARL,won,2017-03-06,2017-04-01,1200\n" + // imported: another day
			"Fenêtres,Anna,Durand,won,2017-03-05,2017-04-01,1200\n" + // imported: another account
			"portes ,Anna,,open,2017-06-01,,\n" + // left
			"Volets,Bruno,Petit,open,,,\n" // left: no date, imported yesterday
		for _, dry := range []bool{true, false} {
			rep := run(second, dry)
			if rep.Imported != 3 || rep.Unchanged != 4 || rep.ByStatus[closer.StatusWon] != 3 {
				t.Fatalf("second import (dry run %v): %+v", dry, rep)
			}
			if len(rep.CreatedOwners) != 0 || !slices.Equal(rep.CreatedAccounts, []string{"Durand"}) {
				t.Errorf("second import (dry run %v) created owners %v, accounts %v", dry, rep.CreatedOwners, rep.CreatedAccounts)
			}
			var b strings.Builder
			rep.WriteText(&b)
			if !strings.Contains(b.String(), "left as they are: 4 opportunities already in the organization\n"+
				"    3 found by the same account, title and detection date\n"+
				"    1 row has no detection date, found by account and title: one closed the same day, or one still open or on hold\n"+
				"  1 row found again differs from what is stored, not updated (an import never changes an opportunity: change it in Closer): line 2 (owner Carla, stored Anna)\n") {
				t.Errorf("summary:\n%s", b.String())
			}
			if got, want := count(t, db, ctx, closer.OpportunityFilter{}), map[bool]int{true: 4, false: 7}[dry]; got != want {
				t.Fatalf("after the second import (dry run %v): %d opportunities, want %d", dry, got, want)
			}
		}
		// The same file again: every row finds its opportunity, the three
		// identical ones included.
		if rep := run(second, false); rep.Imported != 0 || rep.Unchanged != 7 {
			t.Fatalf("third import: %+v", rep)
		}
		if got := count(t, db, ctx, closer.OpportunityFilter{}); got != 7 {
			t.Fatalf("after the third import: %d opportunities, want 7", got)
		}

		// The org has Volets at Petit detected on the 15th, alone: the row
		// that gives that date finds it, before the row without a date.
		rep := run("Volets,Bruno,Petit,open,,,\nVolets,Bruno,Petit,open,2018-01-15,,\n", false)
		if rep.Imported != 1 || rep.Unchanged != 1 {
			t.Fatalf("dated and undated: %+v", rep)
		}
		opps, _, err := db.FindOpportunities(ctx, closer.OpportunityFilter{Q: "volets", Page: closer.Page{Limit: 10}})
		if err != nil {
			t.Fatal(err)
		}
		var dates []string
		for _, o := range opps {
			dates = append(dates, o.DetectedOn.String())
		}
		slices.Sort(dates)
		if !slices.Equal(dates, []string{"2018-01-15", "2018-01-16"}) {
			t.Errorf("Volets detected on %v, want the 15th and the 16th (today)", dates)
		}
	})
}
