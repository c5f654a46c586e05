package web

import (
	"net/http"
	"net/url"
	"slices"

	"closer"
)

// The portfolio page: every org of the signed-in user on one table, sorted
// by any column, so that a consultant sees which client needs attention.
// The figures are those of the API (portfolio.go).

// portfolioPageData is what portfolio.html shows.
type portfolioPageData struct {
	Rows  []closer.PortfolioRow
	Query portfolioQuery
	Kinds []closer.PeriodKind
}

// Columns lists the table's columns, each sortable.
func (d *portfolioPageData) Columns() []string { return closer.PortfolioSorts }

// Target returns the revenue target of figures that have one.
func (d *portfolioPageData) Target(f closer.PortfolioFigures) closer.Money {
	if f.Target == nil {
		return 0
	}
	return *f.Target
}

// SortURL returns the link of a column header: sort by key (figures start
// descending, the org's name ascending), or reverse the sorted column.
func (d *portfolioPageData) SortURL(key string) string {
	desc := key != "org"
	if d.Query.Sort == key {
		desc = !d.Query.Desc
	}
	q := url.Values{"period": {string(d.Query.Kind)}, "sort": {key}, "dir": {map[bool]string{true: "desc", false: "asc"}[desc]}}
	return "/portfolio?" + q.Encode()
}

// AriaSort returns the aria-sort value of a column header.
func (d *portfolioPageData) AriaSort(key string) string {
	if d.Query.Sort != key {
		return "none"
	} else if d.Query.Desc {
		return "descending"
	}
	return "ascending"
}

// SortMark shows the sorted column's direction.
func (d *portfolioPageData) SortMark(key string) string {
	if d.Query.Sort != key {
		return ""
	} else if d.Query.Desc {
		return "▼"
	}
	return "▲"
}

// MoneyIn formats an amount in a given currency (each org of a portfolio
// has its own), without cents when it has none.
func (v *view) MoneyIn(m closer.Money, currency string) string {
	return formatMoney(v.Lang, m, currency, true)
}

// ShowPortfolio reports whether the header links to the portfolio: for a
// member of several orgs, or a consultant anywhere.
func (v *view) ShowPortfolio() bool {
	return len(v.Orgs) > 1 || slices.ContainsFunc(v.Orgs, func(o *closer.Org) bool { return o.Role == closer.RoleConsultant })
}

// portfolioPage shows the signed-in user's portfolio.
func (s *Server) portfolioPage(w http.ResponseWriter, r *http.Request) {
	u := userFromContext(r.Context())
	lang := preferredLang(u, r)
	pq, err := parsePortfolioQuery(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	rows, err := s.portfolio(r.Context(), u, pq, lang)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	data := &portfolioPageData{Rows: rows, Query: pq, Kinds: []closer.PeriodKind{closer.PeriodMonth, closer.PeriodQuarter, closer.PeriodYear}}
	s.render(w, r, http.StatusOK, "portfolio", s.newView(w, r, "portfolio.title", data))
}

// consultantPageRoutes lists the portfolio and the consultant notes' pages.
func (s *Server) consultantPageRoutes() []Route {
	return []Route{
		{"GET", "/portfolio", Page, s.portfolioPage},
		{"GET", "/o/{slug}/notes", OrgPage, s.notesPage},
		{"POST", "/o/{slug}/notes", OrgPage, s.postNote},
		{"GET", "/o/{slug}/notes/{id}", OrgPage, s.notePage},
		{"POST", "/o/{slug}/notes/{id}", OrgPage, s.postNoteEdit},
	}
}
