package closer

import "time"

// QuoteStatus is where a quote (devis) stands.
type QuoteStatus string

// The quote statuses.
const (
	QuoteDraft    QuoteStatus = "draft"
	QuoteSent     QuoteStatus = "sent"
	QuoteAccepted QuoteStatus = "accepted"
	QuoteDeclined QuoteStatus = "declined"
	QuoteExpired  QuoteStatus = "expired"
)

// QuoteStatuses lists the quote statuses.
var QuoteStatuses = []QuoteStatus{QuoteDraft, QuoteSent, QuoteAccepted, QuoteDeclined, QuoteExpired}

// WasSent reports whether a quote of this status has gone to the customer:
// every status but draft. A customer accepts or declines a quote they
// received, and a quote expires when the validity of a sent offer runs out.
func (s QuoteStatus) WasSent() bool {
	switch s {
	case QuoteSent, QuoteAccepted, QuoteDeclined, QuoteExpired:
		return true
	case QuoteDraft:
		return false
	}
	return false
}

// Quote is a priced offer sent for an opportunity.
type Quote struct {
	ID            int64       `json:"id"`
	OpportunityID int64       `json:"opportunity"`
	Number        string      `json:"number"`
	Amount        Money       `json:"amount"`
	SentOn        Date        `json:"sent_on"`
	Status        QuoteStatus `json:"status"`
	Created       time.Time   `json:"created_at"`
}

// Validate checks a quote before it is stored. Its status and its sent
// date agree: a draft has not been sent, so it has no sent date; a quote
// sent, accepted, declined or expired has one (WasSent). Without a status,
// a quote with a sent date is sent, one without a draft. The quotes of a
// period are those sent in it: a draft with a sent date would count among
// them, and an accepted quote without one in none.
func (q *Quote) Validate(today Date) error {
	q.Number = NormalizeName(q.Number)
	if q.OpportunityID == 0 {
		return FieldError("opportunity", "A quote belongs to an opportunity.")
	} else if q.Number == "" {
		return FieldError("number", "The quote number is required.")
	} else if err := CheckLine("number", q.Number, 50); err != nil {
		return err
	} else if q.Amount < 0 || q.Amount > MaxMoney {
		return FieldError("amount", "The amount must be between 0 and %d.", MaxMoney)
	}
	if q.Status == "" {
		q.Status = QuoteDraft
		if !q.SentOn.IsZero() {
			q.Status = QuoteSent
		}
	}
	ok := false
	for _, s := range QuoteStatuses {
		ok = ok || s == q.Status
	}
	if !ok {
		return FieldError("status", "Quote status must be draft, sent, accepted, declined or expired, not %q.", q.Status)
	}
	if q.SentOn.After(today) {
		return FieldError("sent_on", "The sent date %s is in the future.", q.SentOn)
	} else if !q.Status.WasSent() && !q.SentOn.IsZero() {
		return FieldError("sent_on", "A draft has not been sent: clear its sent date, or give it the status sent.")
	} else if q.Status.WasSent() && q.SentOn.IsZero() {
		return FieldError("sent_on", "A quote that is sent, accepted, declined or expired was sent: give its sent date.")
	}
	return nil
}

// SetStatus changes a quote's status as the quotes list does, with one
// click: a quote marked sent, accepted, declined or expired without a sent
// date went out that day (today); one put back to draft was not sent
// after all, and loses its sent date.
func (q *Quote) SetStatus(s QuoteStatus, today Date) {
	q.Status = s
	switch {
	case s.WasSent() && q.SentOn.IsZero():
		q.SentOn = today
	case s == QuoteDraft:
		q.SentOn = Date{}
	}
}

// CheckOpportunity checks a quote against its opportunity, detected on
// detectedOn: it is not sent before the detection, as an order is not
// dated before it (Order.CheckStillLinkedTo). SPEC 1 has an opportunity
// exist "before or at the first quote": a quote sent earlier would
// shorten the cycle that statistics count from the detection. Every entry
// point that creates or changes a quote calls it (the store, with the
// opportunity's row locked); Opportunity.CheckQuotes checks the other
// side.
func (q *Quote) CheckOpportunity(detectedOn Date) error {
	if !q.fits(detectedOn) {
		return FieldError("sent_on", "The sent date %s is before the detection date %s of its opportunity.", q.SentOn, detectedOn)
	}
	return nil
}

// fits says whether a quote fits its opportunity's detection date: it
// was not sent before it. A draft, not sent, always fits. It is the one
// statement of the rule that both sides check.
func (q *Quote) fits(detectedOn Date) bool {
	return q.SentOn.IsZero() || !q.SentOn.Before(detectedOn)
}

// CheckQuotes checks a change of an opportunity, from before, against its
// quotes: its detection date cannot move after the day one was sent, as
// it cannot after a linked order's date (CheckLinkedOrders), naming
// detected_on. Only a moved detection is checked, so that a quote that did
// not fit before (data older than the rule) does not block another
// change. The store calls it inside the transaction that locks the
// opportunity's row.
func (o *Opportunity) CheckQuotes(before *Opportunity, quotes []*Quote) error {
	if o.DetectedOn == before.DetectedOn {
		return nil
	}
	for _, q := range quotes {
		if !q.fits(o.DetectedOn) {
			return FieldError("detected_on", "The detection date %s is after %s, the day its quote %s was sent.", o.DetectedOn, q.SentOn, q.Number)
		}
	}
	return nil
}
