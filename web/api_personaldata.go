package web

import (
	"net/http"
	"strconv"

	"closer"
)

// personalDataJSON is a contact's personal data with the opportunities in
// the API's shape (names of list entries, `competitor`…).
type personalDataJSON struct {
	*closer.PersonalData
	Opportunities []opportunityJSON `json:"opportunities"`
}

// contactPersonalData answers everything known about a contact, as a JSON
// download (owners and managers: the GDPR right of access).
func (s *Server) contactPersonalData(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pd, err := s.PersonalData.ContactPersonalData(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.Lists.Lists(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := personalDataJSON{PersonalData: pd, Opportunities: []opportunityJSON{}}
	for _, o := range pd.Opportunities {
		out.Opportunities = append(out.Opportunities, newOpportunityJSON(o, l))
	}
	w.Header().Set("Content-Disposition", `attachment; filename="contact-`+strconv.FormatInt(id, 10)+`-personal-data.json"`)
	writeJSON(w, http.StatusOK, out)
}

// eraseContact anonymises a contact (owners and managers: the GDPR right to
// erasure) and answers the contact as it now is.
func (s *Server) eraseContact(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.PersonalData.EraseContact(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerContact(w, r, http.StatusOK, id)
}
