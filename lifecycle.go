package closer

import "strings"

// The lifecycle transitions of SPEC section 1. Each changes an opportunity in
// memory and checks the result with Validate; the store loads, calls one of
// them, records the events that Changes derives, and saves with the version
// check. Every entry point (UI, API, import, CLI) goes through them.

// MoveStage puts an open opportunity at another stage of the pipeline.
func (o *Opportunity) MoveStage(l *Lists, stageRef string, today Date) error {
	if o.Status != StatusOpen {
		return FieldError("stage", "Only an open opportunity moves along the stages (this one is %s).", o.Status)
	}
	st, err := l.Resolve(ListStages, stageRef, true)
	if err != nil {
		return err
	} else if st.ID == 0 {
		return FieldError("stage", "Choose a stage.")
	}
	o.StageID = st.ID
	o.FurthestStageID = furthest(l, o.FurthestStageID, st.ID)
	return o.Validate(l, today)
}

// HoldInput is what putting an opportunity on hold needs.
type HoldInput struct {
	HoldReason string `json:"hold_reason"`
	ReviewOn   Date   `json:"review_on"`
}

// Hold parks an open opportunity: the customer postponed. It keeps its stage.
func (o *Opportunity) Hold(l *Lists, in HoldInput, today Date) error {
	if o.Status != StatusOpen {
		return FieldError("status", "Only an open opportunity can be put on hold (this one is %s).", o.Status)
	}
	if err := checkReview(in.ReviewOn, today); err != nil {
		return err
	}
	o.Status = StatusOnHold
	o.HoldReason = strings.TrimSpace(in.HoldReason)
	o.ReviewOn = in.ReviewOn
	o.HeldOn = today
	return o.Validate(l, today)
}

// Resume puts an on-hold opportunity back to open, at its stage.
func (o *Opportunity) Resume(l *Lists, today Date) error {
	if o.Status != StatusOnHold {
		return FieldError("status", "Only an opportunity on hold can be resumed (this one is %s).", o.Status)
	}
	o.Status = StatusOpen
	if o.StageID == 0 {
		st, _ := l.FirstStage()
		o.StageID = st.ID
	}
	o.clearUnused()
	return o.Validate(l, today)
}

// CloseInput is what closing an opportunity takes; which fields are needed
// depends on the outcome. List entries are given by id or by name.
type CloseInput struct {
	Outcome      Status `json:"outcome"`
	ClosedOn     Date   `json:"closed_on"`
	Amount       *Money `json:"amount"`
	LossReason   string `json:"loss_reason"`
	Competitor   string `json:"competitor"`
	VanishReason string `json:"vanish_reason"`
	Note         string `json:"note"`
}

// Close ends an open or on-hold opportunity as won, lost or vanished. A
// reason or competitor that the outcome does not use is refused, naming it.
func (o *Opportunity) Close(l *Lists, in CloseInput, today Date) error {
	switch o.Status {
	case StatusOpen, StatusOnHold:
	case StatusWon, StatusLost, StatusVanished:
		return FieldError("status", "This opportunity is already closed (%s): reopen it first.", o.Status)
	}
	if !in.Outcome.IsClosureOutcome() {
		return FieldError("outcome", "The outcome must be won, lost or vanished.")
	}
	// what another outcome needs is refused, as creation and PATCH refuse
	// a field the status does not use: a competitor sent with "won" is a
	// client's mistake, never a detail to drop unsaid
	for _, c := range []struct {
		field string
		set   bool
	}{
		{"loss_reason", strings.TrimSpace(in.LossReason) != ""}, {"competitor", strings.TrimSpace(in.Competitor) != ""},
		{"vanish_reason", strings.TrimSpace(in.VanishReason) != ""},
	} {
		if err := checkStatusField(c.field, c.set, in.Outcome); err != nil {
			return err
		}
	}
	if in.ClosedOn.IsZero() {
		return FieldError("closed_on", "The close date is required.")
	}
	o.Status = in.Outcome
	o.ClosedOn = in.ClosedOn
	if strings.TrimSpace(in.Note) != "" {
		o.Note = NormalizeNote(in.Note)
	}
	switch in.Outcome {
	case StatusWon:
		if in.Amount == nil {
			return FieldError("amount", "The won amount is required.")
		}
		o.Amount = *in.Amount
	case StatusLost:
		r, err := l.Resolve(ListLossReasons, in.LossReason, true)
		if err != nil {
			return err
		}
		o.LossReasonID = r.ID
		if err := o.setCompetitor(l, in.Competitor); err != nil {
			return err
		}
		if in.Amount != nil {
			o.Amount = *in.Amount
		}
	case StatusVanished:
		r, err := l.Resolve(ListVanishReasons, in.VanishReason, true)
		if err != nil {
			return err
		}
		o.VanishReasonID = r.ID
		if in.Amount != nil {
			o.Amount = *in.Amount
		}
	case StatusOpen, StatusOnHold:
	}
	o.clearUnused()
	return o.Validate(l, today)
}

