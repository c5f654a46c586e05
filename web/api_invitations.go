package web

import (
	"net/http"

	"closer"
)

// invitationInput is the body of POST .../invitations.
type invitationInput struct {
	Email optional[string]      `json:"email"`
	Role  optional[closer.Role] `json:"role"`
}

// createdInvitation is an invitation with its secret, answered once at
// creation, its link and whether it was e-mailed.
type createdInvitation struct {
	*closer.Invitation
	Secret    string `json:"secret"`
	URL       string `json:"url"`
	EmailSent bool   `json:"email_sent"`
}

// createInvitation invites a person by e-mail with a role (owners only); the
// answer holds the secret and its link, shown once, to hand to the invited
// person, and says whether the server e-mailed it (it tries when an SMTP
// server is configured; a failure is logged, the invitation stays).
func (s *Server) createInvitation(w http.ResponseWriter, r *http.Request) {
	if err := mayAdminister(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var in invitationInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	secret, inv, err := s.Invitations.CreateInvitation(r.Context(), in.Email.Value, in.Role.Value)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.deliverInvitation(r, inv, secret)
	writeJSON(w, http.StatusCreated, createdInvitation{Invitation: inv, Secret: secret, URL: d.Link, EmailSent: d.Mailed})
}

// listInvitations answers the org's pending invitations (owners only).
func (s *Server) listInvitations(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	invs, err := s.Invitations.Invitations(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pageOf(invs, p))
}

// revokeInvitation makes a pending invitation unusable (owners only).
func (s *Server) revokeInvitation(w http.ResponseWriter, r *http.Request) {
	if err := mayAdminister(r); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Invitations.RevokeInvitation(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// acceptInvitation makes the signed-in user, whose e-mail must be the
// invited one, a member of the invitation's org; it answers the org.
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	org, err := s.Invitations.AcceptInvitation(r.Context(), r.PathValue("secret"), userFromContext(r.Context()).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, org)
}
