package web

import (
	"context"
	"strconv"
	"time"

	"closer"
)

// opportunityJSON is an opportunity as the API shows it, with SPEC's field
// names. References are ids or null; the *_name fields and the dates of
// hold, creation and update are read-only helpers.
type opportunityJSON struct {
	ID               int64          `json:"id"`
	Title            string         `json:"title"`
	Owner            nullableID     `json:"owner"`
	OwnerName        string         `json:"owner_name"`
	Account          nullableID     `json:"account"`
	AccountName      string         `json:"account_name"`
	Contact          nullableID     `json:"contact"`
	ContactName      string         `json:"contact_name"`
	Source           nullableID     `json:"source"`
	SourceName       string         `json:"source_name"`
	Stage            nullableID     `json:"stage"`
	StageName        string         `json:"stage_name"`
	Status           closer.Status  `json:"status"`
	Amount           closer.Money   `json:"amount"`
	DetectedOn       closer.Date    `json:"detected_on"`
	ExpectedCloseOn  closer.Date    `json:"expected_close_on"`
	NextActionOn     closer.Date    `json:"next_action_on"`
	NextAction       string         `json:"next_action"`
	HoldReason       string         `json:"hold_reason"`
	HeldOn           closer.Date    `json:"held_on"`
	ReviewOn         closer.Date    `json:"review_on"`
	ClosedOn         closer.Date    `json:"closed_on"`
	LossReason       nullableID     `json:"loss_reason"`
	LossReasonName   string         `json:"loss_reason_name"`
	Competitor       competitorJSON `json:"competitor"`
	CompetitorName   string         `json:"competitor_name"`
	VanishReason     nullableID     `json:"vanish_reason"`
	VanishReasonName string         `json:"vanish_reason_name"`
	Note             string         `json:"note"`
	Version          int            `json:"version"`
	Created          time.Time      `json:"created_at"`
	Updated          time.Time      `json:"updated_at"`
}

// competitorJSON is who won a lost opportunity: an id, "unknown", or null.
type competitorJSON struct {
	ID      int64
	Unknown bool
}

// MarshalJSON writes the id, "unknown" or null.
func (c competitorJSON) MarshalJSON() ([]byte, error) {
	switch {
	case c.ID != 0:
		return strconv.AppendInt(nil, c.ID, 10), nil
	case c.Unknown:
		return []byte(`"` + closer.CompetitorUnknown + `"`), nil
	}
	return []byte("null"), nil
}

// newOpportunityJSON shows o, naming its list entries from l.
func newOpportunityJSON(o *closer.Opportunity, l *closer.Lists) opportunityJSON {
	competitorName := l.Name(closer.ListCompetitors, o.CompetitorID)
	if o.CompetitorUnknown {
		competitorName = closer.CompetitorUnknown
	}
	return opportunityJSON{
		ID: o.ID, Title: o.Title,
		Owner: nullableID(o.OwnerID), OwnerName: o.OwnerName,
		Account: nullableID(o.AccountID), AccountName: o.AccountName,
		Contact: nullableID(o.ContactID), ContactName: o.ContactName,
		Source: nullableID(o.SourceID), SourceName: l.Name(closer.ListSources, o.SourceID),
		Stage: nullableID(o.StageID), StageName: l.Name(closer.ListStages, o.StageID),
		Status: o.Status, Amount: o.Amount,
		DetectedOn: o.DetectedOn, ExpectedCloseOn: o.ExpectedCloseOn,
		NextActionOn: o.NextActionOn, NextAction: o.NextAction,
		HoldReason: o.HoldReason, HeldOn: o.HeldOn, ReviewOn: o.ReviewOn, ClosedOn: o.ClosedOn,
		LossReason: nullableID(o.LossReasonID), LossReasonName: l.Name(closer.ListLossReasons, o.LossReasonID),
		Competitor: competitorJSON{o.CompetitorID, o.CompetitorUnknown}, CompetitorName: competitorName,
		VanishReason: nullableID(o.VanishReasonID), VanishReasonName: l.Name(closer.ListVanishReasons, o.VanishReasonID),
		Note: o.Note, Version: o.Version, Created: o.Created, Updated: o.Updated,
	}
}

// opportunityInput is the body of POST and PATCH on opportunities: absent
// fields stay as they are, null clears. List entries are given by id or
// name, the owner by id or e-mail, the account by id or name (accountID).
type opportunityInput struct {
	Title           nullable[string]        `json:"title"`
	Owner           nullable[ref]           `json:"owner"`
	Account         nullable[ref]           `json:"account"`
	Contact         nullable[ref]           `json:"contact"`
	Source          nullable[ref]           `json:"source"`
	Stage           nullable[ref]           `json:"stage"`
	Status          optional[closer.Status] `json:"status"`
	Amount          nullable[closer.Money]  `json:"amount"`
	DetectedOn      nullable[closer.Date]   `json:"detected_on"`
	ExpectedCloseOn nullable[closer.Date]   `json:"expected_close_on"`
	NextActionOn    nullable[closer.Date]   `json:"next_action_on"`
	NextAction      nullable[string]        `json:"next_action"`
	HoldReason      nullable[string]        `json:"hold_reason"`
	ReviewOn        nullable[closer.Date]   `json:"review_on"`
	ClosedOn        nullable[closer.Date]   `json:"closed_on"`
	LossReason      nullable[ref]           `json:"loss_reason"`
	Competitor      nullable[ref]           `json:"competitor"`
	VanishReason    nullable[ref]           `json:"vanish_reason"`
	Note            nullable[string]        `json:"note"`
	Version         optional[int]           `json:"version"`
}

