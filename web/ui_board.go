package web

import (
	"net/http"
	"strconv"

	"closer"
)

// boardCards is how many cards each column of the board shows; the rest
// are one link away, in the list filtered by the stage.
const boardCards = 30

// boardPage is what the pipeline board shows.
type boardPage struct {
	Scope   ownerScope
	Columns []closer.StageColumn
	Stages  []closer.ListItem // the active stages, the choices of a card's move form
	Today   closer.Date
	Back    string // this page, for the move forms to come back to
	List    string // the opportunities list page
}

// ListURL returns the list of a column's open opportunities (in the scope).
func (p *boardPage) ListURL(c closer.StageColumn) string {
	return p.List + "?status=open&stage=" + strconv.FormatInt(c.Stage.ID, 10) + p.Scope.Param()
}

// Late reports whether an opportunity's next action is past.
func (p *boardPage) Late(o *closer.Opportunity) bool {
	return !o.NextActionOn.IsZero() && o.NextActionOn.Before(p.Today)
}

// More returns how many open opportunities a column holds beyond its cards.
func (p *boardPage) More(c closer.StageColumn) int { return c.Count - len(c.Cards) }

// Empty reports whether no column holds an open opportunity.
func (p *boardPage) Empty() bool {
	for _, c := range p.Columns {
		if c.Count > 0 {
			return false
		}
	}
	return true
}

// boardPage shows the open opportunities as columns, one per stage.
func (s *Server) boardPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "board.title", nil)
	sc, err := s.scopeOf(v, r, "all")
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	cols, err := s.Pipeline.Board(r.Context(), sc.OwnerID, boardCards)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	p := &boardPage{Scope: sc, Columns: cols, Today: v.Today, Back: r.URL.RequestURI(), List: v.OrgURL("opportunities")}
	for _, c := range cols {
		if !c.Stage.Retired {
			p.Stages = append(p.Stages, c.Stage)
		}
	}
	v.Data = p
	s.render(w, r, http.StatusOK, "board", v)
}

// dayPathID reads the {id} of the path; a malformed one is a 404 like an unknown one.
func dayPathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, closer.Errorf(closer.ENOTFOUND, "Opportunity not found.")
	}
	return id, nil
}

// moveStage moves an opportunity to another stage (a board card's form,
// posted by drag and drop or by its Move button) and goes back to the
// board. A stale version or a refused move is said in the flash; a role
// that may not change the opportunity gets the 403 page.
func (s *Server) moveStage(w http.ResponseWriter, r *http.Request) {
	lang := preferredLang(userFromContext(r.Context()), r)
	back := dayBackTo(r, "/o/"+r.PathValue("slug")+"/board")
	id, err := dayPathID(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	stage := r.PostFormValue("stage")
	o, err := s.Opportunities.UpdateOpportunity(r.Context(), id, version, closer.OpportunityUpdate{Stage: &stage})
	switch closer.ErrorCode(err) {
	case "":
		lists, lerr := s.Lists.Lists(r.Context())
		name := ""
		if lerr == nil {
			name = lists.Name(closer.ListStages, o.StageID)
		}
		flash(w, r, translate(lang, "board.moved", o.Title, name))
	case closer.ECONFLICT:
		flash(w, r, translate(lang, "day.conflict"))
	case closer.EINVALID:
		flash(w, r, translate(lang, "board.refused", refusalText(lang, "board.why", err)))
	default:
		s.failPage(w, r, err)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// refusalText says why the domain refused a move or a relaunch, in lang:
// the domain's message when a catalog translates it, else this page's own
// words for the refused field (prefix + "." + field).
func refusalText(lang, prefix string, err error) string {
	if e, ok := err.(*closer.Error); ok && lang != "en" {
		if _, ok := catalogs[lang][e.Format]; !ok {
			if key := prefix + "." + e.Field; e.Field != "" && translate(lang, key) != key {
				return translate(lang, key)
			}
		}
	}
	return errorText(lang, err)
}
