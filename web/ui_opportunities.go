package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"closer"
)

// The opportunity list: filters in the query string (so that a filtered
// list is a link one can bookmark, share or save), sortable columns, pages
// of 50, and the reader's saved filters.

// oppListPage is the page size of the list.
const oppListPage = 50

// savedFiltersPage names the list in saved filters.
const savedFiltersPage = "opportunities"

// oppSorts are the list's sorts and whether each goes descending by default.
var oppSorts = map[string]bool{"recent": true, "amount": true, "next_action": false, "closed_on": true, "title": false}

// filterKeys are the query parameters that filter the list (not sort or page).
var filterKeys = []string{"status", "owner", "stage", "source", "account", "q", "detected_from", "detected_to", "closed_from", "closed_to"}

type oppListData struct {
	Items        []*closer.Opportunity
	Rows         []oppRow // Items ready to print
	Total        int
	First, Last  int
	PrevURL      string
	NextURL      string
	Query        url.Values // the filter as read, to show it in the form
	Sort         string
	Desc         bool
	Filtered     bool
	AccountName  string // when filtered on one account
	Members      []closer.Member
	Lists        *closer.Lists
	Saved        []*closer.SavedFilter
	CanSave      bool
	SaveForm     *form
	SavedQuery   string // the current filter and sort, to save
	FilterErrors map[string]string
	path         string
	today        closer.Date
}

// oppRow is one line of the list with its words and dates worked out once
// in Go: the list prints 50 of them, and a template calling view methods
// for each cell cost more than the queries behind the page. It has no
// methods, so that the template finds its fields without a method lookup.
type oppRow struct {
	URL, Title, AccountName, OwnerName, StageName string
	Status, StatusLabel, Amount                   string
	NextOn                                        string // the next action's date, "" when none
	Late                                          bool   // the next action is overdue (open or on hold only)
	ClosedOn                                      string // the close date of a closure
	ExpectedOn                                    string // else the expected close date, if any
}

// oppRows prepares the list's lines for the reader.
func oppRows(v *view, d *oppListData) []oppRow {
	rows := make([]oppRow, len(d.Items))
	base := v.OrgURL("opportunities/")
	for i, o := range d.Items {
		r := oppRow{
			URL: base + strconv.FormatInt(o.ID, 10), Title: o.Title, AccountName: o.AccountName, OwnerName: o.OwnerName,
			StageName: d.StageName(o.StageID), Status: string(o.Status), StatusLabel: v.T("status." + string(o.Status)),
			Amount: v.MoneyShort(o.Amount), NextOn: v.Date(o.NextActionOn), Late: d.Late(o),
		}
		if o.Status.IsClosure() {
			r.ClosedOn = v.Date(o.ClosedOn)
		} else {
			r.ExpectedOn = v.Date(o.ExpectedCloseOn)
		}
		rows[i] = r
	}
	return rows
}

// Has reports whether the filter holds value for key (statuses).
func (d *oppListData) Has(key, value string) bool {
	for _, v := range d.Query[key] {
		if v == value {
			return true
		}
	}
	return false
}

// Get returns the filter's value for key.
func (d *oppListData) Get(key string) string { return d.Query.Get(key) }

// Statuses lists the five statuses for the filter's checkboxes.
func (d *oppListData) Statuses() []closer.Status { return closer.Statuses }

// StageName names a stage of the org's pipeline.
func (d *oppListData) StageName(id int64) string { return d.Lists.Name(closer.ListStages, id) }

// Late reports whether an opportunity's next action is overdue.
func (d *oppListData) Late(o *closer.Opportunity) bool {
	return !o.NextActionOn.IsZero() && o.NextActionOn.Before(d.today) && !o.Status.IsClosure()
}

// SortURL returns the link of a column header: sort by key, or reverse the
// order when the list is already sorted by it.
func (d *oppListData) SortURL(key string) string {
	q := url.Values{}
	for k, v := range d.Query {
		q[k] = v
	}
	desc := oppSorts[key]
	if d.Sort == key {
		desc = !d.Desc
	}
	q.Set("sort", key)
	q.Set("dir", map[bool]string{true: "desc", false: "asc"}[desc])
	return d.path + "?" + q.Encode()
}

// AriaSort returns the aria-sort value of a column header.
func (d *oppListData) AriaSort(key string) string {
	if d.Sort != key {
		return "none"
	} else if d.Desc {
		return "descending"
	}
	return "ascending"
}

