package closer

import "testing"

// testLists is an org's lists with fixed ids: stages 1-3, loss reasons 10
// (price) and 11, vanish reason 20, competitor 30, source 40, and retired
// ones: stage 4, loss reason 12, vanish reason 21, competitor 31, source 41.
func testLists() *Lists {
	l := &Lists{}
	for _, it := range []ListItem{
		{ID: 1, Kind: ListStages, Name: "Detection", Position: 1},
		{ID: 2, Kind: ListStages, Name: "Proposal", Position: 2},
		{ID: 3, Kind: ListStages, Name: "Negotiation", Position: 3},
		{ID: 4, Kind: ListStages, Name: "Old", Position: 4, Retired: true},
		{ID: 10, Kind: ListLossReasons, Name: "Price", Position: 1, Price: true},
		{ID: 11, Kind: ListLossReasons, Name: "Lead time", Position: 2},
		{ID: 20, Kind: ListVanishReasons, Name: "No budget", Position: 1},
		{ID: 30, Kind: ListCompetitors, Name: "Acme", Position: 1},
		{ID: 40, Kind: ListSources, Name: "Referral", Position: 1},
		{ID: 12, Kind: ListLossReasons, Name: "Old reason", Position: 3, Retired: true},
		{ID: 21, Kind: ListVanishReasons, Name: "Old vanish", Position: 2, Retired: true},
		{ID: 31, Kind: ListCompetitors, Name: "Gone", Position: 2, Retired: true},
		{ID: 41, Kind: ListSources, Name: "Fax", Position: 2, Retired: true},
	} {
		l.Add(it)
	}
	return l
}

var (
	testToday = MustDate("2024-06-15")
	tomorrow  = MustDate("2024-06-16")
)

// testOpportunity returns an opportunity in status st, valid on testToday.
func testOpportunity(t *testing.T, st Status) Opportunity {
	t.Helper()
	l := testLists()
	o := Opportunity{ID: 7, Title: "Kitchen", OwnerID: 1, Amount: 1000, DetectedOn: MustDate("2024-06-01")}
	o.Prepare(l, 1, testToday)
	var err error
	switch st {
	case StatusOpen:
		err = o.Validate(l, testToday)
	case StatusOnHold:
		err = o.Hold(l, HoldInput{HoldReason: "tender", ReviewOn: MustDate("2024-07-01")}, testToday)
	case StatusWon:
		err = o.Close(l, CloseInput{Outcome: StatusWon, ClosedOn: MustDate("2024-06-10"), Amount: ptr(Money(2000))}, testToday)
	case StatusLost:
		err = o.Close(l, CloseInput{Outcome: StatusLost, ClosedOn: MustDate("2024-06-10"), LossReason: "Lead time", Competitor: "Acme"}, testToday)
	case StatusVanished:
		err = o.Close(l, CloseInput{Outcome: StatusVanished, ClosedOn: MustDate("2024-06-10"), VanishReason: "No budget"}, testToday)
	}
	if err != nil || o.Status != st {
		t.Fatalf("bring to %s: %v (%s)", st, err, o.Status)
	}
	return o
}

func ptr[T any](v T) *T { return &v }

