package web

import (
	"net/http"

	"closer"
)

// The invitations of the settings' members section (owners only): invite
// a person by e-mail with a role, see the pending invitations, revoke one,
// or replace its link. Only a link's hash is stored, so a link is shown
// once, on the page that answers its creation (201, not cached, not a
// redirect); a lost link is replaced by a new one, which ends the old.

// invitationCreatedData is the page that shows a new invitation's link.
type invitationCreatedData struct {
	Invitation *closer.Invitation
	Delivery   invitationDelivery
	Expires    string
}

// MemberName returns the name of a member of the org (an invitation's
// author), or "" when they are not one.
func (d *settingsData) MemberName(id int64) string {
	for _, m := range d.Members {
		if m.UserID == id {
			return m.Name
		}
	}
	return ""
}

// postInvite creates an invitation, e-mails it when the server can, and
// shows its link once.
func (s *Server) postInvite(w http.ResponseWriter, r *http.Request) {
	if err := mayAdminister(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	f := parseForm(r, recLang(r))
	secret, inv, err := s.Invitations.CreateInvitation(r.Context(), f.Text("email"), closer.Role(f.Get("role")))
	if err != nil {
		s.settingsRefused(w, r, "invite", f, err)
		return
	}
	s.showInvitationCreated(w, r, inv, secret)
}

// postRenewInvitation replaces a pending invitation's link: a new
// invitation for the same e-mail and role (e-mailed when the server can),
// and the old one revoked.
func (s *Server) postRenewInvitation(w http.ResponseWriter, r *http.Request) {
	if err := mayAdminister(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	old, err := s.pendingInvitation(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	secret, inv, err := s.Invitations.CreateInvitation(r.Context(), old.Email, old.Role)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if err := s.Invitations.RevokeInvitation(r.Context(), old.ID); err != nil && closer.ErrorCode(err) != closer.ENOTFOUND {
		s.failPage(w, r, err)
		return
	}
	s.showInvitationCreated(w, r, inv, secret)
}

// postRevokeInvitation makes a pending invitation's link unusable.
func (s *Server) postRevokeInvitation(w http.ResponseWriter, r *http.Request) {
	if err := mayAdminister(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	id, err := recPathID(r, "id")
	if err == nil {
		err = s.Invitations.RevokeInvitation(r.Context(), id)
	}
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	settingsBack(w, r, "invitations", translate(recLang(r), "set.invite.revoked"))
}

// pendingInvitation finds the pending invitation of the path's {id} in
// the actor's org; another org's, a used or a revoked one is not found.
func (s *Server) pendingInvitation(r *http.Request) (*closer.Invitation, error) {
	id, err := recPathID(r, "id")
	if err != nil {
		return nil, err
	}
	invs, err := s.Invitations.Invitations(r.Context())
	if err != nil {
		return nil, err
	}
	for _, inv := range invs {
		if inv.ID == id {
			return inv, nil
		}
	}
	return nil, closer.Errorf(closer.ENOTFOUND, "Invitation not found (or already used or revoked).")
}

// showInvitationCreated delivers a new invitation and shows its link, this once.
func (s *Server) showInvitationCreated(w http.ResponseWriter, r *http.Request, inv *closer.Invitation, secret string) {
	d := &invitationCreatedData{Invitation: inv, Delivery: s.deliverInvitation(r, inv, secret)}
	v := s.newView(w, r, "set.invite.created_title", d)
	d.Expires = v.Time(inv.Expires)
	s.render(w, r, http.StatusCreated, "settings_invitation", v)
}
