package web

import (
	"net/http"
	"strconv"

	"closer"
)

// The audit log page (/o/{slug}/settings/audit): owners read their org's
// log of sensitive actions, newest first, a page at a time, filtered by
// action and by person. Others get 403, as on the API.

// auditPageSize is how many entries a page of the log shows.
const auditPageSize = 50

// auditData is the audit log page.
type auditData struct {
	Entries []closer.AuditEntry
	Total   int
	Filter  closer.AuditFilter
	Actions []string
	Members []closer.Member
	lang    string
}

// Label names an action in the reader's language; an action without a
// translation (a newer feature's) shows its own name.
func (d *auditData) Label(action string) string {
	key := "audit.action." + action
	if s, ok := catalogs[d.lang][key]; ok {
		return s
	}
	if s, ok := catalogs["en"][key]; ok {
		return s
	}
	return action
}

// HasPrev and HasNext say whether there are entries before and after the page.
func (d *auditData) HasPrev() bool { return d.Filter.Offset > 0 }

// HasNext says whether entries follow the page.
func (d *auditData) HasNext() bool { return d.Filter.Offset+len(d.Entries) < d.Total }

// PrevOffset and NextOffset are the offsets of the neighbouring pages.
func (d *auditData) PrevOffset() string {
	return strconv.Itoa(max(d.Filter.Offset-d.Filter.Limit, 0))
}

// NextOffset is the offset of the next page.
func (d *auditData) NextOffset() string { return strconv.Itoa(d.Filter.Offset + d.Filter.Limit) }

// From and To number the entries shown (1-based).
func (d *auditData) From() int { return d.Filter.Offset + 1 }

// To is the number of the last entry shown.
func (d *auditData) To() int { return d.Filter.Offset + len(d.Entries) }

func (s *Server) auditPageRoutes() []Route {
	return []Route{
		{"GET", "/o/{slug}/settings/audit", OrgPage, s.auditPage},
	}
}

// auditPage shows a page of the log. Bad filter values are ignored (a
// hand-edited address shows everything rather than an error).
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := closer.CurrentActor(ctx)
	if err == nil {
		err = a.CanAdminister()
	}
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	q := r.URL.Query()
	d := &auditData{Actions: closer.AuditActions, lang: preferredLang(userFromContext(ctx), r)}
	d.Filter = closer.AuditFilter{Action: q.Get("action"), Page: closer.Page{Limit: auditPageSize}}
	if id, err := strconv.ParseInt(q.Get("user"), 10, 64); err == nil && id > 0 {
		d.Filter.UserID = id
	}
	if off, err := strconv.Atoi(q.Get("offset")); err == nil && off > 0 {
		d.Filter.Offset = off
	}
	if d.Entries, d.Total, err = s.Audit.AuditLog(ctx, d.Filter); err != nil {
		s.failPage(w, r, err)
		return
	}
	if d.Members, err = s.Orgs.Members(ctx); err != nil {
		s.failPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "audit", s.newView(w, r, "audit.title", d))
}
