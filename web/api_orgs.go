package web

import (
	"net/http"
	"strings"

	"closer"
)

// listOrgs answers the orgs the signed-in user is an active member of, with
// their role in each: a consultant's portfolio.
func (s *Server) listOrgs(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.Orgs.OrgsOf(r.Context(), userFromContext(r.Context()).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pageOf(orgs, p))
}

// getOrg answers the org of the path, with the reader's role.
func (s *Server) getOrg(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, orgFromContext(r.Context()))
}

// listMembers answers the org's members, active first.
func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	members, err := s.Orgs.Members(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pageOf(members, p))
}

// memberInput is the body of POST .../members.
type memberInput struct {
	Email string      `json:"email"`
	Role  closer.Role `json:"role"`
}

// addMember makes an existing user a member of the org with a role (owners only).
func (s *Server) addMember(w http.ResponseWriter, r *http.Request) {
	var in memberInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	email, err := closer.NormalizeEmail(in.Email)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.Orgs.AddMember(r.Context(), r.PathValue("slug"), email, in.Role)
	if closer.ErrorCode(err) == closer.ENOTFOUND {
		err = closer.FieldError("email", "Nobody has the e-mail %s yet: create the user first.", email)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerMember(w, r, http.StatusCreated, func(m closer.Member) bool { return strings.EqualFold(m.Email, email) })
}

// memberUpdate is the body of PATCH .../members/{id}.
type memberUpdate struct {
	Role   optional[closer.Role] `json:"role"`
	Active optional[bool]        `json:"active"`
}

// updateMember changes a member's role or deactivates them (owners only).
func (s *Server) updateMember(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in memberUpdate
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Orgs.UpdateMember(r.Context(), id, in.Role.ptr(), in.Active.ptr()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerMember(w, r, http.StatusOK, func(m closer.Member) bool { return m.UserID == id })
}

// answerMember answers the member that match selects, as the store now has it.
func (s *Server) answerMember(w http.ResponseWriter, r *http.Request, status int, match func(closer.Member) bool) {
	members, err := s.Orgs.Members(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, m := range members {
		if match(m) {
			writeJSON(w, status, m)
			return
		}
	}
	s.fail(w, r, closer.Errorf(closer.ENOTFOUND, "Member not found."))
}
