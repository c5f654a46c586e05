package web

import (
	"net/http"
	"strings"

	"closer"
)

// targetJSON is a revenue target; owner is null for the team's.
type targetJSON struct {
	ID       int64             `json:"id"`
	Owner    nullableID        `json:"owner"`
	Period   closer.PeriodKind `json:"period"`
	StartsOn closer.Date       `json:"starts_on"`
	EndsOn   closer.Date       `json:"ends_on"`
	Amount   closer.Money      `json:"amount"`
}

func newTargetJSON(t *closer.Target) targetJSON {
	return targetJSON{ID: t.ID, Owner: nullableID(t.UserID), Period: t.Period, StartsOn: t.StartsOn, EndsOn: t.EndsOn(), Amount: t.Amount}
}

// targetInput is the body of PUT .../targets: whose (a member's id or
// e-mail, or null for the team), which period, how much. null is refused
// on the others; amount is required (a PUT replaces the target).
type targetInput struct {
	Owner    ref                         `json:"owner"`
	Period   optional[closer.PeriodKind] `json:"period"`
	StartsOn optional[closer.Date]       `json:"starts_on"`
	Amount   optional[closer.Money]      `json:"amount"`
}

// target returns the target the body sets for owner (0: the team).
func (in targetInput) target(owner int64) (closer.Target, error) {
	if err := in.Amount.required("amount"); err != nil {
		return closer.Target{}, err
	}
	return closer.Target{UserID: owner, Period: in.Period.Value, StartsOn: in.StartsOn.Value, Amount: in.Amount.Value}, nil
}

// listTargets answers targets whose period overlaps from..to, of one member (owner), of the team (owner=team), or all of them.
func (s *Server) listTargets(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var owner int64
	if strings.EqualFold(r.URL.Query().Get("owner"), "team") {
		owner = -1
	} else if owner, err = s.queryOwner(r); err != nil {
		s.fail(w, r, err)
		return
	}
	from, to, err := queryDateRange(r, "from", "to")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	targets, err := s.Sales.FindTargets(r.Context(), owner, from, to)
	items := make([]targetJSON, 0, len(targets))
	for _, t := range targets {
		items = append(items, newTargetJSON(t))
	}
	s.answer(w, r, http.StatusOK, pageOf(items, p), err)
}

// setTarget creates or replaces the target of a member (or the team) for a
// period (managers and owners).
func (s *Server) setTarget(w http.ResponseWriter, r *http.Request) {
	var in targetInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	owner, err := s.userID(r.Context(), in.Owner, "owner")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := in.target(owner)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.Sales.SetTarget(r.Context(), &t)
	s.answer(w, r, http.StatusOK, newTargetJSON(&t), err)
}

// deleteTarget deletes a target (owners only, as every deletion).
func (s *Server) deleteTarget(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.Sales.DeleteTarget(r.Context(), id)
	}
	s.answerNoContent(w, r, err)
}