// setCompetitor sets who won a lost opportunity: an entry of the list, or
// "unknown"; an empty ref leaves it unsaid (Validate then refuses it). A
// retired competitor is refused, unless it is the one the opportunity
// already names (Apply sends it back as it is).
func (o *Opportunity) setCompetitor(l *Lists, ref string) error {
	kept := o.CompetitorID
	o.CompetitorID, o.CompetitorUnknown = 0, false
	if SameName(ref, CompetitorUnknown) {
		o.CompetitorUnknown = true
		return nil
	}
	c, err := l.resolveKept(ListCompetitors, ref, kept)
	o.CompetitorID = c.ID
	return err
}

// resolveKept resolves an entry that a change names: one still in use (a
// new choice, as Resolve with active), or the one the record already holds
// (current), retired since: records keep theirs, and a form or a client
// sends it back as it is.
func (l *Lists) resolveKept(k ListKind, ref string, current int64) (ListItem, error) {
	it, err := l.Resolve(k, ref, false)
	if err != nil || it.ID == 0 || it.ID == current || !it.Retired {
		return it, err
	}
	return l.Resolve(k, ref, true) // a retired one, newly chosen: refused
}

// IsClosureOutcome reports whether s is an outcome Close accepts.
func (s Status) IsClosureOutcome() bool {
	return s == StatusWon || s == StatusLost || s == StatusVanished
}

// Reopen puts a closed opportunity back to open at its stage (the first one
// if it never had one). The closure stays in the events; statistics count
// only its latest closure.
func (o *Opportunity) Reopen(l *Lists, today Date) error {
	if !o.Status.IsClosure() {
		return FieldError("status", "Only a closed opportunity can be reopened (this one is %s).", o.Status)
	}
	o.Status = StatusOpen
	if _, ok := l.Get(ListStages, o.StageID); !ok {
		st, ok := l.FirstStage()
		if !ok {
			return FieldError("stage", "The org has no stage to reopen at.")
		}
		o.StageID = st.ID
	}
	o.clearUnused()
	return o.Validate(l, today)
}

// OpportunityUpdate holds the fields a PATCH or a form changes; nil means
// "unchanged". Status changes go through Hold, Resume, Close and Reopen.
type OpportunityUpdate struct {
	Title           *string
	Owner           *int64
	Account         *int64
	Contact         *int64
	Source          *string
	Stage           *string
	Amount          *Money
	AmountNull      bool // the amount was cleared (null): a won opportunity refuses it
	DetectedOn      *Date
	ExpectedCloseOn *Date
	NextActionOn    *Date
	NextAction      *string
	HoldReason      *string
	ReviewOn        *Date
	ClosedOn        *Date
	LossReason      *string
	Competitor      *string
	VanishReason    *string
	Note            *string
}

