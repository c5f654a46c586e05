package web

import (
	"net/http"
	"strconv"
	"strings"

	"closer"
)

// opportunitySorts are the orders GET .../opportunities takes in sort, each
// in its own direction: recent the newest first, the others ascending. A
// leading "-" reverses them: -recent is the oldest first.
var opportunitySorts = []string{"recent", "amount", "next_action", "closed_on", "title", "held_on"}

// listOpportunities answers opportunities filtered by status (repeated or
// comma-separated), owner, stage, source, account, q, closing and detection
// dates, in the order of sort.
func (s *Server) listOpportunities(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.Lists.Lists(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.opportunityFilter(r, l)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Page = p
	opps, total, err := s.Opportunities.FindOpportunities(r.Context(), f)
	items := make([]opportunityJSON, 0, len(opps))
	for _, o := range opps {
		items = append(items, newOpportunityJSON(o, l))
	}
	s.answer(w, r, http.StatusOK, newList(items, total), err)
}

// opportunityFilter reads the filters of GET .../opportunities; a bad value
// answers 400 naming its parameter.
func (s *Server) opportunityFilter(r *http.Request, l *closer.Lists) (closer.OpportunityFilter, error) {
	var f closer.OpportunityFilter
	q := r.URL.Query()
	for _, v := range q["status"] {
		for _, name := range strings.Split(v, ",") {
			st, err := closer.ParseStatus(name) // exactly: "won " is refused as "WON" is
			if err != nil {
				return f, invalidRequest("status", "%s", closer.ErrorMessage(err))
			}
			f.Statuses = append(f.Statuses, st)
		}
	}
	var err error
	if f.OwnerID, err = s.queryOwner(r); err != nil {
		return f, err
	}
	if f.AccountID, err = s.queryAccount(r); err != nil {
		return f, err
	}
	for _, e := range []struct {
		param string
		kind  closer.ListKind
		dst   *int64
	}{{"stage", closer.ListStages, &f.StageID}, {"source", closer.ListSources, &f.SourceID}} {
		it, err := l.Resolve(e.kind, q.Get(e.param), false)
		if err != nil {
			return f, invalidRequest(e.param, "%s", closer.ErrorMessage(err))
		}
		*e.dst = it.ID
	}
	if f.ClosedFrom, f.ClosedTo, err = queryDateRange(r, "closed_from", "closed_to"); err != nil {
		return f, err
	}
	if f.DetectedFrom, f.DetectedTo, err = queryDateRange(r, "detected_from", "detected_to"); err != nil {
		return f, err
	}
	f.Q = q.Get("q")
	if sort := q.Get("sort"); sort != "" {
		var reversed bool
		f.Sort, reversed = strings.CutPrefix(sort, "-")
		if !contains(opportunitySorts, f.Sort) {
			return f, invalidRequest("sort", "Sort must be %s (with - to reverse), not %q.", orList(opportunitySorts), sort)
		}
		f.Desc = reversed != (f.Sort == "recent") // recent runs newest first
	}
	return f, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// createOpportunity creates an opportunity; only its title is required. A
// field its status does not use is refused, as PATCH refuses it; a version
// is refused as the id is (400), as the document's schema has neither.
func (s *Server) createOpportunity(w http.ResponseWriter, r *http.Request) {
	var in opportunityInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Version.Set { // the input is PATCH's too, which takes it
		s.fail(w, r, invalidRequest("version", "Field \"version\" is for changes: a new opportunity starts at version 1."))
		return
	}
	actor, err := closer.CurrentActor(r.Context())
	if err == nil {
		err = actor.CanCreate()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.Lists.Lists(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.newOpportunity(r.Context(), in, l)
	if err == nil {
		err = o.CheckNew(closer.DateOf(s.now(), orgLocation(r)), in.Amount.Set && !in.Amount.Null)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Opportunities.CreateOpportunity(r.Context(), o); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerOpportunity(w, r, http.StatusCreated, o, nil)
}

// getOpportunity answers one opportunity; its ETag is its version.
func (s *Server) getOpportunity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.Opportunities.FindOpportunity(r.Context(), id)
	s.answerOpportunity(w, r, http.StatusOK, o, err)
}

// updateOpportunity changes the fields present in the body. A version, in
// the body or in If-Match, must match the stored one (409 otherwise).
func (s *Server) updateOpportunity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in opportunityInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	version, err := versionOf(r, in.Version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	upd, err := s.update(r.Context(), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.Opportunities.UpdateOpportunity(r.Context(), id, version, upd)
	s.answerOpportunity(w, r, http.StatusOK, o, err)
}

// deleteOpportunity deletes an opportunity with its quotes, activities and
// events (owners only, as every deletion). An If-Match version must match
// the stored one (409 otherwise), as for every change.
func (s *Server) deleteOpportunity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version, err := ifMatchVersion(r)
	if err == nil {
		err = s.Opportunities.DeleteOpportunity(r.Context(), id, version)
	}
	s.answerNoContent(w, r, err)
}

// opportunityEvents answers the append-only history of an opportunity.
func (s *Server) opportunityEvents(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	events, err := s.Opportunities.OpportunityEvents(r.Context(), id)
	s.answer(w, r, http.StatusOK, pageOf(events, p), err)
}

// answerOpportunity answers o with its list names and its version as ETag,
// or err.
func (s *Server) answerOpportunity(w http.ResponseWriter, r *http.Request, status int, o *closer.Opportunity, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.Lists.Lists(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", `"`+strconv.Itoa(o.Version)+`"`)
	writeJSON(w, status, newOpportunityJSON(o, l))
}

// versionOf returns the version a change expects: the body's, or the
// If-Match header's ("3"), or 0 (no check) when neither is sent; both may
// be sent when they agree. Versions start at 1: a version of 0 or less is
// a mistake, not a way to skip the check.
func versionOf(r *http.Request, body optional[int]) (int, error) {
	header, err := ifMatchVersion(r)
	if err != nil || !body.Set {
		return header, err
	}
	if body.Value < 1 {
		return 0, invalidRequest("version", "version must be the version you are changing, such as 3 (versions start at 1), not %d.", body.Value)
	} else if header != 0 && header != body.Value {
		return 0, invalidRequest("version", "The body's version %d and If-Match's %d differ: send one of them, or the same.", body.Value, header)
	}
	return body.Value, nil
}

// ifMatchVersion returns the version If-Match names, 0 when it is absent or
// "*" (any version: the record must exist, which every change checks). The
// ETags this API sends are strong and hold the version in decimal ("3"),
// and entity tags compare as opaque strings (RFC 9110, 8.8.3.2), so
// If-Match takes one of them exactly as it came; anything else is a 400
// naming If-Match, never a version guessed from it:
//   - an unquoted 3, or "03", "+3": not a tag this API sends, which a
//     lenient reading would take for a version the client never saw;
//   - a weak tag (W/"3"): If-Match compares strongly, so it could never
//     match, and answering 409 would say the version is stale, which it
//     is not;
//   - a list ("2", "3"): valid RFC syntax, but a client only ever holds the
//     one version its last answer gave, and a list of versions would let
//     a change go over an edit it has not seen.
//   - an empty header, which RFC 9110 does not allow.
func ifMatchVersion(r *http.Request) (int, error) {
	values := r.Header.Values("If-Match")
	if len(values) == 0 {
		return 0, nil
	}
	h := strings.TrimSpace(strings.Join(values, ", "))
	switch {
	case h == "*":
		return 0, nil
	case h == "":
		return 0, invalidRequest("If-Match", "If-Match is empty: send the ETag of the last answer, such as \"3\", or leave the header out.")
	case strings.HasPrefix(h, "W/"):
		return 0, invalidRequest("If-Match", "If-Match compares versions strongly: send the ETag as it came, such as \"3\", not the weak %s.", h)
	case strings.Contains(h, ","):
		return 0, invalidRequest("If-Match", "If-Match takes one ETag, the one the last answer gave, such as \"3\", not the list %s.", h)
	}
	tag, quoted := strings.CutPrefix(h, `"`)
	tag, closed := strings.CutSuffix(tag, `"`)
	if !quoted || !closed || !isVersion(tag) {
		return 0, invalidRequest("If-Match", "If-Match must hold the ETag of the last answer as it came, in quotes, such as \"3\", not %s.", h)
	}
	v, _ := strconv.Atoi(tag)
	return v, nil
}

// isVersion reports whether s is a version as the API's ETags write it:
// decimal digits without a sign or a leading zero, small enough for an int.
func isVersion(s string) bool {
	if len(s) == 0 || len(s) > 9 || s[0] == '0' {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
