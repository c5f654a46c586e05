package closer

import "testing"

// TestQuoteStatusAndSentDate: a quote's status and sent date agree. A
// draft has not been sent; a quote sent, accepted, declined or expired
// was, and says when. Without a status, the date decides.
func TestQuoteStatusAndSentDate(t *testing.T) {
	today := MustDate("2026-11-27")
	sent := MustDate("2026-11-01")
	for _, c := range []struct {
		status QuoteStatus
		sentOn Date
		want   QuoteStatus // the status kept, when accepted
		field  string      // the refused field
	}{
		{"", Date{}, QuoteDraft, ""},
		{"", sent, QuoteSent, ""},
		{QuoteDraft, Date{}, QuoteDraft, ""},
		{QuoteDraft, sent, "", "sent_on"},
		{QuoteSent, sent, QuoteSent, ""},
		{QuoteSent, Date{}, "", "sent_on"},
		{QuoteAccepted, sent, QuoteAccepted, ""},
		{QuoteAccepted, Date{}, "", "sent_on"},
		{QuoteDeclined, Date{}, "", "sent_on"},
		{QuoteExpired, Date{}, "", "sent_on"},
		{QuoteExpired, sent, QuoteExpired, ""},
		{QuoteSent, MustDate("2026-11-28"), "", "sent_on"},
		{"won", sent, "", "status"},
	} {
		q := Quote{OpportunityID: 1, Number: "DV-1", Amount: 100, Status: c.status, SentOn: c.sentOn}
		err := q.Validate(today)
		if ErrorField(err) != c.field || c.field == "" && q.Status != c.want {
			t.Errorf("%q sent %v: %v (status %q), want an error on %q", c.status, c.sentOn, err, q.Status, c.field)
		}
	}
}

// TestQuoteSetStatus: the quotes list changes a status with one click. A
// quote marked as gone to the customer without a date went that day; one
// put back to draft loses its date; one that has a date keeps it.
func TestQuoteSetStatus(t *testing.T) {
	today, sent := MustDate("2026-11-27"), MustDate("2026-11-01")
	for _, c := range []struct {
		from Date
		to   QuoteStatus
		want Date
	}{
		{Date{}, QuoteSent, today},
		{Date{}, QuoteAccepted, today},
		{Date{}, QuoteExpired, today},
		{sent, QuoteDeclined, sent},
		{sent, QuoteDraft, Date{}},
		{Date{}, QuoteDraft, Date{}},
	} {
		q := Quote{OpportunityID: 1, Number: "DV-1", SentOn: c.from}
		q.SetStatus(c.to, today)
		if q.Status != c.to || q.SentOn != c.want {
			t.Errorf("%v to %s: %+v, want sent %v", c.from, c.to, q, c.want)
		} else if err := q.Validate(today); err != nil {
			t.Errorf("%v to %s: %v", c.from, c.to, err)
		}
	}
}

// TestQuoteAfterDetection: a quote is not sent before its opportunity was
// detected (SPEC 1), as an order is not dated before it; from the other
// side, the detection date does not move after a quote's sent date. A
// draft has no sent date and always fits, and a quote that did not fit
// before (older data) blocks no other change.
func TestQuoteAfterDetection(t *testing.T) {
	detected := MustDate("2024-06-01")
	for sentOn, field := range map[string]string{"2024-05-31": "sent_on", "2023-01-01": "sent_on", "2024-06-01": "", "2024-06-10": "", "": ""} {
		q := &Quote{OpportunityID: 7, Number: "DV-1"}
		if sentOn != "" {
			q.SentOn = MustDate(sentOn)
		}
		if err := q.CheckOpportunity(detected); ErrorField(err) != field {
			t.Errorf("sent %q: %v, want an error on %q", sentOn, err, field)
		}
	}

	l := testLists()
	quotes := []*Quote{
		{ID: 1, Number: "DV-1", SentOn: MustDate("2024-06-05"), Status: QuoteSent},
		{ID: 2, Number: "DV-2", Status: QuoteDraft},
	}
	for _, c := range []struct {
		name   string
		quotes []*Quote
		moveTo string
		field  string
		says   string
	}{
		{"detection moved after a quote", quotes, "2024-06-06", "detected_on", "The detection date 2024-06-06 is after 2024-06-05, the day its quote DV-1 was sent."},
		{"detection moved to the day it was sent", quotes, "2024-06-05", "", ""},
		{"detection moved earlier", quotes, "2024-05-01", "", ""},
		{"a draft only", quotes[1:], "2024-06-14", "", ""},
	} {
		before := testOpportunity(t, StatusOpen)
		after := before
		if err := after.Apply(l, OpportunityUpdate{DetectedOn: ptr(MustDate(c.moveTo))}, testToday); err != nil {
			t.Fatal(err)
		}
		err := after.CheckQuotes(&before, c.quotes)
		if ErrorField(err) != c.field || c.says != "" && ErrorMessage(err) != c.says {
			t.Errorf("%s: %v, want %q on %q", c.name, err, c.says, c.field)
		}
	}
	// A quote sent before the detection in older data blocks no change
	// that leaves the detection where it is.
	before := testOpportunity(t, StatusOpen)
	after := before
	title := "New title"
	if err := after.Apply(l, OpportunityUpdate{Title: &title}, testToday); err != nil {
		t.Fatal(err)
	} else if err := after.CheckQuotes(&before, []*Quote{{Number: "OLD", SentOn: MustDate("2024-01-01")}}); err != nil {
		t.Errorf("older data: %v", err)
	}
}
