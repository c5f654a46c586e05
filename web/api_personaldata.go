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

// personalDataOf gathers the personal data of contact id in the API's shape.
func (s *Server) personalDataOf(r *http.Request, id int64) (*personalDataJSON, error) {
	pd, err := s.PersonalData.ContactPersonalData(r.Context(), id)
	if err != nil {
		return nil, err
	}
	l, err := s.Lists.Lists(r.Context())
	if err != nil {
		return nil, err
	}
	out := &personalDataJSON{PersonalData: pd, Opportunities: []opportunityJSON{}}
	for _, o := range pd.Opportunities {
		out.Opportunities = append(out.Opportunities, newOpportunityJSON(o, l))
	}
	return out, nil
}

// writePersonalData answers personal data as a JSON file to download.
func writePersonalData(w http.ResponseWriter, id int64, pd *personalDataJSON) {
	w.Header().Set("Content-Disposition", `attachment; filename="contact-`+strconv.FormatInt(id, 10)+`-personal-data.json"`)
	writeJSON(w, http.StatusOK, pd)
}

// contactPersonalData answers everything known about a contact, as a JSON
// download (owners and managers: the GDPR right of access).
func (s *Server) contactPersonalData(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pd, err := s.personalDataOf(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writePersonalData(w, id, pd)
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
