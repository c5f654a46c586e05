package sqlstore_test

import (
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestQuoteCRUD(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		acc := mustAccount(t, db, c.sales, "Dupont")
		opp := rawOpportunity(t, db, c.org.ID, c.salesID, acc.ID)
		other := rawOpportunity(t, db, c.org.ID, c.salesID, 0)

		q := &closer.Quote{OpportunityID: opp, Number: " D-2024-001 ", Amount: 150000, SentOn: closer.MustDate("2024-06-10")}
		if err := db.CreateQuote(c.sales, q); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindQuote(c.consultant, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Number != "D-2024-001" || got.Amount != 150000 || got.SentOn.String() != "2024-06-10" || got.Status != closer.QuoteSent || got.OpportunityID != opp {
			t.Fatalf("stored quote: %+v", got)
		}
		draft := &closer.Quote{OpportunityID: opp, Number: `<i>D-002</i>' OR 1=1`}
		if err := db.CreateQuote(c.sales, draft); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindQuote(c.sales, draft.ID); got.Status != closer.QuoteDraft || !got.SentOn.IsZero() || got.Number != `<i>D-002</i>' OR 1=1` {
			t.Fatalf("draft quote: %+v", got)
		}
		// The same number twice is allowed.
		if err := db.CreateQuote(c.sales, &closer.Quote{OpportunityID: other, Number: "D-2024-001", SentOn: closer.MustDate("2024-06-03")}); err != nil {
			t.Fatal(err)
		}

		count := func(f closer.SalesFilter) int {
			t.Helper()
			list, total, err := db.FindQuotes(c.consultant, f)
			if err != nil {
				t.Fatal(err)
			} else if len(list) != total && f.Limit == 0 {
				t.Fatalf("%d quotes listed, total %d", len(list), total)
			}
			return total
		}
		for _, tc := range []struct {
			what string
			f    closer.SalesFilter
			want int
		}{
			{"all", closer.SalesFilter{}, 3},
			{"by opportunity", closer.SalesFilter{OpportunityID: opp}, 2},
			{"by account", closer.SalesFilter{AccountID: acc.ID}, 2},
			{"by owner", closer.SalesFilter{OwnerID: c.salesID}, 3},
			{"by colleague", closer.SalesFilter{OwnerID: c.collID}, 0},
			{"by status", closer.SalesFilter{Kind: "sent"}, 2},
			{"sent in June", closer.SalesFilter{From: closer.MustDate("2024-06-01"), To: closer.MustDate("2024-06-30")}, 2},
			{"sent after the 5th", closer.SalesFilter{From: closer.MustDate("2024-06-05"), To: closer.MustDate("2024-06-30")}, 1},
		} {
			if got := count(tc.f); got != tc.want {
				t.Fatalf("%s: %d quotes, want %d", tc.what, got, tc.want)
			}
		}
		if list, total, _ := db.FindQuotes(c.sales, closer.SalesFilter{Page: closer.Page{Limit: 1, Offset: 1}}); len(list) != 1 || list[0].ID != draft.ID || total != 3 {
			t.Fatalf("second page: %v %d", list, total)
		}
		_, _, err = db.FindQuotes(c.sales, closer.SalesFilter{Kind: "won"})
		wantErr(t, "unknown status filter", err, closer.EINVALID, "status")

		// Full replace; no opportunity keeps the current one.
		if err := db.UpdateQuote(c.sales, &closer.Quote{ID: q.ID, Number: "D-2024-001b", Amount: 140000, SentOn: closer.MustDate("2024-06-10"), Status: closer.QuoteAccepted}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindQuote(c.sales, q.ID); got.Number != "D-2024-001b" || got.Amount != 140000 || got.Status != closer.QuoteAccepted || got.OpportunityID != opp {
			t.Fatalf("updated quote: %+v", got)
		}
		if err := db.UpdateQuote(c.sales, &closer.Quote{ID: q.ID, OpportunityID: other, Number: "D-2024-001b"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindQuote(c.sales, q.ID); got.OpportunityID != other {
			t.Fatalf("moved quote: %+v", got)
		}
		wantErr(t, "sales deletes their quote", db.DeleteQuote(c.sales, q.ID), closer.EFORBIDDEN, "")
		if err := db.DeleteQuote(c.owner, q.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindQuote(c.sales, q.ID)
		wantErr(t, "find deleted", err, closer.ENOTFOUND, "")
	})
}

func TestQuoteBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		opp := rawOpportunity(t, db, c.org.ID, c.salesID, 0)
		rival, rivalOrg := newOrg(t, db, "rival")
		foreignOpp := rawOpportunity(t, db, rivalOrg.ID, userOf(rival), 0)
		for _, tc := range []struct {
			what  string
			q     closer.Quote
			field string
		}{
			{"no opportunity", closer.Quote{Number: "1"}, "opportunity"},
			{"unknown opportunity", closer.Quote{OpportunityID: 999999, Number: "1"}, "opportunity"},
			{"foreign opportunity", closer.Quote{OpportunityID: foreignOpp, Number: "1"}, "opportunity"},
			{"no number", closer.Quote{OpportunityID: opp, Number: "  "}, "number"},
			{"long number", closer.Quote{OpportunityID: opp, Number: strings.Repeat("9", 51)}, "number"},
			{"negative amount", closer.Quote{OpportunityID: opp, Number: "1", Amount: -1}, "amount"},
			{"huge amount", closer.Quote{OpportunityID: opp, Number: "1", Amount: closer.MaxMoney + 1}, "amount"},
			{"sent tomorrow", closer.Quote{OpportunityID: opp, Number: "1", SentOn: closer.MustDate("2024-06-16")}, "sent_on"},
			{"unknown status", closer.Quote{OpportunityID: opp, Number: "1", Status: "won"}, "status"},
		} {
			q := tc.q
			wantErr(t, tc.what, db.CreateQuote(c.sales, &q), closer.EINVALID, tc.field)
		}
		// Sent today is fine (today is 2024-06-15 in Paris).
		q := &closer.Quote{OpportunityID: opp, Number: "1", SentOn: closer.MustDate("2024-06-15")}
		if err := db.CreateQuote(c.sales, q); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "move to a foreign opportunity", db.UpdateQuote(c.sales, &closer.Quote{ID: q.ID, OpportunityID: foreignOpp, Number: "1"}), closer.EINVALID, "opportunity")
		wantErr(t, "update negative", db.UpdateQuote(c.sales, &closer.Quote{ID: q.ID, Number: "1", Amount: -5}), closer.EINVALID, "amount")

		foreign := &closer.Quote{OpportunityID: foreignOpp, Number: "R-1"}
		if err := db.CreateQuote(rival, foreign); err != nil {
			t.Fatal(err)
		}
		_, err := db.FindQuote(c.owner, foreign.ID)
		wantErr(t, "find foreign", err, closer.ENOTFOUND, "")
		wantErr(t, "update foreign", db.UpdateQuote(c.owner, &closer.Quote{ID: foreign.ID, Number: "X"}), closer.ENOTFOUND, "")
		wantErr(t, "delete foreign", db.DeleteQuote(c.owner, foreign.ID), closer.ENOTFOUND, "")
		if got, err := db.FindQuote(rival, foreign.ID); err != nil || got.Number != "R-1" {
			t.Fatalf("foreign quote changed: %+v %v", got, err)
		}
	})
}

