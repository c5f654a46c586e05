package closer

import (
	"strings"
	"testing"
)

func TestStatuses(t *testing.T) {
	closures := 0
	for _, s := range Statuses {
		got, err := ParseStatus(string(s))
		if err != nil || got != s {
			t.Fatalf("ParseStatus(%q): %v", s, err)
		}
		if s.IsClosure() {
			closures++
		}
		if s.IsClosure() != s.IsClosureOutcome() {
			t.Errorf("%s: IsClosure and IsClosureOutcome disagree", s)
		}
	}
	if len(Statuses) != 5 || closures != 3 || StatusOnHold.IsClosure() {
		t.Fatalf("five statuses, three closures, on hold is not one: %v", Statuses)
	}
	for _, bad := range []string{"", "Open", "closed", "on hold", "won ", "lost\x00"} {
		if _, err := ParseStatus(bad); ErrorField(err) != "status" {
			t.Errorf("ParseStatus(%q): %v", bad, err)
		}
	}
}

func TestPrepare(t *testing.T) {
	l := testLists()
	o := Opportunity{Title: "  Stairs  "}
	o.Prepare(l, 5, testToday)
	if o.Title != "Stairs" || o.OwnerID != 5 || o.Status != StatusOpen || o.StageID != 1 || o.FurthestStageID != 1 || o.DetectedOn != testToday {
		t.Fatalf("defaults: %+v", o)
	}
	// A closed one imported with only its close date is detected that day.
	won := Opportunity{Title: "x", Status: StatusWon, ClosedOn: MustDate("2023-02-01"), HoldReason: "stale", LossReasonID: 10}
	won.Prepare(l, 5, testToday)
	if won.DetectedOn != MustDate("2023-02-01") || won.StageID != 0 || won.HoldReason != "" || won.LossReasonID != 0 {
		t.Fatalf("closed at creation: %+v", won)
	}
	held := Opportunity{Title: "x", Status: StatusOnHold, HoldReason: "tender", ReviewOn: tomorrow, ClosedOn: testToday}
	held.Prepare(l, 5, testToday)
	if held.HeldOn != testToday || !held.ClosedOn.IsZero() || held.Validate(l, testToday) != nil {
		t.Fatalf("on hold at creation: %+v", held)
	}
}

func TestValidate(t *testing.T) {
	l := testLists()
	valid := func() Opportunity { return testOpportunity(t, StatusOpen) }
	for _, c := range []struct {
		name  string
		edit  func(o *Opportunity)
		field string
	}{
		{"valid", func(o *Opportunity) {}, ""},
		{"no title", func(o *Opportunity) { o.Title = "" }, "title"},
		{"title of 200 runes", func(o *Opportunity) { o.Title = strings.Repeat("é", 200) }, ""},
		{"title of 201 runes", func(o *Opportunity) { o.Title = strings.Repeat("é", 201) }, "title"},
		{"invalid UTF-8 note", func(o *Opportunity) { o.Note = "\xc3\x28" }, "note"},
		{"huge next action", func(o *Opportunity) { o.NextAction = strings.Repeat("x", 501) }, "next_action"},
		{"no owner", func(o *Opportunity) { o.OwnerID = 0 }, "owner"},
		{"negative", func(o *Opportunity) { o.Amount = -1 }, "amount"},
		{"max amount", func(o *Opportunity) { o.Amount = MaxMoney }, ""},
		{"over max", func(o *Opportunity) { o.Amount = MaxMoney + 1 }, "amount"},
		{"no detection", func(o *Opportunity) { o.DetectedOn = Date{} }, "detected_on"},
		{"detected tomorrow", func(o *Opportunity) { o.DetectedOn = tomorrow }, "detected_on"},
		{"unknown stage", func(o *Opportunity) { o.StageID = 99 }, "stage"},
		{"stage of another list", func(o *Opportunity) { o.StageID = 10 }, "stage"},
		{"open without stage", func(o *Opportunity) { o.StageID = 0 }, "stage"},
		{"unknown source", func(o *Opportunity) { o.SourceID = 1 }, "source"},
		{"won without close date", func(o *Opportunity) { o.Status = StatusWon }, "closed_on"},
		{"lost to an unknown competitor id", func(o *Opportunity) {
			o.Status, o.ClosedOn, o.LossReasonID, o.CompetitorID = StatusLost, testToday, 11, 99
		}, "competitor"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := valid()
			c.edit(&o)
			err := o.Validate(l, testToday)
			if c.field == "" && err != nil || c.field != "" && (ErrorCode(err) != EINVALID || ErrorField(err) != c.field) {
				t.Fatalf("got %v, want field %q", err, c.field)
			}
		})
	}
}

