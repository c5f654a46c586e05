package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// dayOpp creates an opportunity through the store, failing the test on error.
func dayOpp(t *testing.T, db *sqlstore.DB, ctx context.Context, o closer.Opportunity) *closer.Opportunity {
	t.Helper()
	if err := db.CreateOpportunity(ctx, &o); err != nil {
		t.Fatalf("create %q: %v", o.Title, err)
	}
	return &o
}

func oppTitles(list []*closer.Opportunity) []string {
	var out []string
	for _, o := range list {
		out = append(out, o.Title)
	}
	return out
}

func dueWhats(list []closer.DueAction) []string {
	var out []string
	for _, d := range list {
		out = append(out, d.What)
	}
	return out
}

func TestAgenda(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "day")
		today := closer.MustDate("2024-06-15")
		acc := mustAccount(t, db, c.sales, "Boulangerie Dupont")
		d := closer.MustDate
		late := dayOpp(t, db, c.sales, closer.Opportunity{Title: "Four à pain", AccountID: acc.ID, NextActionOn: d("2024-06-10"), NextAction: "Rappeler le gérant"})
		dayOpp(t, db, c.sales, closer.Opportunity{Title: "Vitrine", AccountID: acc.ID, NextActionOn: d("2024-06-20"), NextAction: "Envoyer le devis"})
		dayOpp(t, db, c.colleague, closer.Opportunity{Title: "Pétrin", AccountID: acc.ID, NextActionOn: d("2024-06-14"), NextAction: "Visite"})
		dayOpp(t, db, c.sales, closer.Opportunity{Title: "Sans rien", DetectedOn: d("2024-06-01")})
		dayOpp(t, db, c.sales, closer.Opportunity{Title: "Sans client", NextActionOn: d("2024-07-01"), NextAction: "Relancer", DetectedOn: d("2024-06-02")})
		held := dayOpp(t, db, c.sales, closer.Opportunity{Title: "Chambre froide", AccountID: acc.ID, NextActionOn: d("2024-07-01")})
		if _, err := db.HoldOpportunity(c.sales, held.ID, held.Version, closer.HoldInput{HoldReason: "Appel d'offres", ReviewOn: today}); err != nil {
			t.Fatal(err)
		}
		heldLater := dayOpp(t, db, c.sales, closer.Opportunity{Title: "Plus tard", AccountID: acc.ID, NextActionOn: d("2024-07-01")})
		if _, err := db.HoldOpportunity(c.sales, heldLater.ID, heldLater.Version, closer.HoldInput{HoldReason: "Permis", ReviewOn: d("2024-09-01")}); err != nil {
			t.Fatal(err)
		}
		amount := closer.Money(120000)
		for _, w := range []struct {
			title string
			on    string
		}{{"Gagnée récente", "2024-06-10"}, {"Gagnée ancienne", "2024-05-01"}} {
			o := dayOpp(t, db, c.sales, closer.Opportunity{Title: w.title, AccountID: acc.ID, DetectedOn: d("2024-04-01"), NextActionOn: d("2024-07-01")})
			if _, err := db.CloseOpportunity(c.sales, o.ID, o.Version, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: d(w.on), Amount: &amount}); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range []closer.Activity{
			{Kind: closer.ActivityCall, Subject: "Appeler la comptable", DueOn: d("2024-06-12"), AccountID: acc.ID},
			{Kind: closer.ActivityTask, Subject: "Faite", DueOn: d("2024-06-11"), DoneOn: d("2024-06-11"), AccountID: acc.ID},
			{Kind: closer.ActivityEmail, Subject: "Plus tard", DueOn: d("2024-06-30"), OpportunityID: late.ID},
			{Kind: closer.ActivityRelaunch, Subject: "Relancer sur le four", DueOn: today, OpportunityID: late.ID},
		} {
			if err := db.CreateActivity(c.sales, &a); err != nil {
				t.Fatal(err)
			}
		}
		// Another org's due next action never shows.
		otherCtx, _ := newOrg(t, db, "elsewhere")
		dayOpp(t, db, otherCtx, closer.Opportunity{Title: "Ailleurs", NextActionOn: d("2024-06-01"), NextAction: "Ailleurs"})

		ag, err := db.Agenda(c.sales, closer.AgendaFilter{OwnerID: c.salesID, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := dueWhats(ag.Due), []string{"Rappeler le gérant", "Appeler la comptable", "Relancer sur le four"}; !slices.Equal(got, want) || ag.DueTotal != 3 {
			t.Errorf("due: %v (total %d), want %v", got, ag.DueTotal, want)
		}
		if a := ag.Due[2]; a.ActivityKind != closer.ActivityRelaunch || a.OpportunityID != late.ID || a.Title != "Four à pain" || a.AccountName != "Boulangerie Dupont" || a.OwnerName == "" {
			t.Errorf("activity row: %+v", a)
		}
		if a := ag.Due[1]; a.OpportunityID != 0 || a.AccountID != acc.ID || a.ActivityID == 0 {
			t.Errorf("account activity row: %+v", a)
		}
		if got := oppTitles(ag.Reviews); !slices.Equal(got, []string{"Chambre froide"}) || ag.ReviewsTotal != 1 {
			t.Errorf("reviews: %v (total %d)", got, ag.ReviewsTotal)
		}
		if got := oppTitles(ag.Unplanned); !slices.Equal(got, []string{"Sans rien", "Sans client"}) || ag.UnplannedTotal != 2 {
			t.Errorf("unplanned: %v (total %d)", got, ag.UnplannedTotal)
		}
		if got := oppTitles(ag.Closed); !slices.Equal(got, []string{"Gagnée récente"}) || ag.Closed[0].Status != closer.StatusWon {
			t.Errorf("closed: %v", got)
		}

		// The team's day includes the colleague's; a limit keeps the totals.
		ag, err = db.Agenda(c.consultant, closer.AgendaFilter{Today: today, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := dueWhats(ag.Due), []string{"Rappeler le gérant", "Appeler la comptable"}; !slices.Equal(got, want) || ag.DueTotal != 4 {
			t.Errorf("team due: %v (total %d), want %v and 4", got, ag.DueTotal, want)
		}
		// The colleague's own day.
		ag, err = db.Agenda(c.colleague, closer.AgendaFilter{OwnerID: c.collID, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		if got := dueWhats(ag.Due); !slices.Equal(got, []string{"Visite"}) || len(ag.Reviews)+len(ag.Unplanned)+len(ag.Closed) != 0 {
			t.Errorf("colleague: due %v, %d others", got, len(ag.Reviews)+len(ag.Unplanned)+len(ag.Closed))
		}
		if _, err := db.Agenda(c.sales, closer.AgendaFilter{}); closer.ErrorCode(err) != closer.EINVALID {
			t.Errorf("agenda without a day: %v", err)
		}
		if _, err := db.Agenda(context.Background(), closer.AgendaFilter{Today: today}); closer.ErrorCode(err) != closer.EUNAUTHORIZED {
			t.Errorf("agenda without an actor: %v", err)
		}
	})
}

func TestBoard(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "board")
		lists, err := db.Lists(c.owner)
		if err != nil {
			t.Fatal(err)
		}
		st := lists.Stages // Détection, Qualification, Proposition, Négociation
		d := closer.MustDate
		mk := func(ctx context.Context, title string, stage closer.ListItem, amount closer.Money, next string) *closer.Opportunity {
			o := closer.Opportunity{Title: title, StageID: stage.ID, Amount: amount}
			if next != "" {
				o.NextActionOn, o.NextAction = d(next), "x"
			}
			return dayOpp(t, db, ctx, o)
		}
		mk(c.sales, "A sans date", st[0], 100, "")
		mk(c.sales, "A tard", st[0], 200, "2024-06-01")
		mk(c.colleague, "A bientôt", st[0], 300, "2024-06-20")
		mk(c.sales, "C un", st[2], 1000, "2024-06-18")
		held := mk(c.sales, "C en attente", st[2], 5000, "2024-06-18")
		if _, err := db.HoldOpportunity(c.sales, held.ID, held.Version, closer.HoldInput{HoldReason: "Budget", ReviewOn: d("2024-07-01")}); err != nil {
			t.Fatal(err)
		}
		otherCtx, _ := newOrg(t, db, "board-other")
		dayOpp(t, db, otherCtx, closer.Opportunity{Title: "Ailleurs", Amount: 99999})

		cols, err := db.Board(c.consultant, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		type col struct {
			name   string
			count  int
			amount closer.Money
			cards  []string
		}
		var got []col
		for _, k := range cols {
			got = append(got, col{k.Stage.Name, k.Count, k.Amount, oppTitles(k.Cards)})
		}
		want := []col{
			{st[0].Name, 3, 600, []string{"A tard", "A bientôt", "A sans date"}},
			{st[1].Name, 0, 0, nil},
			{st[2].Name, 1, 1000, []string{"C un"}},
			{st[3].Name, 0, 0, nil},
		}
		if !slices.EqualFunc(got, want, func(a, b col) bool {
			return a.name == b.name && a.count == b.count && a.amount == b.amount && slices.Equal(a.cards, b.cards)
		}) {
			t.Fatalf("board:\n got %+v\nwant %+v", got, want)
		}
		if o := cols[0].Cards[0]; o.OwnerName == "" || o.Version == 0 || o.StageID != st[0].ID {
			t.Errorf("card: %+v", o)
		}

		// One owner's board, at most one card per column.
		cols, err = db.Board(c.sales, c.salesID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if cols[0].Count != 2 || cols[0].Amount != 300 || !slices.Equal(oppTitles(cols[0].Cards), []string{"A tard"}) {
			t.Errorf("owner board, first column: %+v %v", cols[0], oppTitles(cols[0].Cards))
		}

		// A retired stage shows while it still holds open opportunities.
		st[3].Retired = true
		mk(c.sales, "D", st[3], 1, "")
		if err := db.UpdateListItem(c.owner, &st[3]); err != nil {
			t.Fatal(err)
		}
		cols, err = db.Board(c.owner, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(cols) != 4 || cols[3].Count != 1 || !cols[3].Stage.Retired {
			t.Errorf("retired stage with a card: %+v", cols)
		}
		st[1].Retired = true
		if err := db.UpdateListItem(c.owner, &st[1]); err != nil {
			t.Fatal(err)
		}
		cols, err = db.Board(c.owner, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(cols) != 3 {
			t.Errorf("an empty retired stage still shows: %+v", cols)
		}
	})
}
