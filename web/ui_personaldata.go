package web

import (
	"net/http"
)

// personalDataPageRoutes lists the pages of a contact's personal data (GDPR).
func (s *Server) personalDataPageRoutes() []Route {
	return []Route{
		{"GET", "/o/{slug}/contacts/{id}/personal-data", OrgPage, s.personalDataDownload},
		{"POST", "/o/{slug}/contacts/{id}/erase", OrgPage, s.postEraseContact},
	}
}

// personalDataDownload sends everything known about a contact as a JSON
// file (owners and managers).
func (s *Server) personalDataDownload(w http.ResponseWriter, r *http.Request) {
	id, err := recPathID(r, "id")
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	pd, err := s.personalDataOf(r, id)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	writePersonalData(w, id, pd)
}

// postEraseContact anonymises a contact (owners and managers), after the
// confirmation the page asks, and goes back to the contact's account.
func (s *Server) postEraseContact(w http.ResponseWriter, r *http.Request) {
	d, err := s.recContact(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if err := s.PersonalData.EraseContact(r.Context(), d.Contact.ID); err != nil {
		s.failPage(w, r, err)
		return
	}
	flash(w, r, translate(recLang(r), "gdpr.erased"))
	http.Redirect(w, r, contactBack(r, d.Contact.AccountID), http.StatusSeeOther)
}
