package demo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"closer"
	"closer/demo"
)

// TestEveryDateFollowsDetection generates a demo of 20,000 opportunities
// (the size at which 141 open ones had their next action planned before
// their detection) and checks every date it writes against its
// opportunity's detection and today: nothing is planned, sent, ordered,
// done, held or closed before anyone knew of the opportunity, nor done,
// sent, ordered, held or closed after today.
func TestEveryDateFollowsDetection(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	r := newRecorder()
	if _, err := demo.Generate(context.Background(), r, demo.Options{Opportunities: 20_000, Today: today}); err != nil {
		t.Fatal(err)
	}
	var bad []string
	check := func(what string, id int64, field string, d, notBefore closer.Date, notAfterToday bool) {
		if d.IsZero() {
			return
		}
		if d.Before(notBefore) {
			bad = append(bad, fmt.Sprintf("%s %d: %s %s before %s", what, id, field, d, notBefore))
		} else if notAfterToday && d.After(today) {
			bad = append(bad, fmt.Sprintf("%s %d: %s %s after today %s", what, id, field, d, today))
		}
	}
	opened := 0
	for id, o := range r.opportunities {
		check("opportunity", id, "detected_on", o.DetectedOn, closer.Date{}, true)
		check("opportunity", id, "next_action_on", o.NextActionOn, o.DetectedOn, false)
		check("opportunity", id, "expected_close_on", o.ExpectedCloseOn, o.DetectedOn, false)
		check("opportunity", id, "held_on", o.HeldOn, o.DetectedOn, true)
		check("opportunity", id, "review_on", o.ReviewOn, later(o.HeldOn, o.DetectedOn), false)
		check("opportunity", id, "closed_on", o.ClosedOn, o.DetectedOn, true)
		for _, e := range r.events[id] {
			check("opportunity", id, "event "+string(e.Kind)+" at", closer.DateOf(e.At, paris), o.DetectedOn, true)
		}
		if o.Status == closer.StatusOpen {
			opened++
		}
	}
	for _, q := range r.quotes {
		check("quote", q.ID, "sent_on", q.SentOn, r.opportunities[q.OpportunityID].DetectedOn, true)
	}
	for _, o := range r.orders {
		notBefore := closer.Date{}
		if o.OpportunityID != 0 {
			notBefore = r.opportunities[o.OpportunityID].ClosedOn // a linked order follows its win
		}
		check("order", o.ID, "ordered_on", o.OrderedOn, notBefore, true)
	}
	for _, a := range r.activities {
		notBefore := closer.Date{}
		if a.OpportunityID != 0 {
			notBefore = r.opportunities[a.OpportunityID].DetectedOn
		}
		check("activity", a.ID, "due_on", a.DueOn, notBefore, false)
		check("activity", a.ID, "done_on", a.DoneOn, later(a.DueOn, notBefore), true)
	}
	if len(r.opportunities) != 20_000 || opened < 1000 || len(r.quotes) == 0 || len(r.orders) == 0 || len(r.activities) == 0 {
		t.Fatalf("%d opportunities (%d open), %d quotes, %d orders, %d activities: the test checks too little",
			len(r.opportunities), opened, len(r.quotes), len(r.orders), len(r.activities))
	}
	slices.Sort(bad)
	for i, b := range bad {
		if i == 10 {
			t.Errorf("... and %d more", len(bad)-i)
			break
		}
		t.Error(b)
	}
}

// later returns the later of two dates.
func later(a, b closer.Date) closer.Date {
	if a.After(b) {
		return a
	}
	return b
}
