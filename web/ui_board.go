package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"closer"
)

// boardCards is how many cards each column of the board shows; the rest
// are one link away, in the list filtered by the stage.
const boardCards = 30

// boardPage is what the pipeline board shows.
type boardPage struct {
	Scope   ownerScope
	Columns []boardColumn
	Words   boardWords
	Back    string // this page, for the move forms to come back to
	List    string // the opportunities list page
}

// boardColumn is a stage's column with its cards ready to print.
type boardColumn struct {
	closer.StageColumn
	Cards []boardCard
}

// boardCard is one opportunity of the board with its words, links and
// rights worked out once in Go: a board prints up to a few hundred cards,
// and a template calling view methods for each costs more than the
// queries behind the page.
// Its fields are flat (no embedded Opportunity): templates find embedded
// fields by a slow reflective search.
type boardCard struct {
	ID, StageID int64
	Version     int
	Title       string
	AccountName string
	OwnerName   string
	URL         string
	Amount      string
	NextOn      string        // the next action's date, "" when none
	Late        string        // "late since …" when the next action is past
	Can         bool          // the reader may move it
	Draggable   bool          // movable and in an active stage
	Options     template.HTML // the move form's stages, its own selected
	HTML        template.HTML // the whole card as printed (cardHTML)
}

// boardWords are the words every card repeats, translated once.
type boardWords struct {
	NoAccount, NoNextAction, Move, MoveTo, MoveSubmit string
}

// ListURL returns the list of a column's open opportunities (in the scope).
func (p *boardPage) ListURL(c boardColumn) string {
	return p.List + "?status=open&stage=" + strconv.FormatInt(c.Stage.ID, 10) + p.Scope.Param()
}

// More returns how many open opportunities a column holds beyond its cards.
func (p *boardPage) More(c boardColumn) int { return c.Count - len(c.Cards) }

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
	p := &boardPage{
		Scope: sc,
		Words: boardWords{
			NoAccount:    v.T("day.flag.no_account"),
			NoNextAction: v.T("day.flag.no_next_action"),
			Move:         v.T("board.move"),
			MoveTo:       v.T("board.move.to"),
			MoveSubmit:   v.T("board.move.submit"),
		},
		Back: r.URL.RequestURI(),
		List: v.OrgURL("opportunities"),
	}
	p.Columns = boardColumns(v, cols, &p.Words, p.Back)
	v.Data = p
	s.render(w, r, http.StatusOK, "board", v)
}

// boardColumns prepares the cards of every column for the reader, each
// printed with the page's words and its move form coming back to back.
func boardColumns(v *view, cols []closer.StageColumn, words *boardWords, back string) []boardColumn {
	var active []closer.ListItem
	for _, c := range cols {
		if !c.Stage.Retired {
			active = append(active, c.Stage)
		}
	}
	options := map[int64]template.HTML{} // the move form's options, by current stage
	out := make([]boardColumn, len(cols))
	for i, c := range cols {
		out[i] = boardColumn{StageColumn: c, Cards: make([]boardCard, len(c.Cards))}
		for j, o := range c.Cards {
			card := boardCard{
				ID:          o.ID,
				StageID:     o.StageID,
				Version:     o.Version,
				Title:       o.Title,
				AccountName: o.AccountName,
				OwnerName:   o.OwnerName,
				URL:         v.OrgURL("opportunities/", strconv.FormatInt(o.ID, 10)),
				Amount:      v.MoneyShort(o.Amount),
				Can:         v.Can(o.OwnerID),
			}
			if !o.NextActionOn.IsZero() {
				card.NextOn = v.Date(o.NextActionOn)
				if o.NextActionOn.Before(v.Today) {
					card.Late = v.T("board.late", card.NextOn)
				}
			}
			card.Draggable = card.Can && !c.Stage.Retired
			if card.Can {
				opts, ok := options[o.StageID]
				if !ok {
					opts = stageOptions(active, o.StageID)
					options[o.StageID] = opts
				}
				card.Options = opts
			}
			card.HTML = card.cardHTML(words, back)
			out[i].Cards[j] = card
		}
	}
	return out
}

// stageOptions returns the <option> elements of the active stages, the
// stage selected marked so.
func stageOptions(stages []closer.ListItem, selected int64) template.HTML {
	var b strings.Builder
	for _, st := range stages {
		b.WriteString(`<option value="`)
		b.WriteString(strconv.FormatInt(st.ID, 10))
		b.WriteString(`"`)
		if st.ID == selected {
			b.WriteString(` selected`)
		}
		b.WriteString(`>`)
		b.WriteString(template.HTMLEscapeString(st.Name))
		b.WriteString(`</option>`)
	}
	return template.HTML(b.String())
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
