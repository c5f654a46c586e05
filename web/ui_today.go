package web

import (
	"net/http"
	"net/url"
	"strconv"

	"closer"
)

// The salesperson's day: Today (this file), the pipeline board
// (ui_board.go) and the relaunch queue (ui_relaunch.go).

// ownerOption is one choice of the "whose" filter of the day pages.
type ownerOption struct {
	Value, Label string
	Selected     bool
}

// ownerScope is whose opportunities a day page shows: the whole team (0) or
// one member. It reads the query parameter owner: "all", "me" or a
// member's id; anything else falls back to the page's default.
type ownerScope struct {
	OwnerID int64 // 0: the whole team
	Value   string
	Options []ownerOption
	Mine    bool // the reader's own
}

// Team reports whether the page shows the whole team (owners are then named on each row).
func (o ownerScope) Team() bool { return o.OwnerID == 0 }

// Param returns the query string that keeps the scope, for links ("" or "&owner=…").
func (o ownerScope) Param() string {
	if o.OwnerID == 0 {
		return ""
	}
	return "&owner=" + strconv.FormatInt(o.OwnerID, 10)
}

// scopeOf reads the owner filter of r, with def ("me" or "all") when it
// says nothing usable; the options list the org's active members.
func (s *Server) scopeOf(v *view, r *http.Request, def string) (ownerScope, error) {
	members, err := s.Orgs.Members(r.Context())
	if err != nil {
		return ownerScope{}, err
	}
	value := r.URL.Query().Get("owner")
	sc := ownerScope{}
	known := func(id int64) bool {
		for _, m := range members {
			if m.UserID == id && m.Active {
				return true
			}
		}
		return false
	}
	switch id, err := strconv.ParseInt(value, 10, 64); {
	case value == "all" || value == "me":
	case err == nil && known(id):
		if id == v.Actor.UserID {
			value = "me"
		}
	default:
		value = def
	}
	switch value {
	case "all":
		sc.OwnerID = 0
	case "me":
		sc.OwnerID, sc.Mine = v.Actor.UserID, true
	default:
		sc.OwnerID, _ = strconv.ParseInt(value, 10, 64)
	}
	sc.Value = value
	sc.Options = []ownerOption{{"all", v.T("day.scope.team"), value == "all"}}
	if v.Actor.Role != closer.RoleConsultant {
		sc.Options = append(sc.Options, ownerOption{"me", v.T("day.scope.me"), value == "me"})
	}
	for _, m := range members {
		if m.Active && m.UserID != v.Actor.UserID && m.Role != closer.RoleConsultant {
			id := strconv.FormatInt(m.UserID, 10)
			sc.Options = append(sc.Options, ownerOption{id, m.Name, value == id})
		}
	}
	return sc, nil
}

// todayPage is what the Today page shows.
type todayPage struct {
	Scope  ownerScope
	Agenda *closer.Agenda
	Today  closer.Date
	Limit  int
	// The four blocks' rows ready to print.
	Due, Reviews, Unplanned, Closed []todayRow
}

// todayRow is one line of a block of the Today page, its words, dates and
// links worked out once in Go: the page prints up to a hundred of them, and
// a template calling view methods for each cell cost more than the queries
// behind the page. It has no methods, so that the template finds its fields
// without a method lookup.
type todayRow struct {
	On, LateText  string // the due or review date; when past, "n days late"
	Late          bool
	Kind, What    string // an activity's kind; the action or subject
	URL, Link     string // the opportunity (or account) and its name
	AccountName   string // the opportunity's account, shown under it
	OwnerName     string
	HoldReason    string
	NoNext        bool // flags of an unplanned opportunity
	NoAccount     bool
	Amount        string
	ClosedOn      string
	Status, Label string // a closure's status and its words
}