func TestTransitions(t *testing.T) {
	type step func(o *Opportunity, l *Lists) error
	hold := func(in HoldInput) step {
		return func(o *Opportunity, l *Lists) error { return o.Hold(l, in, testToday) }
	}
	close := func(in CloseInput) step {
		return func(o *Opportunity, l *Lists) error { return o.Close(l, in, testToday) }
	}
	apply := func(u OpportunityUpdate) step {
		return func(o *Opportunity, l *Lists) error { return o.Apply(l, u, testToday) }
	}
	heldOn := func(day string, u OpportunityUpdate) step { // put on hold on day, then changed
		return func(o *Opportunity, l *Lists) error {
			o.HeldOn = MustDate(day)
			return o.Apply(l, u, testToday)
		}
	}
	kept := func(u OpportunityUpdate) step { // its entries retired since, sent back as they are
		return func(o *Opportunity, l *Lists) error {
			o.SourceID = 41
			switch o.Status {
			case StatusLost:
				o.LossReasonID, o.CompetitorID = 12, 31
			case StatusVanished:
				o.VanishReasonID = 21
			case StatusOpen, StatusOnHold, StatusWon:
			}
			return o.Apply(l, u, testToday)
		}
	}
	resume := func(o *Opportunity, l *Lists) error { return o.Resume(l, testToday) }
	reopen := func(o *Opportunity, l *Lists) error { return o.Reopen(l, testToday) }
	for _, c := range []struct {
		name  string
		from  Status
		do    step
		field string // refused field, "" when allowed
		want  Status
	}{
		{"hold", StatusOpen, hold(HoldInput{HoldReason: " tender ", ReviewOn: tomorrow}), "", StatusOnHold},
		{"hold without reason", StatusOpen, hold(HoldInput{ReviewOn: tomorrow}), "hold_reason", ""},
		{"hold without review", StatusOpen, hold(HoldInput{HoldReason: "x"}), "review_on", ""},
		{"hold with a past review", StatusOpen, hold(HoldInput{HoldReason: "x", ReviewOn: MustDate("2024-06-14")}), "review_on", ""},
		{"hold when on hold", StatusOnHold, hold(HoldInput{HoldReason: "x", ReviewOn: tomorrow}), "status", ""},
		{"hold when vanished", StatusVanished, hold(HoldInput{HoldReason: "x", ReviewOn: tomorrow}), "status", ""},
		{"resume", StatusOnHold, resume, "", StatusOpen},
		{"resume when open", StatusOpen, resume, "status", ""},
		{"resume when won", StatusWon, resume, "status", ""},
		{"win", StatusOpen, close(CloseInput{Outcome: StatusWon, ClosedOn: testToday, Amount: ptr(Money(5))}), "", StatusWon},
		{"win from hold", StatusOnHold, close(CloseInput{Outcome: StatusWon, ClosedOn: testToday, Amount: ptr(Money(5))}), "", StatusWon},
		{"win without amount", StatusOpen, close(CloseInput{Outcome: StatusWon, ClosedOn: testToday}), "amount", ""},
		{"win without date", StatusOpen, close(CloseInput{Outcome: StatusWon, Amount: ptr(Money(5))}), "closed_on", ""},
		{"win negative", StatusOpen, close(CloseInput{Outcome: StatusWon, ClosedOn: testToday, Amount: ptr(Money(-5))}), "amount", ""},
		{"close tomorrow", StatusOpen, close(CloseInput{Outcome: StatusWon, ClosedOn: tomorrow, Amount: ptr(Money(5))}), "closed_on", ""},
		{"close before detection", StatusOpen, close(CloseInput{Outcome: StatusWon, ClosedOn: MustDate("2024-05-31"), Amount: ptr(Money(5))}), "closed_on", ""},
		{"close twice", StatusWon, close(CloseInput{Outcome: StatusWon, ClosedOn: testToday, Amount: ptr(Money(5))}), "status", ""},
		{"close as open", StatusOpen, close(CloseInput{Outcome: StatusOpen, ClosedOn: testToday}), "outcome", ""},
		{"close as empty", StatusOpen, close(CloseInput{ClosedOn: testToday}), "outcome", ""},
		{"lose", StatusOpen, close(CloseInput{Outcome: StatusLost, ClosedOn: testToday, LossReason: "11", Competitor: "30"}), "", StatusLost},
		{"lose to unknown", StatusOpen, close(CloseInput{Outcome: StatusLost, ClosedOn: testToday, LossReason: "lead TIME", Competitor: " UNKNOWN "}), "", StatusLost},
		{"lose without reason", StatusOpen, close(CloseInput{Outcome: StatusLost, ClosedOn: testToday, Competitor: "Acme"}), "loss_reason", ""},
		{"lose without winner", StatusOpen, close(CloseInput{Outcome: StatusLost, ClosedOn: testToday, LossReason: "Lead time"}), "competitor", ""},
		{"lose to a stranger", StatusOpen, close(CloseInput{Outcome: StatusLost, ClosedOn: testToday, LossReason: "Lead time", Competitor: "Globex"}), "competitor", ""},
		{"lose on price without note", StatusOpen, close(CloseInput{Outcome: StatusLost, ClosedOn: testToday, LossReason: "Price", Competitor: "Acme"}), "note", ""},
		{"lose on price with note", StatusOpen, close(CloseInput{Outcome: StatusLost, ClosedOn: testToday, LossReason: "Price", Competitor: "Acme", Note: "10% under us"}), "", StatusLost},
		{"vanish", StatusOnHold, close(CloseInput{Outcome: StatusVanished, ClosedOn: testToday, VanishReason: "no budget"}), "", StatusVanished},
		{"vanish without reason", StatusOpen, close(CloseInput{Outcome: StatusVanished, ClosedOn: testToday}), "vanish_reason", ""},
		{"vanish for a loss reason", StatusOpen, close(CloseInput{Outcome: StatusVanished, ClosedOn: testToday, VanishReason: "Price"}), "vanish_reason", ""},
		{"win with a competitor", StatusOpen, close(CloseInput{Outcome: StatusWon, ClosedOn: testToday, Amount: ptr(Money(5)), Competitor: "unknown"}), "competitor", ""},
		{"win with a loss reason", StatusOnHold, close(CloseInput{Outcome: StatusWon, ClosedOn: testToday, Amount: ptr(Money(5)), LossReason: "Lead time"}), "loss_reason", ""},
		{"lose with a vanish reason", StatusOpen, close(CloseInput{Outcome: StatusLost, ClosedOn: testToday, LossReason: "Lead time", Competitor: "Acme", VanishReason: "No budget"}), "vanish_reason", ""},
		{"vanish with a competitor", StatusOpen, close(CloseInput{Outcome: StatusVanished, ClosedOn: testToday, VanishReason: "No budget", Competitor: "Acme"}), "competitor", ""},
		{"win with blank details", StatusOpen, close(CloseInput{Outcome: StatusWon, ClosedOn: testToday, Amount: ptr(Money(5)), Competitor: " ", LossReason: ""}), "", StatusWon},
		{"reopen won", StatusWon, reopen, "", StatusOpen},
		{"reopen lost", StatusLost, reopen, "", StatusOpen},
		{"reopen vanished", StatusVanished, reopen, "", StatusOpen},
		{"reopen open", StatusOpen, reopen, "status", ""},
		{"reopen on hold", StatusOnHold, reopen, "status", ""},
		{"move stage", StatusOpen, apply(OpportunityUpdate{Stage: ptr("Negotiation")}), "", StatusOpen},
		{"move to a retired stage", StatusOpen, apply(OpportunityUpdate{Stage: ptr("Old")}), "stage", ""},
		{"move stage on hold", StatusOnHold, apply(OpportunityUpdate{Stage: ptr("Proposal")}), "stage", ""},
		{"move stage when lost", StatusLost, apply(OpportunityUpdate{Stage: ptr("Proposal")}), "stage", ""},
		{"negative amount", StatusOpen, apply(OpportunityUpdate{Amount: ptr(Money(-1))}), "amount", ""},
		{"title too long", StatusOpen, apply(OpportunityUpdate{Title: ptr(string(make([]byte, 201)) + "x")}), "title", ""},
		{"close date on open", StatusOpen, apply(OpportunityUpdate{ClosedOn: &testToday}), "closed_on", ""},
		{"review date on won", StatusWon, apply(OpportunityUpdate{ReviewOn: &tomorrow}), "review_on", ""},
		{"review date moved on", StatusOnHold, apply(OpportunityUpdate{ReviewOn: &tomorrow}), "", StatusOnHold},
		{"review date moved to the past", StatusOnHold, apply(OpportunityUpdate{ReviewOn: ptr(MustDate("2024-06-14"))}), "review_on", ""},
		{"vanish reason on lost", StatusLost, apply(OpportunityUpdate{VanishReason: ptr("No budget")}), "vanish_reason", ""},
		{"correct a loss reason", StatusLost, apply(OpportunityUpdate{LossReason: ptr("Price"), Note: ptr("Acme 8% cheaper")}), "", StatusLost},
		{"unknown source", StatusOpen, apply(OpportunityUpdate{Source: ptr("Carrier pigeon")}), "source", ""},
		{"a retired source chosen", StatusOpen, apply(OpportunityUpdate{Source: ptr("Fax")}), "source", ""},
		{"a retired loss reason chosen", StatusLost, apply(OpportunityUpdate{LossReason: ptr("Old reason")}), "loss_reason", ""},
		{"a retired vanish reason chosen", StatusVanished, apply(OpportunityUpdate{VanishReason: ptr("21")}), "vanish_reason", ""},
		{"a retired competitor chosen", StatusLost, apply(OpportunityUpdate{Competitor: ptr("Gone")}), "competitor", ""},
		{"lost to a retired competitor", StatusOpen, close(CloseInput{Outcome: StatusLost, ClosedOn: testToday, LossReason: "Lead time", Competitor: "Gone"}), "competitor", ""},
		{"retired entries kept as they are", StatusLost, kept(OpportunityUpdate{Source: ptr("41"), LossReason: ptr("12"), Competitor: ptr("Gone"), Note: ptr("x")}), "", StatusLost},
		{"a retired vanish reason kept", StatusVanished, kept(OpportunityUpdate{VanishReason: ptr("Old vanish")}), "", StatusVanished},
		{"detection moved after the close date", StatusWon, apply(OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-11"))}), "detected_on", ""},
		{"detection moved to the close date", StatusLost, apply(OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-10"))}), "", StatusLost},
		{"detection and close date moved apart", StatusVanished, apply(OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-11")), ClosedOn: ptr(MustDate("2024-06-09"))}), "closed_on", ""},
		{"detection moved after the hold", StatusOnHold, heldOn("2024-06-05", OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-06"))}), "detected_on", ""},
		{"detection moved to the hold day", StatusOnHold, heldOn("2024-06-05", OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-05"))}), "", StatusOnHold},
		{"detection moved to the future", StatusOnHold, apply(OpportunityUpdate{DetectedOn: &tomorrow}), "detected_on", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := testLists()
			o := testOpportunity(t, c.from)
			err := c.do(&o, l)
			if c.field != "" {
				if ErrorCode(err) != EINVALID || ErrorField(err) != c.field {
					t.Fatalf("got %v, want invalid %q", err, c.field)
				}
				return
			}
			if err != nil || o.Status != c.want {
				t.Fatalf("got %v (%s), want %s", err, o.Status, c.want)
			}
			// What the status does not use is cleared: nothing lingers.
			if o.Status != StatusOnHold && (o.HoldReason != "" || !o.HeldOn.IsZero() || !o.ReviewOn.IsZero()) {
				t.Errorf("hold details linger: %+v", o)
			}
			if !o.Status.IsClosure() && !o.ClosedOn.IsZero() {
				t.Errorf("close date lingers: %+v", o)
			}
			if o.Status != StatusLost && (o.LossReasonID != 0 || o.CompetitorID != 0 || o.CompetitorUnknown) {
				t.Errorf("loss details linger: %+v", o)
			}
			if o.Status != StatusVanished && o.VanishReasonID != 0 {
				t.Errorf("vanish reason lingers: %+v", o)
			}
			if err := o.Validate(l, testToday); err != nil {
				t.Errorf("result does not validate: %v", err)
			}
		})
	}
}

func TestHoldKeepsStageAndResumeRestoresIt(t *testing.T) {
	l := testLists()
	o := testOpportunity(t, StatusOpen)
	if err := o.MoveStage(l, "Negotiation", testToday); err != nil {
		t.Fatal(err)
	}
	if err := o.Hold(l, HoldInput{HoldReason: "permit", ReviewOn: tomorrow}, testToday); err != nil {
		t.Fatal(err)
	}
	if o.StageID != 3 || o.HeldOn != testToday || o.HoldReason != "permit" {
		t.Fatalf("on hold: %+v", o)
	}
	if err := o.Resume(l, testToday); err != nil {
		t.Fatal(err)
	}
	if o.StageID != 3 || o.FurthestStageID != 3 {
		t.Fatalf("resumed: %+v", o)
	}
	// Moving back keeps the furthest stage reached, for the funnel.
	if err := o.MoveStage(l, "Detection", testToday); err != nil || o.FurthestStageID != 3 || o.StageID != 1 {
		t.Fatalf("move back: %v %+v", err, o)
	}
}

func TestLostThenVanishedIsNeverLost(t *testing.T) {
	l := testLists()
	o := testOpportunity(t, StatusLost)
	if err := o.Reopen(l, testToday); err != nil {
		t.Fatal(err)
	}
	// the loss details sent again are refused, not dropped unsaid
	err := o.Close(l, CloseInput{Outcome: StatusVanished, ClosedOn: testToday, VanishReason: "No budget", LossReason: "Price", Competitor: "Acme"}, testToday)
	if ErrorField(err) != "loss_reason" {
		t.Fatalf("vanished with loss details: %v", err)
	}
	o = testOpportunity(t, StatusLost)
	if err := o.Reopen(l, testToday); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(l, CloseInput{Outcome: StatusVanished, ClosedOn: testToday, VanishReason: "No budget"}, testToday); err != nil {
		t.Fatal(err)
	}
	if o.LossReasonID != 0 || o.CompetitorID != 0 || o.VanishReasonID != 20 {
		t.Fatalf("vanished keeps loss details: %+v", o)
	}
}

func TestChanges(t *testing.T) {
	before := testOpportunity(t, StatusOpen)
	after := before
	if evs := Changes(&before, &after); len(evs) != 0 {
		t.Fatalf("no change, events %+v", evs)
	}
	after.Status, after.StageID, after.OwnerID, after.Amount, after.Title = StatusWon, 2, 9, 0, "other"
	evs := Changes(&before, &after)
	want := []Event{
		{OpportunityID: 7, Kind: EventStatus, From: "open", To: "won"},
		{OpportunityID: 7, Kind: EventStage, From: "1", To: "2"},
		{OpportunityID: 7, Kind: EventOwner, From: "1", To: "9"},
		{OpportunityID: 7, Kind: EventAmount, From: "1000", To: "0"},
	}
	if len(evs) != len(want) {
		t.Fatalf("events %+v", evs)
	}
	for i := range want {
		if evs[i] != want[i] {
			t.Errorf("event %d: got %+v, want %+v", i, evs[i], want[i])
		}
	}
	after.StageID = 0
	if evs := Changes(&before, &after); evs[1].To != "" {
		t.Errorf("no stage is written empty: %+v", evs[1])
	}
}

// TestPriceNoteOnlyWhenMoved: a loss recorded before its reason was marked
// as about price keeps no note, and a change that moves neither the loss
// reason nor the note goes through (the reason sent back as it is too);
// choosing a price reason, or clearing the note of a price loss, still
// needs one.
func TestPriceNoteOnlyWhenMoved(t *testing.T) {
	l := testLists()
	o := testOpportunity(t, StatusLost) // lost on "Lead time", no note
	flagged := &Lists{}
	for _, k := range ListKinds {
		for _, it := range l.Of(k) {
			it.Price = it.Price || it.Name == "Lead time"
			flagged.Add(it)
		}
	}
	for _, c := range []struct {
		name  string
		upd   OpportunityUpdate
		field string
	}{
		{"a title", OpportunityUpdate{Title: ptr("Kitchen and doors")}, ""},
		{"an owner and an amount", OpportunityUpdate{Owner: ptr(int64(2)), Amount: ptr(Money(900))}, ""},
		{"the reason sent back as it is", OpportunityUpdate{LossReason: ptr("11"), Note: ptr("")}, ""},
		{"another price reason", OpportunityUpdate{LossReason: ptr("Price")}, "note"},
		{"a note", OpportunityUpdate{Note: ptr("Acme 8% cheaper")}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := o
			if err := o.Apply(flagged, c.upd, testToday); ErrorField(err) != c.field || (c.field == "") != (err == nil) {
				t.Errorf("got %v, want field %q", err, c.field)
			}
		})
	}
	priced := o
	if err := priced.Apply(flagged, OpportunityUpdate{Note: ptr("Acme 8% cheaper")}, testToday); err != nil {
		t.Fatal(err)
	}
	if err := priced.Apply(flagged, OpportunityUpdate{Note: ptr("  ")}, testToday); ErrorField(err) != "note" {
		t.Errorf("a price loss's note cleared: %v", err)
	}
	if err := o.Reopen(flagged, testToday); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(flagged, CloseInput{Outcome: StatusLost, ClosedOn: testToday, LossReason: "Lead time", Competitor: "Acme"}, testToday); ErrorField(err) != "note" {
		t.Errorf("closed anew on a price reason without a note: %v", err)
	}
}
