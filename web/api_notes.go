package web

import (
	"net/http"
	"strconv"

	"closer"
)

// The consultant notes of an org (SPEC section 2): every member reads them;
// consultants, managers and owners write them; an edit keeps the previous
// versions (GET .../notes/{id}/history) and must name the version it
// changes (409 when someone changed the note meanwhile).

// noteInput is the body of POST .../notes: the period (month, quarter or
// year) and its first day, and the text.
type noteInput struct {
	Period   optional[closer.PeriodKind] `json:"period"`
	StartsOn optional[closer.Date]       `json:"starts_on"`
	Body     optional[string]            `json:"body"`
}

// noteEdit is the body of PUT .../notes/{id}: the new text and the version
// it replaces.
type noteEdit struct {
	Body    optional[string] `json:"body"`
	Version optional[int]    `json:"version"`
}

// listNotes answers the notes whose period starts between from and to
// (both optional), newest period first.
func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := closer.NoteFilter{Page: p}
	if f.From, f.To, err = queryDateRange(r, "from", "to"); err != nil {
		s.fail(w, r, err)
		return
	}
	notes, total, err := s.Notes.FindNotes(r.Context(), f)
	s.answer(w, r, http.StatusOK, newList(notes, total), err)
}

// createNote stores a note written by the caller.
func (s *Server) createNote(w http.ResponseWriter, r *http.Request) {
	var in noteInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	n := &closer.ConsultantNote{Period: in.Period.Value, StartsOn: in.StartsOn.Value, Body: in.Body.Value}
	err := s.Notes.CreateNote(r.Context(), n)
	s.answerNote(w, r, http.StatusCreated, n, err)
}

// getNote answers one note.
func (s *Server) getNote(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.Notes.FindNote(r.Context(), id)
	s.answerNote(w, r, http.StatusOK, n, err)
}

// updateNote writes a new version of a note's text. The version it replaces
// is required, in the body or in If-Match (the ETag of the note's answers),
// or both when they agree.
func (s *Server) updateNote(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in noteEdit
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := versionOf(r, in.Version)
	if err == nil && v == 0 {
		err = invalidRequest("version", "version (or If-Match) must hold the note's current version, such as 1.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.Notes.UpdateNote(r.Context(), id, v, in.Body.Value)
	s.answerNote(w, r, http.StatusOK, n, err)
}

// answerNote answers a note with its version as ETag, for If-Match, or err.
func (s *Server) answerNote(w http.ResponseWriter, r *http.Request, status int, n *closer.ConsultantNote, err error) {
	if err == nil {
		w.Header().Set("ETag", `"`+strconv.Itoa(n.Version)+`"`)
	}
	s.answer(w, r, status, n, err)
}

// noteHistory answers the versions of a note, the newest first, a page of
// them as every list.
func (s *Server) noteHistory(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.Notes.NoteHistory(r.Context(), id)
	s.answer(w, r, http.StatusOK, pageOf(h, p), err)
}