// prepareToday prepares the four blocks of the agenda for the reader.
func prepareToday(v *view, p *todayPage) {
	ag := p.Agenda
	opps := v.OrgURL("opportunities/")
	late := func(r *todayRow, d closer.Date) {
		r.On = v.Date(d)
		switch n := p.DaysLate(d); n {
		case 0:
		case 1:
			r.Late, r.LateText = true, v.T("day.late.one")
		default:
			r.Late, r.LateText = true, v.T("day.late.many", n)
		}
	}
	p.Due = make([]todayRow, len(ag.Due))
	for i, d := range ag.Due {
		r := todayRow{What: d.What, OwnerName: d.OwnerName}
		late(&r, d.On)
		if d.ActivityKind != "" {
			r.Kind = v.T("day.kind." + string(d.ActivityKind))
		}
		switch {
		case d.OpportunityID != 0:
			r.URL, r.Link, r.AccountName = opps+strconv.FormatInt(d.OpportunityID, 10), d.Title, d.AccountName
		case d.AccountID != 0:
			r.URL, r.Link = v.OrgURL("accounts/", strconv.FormatInt(d.AccountID, 10)), d.AccountName
		}
		p.Due[i] = r
	}
	opp := func(o *closer.Opportunity) todayRow {
		return todayRow{URL: opps + strconv.FormatInt(o.ID, 10), Link: o.Title, AccountName: o.AccountName, OwnerName: o.OwnerName}
	}
	p.Reviews = make([]todayRow, len(ag.Reviews))
	for i, o := range ag.Reviews {
		r := opp(o)
		late(&r, o.ReviewOn)
		r.HoldReason = o.HoldReason
		p.Reviews[i] = r
	}
	p.Unplanned = make([]todayRow, len(ag.Unplanned))
	for i, o := range ag.Unplanned {
		r := opp(o)
		r.NoNext, r.NoAccount, r.Amount = o.NextActionOn.IsZero(), o.AccountID == 0, v.MoneyShort(o.Amount)
		p.Unplanned[i] = r
	}
	p.Closed = make([]todayRow, len(ag.Closed))
	for i, o := range ag.Closed {
		r := opp(o)
		r.ClosedOn, r.Status, r.Label, r.Amount = v.Date(o.ClosedOn), string(o.Status), v.T("status."+string(o.Status)), v.MoneyShort(o.Amount)
		p.Closed[i] = r
	}
}

// DaysLate returns how many days ago d was (0 when today or later).
func (p *todayPage) DaysLate(d closer.Date) int {
	if n := d.DaysUntil(p.Today); n > 0 {
		return n
	}
	return 0
}

// More returns how many rows a block holds beyond those shown.
func (p *todayPage) More(total, shown int) int { return total - shown }

// todayRows is how many rows each block of the Today page shows.
const todayRows = 25

// todayPage shows the reader's day: next actions due, reviews due,
// opportunities to complete, recent closures.
func (s *Server) todayPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "today.title", nil)
	def := "me"
	if v.Actor.Role == closer.RoleConsultant {
		def = "all"
	}
	sc, err := s.scopeOf(v, r, def)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	ag, err := s.Pipeline.Agenda(r.Context(), closer.AgendaFilter{OwnerID: sc.OwnerID, Today: v.Today, Limit: todayRows})
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	p := &todayPage{Scope: sc, Agenda: ag, Today: v.Today, Limit: todayRows}
	prepareToday(v, p)
	v.Data = p
	s.render(w, r, http.StatusOK, "today", v)
}

// dayBackTo returns the local page a form asked to go back to, or def.
func dayBackTo(r *http.Request, def string) string {
	b := r.PostFormValue("back")
	if u, err := url.Parse(b); b == "" || err != nil || u.Host != "" || localPath(b) != b {
		return def
	}
	return b
}

// dayPageRoutes lists the pages of the salesperson's day and their two
// one-click actions.
func (s *Server) dayPageRoutes() []Route {
	return []Route{
		{"GET", "/o/{slug}/today", OrgPage, s.todayPage},
		{"GET", "/o/{slug}/board", OrgPage, s.boardPage},
		{"GET", "/o/{slug}/relaunch", OrgPage, s.relaunchPage},
		{"POST", "/o/{slug}/opportunities/{id}/stage", OrgPage, s.moveStage},
		{"POST", "/o/{slug}/opportunities/{id}/resume", OrgPage, s.resume},
	}
}
