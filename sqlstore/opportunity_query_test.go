package sqlstore_test

import (
	"slices"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// titles returns the titles of a list, in order.
func titles(list []*closer.Opportunity) []string {
	var out []string
	for _, o := range list {
		out = append(out, o.Title)
	}
	return out
}

func TestFindOpportunities(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "dupont")
		add := func(o closer.Opportunity) *closer.Opportunity {
			t.Helper()
			if o.DetectedOn.IsZero() {
				o.DetectedOn = closer.MustDate("2024-05-01")
			}
			if err := db.CreateOpportunity(tm.owner, &o); err != nil {
				t.Fatalf("create %q: %v", o.Title, err)
			}
			return &o
		}
		var lots []*closer.Opportunity
		for i := 1; i <= 7; i++ {
			lots = append(lots, add(closer.Opportunity{Title: "Lot " + idText(int64(i)), OwnerID: tm.sales1ID, Amount: closer.Money(i * 1000)}))
		}
		onHold := func(title string, review string) {
			o := add(closer.Opportunity{Title: title, OwnerID: tm.sales2ID})
			if _, err := db.HoldOpportunity(tm.owner, o.ID, 0, closer.HoldInput{HoldReason: "Budget", ReviewOn: closer.MustDate(review)}); err != nil {
				t.Fatal(err)
			}
		}
		onHold("Attente A", "2024-07-01")
		onHold("Attente B", "2024-08-01")
		closeWith := func(title string, in closer.CloseInput) {
			o := add(closer.Opportunity{Title: title, OwnerID: tm.sales2ID, DetectedOn: closer.MustDate("2024-01-15")})
			if _, err := db.CloseOpportunity(tm.owner, o.ID, 0, in); err != nil {
				t.Fatal(err)
			}
		}
		closeWith("Gagnée", closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-02-10"), Amount: cents(9000)})
		closeWith("Perdue", closer.CloseInput{Outcome: closer.StatusLost, ClosedOn: closer.MustDate("2024-03-10"), LossReason: "Délai", Competitor: "unknown"})
		closeWith("Évaporée", closer.CloseInput{Outcome: closer.StatusVanished, ClosedOn: closer.MustDate("2024-04-10"), VanishReason: "Statu quo"})
		for _, title := range []string{"100% sûr", "100 sûr", "a_b c", "axb c", "O'Brien & fils", `<script>alert("x")</script>`, `Back\slash`} {
			add(closer.Opportunity{Title: title, DetectedOn: closer.MustDate("2024-03-01")})
		}
		kitchen := add(closer.Opportunity{Title: "Cuisine", AccountID: tm.accountID, StageID: tm.stages[3].ID, SourceID: 0})

		find := func(f closer.OpportunityFilter) ([]*closer.Opportunity, int) {
			t.Helper()
			list, total, err := db.FindOpportunities(tm.consultant, f)
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			return list, total
		}

		// Status and owner, newest first, page by page, with the total.
		open := []closer.Status{closer.StatusOpen}
		for _, c := range []struct {
			offset int
			want   []string
		}{
			{0, []string{"Lot 7", "Lot 6", "Lot 5"}},
			{3, []string{"Lot 4", "Lot 3", "Lot 2"}},
			{6, []string{"Lot 1"}},
			{7, nil},
			{50, nil},
		} {
			list, total := find(closer.OpportunityFilter{Statuses: open, OwnerID: tm.sales1ID, Page: closer.Page{Limit: 3, Offset: c.offset}})
			if total != 7 || !slices.Equal(titles(list), c.want) {
				t.Errorf("offset %d: got %v (total %d), want %v (total 7)", c.offset, titles(list), total, c.want)
			}
		}
		list, _ := find(closer.OpportunityFilter{Statuses: open, OwnerID: tm.sales1ID, Page: closer.Page{Limit: 1}})
		if list[0].OwnerName != "sales1" || list[0].ID != lots[6].ID {
			t.Errorf("list row: %+v", list[0])
		}

		for _, c := range []struct {
			name string
			f    closer.OpportunityFilter
			want []string // in order
		}{
			{"closures", closer.OpportunityFilter{Statuses: []closer.Status{closer.StatusWon, closer.StatusLost, closer.StatusVanished}}, []string{"Évaporée", "Perdue", "Gagnée"}},
			{"duplicate statuses", closer.OpportunityFilter{Statuses: []closer.Status{closer.StatusWon, closer.StatusWon}}, []string{"Gagnée"}},
			{"on hold, oldest first", closer.OpportunityFilter{Statuses: []closer.Status{closer.StatusOnHold}, Sort: "held_on"}, []string{"Attente A", "Attente B"}},
			{"owner", closer.OpportunityFilter{OwnerID: tm.sales2ID}, []string{"Évaporée", "Perdue", "Gagnée", "Attente B", "Attente A"}},
			{"owner by title", closer.OpportunityFilter{OwnerID: tm.sales2ID, Statuses: []closer.Status{closer.StatusOnHold, closer.StatusWon, closer.StatusLost}, Sort: "title", Desc: true}, []string{"Perdue", "Gagnée", "Attente B", "Attente A"}},
			{"closed between", closer.OpportunityFilter{ClosedFrom: closer.MustDate("2024-02-10"), ClosedTo: closer.MustDate("2024-03-10"), Sort: "closed_on"}, []string{"Gagnée", "Perdue"}},
			{"closed since, latest first", closer.OpportunityFilter{ClosedFrom: closer.MustDate("2024-03-01"), Sort: "closed_on", Desc: true}, []string{"Évaporée", "Perdue"}},
			{"detected until", closer.OpportunityFilter{DetectedTo: closer.MustDate("2024-01-31")}, []string{"Évaporée", "Perdue", "Gagnée"}},
			{"detected on a day", closer.OpportunityFilter{DetectedFrom: closer.MustDate("2024-03-01"), DetectedTo: closer.MustDate("2024-03-01"), Sort: "title", Page: closer.Page{Limit: 2}}, []string{"100 sûr", "100% sûr"}},
			{"account", closer.OpportunityFilter{AccountID: tm.accountID}, []string{"Cuisine"}},
			{"stage", closer.OpportunityFilter{StageID: tm.stages[3].ID}, []string{"Cuisine"}},
			{"amount, largest first", closer.OpportunityFilter{OwnerID: tm.sales1ID, Sort: "amount", Desc: true, Page: closer.Page{Limit: 2}}, []string{"Lot 7", "Lot 6"}},
			{"amount, smallest first", closer.OpportunityFilter{OwnerID: tm.sales1ID, Sort: "amount", Page: closer.Page{Limit: 2}}, []string{"Lot 1", "Lot 2"}},
			// "recent" is the order of creation, and reverses as the others do.
			{"recent, newest first", closer.OpportunityFilter{OwnerID: tm.sales1ID, Sort: "recent", Desc: true, Page: closer.Page{Limit: 2}}, []string{"Lot 7", "Lot 6"}},
			{"recent, oldest first", closer.OpportunityFilter{OwnerID: tm.sales1ID, Sort: "recent", Page: closer.Page{Limit: 2}}, []string{"Lot 1", "Lot 2"}},
			{"recent, oldest first, two statuses", closer.OpportunityFilter{Statuses: []closer.Status{closer.StatusOnHold, closer.StatusWon}, Sort: "recent"}, []string{"Attente A", "Attente B", "Gagnée"}},
			{"no sort, newest first", closer.OpportunityFilter{OwnerID: tm.sales1ID, Desc: true, Page: closer.Page{Limit: 2}}, []string{"Lot 7", "Lot 6"}},
			{"nothing", closer.OpportunityFilter{OwnerID: tm.sales1ID, Statuses: []closer.Status{closer.StatusWon}}, nil},
			// Search text is literal: LIKE wildcards, quotes and markup match themselves.
			{"search percent", closer.OpportunityFilter{Q: "100%"}, []string{"100% sûr"}},
			{"search underscore", closer.OpportunityFilter{Q: "a_b"}, []string{"a_b c"}},
			{"search quote", closer.OpportunityFilter{Q: "o'brien"}, []string{"O'Brien & fils"}},
			{"search markup", closer.OpportunityFilter{Q: `<SCRIPT>alert("x")`}, []string{`<script>alert("x")</script>`}},
			{"search backslash", closer.OpportunityFilter{Q: `k\s`}, []string{`Back\slash`}},
			{"search account name", closer.OpportunityFilter{Q: "  MENUISERIE "}, []string{"Cuisine"}},
			{"search SQL", closer.OpportunityFilter{Q: "' OR 1=1 --"}, nil},
			{"search and status", closer.OpportunityFilter{Q: "lot", Statuses: open, OwnerID: tm.sales1ID, Page: closer.Page{Limit: 2}}, []string{"Lot 7", "Lot 6"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				list, total := find(c.f)
				if !slices.Equal(titles(list), c.want) {
					t.Errorf("got %v, want %v", titles(list), c.want)
				}
				if c.f.Limit == 0 && total != len(c.want) {
					t.Errorf("total %d, want %d", total, len(c.want))
				}
			})
		}
		if _, total := find(closer.OpportunityFilter{Q: "lot", Page: closer.Page{Limit: 2}}); total != 7 {
			t.Errorf("search total: %d, want 7", total)
		}
		if page, total := find(closer.OpportunityFilter{Q: "lot", Page: closer.Page{Limit: 2, Offset: 6}}); total != 7 || len(page) != 1 {
			t.Errorf("search last page: %d rows, total %d, want 1 of 7", len(page), total)
		}
		if page, total := find(closer.OpportunityFilter{Q: "lot", Page: closer.Page{Limit: 2, Offset: 50}}); total != 7 || len(page) != 0 {
			t.Errorf("search past the end: %d rows, total %d, want 0 of 7", len(page), total)
		}
		all, total := find(closer.OpportunityFilter{Page: closer.Page{Limit: 100000}})
		if total != 20 || len(all) != 20 || all[0].ID != kitchen.ID {
			t.Errorf("everything: %d rows, total %d", len(all), total)
		}

		// Bad filters name their field.
		for _, c := range []struct {
			f     closer.OpportunityFilter
			field string
		}{
			{closer.OpportunityFilter{Statuses: []closer.Status{"open", "closed"}}, "status"},
			{closer.OpportunityFilter{Statuses: []closer.Status{"open'; DROP TABLE opportunities; --"}}, "status"},
			{closer.OpportunityFilter{Sort: "id; DROP TABLE opportunities"}, "sort"},
			{closer.OpportunityFilter{Sort: "o.owner_id"}, "sort"},
			{closer.OpportunityFilter{Q: strings.Repeat("x", 201)}, "q"},
			{closer.OpportunityFilter{Q: "bad \xff"}, "q"},
		} {
			_, _, err := db.FindOpportunities(tm.owner, c.f)
			if closer.ErrorCode(err) != closer.EINVALID || closer.ErrorField(err) != c.field {
				t.Errorf("%+v: got %v, want invalid %q", c.f, err, c.field)
			}
		}
	})
}