// Apply changes the fields of upd and validates the result. Closure details
// (reason, competitor, close date) can be corrected on a closed opportunity.
// A loss on price needs its note when the change moves the loss reason or
// the note, not otherwise (validate).
func (o *Opportunity) Apply(l *Lists, upd OpportunityUpdate, today Date) error {
	reason, note := o.LossReasonID, NormalizeNote(o.Note)
	if upd.Title != nil {
		o.Title = NormalizeName(*upd.Title)
	}
	if upd.Owner != nil {
		o.OwnerID = *upd.Owner
	}
	if upd.Account != nil {
		o.AccountID = *upd.Account
	}
	if upd.Contact != nil {
		o.ContactID = *upd.Contact
	}
	if upd.Source != nil {
		s, err := l.resolveKept(ListSources, *upd.Source, o.SourceID)
		if err != nil {
			return err
		}
		o.SourceID = s.ID
	}
	if upd.Stage != nil {
		if st, _ := l.Resolve(ListStages, *upd.Stage, false); st.ID != o.StageID {
			if err := o.MoveStage(l, *upd.Stage, today); err != nil {
				return err
			}
		}
	}
	if upd.Amount != nil {
		if upd.AmountNull && o.Status == StatusWon {
			return FieldError("amount", "The won amount is required.")
		}
		o.Amount = *upd.Amount
	}
	setDate := func(dst *Date, src *Date) {
		if src != nil {
			*dst = *src
		}
	}
	setDate(&o.DetectedOn, upd.DetectedOn)
	setDate(&o.ExpectedCloseOn, upd.ExpectedCloseOn)
	setDate(&o.NextActionOn, upd.NextActionOn)
	if upd.NextAction != nil {
		o.NextAction = strings.TrimSpace(*upd.NextAction)
	}
	if err := o.applyStatusDetails(l, upd, today); err != nil {
		return err
	}
	if upd.Note != nil {
		o.Note = NormalizeNote(*upd.Note)
	}
	if upd.DetectedOn != nil {
		if err := o.checkDetectionMoved(upd, today); err != nil {
			return err
		}
	}
	return o.validate(l, today, o.LossReasonID != reason || NormalizeNote(o.Note) != note)
}

// checkDetectionMoved refuses a detection date that a change (upd) moved
// after the close date, after the day the opportunity was put on hold, or
// after its expected close date, naming detected_on: the field the change
// moved, where Validate names the date that stayed (closed_on, held_on,
// expected_close_on), a field that the request may not hold. When the
// change sets that other date too, or puts the detection in the future,
// Validate says what is wrong.
func (o *Opportunity) checkDetectionMoved(upd OpportunityUpdate, today Date) error {
	if o.DetectedOn.After(today) {
		return nil
	}
	if o.Status.IsClosure() && upd.ClosedOn == nil && !o.ClosedOn.IsZero() && o.ClosedOn.Before(o.DetectedOn) {
		return FieldError("detected_on", "The detection date %s is after the close date %s.", o.DetectedOn, o.ClosedOn)
	}
	if upd.ExpectedCloseOn == nil && !o.ExpectedCloseOn.IsZero() && o.ExpectedCloseOn.Before(o.DetectedOn) {
		return FieldError("detected_on", "The detection date %s is after the expected close date %s.", o.DetectedOn, o.ExpectedCloseOn)
	}
	if o.Status == StatusOnHold && !o.HeldOn.IsZero() && o.HeldOn.Before(o.DetectedOn) {
		return FieldError("detected_on", "The detection date %s is after the day %s it was put on hold.", o.DetectedOn, o.HeldOn)
	}
	return nil
}

// statusFields are the fields that belong to one status ("" for every
// closure): hold details, closure details.
var statusFields = []struct {
	field string
	st    Status
}{
	{"hold_reason", StatusOnHold}, {"review_on", StatusOnHold}, {"closed_on", ""},
	{"loss_reason", StatusLost}, {"competitor", StatusLost}, {"vanish_reason", StatusVanished},
}

