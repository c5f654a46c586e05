package web

import (
	"net/http"
	"slices"
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
	Email optional[string]      `json:"email"`
	Role  optional[closer.Role] `json:"role"`
}

// addMember gives a member of the org, named by e-mail, the role of the
// body, reactivating them if they were deactivated, under the rules of
// PATCH (owners only; 200 and the member: nothing was created). Any other e-mail (a user of another org, a user of no org,
// nobody yet) gets an invitation with that role: 202 and the invitation
// with its one-time secret, as POST .../invitations answers. The answer is
// the same whoever the address belongs to, so an org learns nothing of who
// else uses Closer, and nobody joins an org without accepting.
func (s *Server) addMember(w http.ResponseWriter, r *http.Request) {
	if err := mayAdminister(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var in memberInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	email, err := closer.NormalizeEmail(in.Email.Value)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := closer.ParseRole(string(in.Role.Value)); err != nil {
		s.fail(w, r, err)
		return
	}
	members, err := s.Orgs.Members(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	isMember := func(m closer.Member) bool { return strings.EqualFold(m.Email, email) }
	if !slices.ContainsFunc(members, isMember) {
		secret, inv, err := s.Invitations.CreateInvitation(r.Context(), email, in.Role.Value)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d := s.deliverInvitation(r, inv, secret)
		writeJSON(w, http.StatusAccepted, createdInvitation{Invitation: inv, Secret: secret, URL: d.Link, EmailSent: d.Mailed})
		return
	}
	if err := s.Orgs.AddMember(r.Context(), r.PathValue("slug"), email, in.Role.Value); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerMember(w, r, http.StatusOK, isMember)
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
