package web

import (
	"net/http"
	"strconv"

	"closer"
)

// teamPageRoutes lists the team pages beside the settings' members section.
func (s *Server) teamPageRoutes() []Route {
	return []Route{
		{"POST", "/o/{slug}/settings/members/{id}/reassign", OrgPage, s.postReassign},
		{"POST", "/o/{slug}/settings/invitations", OrgPage, s.postInvite},
		{"POST", "/o/{slug}/settings/invitations/{id}/renew", OrgPage, s.postRenewInvitation},
		{"POST", "/o/{slug}/settings/invitations/{id}/revoke", OrgPage, s.postRevokeInvitation},
	}
}

// postReassign hands a member's open and on-hold opportunities to the active
// member chosen in the form (owners only), then goes back to the members
// section with how many moved; a refusal shows on the member's row.
func (s *Server) postReassign(w http.ResponseWriter, r *http.Request) {
	id, err := recPathID(r, "id")
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if a, _ := closer.ActorFromContext(r.Context()); a.CanAdminister() != nil {
		s.failPage(w, r, a.CanAdminister())
		return
	}
	lang := recLang(r)
	f := parseForm(r, lang)
	to, err := strconv.ParseInt(f.Get("to"), 10, 64)
	if err != nil || to <= 0 {
		s.settingsRefused(w, r, "member:"+strconv.FormatInt(id, 10), f, closer.FieldError("to", "Choose who takes the opportunities over."))
		return
	}
	n, err := s.Orgs.ReassignOpportunities(r.Context(), id, to)
	if err != nil {
		s.settingsRefused(w, r, "member:"+strconv.FormatInt(id, 10), f, err)
		return
	}
	settingsBack(w, r, "member-"+strconv.FormatInt(id, 10), translate(lang, "team.reassigned", n))
}
