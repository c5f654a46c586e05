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

// eraseBody is the body of POST .../contacts/{id}/erase: an explicit
// confirmation, as the contact's page asks for one.
type eraseBody struct {
	Confirm optional[bool] `json:"confirm"`
}

// eraseContact anonymises a contact (owners and managers: the GDPR right to
// erasure) and answers the contact as it now is. The erasure cannot be
// undone, so it needs {"confirm": true}: a body that is missing, not JSON,
// holds an unknown field or confirms nothing changes nothing (400, or 422
// for "confirm": false), rather than erase whatever a client or a proxy
// happened to send.
func (s *Server) eraseContact(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in eraseBody
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := in.Confirm.required("confirm"); err != nil {
		s.fail(w, r, err)
		return
	} else if !in.Confirm.Value {
		s.fail(w, r, closer.FieldError("confirm", "Erasing a contact cannot be undone: send \"confirm\": true to erase it."))
		return
	}
	if err := s.PersonalData.EraseContact(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerContact(w, r, http.StatusOK, id)
}
