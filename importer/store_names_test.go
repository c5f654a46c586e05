package importer

import (
	"slices"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportStoreNamesHoweverWritten: a file names the org's accounts and
// list entries as they look, whatever its bytes: an accent as a combining
// mark (files from macOS), a no-break space, a zero-width space. It finds
// them, those stored decomposed before names were normalised included,
// and creates no look-alike account or entry.
func TestImportStoreNamesHoweverWritten(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "lookalike")
		hotel := &closer.Account{Name: "Hôtel Zéphyr"}
		if err := db.CreateAccount(ctx, hotel); err != nil {
			t.Fatal(err)
		}
		a, _ := closer.ActorFromContext(ctx)
		var cafe int64 // stored decomposed, before the rule
		if err := db.SQL().QueryRow(`INSERT INTO accounts (org_id, name, name_key, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			a.OrgID, "Cafe\u0301 de la Gare", closer.SortKey("Cafe\u0301 de la Gare"), "2017-01-01T00:00:00.000000Z").Scan(&cafe); err != nil {
			t.Fatal(err)
		}
		rival := &closer.ListItem{Kind: closer.ListCompetitors, Name: "Rival SA"}
		if err := db.CreateListItem(ctx, rival); err != nil {
			t.Fatal(err)
		}
		m := mapping(t, `{"columns": {"title": "Title", "account": "Company", "status": "Status", "detected_on": "Detected",
			"closed_on": "Closed", "loss_reason": "Reason", "competitor": "Winner"}}`)
		data := "Title,Company,Status,Detected,Closed,Reason,Winner\n" +
			"A,Ho\u0302tel Ze\u0301phyr,open,2017-03-01,,,\n" +
			"B,Café de la Gare,open,2017-03-01,,,\n" +
			"C,Hôtel\u00a0Zéphyr\u200b,open,2017-03-01,,,\n" +
			"D,cafe\u0301 de la gare,lost,2017-03-01,2017-04-01,De\u0301lai,Rival\u00a0SA\n"
		rep, err := Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		if err != nil || rep.Imported != 4 {
			t.Fatalf("import: %v %+v", err, rep)
		}
		if len(rep.CreatedAccounts) != 0 || len(rep.CreatedListItems) != 0 {
			t.Errorf("look-alikes created: accounts %q, list entries %q", rep.CreatedAccounts, rep.CreatedListItems)
		}
		opps, _, err := db.FindOpportunities(ctx, closer.OpportunityFilter{Sort: "title"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{"A": hotel.ID, "B": cafe, "C": hotel.ID, "D": cafe}
		for _, o := range opps {
			if o.AccountID != want[o.Title] {
				t.Errorf("%s at account %d, want %d", o.Title, o.AccountID, want[o.Title])
			}
			if o.Title == "D" && o.CompetitorID != rival.ID {
				t.Errorf("D lost to %d, want %d", o.CompetitorID, rival.ID)
			}
		}
		l, _ := db.Lists(ctx)
		if n := len(slices.DeleteFunc(slices.Clone(l.LossReasons), func(it closer.ListItem) bool { return !closer.SameName(it.Name, "Délai") })); n != 1 {
			t.Errorf("%d loss reasons named Délai", n)
		}
	})
}
