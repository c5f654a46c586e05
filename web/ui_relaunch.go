package web

import (
	"net/http"
	"strconv"

	"closer"
)

// relaunchRows is how many on-hold opportunities a page of the queue shows.
const relaunchRows = 50

// relaunchPage is what the relaunch queue shows.
type relaunchPage struct {
	Scope  ownerScope
	Items  []*closer.Opportunity
	Rows   []relaunchRow // Items ready to print
	Total  int
	Offset int
	Today  closer.Date
	Back   string
}

// relaunchRow is one line of the queue with its words, dates and links
// worked out once in Go (as todayRow: no methods, flat fields).
type relaunchRow struct {
	ID, Version              int64
	URL, Title, AccountName  string
	HoldReason, Days, Review string
	Overdue, Can             bool
	OwnerName, Amount        string
	ResumeLabel, CloseLabel  string // the buttons' accessible names
}

// relaunchLines prepares the queue's lines for the reader.
func relaunchLines(v *view, p *relaunchPage) []relaunchRow {
	rows := make([]relaunchRow, len(p.Items))
	base := v.OrgURL("opportunities/")
	for i, o := range p.Items {
		r := relaunchRow{ID: o.ID, Version: int64(o.Version), URL: base + strconv.FormatInt(o.ID, 10), Title: o.Title,
			AccountName: o.AccountName, HoldReason: o.HoldReason, Days: v.Int(p.DaysOnHold(o)), Review: v.Date(o.ReviewOn),
			Overdue: p.Overdue(o), Can: v.Can(o.OwnerID), OwnerName: o.OwnerName, Amount: v.MoneyShort(o.Amount)}
		if r.Can {
			r.ResumeLabel, r.CloseLabel = v.T("relaunch.resume.label", o.Title), v.T("relaunch.close.label", o.Title)
		}
		rows[i] = r
	}
	return rows
}

// DaysOnHold returns how long an opportunity has been on hold.
func (p *relaunchPage) DaysOnHold(o *closer.Opportunity) int {
	if o.HeldOn.IsZero() {
		return 0
	}
	return o.HeldOn.DaysUntil(p.Today)
}

// Overdue reports whether an opportunity's review date is past.
func (p *relaunchPage) Overdue(o *closer.Opportunity) bool {
	return !o.ReviewOn.IsZero() && o.ReviewOn.Before(p.Today)
}

// Prev and Next return the offsets of the neighbouring pages (-1: none).
func (p *relaunchPage) Prev() int {
	if p.Offset == 0 {
		return -1
	}
	return max(0, p.Offset-relaunchRows)
}

// Next returns the offset of the next page, or -1.
func (p *relaunchPage) Next() int {
	if p.Offset+len(p.Items) >= p.Total {
		return -1
	}
	return p.Offset + relaunchRows
}

// relaunchPage lists the on-hold opportunities, the longest on hold first.
func (s *Server) relaunchPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "relaunch.title", nil)
	sc, err := s.scopeOf(v, r, "all")
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	if offset < 0 || offset > 1_000_000 {
		offset = 0
	}
	offset -= offset % relaunchRows
	items, total, err := s.Opportunities.FindOpportunities(r.Context(), closer.OpportunityFilter{
		Statuses: []closer.Status{closer.StatusOnHold}, OwnerID: sc.OwnerID, Sort: "held_on",
		Page: closer.Page{Limit: relaunchRows, Offset: offset},
	})
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	p := &relaunchPage{Scope: sc, Items: items, Total: total, Offset: offset, Today: v.Today, Back: r.URL.RequestURI()}
	p.Rows = relaunchLines(v, p)
	v.Data = p
	s.render(w, r, http.StatusOK, "relaunch", v)
}

// resume puts an on-hold opportunity back to open, at its stage, in one
// click, and goes back to the queue.
func (s *Server) resume(w http.ResponseWriter, r *http.Request) {
	lang := preferredLang(userFromContext(r.Context()), r)
	back := dayBackTo(r, "/o/"+r.PathValue("slug")+"/relaunch")
	id, err := dayPathID(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	o, err := s.Opportunities.ResumeOpportunity(r.Context(), id, version)
	switch closer.ErrorCode(err) {
	case "":
		lists, lerr := s.Lists.Lists(r.Context())
		name := ""
		if lerr == nil {
			name = lists.Name(closer.ListStages, o.StageID)
		}
		flash(w, r, translate(lang, "relaunch.done", o.Title, name))
	case closer.ECONFLICT:
		flash(w, r, translate(lang, "day.conflict"))
	case closer.EINVALID:
		flash(w, r, translate(lang, "relaunch.refused", refusalText(lang, "relaunch.why", err)))
	default:
		s.failPage(w, r, err)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
