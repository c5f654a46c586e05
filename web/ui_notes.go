package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"closer"
)

// The consultant notes' pages: the org's notes by period with a form to
// write one (consultants, managers, owners), and a note's page with its
// history and, for its author or the owner, a form to edit it. The partial
// template consultant_notes shows the notes of a period on other pages.

// noteGroup is the notes of one period.
type noteGroup struct {
	Kind  closer.PeriodKind
	Start closer.Date
	Notes []*closer.ConsultantNote
}

// notesPageData is what notes.html shows.
type notesPageData struct {
	Groups   []noteGroup
	Total    int
	Shown    int
	CanWrite bool
	Periods  []targetPeriod // the choices of the form's period
	Form     *form
}

// notePageData is what note.html shows.
type notePageData struct {
	Note    *closer.ConsultantNote
	History []closer.NoteVersion
	CanEdit bool
	Form    *form
}

// consultantNotesData is what the partial consultant_notes receives: the
// reader's view and the notes to show (from periodNotes).
type consultantNotesData struct {
	V     *view
	Notes []*closer.ConsultantNote
}

// ConsultantNotes wraps notes for the partial template consultant_notes:
// {{template "consultant_notes" ($.ConsultantNotes .Data.Notes)}}.
func (v *view) ConsultantNotes(notes []*closer.ConsultantNote) consultantNotesData {
	return consultantNotesData{V: v, Notes: notes}
}

// periodNotes returns the notes whose month, quarter or year overlaps p,
// newest period first: what a page about p (the dashboard) shows. A server
// wired without a NoteService (some test servers) shows none.
func (s *Server) periodNotes(ctx context.Context, p closer.Period) ([]*closer.ConsultantNote, error) {
	if s.Notes == nil {
		return nil, nil
	}
	notes, _, err := s.Notes.FindNotes(ctx, closer.NoteFilter{From: p.From.AddMonths(-12), To: p.To, Page: closer.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	out := []*closer.ConsultantNote{}
	for _, n := range notes {
		if r := n.PeriodRange(); !r.To.Before(p.From) && !r.From.After(p.To) {
			out = append(out, n)
		}
	}
	return out, nil
}

// groupNotes splits notes (newest period first) into their periods.
func groupNotes(notes []*closer.ConsultantNote) []noteGroup {
	var out []noteGroup
	for _, n := range notes {
		if k := len(out) - 1; k >= 0 && out[k].Kind == n.Period && out[k].Start == n.StartsOn {
			out[k].Notes = append(out[k].Notes, n)
			continue
		}
		out = append(out, noteGroup{Kind: n.Period, Start: n.StartsOn, Notes: []*closer.ConsultantNote{n}})
	}
	return out
}

// notesPage lists the org's notes by period.
func (s *Server) notesPage(w http.ResponseWriter, r *http.Request) {
	lang := recLang(r)
	s.showNotes(w, r, http.StatusOK, newForm(lang))
}

// showNotes renders the notes page with the form f (pre-filled with the
// current quarter when empty).
func (s *Server) showNotes(w http.ResponseWriter, r *http.Request, status int, f *form) {
	notes, total, err := s.Notes.FindNotes(r.Context(), closer.NoteFilter{Page: closer.Page{Limit: 500}})
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	a, _ := closer.ActorFromContext(r.Context())
	today := closer.DateOf(s.now(), orgLocation(r))
	if f.Get("period") == "" {
		f.Set("period", string(closer.PeriodQuarter)+":"+closer.QuarterOf(today).From.String())
	}
	data := &notesPageData{Groups: groupNotes(notes), Total: total, Shown: len(notes), CanWrite: a.CanWriteNotes() == nil,
		Periods: append(yearPeriods(today.Year()), yearPeriods(today.Year()-1)...), Form: f}
	s.render(w, r, status, "notes", s.newView(w, r, "notes.title", data))
}

// postNote writes a new note for the chosen period.
func (s *Server) postNote(w http.ResponseWriter, r *http.Request) {
	lang := recLang(r)
	f := parseForm(r, lang)
	n := &closer.ConsultantNote{Body: f.Get("body")}
	kind, start, _ := strings.Cut(f.Get("period"), ":")
	n.Period = closer.PeriodKind(kind)
	if d, err := closer.ParseDate(start); err == nil {
		n.StartsOn = d
	} else {
		f.SetError("period", translate(lang, "form.bad_choice"))
	}
	if f.OK() {
		err := s.Notes.CreateNote(r.Context(), n)
		if err == nil {
			flash(w, r, translate(lang, "notes.saved"))
			http.Redirect(w, r, recOrgPath(r, "notes#note-"+strconv.FormatInt(n.ID, 10)), http.StatusSeeOther)
			return
		}
		if field := closer.ErrorField(err); field == "starts_on" {
			f.SetError("period", errorText(lang, err))
		} else if !f.Fail(err) {
			s.failPage(w, r, err)
			return
		}
	}
	s.showNotes(w, r, f.Status(), f)
}

// notePage shows a note, its history, and the edit form to who may edit.
func (s *Server) notePage(w http.ResponseWriter, r *http.Request) {
	s.showNote(w, r, http.StatusOK, nil)
}

// showNote renders a note's page; f is the refused edit form, or nil.
func (s *Server) showNote(w http.ResponseWriter, r *http.Request, status int, f *form) {
	id, err := recPathID(r, "id")
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	n, err := s.Notes.FindNote(r.Context(), id)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	h, err := s.Notes.NoteHistory(r.Context(), id)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if f == nil {
		f = newForm(recLang(r))
	}
	if f.Get("body") == "" {
		f.Set("body", n.Body)
	}
	f.Set("version", strconv.Itoa(n.Version))
	a, _ := closer.ActorFromContext(r.Context())
	data := &notePageData{Note: n, History: h, CanEdit: a.CanEditNote(n.AuthorID) == nil, Form: f}
	s.render(w, r, status, "note", s.newView(w, r, "note.title", data))
}

// postNoteEdit writes a new version of a note; a stale version shows the
// page again (409) with the current text.
func (s *Server) postNoteEdit(w http.ResponseWriter, r *http.Request) {
	id, err := recPathID(r, "id")
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	lang := recLang(r)
	f := parseForm(r, lang)
	version := f.Int("version")
	if !f.OK() || version < 1 {
		f.SetError("body", translate(lang, "form.bad_number"))
		s.showNote(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if _, err := s.Notes.UpdateNote(r.Context(), id, version, f.Get("body")); err != nil {
		if !f.Fail(err) {
			s.failPage(w, r, err)
			return
		}
		if f.Conflict {
			f.Message = translate(lang, "notes.conflict")
		}
		s.showNote(w, r, f.Status(), f)
		return
	}
	flash(w, r, translate(lang, "notes.updated"))
	http.Redirect(w, r, recOrgPath(r, "notes/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
}