// checkStatusField refuses a field given (set) that status st does not use.
func checkStatusField(field string, set bool, st Status) error {
	for _, f := range statusFields {
		if f.field != field || !set || st == f.st || (f.st == "" && st.IsClosure()) {
			continue
		}
		if st == StatusOpen || st == StatusOnHold {
			return FieldError(field, "This field does not apply to an %s opportunity.", st)
		}
		return FieldError(field, "This field does not apply to a %s opportunity.", st)
	}
	return nil
}

// CheckNew refuses what a new opportunity is given that its status does
// not use (PATCH refuses the same fields), a review date already past for
// one created on hold (as Hold does), and one created won without its won
// amount (amountGiven false: absent or null), as Close does; 0 is a won
// amount. The API's creation calls it; Prepare, which imports go through,
// clears those fields instead (and the import refuses a won row without
// its amount).
func (o *Opportunity) CheckNew(today Date, amountGiven bool) error {
	st := o.Status
	if st == "" {
		st = StatusOpen
	} else if _, err := ParseStatus(string(st)); err != nil {
		return err
	}
	for _, c := range []struct {
		field string
		set   bool
	}{
		{"hold_reason", strings.TrimSpace(o.HoldReason) != ""}, {"review_on", !o.ReviewOn.IsZero()},
		{"closed_on", !o.ClosedOn.IsZero()}, {"loss_reason", o.LossReasonID != 0},
		{"competitor", o.CompetitorID != 0 || o.CompetitorUnknown}, {"vanish_reason", o.VanishReasonID != 0},
	} {
		if err := checkStatusField(c.field, c.set, st); err != nil {
			return err
		}
	}
	switch st {
	case StatusOnHold:
		return checkReview(o.ReviewOn, today)
	case StatusWon:
		if !amountGiven {
			return FieldError("amount", "The won amount is required.")
		}
	case StatusOpen, StatusLost, StatusVanished:
	}
	return nil
}

// checkReview refuses a review date already past.
func checkReview(reviewOn, today Date) error {
	if reviewOn.Before(today) && !reviewOn.IsZero() {
		return FieldError("review_on", "The review date %s is already past.", reviewOn)
	}
	return nil
}

// applyStatusDetails changes the fields that belong to the current status
// (hold details, closure details), refusing those that belong to another,
// and a new review date already past (as Hold does: one rule).
func (o *Opportunity) applyStatusDetails(l *Lists, upd OpportunityUpdate, today Date) error {
	for _, c := range []struct {
		field string
		set   bool
	}{
		{"hold_reason", upd.HoldReason != nil}, {"review_on", upd.ReviewOn != nil},
		{"closed_on", upd.ClosedOn != nil}, {"loss_reason", upd.LossReason != nil},
		{"competitor", upd.Competitor != nil}, {"vanish_reason", upd.VanishReason != nil},
	} {
		if err := checkStatusField(c.field, c.set, o.Status); err != nil {
			return err
		}
	}
	if upd.HoldReason != nil {
		o.HoldReason = strings.TrimSpace(*upd.HoldReason)
	}
	if upd.ReviewOn != nil && *upd.ReviewOn != o.ReviewOn {
		// a review date that passed while on hold may be sent back as it is
		if err := checkReview(*upd.ReviewOn, today); err != nil {
			return err
		}
		o.ReviewOn = *upd.ReviewOn
	}
	if upd.ClosedOn != nil {
		o.ClosedOn = *upd.ClosedOn
	}
	if upd.LossReason != nil {
		r, err := l.resolveKept(ListLossReasons, *upd.LossReason, o.LossReasonID)
		if err != nil {
			return err
		}
		o.LossReasonID = r.ID
	}
	if upd.Competitor != nil {
		if err := o.setCompetitor(l, *upd.Competitor); err != nil {
			return err
		}
	}
	if upd.VanishReason != nil {
		r, err := l.resolveKept(ListVanishReasons, *upd.VanishReason, o.VanishReasonID)
		if err != nil {
			return err
		}
		o.VanishReasonID = r.ID
	}
	return nil
}