// TestHeldOnBounds: the day an opportunity was put on hold (an import may
// give it) is neither in the future nor before its detection.
func TestHeldOnBounds(t *testing.T) {
	l := testLists()
	today := MustDate("2024-06-10")
	for held, field := range map[string]string{"2024-06-11": "held_on", "2024-01-01": "held_on", "2024-03-01": "", "": ""} {
		o := Opportunity{Title: "T", OwnerID: 1, Status: StatusOnHold, HoldReason: "tender", ReviewOn: MustDate("2024-07-01"),
			DetectedOn: MustDate("2024-02-01"), StageID: 1}
		if held != "" {
			o.HeldOn = MustDate(held)
		}
		if err := o.Validate(l, today); ErrorField(err) != field {
			t.Errorf("held on %q: %v, want an error on %q", held, err, field)
		}
	}
}

// TestExpectedCloseAfterDetection refuses an expected close date before
// the detection date, naming expected_close_on, at creation and when it is
// changed; a change that moves the detection after it names detected_on,
// the field that moved, as for the close date.
func TestExpectedCloseAfterDetection(t *testing.T) {
	l := testLists()
	for _, c := range []struct {
		detected, expected string
		field              string
	}{
		{"2024-06-01", "2024-05-31", "expected_close_on"},
		{"", "1900-01-01", "expected_close_on"}, // detected today, by default
		{"", "2024-06-14", "expected_close_on"},
		{"2024-06-01", "2024-06-01", ""},
		{"2024-06-01", "2024-05-01", "expected_close_on"},
		{"", "2024-06-15", ""},
		{"", "2030-01-01", ""},
	} {
		o := Opportunity{Title: "T", ExpectedCloseOn: MustDate(c.expected)}
		if c.detected != "" {
			o.DetectedOn = MustDate(c.detected)
		}
		o.Prepare(l, 1, testToday)
		err := o.Validate(l, testToday)
		if ErrorField(err) != c.field {
			t.Errorf("detected %q, expected %s: %v, want an error on %q", c.detected, c.expected, err, c.field)
		} else if err != nil && !strings.Contains(ErrorMessage(err), "The expected close date "+c.expected+" is before the detection date") {
			t.Errorf("detected %q, expected %s: %q", c.detected, c.expected, ErrorMessage(err))
		}
	}

	for _, c := range []struct {
		name  string
		upd   OpportunityUpdate
		field string
		says  string
	}{
		{"expected close moved before the detection", OpportunityUpdate{ExpectedCloseOn: ptr(MustDate("2024-05-20"))},
			"expected_close_on", "The expected close date 2024-05-20 is before the detection date 2024-06-01."},
		{"detection moved after the expected close", OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-12"))},
			"detected_on", "The detection date 2024-06-12 is after the expected close date 2024-06-10."},
		{"both moved, in contradiction", OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-12")), ExpectedCloseOn: ptr(MustDate("2024-06-11"))},
			"expected_close_on", "The expected close date 2024-06-11 is before the detection date 2024-06-12."},
		{"both moved, in order", OpportunityUpdate{DetectedOn: ptr(MustDate("2024-06-12")), ExpectedCloseOn: ptr(MustDate("2024-06-30"))}, "", ""},
		{"detection moved earlier", OpportunityUpdate{DetectedOn: ptr(MustDate("2024-05-01"))}, "", ""},
		{"expected close cleared", OpportunityUpdate{ExpectedCloseOn: &Date{}, DetectedOn: ptr(MustDate("2024-06-14"))}, "", ""},
	} {
		o := testOpportunity(t, StatusOpen)
		o.ExpectedCloseOn = MustDate("2024-06-10")
		err := o.Apply(l, c.upd, testToday)
		if ErrorField(err) != c.field || c.says != "" && ErrorMessage(err) != c.says {
			t.Errorf("%s: %v, want %q on %q", c.name, err, c.says, c.field)
		}
	}
}
