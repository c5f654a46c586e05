package sqlstore_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// A quote is not sent before its opportunity was detected, as an order is
// not dated before it; its status and its sent date agree; and the
// opportunity's detection date does not move after a quote's sent date
// (as it does not after a linked order's). Refusals name the field and
// change nothing.
func TestQuoteDatesFitTheirOpportunity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "quotedates")
		opp := mustOpportunity(t, db, c.sales, "Toiture").ID // detected 2024-06-01
		lo := &closer.Opportunity{Title: "Later", DetectedOn: closer.MustDate("2024-06-12")}
		if err := db.CreateOpportunity(c.sales, lo); err != nil {
			t.Fatal(err)
		}
		later := lo.ID
		for _, tc := range []struct {
			what string
			q    closer.Quote
		}{
			{"sent before the detection", closer.Quote{OpportunityID: opp, Number: "1", SentOn: closer.MustDate("2024-05-31")}},
			{"a draft with a sent date", closer.Quote{OpportunityID: opp, Number: "1", Status: closer.QuoteDraft, SentOn: closer.MustDate("2024-06-05")}},
			{"accepted, never sent", closer.Quote{OpportunityID: opp, Number: "1", Status: closer.QuoteAccepted}},
			{"sent, without a date", closer.Quote{OpportunityID: opp, Number: "1", Status: closer.QuoteSent}},
		} {
			q := tc.q
			wantErr(t, tc.what, db.CreateQuote(c.sales, &q), closer.EINVALID, "sent_on")
		}
		q := &closer.Quote{OpportunityID: opp, Number: "DV-1", Amount: 500, SentOn: closer.MustDate("2024-06-05"), Status: closer.QuoteAccepted}
		if err := db.CreateQuote(c.sales, q); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "sent date moved before the detection", db.UpdateQuote(c.sales, &closer.Quote{ID: q.ID, Number: "DV-1",
			SentOn: closer.MustDate("2024-05-01"), Status: closer.QuoteAccepted}), closer.EINVALID, "sent_on")
		wantErr(t, "moved to an opportunity detected after it was sent", db.UpdateQuote(c.sales, &closer.Quote{ID: q.ID, OpportunityID: later,
			Number: "DV-1", SentOn: closer.MustDate("2024-06-05"), Status: closer.QuoteAccepted}), closer.EINVALID, "sent_on")
		if got, _ := db.FindQuote(c.sales, q.ID); got.OpportunityID != opp || got.SentOn.String() != "2024-06-05" {
			t.Fatalf("refused changes changed the quote: %+v", got)
		}

		// The other side: the detection cannot move after the quote's
		// sent date, and the refusal names detected_on.
		o, err := db.FindOpportunity(c.sales, opp)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.UpdateOpportunity(c.sales, opp, o.Version, closer.OpportunityUpdate{DetectedOn: datep("2024-06-06")})
		wantErr(t, "detection moved after the quote", err, closer.EINVALID, "detected_on")
		if want := "The detection date 2024-06-06 is after 2024-06-05, the day its quote DV-1 was sent."; closer.ErrorMessage(err) != want {
			t.Errorf("message %q, want %q", closer.ErrorMessage(err), want)
		}
		if got, _ := db.FindOpportunity(c.sales, opp); got.DetectedOn.String() != "2024-06-01" || got.Version != o.Version {
			t.Fatalf("refused change changed the opportunity: %+v", got)
		}
		if _, err := db.UpdateOpportunity(c.sales, opp, o.Version, closer.OpportunityUpdate{DetectedOn: datep("2024-06-05")}); err != nil {
			t.Fatalf("detection moved to the day the quote was sent: %v", err)
		}
		// A draft has no sent date, and holds no detection back.
		if err := db.CreateQuote(c.sales, &closer.Quote{OpportunityID: later, Number: "DV-2"}); err != nil {
			t.Fatal(err)
		}
		l, _ := db.FindOpportunity(c.sales, later)
		if _, err := db.UpdateOpportunity(c.sales, later, l.Version, closer.OpportunityUpdate{DetectedOn: datep("2024-06-14")}); err != nil {
			t.Fatalf("detection moved with a draft quote: %v", err)
		}
	})
}
