package closer

import (
	"strings"
	"time"
)

// Status is where an opportunity stands. There are exactly five; every switch
// over Status handles all of them, and Statuses lists them for tests and
// reports so that none can silently drop out of a count.
type Status string

// The five statuses (SPEC section 1).
const (
	StatusOpen     Status = "open"     // being worked, at one of the org's stages
	StatusOnHold   Status = "on_hold"  // parked by the customer: not a closure, kept out of the ratios
	StatusWon      Status = "won"      // the customer ordered from us
	StatusLost     Status = "lost"     // somebody else got the order
	StatusVanished Status = "vanished" // nobody got it: the customer did nothing
)

// Statuses lists the five statuses in lifecycle order.
var Statuses = []Status{StatusOpen, StatusOnHold, StatusWon, StatusLost, StatusVanished}

// ParseStatus checks that s names a status.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", FieldError("status", "Status must be open, on_hold, won, lost or vanished, not %q.", s)
}

// IsClosure reports whether the status ends the opportunity (won, lost or
// vanished). On hold is not a closure.
func (s Status) IsClosure() bool {
	switch s {
	case StatusWon, StatusLost, StatusVanished:
		return true
	case StatusOpen, StatusOnHold:
		return false
	}
	panic("closer: unknown status " + string(s))
}

// Opportunity is a possible future order worth following, from its detection
// to its closure. Identifiers of 0 mean "none". The *Name fields are filled by
// reads for display and ignored by writes.
type Opportunity struct {
	ID                int64
	OrgID             int64
	Title             string
	OwnerID           int64
	AccountID         int64 // may stay empty while the opportunity is young; the UI flags it
	ContactID         int64
	SourceID          int64
	StageID           int64 // kept while on hold and after closure
	FurthestStageID   int64 // the furthest stage it reached, for the funnel
	Status            Status
	Amount            Money // expected amount; the won amount once won
	DetectedOn        Date
	ExpectedCloseOn   Date
	NextActionOn      Date
	NextAction        string
	HoldReason        string
	HeldOn            Date // when it was put on hold: the relaunch queue's order
	ReviewOn          Date
	ClosedOn          Date
	LossReasonID      int64
	CompetitorID      int64
	CompetitorUnknown bool // lost, and nobody knows to whom
	VanishReasonID    int64
	Note              string
	Version           int
	Created           time.Time
	Updated           time.Time

	OwnerName   string
	AccountName string
	ContactName string
}

// Limits on text fields, checked by Validate.
const (
	maxTitle = 200
	maxText  = 500
	maxNote  = 10000
)

// Prepare fills the defaults of a new opportunity (owner: the creator; stage:
// the first one for an open or on-hold one; status: open; detection: today,
// or the close date when that is earlier, else the close would come before
// the detection) and clears what its status does not use. A closed one keeps
// no stage when it is given none: an import's mapping may say "none"; one
// created one by one gets the first stage (DefaultStage).
func (o *Opportunity) Prepare(l *Lists, creatorID int64, today Date) {
	o.Title = NormalizeName(o.Title)
	if o.OwnerID == 0 {
		o.OwnerID = creatorID
	}
	if o.Status == "" {
		o.Status = StatusOpen
	}
	if _, err := ParseStatus(string(o.Status)); err != nil {
		return // Validate names the unknown status
	}
	if o.StageID == 0 && !o.Status.IsClosure() {
		if st, ok := l.FirstStage(); ok {
			o.StageID = st.ID
		}
	}
	if o.DetectedOn.IsZero() {
		o.DetectedOn = today
		if !o.ClosedOn.IsZero() && o.ClosedOn.Before(today) {
			o.DetectedOn = o.ClosedOn
		}
	}
	if o.Status == StatusOnHold && o.HeldOn.IsZero() {
		o.HeldOn = today
	}
	o.FurthestStageID = furthest(l, o.FurthestStageID, o.StageID)
	o.clearUnused()
}

// DefaultStage gives an opportunity created without a stage the org's first
// stage, whatever its status (SPEC 4): one created closed then counts in the
// funnel as stopped at the first stage, not in no stage. Creation one by one
// (API, web form) calls it before Prepare; imports, whose mapping may map a
// closed row's stage to none, do not.
func (o *Opportunity) DefaultStage(l *Lists) {
	if o.StageID == 0 {
		if st, ok := l.FirstStage(); ok {
			o.StageID = st.ID
		}
	}
}

// clearUnused drops the fields that the status does not use, so that an
// import default or a stale form value never lingers on the wrong status.
func (o *Opportunity) clearUnused() {
	if o.Status != StatusOnHold {
		o.HoldReason, o.HeldOn, o.ReviewOn = "", Date{}, Date{}
	}
	if !o.Status.IsClosure() {
		o.ClosedOn = Date{}
	}
	if o.Status != StatusLost {
		o.LossReasonID, o.CompetitorID, o.CompetitorUnknown = 0, 0, false
	}
	if o.Status != StatusVanished {
		o.VanishReasonID = 0
	}
}