// SortMark shows the sorted column's direction.
func (d *oppListData) SortMark(key string) string {
	if d.Sort != key {
		return ""
	} else if d.Desc {
		return "▼"
	}
	return "▲"
}

// opportunityFilter reads the list's query string into the store's filter;
// values that do not parse are reported next to their field and ignored.
func opportunityFilter(q url.Values, lang string) (closer.OpportunityFilter, map[string]string) {
	var f closer.OpportunityFilter
	errs := map[string]string{}
	for _, s := range q["status"] {
		if st, err := closer.ParseStatus(s); err == nil {
			f.Statuses = append(f.Statuses, st)
		}
	}
	id := func(key string) int64 {
		v := q.Get(key)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			errs[key] = translate(lang, "form.bad_choice")
			return 0
		}
		return n
	}
	f.OwnerID, f.StageID, f.SourceID, f.AccountID = id("owner"), id("stage"), id("source"), id("account")
	date := func(key string) closer.Date {
		d, err := parseDateInput(q.Get(key))
		if err != nil {
			errs[key] = translate(lang, "form.bad_date")
		}
		return d
	}
	f.DetectedFrom, f.DetectedTo = date("detected_from"), date("detected_to")
	f.ClosedFrom, f.ClosedTo = date("closed_from"), date("closed_to")
	// A range that ends before it starts: said next to its end, which is
	// ignored (the list then runs from the start on).
	for _, rg := range []struct {
		to       string
		from, at *closer.Date
	}{{"detected_to", &f.DetectedFrom, &f.DetectedTo}, {"closed_to", &f.ClosedFrom, &f.ClosedTo}} {
		if err := closer.CheckRange(rg.to, *rg.from, *rg.at); err != nil {
			errs[rg.to], *rg.at = errorText(lang, err), closer.Date{}
		}
	}
	f.Q = strings.TrimSpace(q.Get("q"))
	if len(f.Q) > 200 {
		f.Q = f.Q[:200]
	}
	f.Sort = q.Get("sort")
	if _, ok := oppSorts[f.Sort]; !ok {
		f.Sort = "recent"
	}
	f.Desc = oppSorts[f.Sort]
	switch q.Get("dir") {
	case "asc":
		f.Desc = false
	case "desc":
		f.Desc = true
	}
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 && n < 1_000_000 {
		f.Offset = n - n%oppListPage
	}
	f.Limit = oppListPage
	return f, errs
}

// opportunitiesPage lists the org's opportunities.
func (s *Server) opportunitiesPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opps.title", nil)
	s.renderOpportunities(w, r, v, http.StatusOK, nil)
}

// renderOpportunities shows the list; saveForm is the save-filter form
// shown again with its error.
func (s *Server) renderOpportunities(w http.ResponseWriter, r *http.Request, v *view, status int, saveForm *form) {
	ctx := r.Context()
	q := r.URL.Query()
	f, errs := opportunityFilter(q, v.Lang)
	items, total, err := s.Opportunities.FindOpportunities(ctx, f)
	if err != nil {
		if closer.ErrorCode(err) != closer.EINVALID {
			s.failPage(w, r, err)
			return
		}
		errs[closer.ErrorField(err)] = v.Err(err)
		f.Q = ""
		items, total, err = s.Opportunities.FindOpportunities(ctx, closer.OpportunityFilter{Page: f.Page})
		if err != nil {
			s.failPage(w, r, err)
			return
		}
	}
	lists, err := s.Lists.Lists(ctx)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	members, err := s.Orgs.Members(ctx)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	d := &oppListData{Items: items, Total: total, Query: q, Sort: f.Sort, Desc: f.Desc, Members: members, Lists: lists,
		FilterErrors: errs, path: r.URL.Path, today: v.Today, SaveForm: saveForm}
	if d.SaveForm == nil {
		d.SaveForm = newForm(v.Lang)
	}
	for _, k := range filterKeys {
		if q.Get(k) != "" {
			d.Filtered = true
		}
	}
	if f.AccountID != 0 {
		if acc, err := s.Accounts.FindAccount(ctx, f.AccountID); err == nil {
			d.AccountName = acc.Name
		}
	}
	if len(items) > 0 {
		d.First, d.Last = f.Offset+1, f.Offset+len(items)
	}
	if f.Offset > 0 {
		d.PrevURL = v.Query("offset", strconv.Itoa(max(0, f.Offset-oppListPage)))
	}
	if f.Offset+len(items) < total {
		d.NextURL = v.Query("offset", strconv.Itoa(f.Offset+oppListPage))
	}
	keep := url.Values{}
	for k, vals := range q {
		if k != "offset" {
			keep[k] = vals
		}
	}
	d.SavedQuery = keep.Encode()
	if s.SavedFilters != nil {
		d.CanSave = true
		if d.Saved, err = s.SavedFilters.SavedFilters(ctx, savedFiltersPage); err != nil {
			s.failPage(w, r, err)
			return
		}
	}
	d.Rows = oppRows(v, d)
	v.Data = d
	s.render(w, r, status, "opportunities", v)
}