// Whoever creates records may quote any opportunity, a colleague's
// included (a new record, which changes nothing of the opportunity); who
// may change a quote is who may change its opportunity, whoever created it.
func TestQuoteRoles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		own := rawOpportunity(t, db, c.org.ID, c.salesID, 0)
		theirs := rawOpportunity(t, db, c.org.ID, c.collID, 0)
		before, _ := db.FindOpportunity(c.sales, theirs)
		mine := &closer.Quote{OpportunityID: theirs, Number: "S-1", Amount: 99}
		if err := db.CreateQuote(c.sales, mine); err != nil {
			t.Fatalf("sales quotes a colleague's opportunity: %v", err)
		}
		if after, _ := db.FindOpportunity(c.sales, theirs); after.Version != before.Version || after.Amount != before.Amount {
			t.Errorf("a quote changed its opportunity: %+v", after)
		}
		wantErr(t, "sales changes the quote they made on a colleague's opportunity", db.UpdateQuote(c.sales, &closer.Quote{ID: mine.ID, Number: "S-2"}), closer.EFORBIDDEN, "")
		if err := db.UpdateQuote(c.colleague, &closer.Quote{ID: mine.ID, Number: "S-1", Amount: 98}); err != nil {
			t.Fatalf("the opportunity's owner changes a quote a colleague made: %v", err)
		}
		wantErr(t, "consultant quotes", db.CreateQuote(c.consultant, &closer.Quote{OpportunityID: own, Number: "1"}), closer.EFORBIDDEN, "")
		q := &closer.Quote{OpportunityID: theirs, Number: "M-1"}
		if err := db.CreateQuote(c.manager, q); err != nil {
			t.Fatalf("manager quotes a colleague's opportunity: %v", err)
		}
		if err := db.UpdateQuote(c.colleague, &closer.Quote{ID: q.ID, Number: "M-1", Amount: 10}); err != nil {
			t.Fatalf("the opportunity's owner updates its quote: %v", err)
		}
		wantErr(t, "sales updates a colleague's quote", db.UpdateQuote(c.sales, &closer.Quote{ID: q.ID, Number: "X"}), closer.EFORBIDDEN, "")
		wantErr(t, "sales deletes a colleague's quote", db.DeleteQuote(c.sales, q.ID), closer.EFORBIDDEN, "")
		wantErr(t, "consultant updates", db.UpdateQuote(c.consultant, &closer.Quote{ID: q.ID, Number: "X"}), closer.EFORBIDDEN, "")
		wantErr(t, "consultant deletes", db.DeleteQuote(c.consultant, q.ID), closer.EFORBIDDEN, "")
		wantErr(t, "owner of the quote's opportunity moves it to a colleague's", db.UpdateQuote(c.colleague, &closer.Quote{ID: q.ID, OpportunityID: own, Number: "M-1"}), closer.EFORBIDDEN, "")
		if got, _ := db.FindQuote(c.sales, q.ID); got.Number != "M-1" || got.Amount != 10 || got.OpportunityID != theirs {
			t.Fatalf("refused writes changed the quote: %+v", got)
		}
		if err := db.DeleteQuote(c.owner, q.ID); err != nil {
			t.Fatalf("owner deletes: %v", err)
		}
	})
}
