package web

import (
	"net/http"

	"closer"
)

// reassignInput is the body of POST .../members/{id}/reassign.
type reassignInput struct {
	To optional[int64] `json:"to"`
}

// reassigned is the answer of POST .../members/{id}/reassign.
type reassigned struct {
	Reassigned int `json:"reassigned"`
}

// reassignMember hands the member's open and on-hold opportunities to another
// active member (owners only), typically before or after deactivating them.
func (s *Server) reassignMember(w http.ResponseWriter, r *http.Request) {
	if err := mayAdminister(r); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in reassignInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.Orgs.ReassignOpportunities(r.Context(), id, in.To.Value)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, reassigned{Reassigned: n})
}

// mayAdminister refuses, before the body is read, a request of an owner's
// action made by someone else: a consultant hears 403, not a body error.
func mayAdminister(r *http.Request) error {
	a, err := closer.CurrentActor(r.Context())
	if err != nil {
		return err
	}
	return a.CanAdminister()
}