// newOpportunity builds the opportunity a POST describes. The store fills
// the defaults (owner, stage, status, detection date) and validates it.
func (s *Server) newOpportunity(ctx context.Context, in opportunityInput, l *closer.Lists) (*closer.Opportunity, error) {
	o := &closer.Opportunity{
		Title: in.Title.Value, Amount: in.Amount.Value,
		DetectedOn: in.DetectedOn.Value, ExpectedCloseOn: in.ExpectedCloseOn.Value,
		NextActionOn: in.NextActionOn.Value, NextAction: in.NextAction.Value,
		HoldReason: in.HoldReason.Value, ReviewOn: in.ReviewOn.Value, ClosedOn: in.ClosedOn.Value,
		Note: in.Note.Value,
	}
	var err error
	if in.Status.Set && in.Status.Value != "" {
		if o.Status, err = closer.ParseStatus(string(in.Status.Value)); err != nil {
			return nil, err
		}
	}
	if o.OwnerID, err = s.userID(ctx, in.Owner.Value, "owner"); err != nil {
		return nil, err
	}
	if o.AccountID, err = s.accountID(ctx, in.Account.Value); err != nil {
		return nil, err
	}
	if o.ContactID, err = recordID(in.Contact.Value, "contact"); err != nil {
		return nil, err
	}
	for _, e := range []struct {
		kind closer.ListKind
		r    ref
		dst  *int64
	}{
		{closer.ListSources, in.Source.Value, &o.SourceID},
		{closer.ListStages, in.Stage.Value, &o.StageID},
		{closer.ListLossReasons, in.LossReason.Value, &o.LossReasonID},
		{closer.ListVanishReasons, in.VanishReason.Value, &o.VanishReasonID},
	} {
		it, err := l.Resolve(e.kind, string(e.r), true)
		if err != nil {
			return nil, err
		}
		*e.dst = it.ID
	}
	if closer.SameName(string(in.Competitor.Value), closer.CompetitorUnknown) {
		o.CompetitorUnknown = true
	} else {
		it, err := l.Resolve(closer.ListCompetitors, string(in.Competitor.Value), true)
		if err != nil {
			return nil, err
		}
		o.CompetitorID = it.ID
	}
	return o, nil
}

// update turns a PATCH body into the domain's update; the store resolves
// list entries and checks the result. Status changes go through the
// lifecycle actions, never through PATCH.
func (s *Server) update(ctx context.Context, in opportunityInput) (closer.OpportunityUpdate, error) {
	var upd closer.OpportunityUpdate
	if in.Status.Set {
		return upd, closer.FieldError("status", "The status changes through the actions: POST .../hold, /resume, /close or /reopen.")
	}
	if in.Owner.Set {
		id, err := s.userID(ctx, in.Owner.Value, "owner")
		if err != nil {
			return upd, err
		}
		upd.Owner = &id
	}
	if in.Account.Set {
		id, err := s.accountID(ctx, in.Account.Value)
		if err != nil {
			return upd, err
		}
		upd.Account = &id
	}
	if in.Contact.Set {
		id, err := recordID(in.Contact.Value, "contact")
		if err != nil {
			return upd, err
		}
		upd.Contact = &id
	}
	upd.Title = in.Title.ptr()
	upd.Source = refPtr(in.Source)
	upd.Stage = refPtr(in.Stage)
	upd.Amount = in.Amount.ptr()
	upd.AmountNull = in.Amount.Null
	upd.DetectedOn = in.DetectedOn.ptr()
	upd.ExpectedCloseOn = in.ExpectedCloseOn.ptr()
	upd.NextActionOn = in.NextActionOn.ptr()
	upd.NextAction = in.NextAction.ptr()
	upd.HoldReason = in.HoldReason.ptr()
	upd.ReviewOn = in.ReviewOn.ptr()
	upd.ClosedOn = in.ClosedOn.ptr()
	upd.LossReason = refPtr(in.LossReason)
	upd.Competitor = refPtr(in.Competitor)
	upd.VanishReason = refPtr(in.VanishReason)
	upd.Note = in.Note.ptr()
	return upd, nil
}

// refPtr returns the reference as a string pointer when present.
func refPtr(o nullable[ref]) *string {
	if !o.Set {
		return nil
	}
	s := string(o.Value)
	return &s
}
