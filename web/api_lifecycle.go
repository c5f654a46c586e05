package web

import (
	"context"
	"net/http"

	"closer"
)

// The lifecycle actions of SPEC section 1. Each takes an optional version
// (in the body or If-Match); a refused transition answers 422 naming the
// offending field.

// holdBody is the body of POST .../hold. A field the document does not
// type as nullable is optional[T], which refuses null (400 naming it), as
// in every body.
type holdBody struct {
	HoldReason optional[string] `json:"hold_reason"`
	ReviewOn   closer.Date      `json:"review_on"`
	Version    optional[int]    `json:"version"`
}

// holdOpportunity parks an open opportunity: the customer postponed.
func (s *Server) holdOpportunity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in holdBody
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	version, err := versionOf(r, in.Version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.Opportunities.HoldOpportunity(r.Context(), id, version, closer.HoldInput{HoldReason: in.HoldReason.Value, ReviewOn: in.ReviewOn})
	s.answerOpportunity(w, r, http.StatusOK, o, err)
}

// closeBody is the body of POST .../close: what the outcome needs.
type closeBody struct {
	Outcome      optional[closer.Status] `json:"outcome"`
	ClosedOn     closer.Date             `json:"closed_on"`
	Amount       *closer.Money           `json:"amount"`
	LossReason   ref                     `json:"loss_reason"`
	Competitor   ref                     `json:"competitor"`
	VanishReason ref                     `json:"vanish_reason"`
	Note         optional[string]        `json:"note"`
	Version      optional[int]           `json:"version"`
}

// closeOpportunity ends an open or on-hold opportunity as won, lost or vanished.
func (s *Server) closeOpportunity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in closeBody
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	version, err := versionOf(r, in.Version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.Opportunities.CloseOpportunity(r.Context(), id, version, closer.CloseInput{
		Outcome: in.Outcome.Value, ClosedOn: in.ClosedOn, Amount: in.Amount, LossReason: string(in.LossReason),
		Competitor: string(in.Competitor), VanishReason: string(in.VanishReason), Note: in.Note.Value,
	})
	s.answerOpportunity(w, r, http.StatusOK, o, err)
}

// versionBody is the optional body of POST .../resume and .../reopen.
type versionBody struct {
	Version optional[int] `json:"version"`
}

// resumeOpportunity puts an on-hold opportunity back to open at its stage.
func (s *Server) resumeOpportunity(w http.ResponseWriter, r *http.Request) {
	s.simpleAction(w, r, s.Opportunities.ResumeOpportunity)
}

// reopenOpportunity puts a closed opportunity back to open; the closure
// stays in its events.
func (s *Server) reopenOpportunity(w http.ResponseWriter, r *http.Request) {
	s.simpleAction(w, r, s.Opportunities.ReopenOpportunity)
}

// simpleAction runs an action that takes nothing but an optional version.
func (s *Server) simpleAction(w http.ResponseWriter, r *http.Request, action func(ctx context.Context, id int64, version int) (*closer.Opportunity, error)) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in versionBody
	if err := readOptionalJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	version, err := versionOf(r, in.Version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := action(r.Context(), id, version)
	s.answerOpportunity(w, r, http.StatusOK, o, err)
}