// saveOpportunityFilter names the current filter of the list.
func (s *Server) saveOpportunityFilter(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opps.title", nil)
	fm := parseForm(r, v.Lang)
	if s.SavedFilters == nil {
		s.failPage(w, r, closer.Errorf(closer.ENOTFOUND, "Not found."))
		return
	}
	query := fm.Get("query")
	parsed, err := url.ParseQuery(query)
	if err != nil {
		parsed = url.Values{}
	}
	parsed.Del("offset")
	sf := &closer.SavedFilter{Page: savedFiltersPage, Name: fm.Get("name"), Query: parsed.Encode()}
	if err := s.SavedFilters.CreateSavedFilter(r.Context(), sf); err != nil {
		if !fm.Fail(err) {
			s.failPage(w, r, err)
			return
		}
		// Show the list as it was filtered, with the message next to the name.
		r.URL.RawQuery = sf.Query
		s.renderOpportunities(w, r, v, fm.Status(), fm)
		return
	}
	flash(w, r, v.T("opps.filter_saved", sf.Name))
	http.Redirect(w, r, v.OrgURL("opportunities")+"?"+sf.Query, http.StatusSeeOther)
}

// deleteOpportunityFilter deletes one of the reader's saved filters.
func (s *Server) deleteOpportunityFilter(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opps.title", nil)
	id, err := pathID(r)
	if err == nil {
		if s.SavedFilters == nil {
			err = closer.Errorf(closer.ENOTFOUND, "Not found.")
		} else {
			err = s.SavedFilters.DeleteSavedFilter(r.Context(), id)
		}
	}
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	flash(w, r, v.T("opps.filter_deleted"))
	http.Redirect(w, r, v.OrgURL("opportunities"), http.StatusSeeOther)
}

// opportunityPageRoutes lists the pages of the opportunities area. The
// stage move and the resume belong to the board's area.
func (s *Server) opportunityPageRoutes() []Route {
	const opp = "/o/{slug}/opportunities"
	return []Route{
		{"GET", opp, OrgPage, s.opportunitiesPage},
		{"POST", "/o/{slug}/opportunity-filters", OrgPage, s.saveOpportunityFilter},
		{"POST", "/o/{slug}/opportunity-filters/{id}/delete", OrgPage, s.deleteOpportunityFilter},
		{"GET", opp + "/new", OrgPage, s.newOpportunityPage},
		{"POST", opp + "/new", OrgPage, s.uiCreateOpportunity},
		{"GET", opp + "/{id}", OrgPage, s.opportunityPage},
		{"GET", opp + "/{id}/edit", OrgPage, s.editOpportunityPage},
		{"POST", opp + "/{id}/edit", OrgPage, s.uiUpdateOpportunity},
		{"POST", opp + "/{id}/hold", OrgPage, s.uiHoldOpportunity},
		{"POST", opp + "/{id}/close", OrgPage, s.uiCloseOpportunity},
		{"POST", opp + "/{id}/reopen", OrgPage, s.uiReopenOpportunity},
		{"POST", opp + "/{id}/delete", OrgPage, s.uiDeleteOpportunity},
		{"POST", opp + "/{id}/next-action", OrgPage, s.uiSetNextAction},
		{"POST", opp + "/{id}/quotes", OrgPage, s.uiAddQuote},
		{"POST", opp + "/{id}/orders", OrgPage, s.uiAddOrder},
		{"POST", opp + "/{id}/activities", OrgPage, s.uiAddActivity},
	}
}