// furthest returns whichever of two stages comes later in the pipeline.
func furthest(l *Lists, a, b int64) int64 {
	sa, oka := l.Get(ListStages, a)
	sb, okb := l.Get(ListStages, b)
	switch {
	case !okb:
		return a
	case !oka || sb.Position > sa.Position:
		return b
	}
	return a
}

// Validate checks every rule an opportunity must satisfy in its status
// (SPEC section 1), naming the offending field.
func (o *Opportunity) Validate(l *Lists, today Date) error {
	return o.validate(l, today, true)
}

// validate is Validate; priceNote false leaves out the note that a loss
// on price needs, for a change that moves neither the loss reason nor the
// note (Apply): a loss recorded before its reason was marked as about
// price in the settings keeps no note, and its title or owner still
// changes, as a record keeps a retired entry.
func (o *Opportunity) validate(l *Lists, today Date, priceNote bool) error {
	if _, err := ParseStatus(string(o.Status)); err != nil {
		return err
	}
	if o.Title == "" {
		return FieldError("title", "The title is required.")
	}
	if err := CheckLine("title", o.Title, maxTitle); err != nil {
		return err
	}
	o.Note = NormalizeNote(o.Note)
	for _, c := range []struct {
		field, s string
		max      int
	}{{"next_action", o.NextAction, maxText}, {"hold_reason", o.HoldReason, maxText}, {"note", o.Note, maxNote}} {
		if err := CheckText(c.field, c.s, c.max); err != nil {
			return err
		}
	}
	if o.OwnerID == 0 {
		return FieldError("owner", "The owner is required.")
	}
	if o.Amount < 0 {
		return FieldError("amount", "The amount cannot be negative.")
	} else if o.Amount > MaxMoney {
		return FieldError("amount", "The amount is too large.")
	}
	if o.DetectedOn.IsZero() {
		return FieldError("detected_on", "The detection date is required.")
	} else if o.DetectedOn.After(today) {
		return FieldError("detected_on", "The detection date %s is in the future.", o.DetectedOn)
	}
	if !o.ExpectedCloseOn.IsZero() && o.ExpectedCloseOn.Before(o.DetectedOn) {
		// expected to close before anyone knew of it: a typo, or a date
		// the detection (today when not given) contradicts
		return FieldError("expected_close_on", "The expected close date %s is before the detection date %s.", o.ExpectedCloseOn, o.DetectedOn)
	}
	if o.StageID != 0 {
		if _, ok := l.Get(ListStages, o.StageID); !ok {
			return FieldError("stage", "Unknown stage.")
		}
	}
	if o.SourceID != 0 {
		if _, ok := l.Get(ListSources, o.SourceID); !ok {
			return FieldError("source", "Unknown source.")
		}
	}
	if o.Status.IsClosure() {
		if o.ClosedOn.IsZero() {
			return FieldError("closed_on", "The close date is required.")
		} else if o.ClosedOn.After(today) {
			return FieldError("closed_on", "The close date %s is in the future.", o.ClosedOn)
		} else if o.ClosedOn.Before(o.DetectedOn) {
			return FieldError("closed_on", "The close date %s is before the detection date %s.", o.ClosedOn, o.DetectedOn)
		}
	}
	switch o.Status {
	case StatusOpen:
		if o.StageID == 0 {
			return FieldError("stage", "An open opportunity sits at one of the org's stages.")
		}
	case StatusOnHold:
		if strings.TrimSpace(o.HoldReason) == "" {
			return FieldError("hold_reason", "Say why the customer postponed (tender, permit, call back later…).")
		} else if o.ReviewOn.IsZero() {
			return FieldError("review_on", "A review date is required, so that someone relaunches it.")
		} else if o.HeldOn.After(today) {
			return FieldError("held_on", "The hold date %s is in the future.", o.HeldOn)
		} else if !o.HeldOn.IsZero() && o.HeldOn.Before(o.DetectedOn) {
			return FieldError("held_on", "The hold date %s is before the detection date %s.", o.HeldOn, o.DetectedOn)
		}
	case StatusWon:
		// the close date and the won amount are all a win needs
	case StatusLost:
		reason, ok := l.Get(ListLossReasons, o.LossReasonID)
		if !ok {
			return FieldError("loss_reason", "Say why the order went elsewhere: choose a loss reason.")
		}
		if o.CompetitorID == 0 && !o.CompetitorUnknown {
			return FieldError("competitor", "Say who won: a competitor of the list, or \"unknown\".")
		} else if o.CompetitorID != 0 {
			if _, ok := l.Get(ListCompetitors, o.CompetitorID); !ok {
				return FieldError("competitor", "Unknown competitor.")
			}
		}
		if reason.Price && priceNote && strings.TrimSpace(o.Note) == "" {
			return FieldError("note", "\"Price\" is the easy answer: say what was compared, by how much, against what.")
		}
	case StatusVanished:
		if _, ok := l.Get(ListVanishReasons, o.VanishReasonID); !ok {
			return FieldError("vanish_reason", "Say why nobody got the order: choose a vanish reason.")
		}
	default:
		return FieldError("status", "Unknown status %q.", o.Status)
	}
	return nil
}
