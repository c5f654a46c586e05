package web

import (
	"context"
	"net/http"

	"closer"
)

// The portfolio (SPEC section 2): every org the signed-in user is an active
// member of, with its key figures, for the page (ui_portfolio.go) and the
// API (GET /api/v1/portfolio). Each org's figures are computed under the
// user's role in that org, with one set of calls per org.

// portfolioQuery is what a portfolio request asks: the kind of period
// (month, quarter or year holding today, with the one before) and the order.
type portfolioQuery struct {
	Kind closer.PeriodKind
	Sort string
	Desc bool
}

// parsePortfolioQuery reads period (default quarter), sort (default org)
// and dir (asc or desc; default asc for org, desc for a figure).
func parsePortfolioQuery(r *http.Request) (portfolioQuery, error) {
	q := r.URL.Query()
	pq := portfolioQuery{Kind: closer.PeriodKind(q.Get("period"))}
	if pq.Kind == "" {
		pq.Kind = closer.PeriodQuarter
	}
	if _, err := closer.PeriodOfKind(pq.Kind, closer.MustDate("2000-01-01")); err != nil {
		return pq, err
	}
	var err error
	if pq.Sort, err = closer.ParsePortfolioSort(q.Get("sort")); err != nil {
		return pq, err
	}
	switch q.Get("dir") {
	case "asc":
	case "desc":
		pq.Desc = true
	case "":
		pq.Desc = pq.Sort != "org"
	default:
		return pq, closer.FieldError("dir", "dir must be asc or desc, not %q.", q.Get("dir"))
	}
	return pq, nil
}

// portfolio computes the rows of every org of user u, sorted as pq asks;
// the findings' titles are in lang.
func (s *Server) portfolio(ctx context.Context, u *closer.User, pq portfolioQuery, lang string) ([]closer.PortfolioRow, error) {
	orgs, err := s.Orgs.OrgsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	rows := make([]closer.PortfolioRow, 0, len(orgs))
	for _, org := range orgs {
		row, err := s.portfolioRow(ctx, u, org, pq.Kind, lang)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	closer.SortPortfolio(rows, pq.Sort, pq.Desc)
	return rows, nil
}

// portfolioRow computes one org's line as the user's role there allows:
// the figures of the current and previous period, the targets of both, the
// findings of the current one, and the org's last activity.
func (s *Server) portfolioRow(ctx context.Context, u *closer.User, org *closer.Org, kind closer.PeriodKind, lang string) (closer.PortfolioRow, error) {
	ctx = closer.NewContextWithActor(ctx, closer.Actor{UserID: u.ID, Name: u.Name, OrgID: org.ID, Role: org.Role})
	row := closer.PortfolioRow{Org: org, Findings: []closer.PortfolioFinding{}}
	cur, err := closer.PeriodOfKind(kind, closer.DateOf(s.now(), org.Location()))
	if err != nil {
		return row, err
	}
	prev := cur.Previous()
	now, err := s.Stats.Stats(ctx, closer.StatsQuery{Period: cur})
	if err != nil {
		return row, err
	}
	before, err := s.Stats.Stats(ctx, closer.StatsQuery{Period: prev})
	if err != nil {
		return row, err
	}
	targets, err := s.Sales.FindTargets(ctx, 0, prev.From, cur.To)
	if err != nil {
		return row, err
	}
	diag, err := s.Stats.Diagnose(ctx, cur, closer.Thresholds{})
	if err != nil {
		return row, err
	}
	last, err := s.Pulse.LastActivity(ctx)
	if err != nil {
		return row, err
	}
	row.Current = closer.NewPortfolioFigures(cur, now.Total, targets)
	row.Previous = closer.NewPortfolioFigures(prev, before.Total, targets)
	if now.Total.OnHold != nil {
		row.OnHold = *now.Total.OnHold
	}
	for _, f := range diag.Findings {
		row.Findings = append(row.Findings, closer.PortfolioFinding{Code: f.Code, Title: f.Text(lang).Title, Scope: f.Scope.Name})
	}
	if !last.IsZero() {
		row.LastActivity = &last
	}
	return row, nil
}

// portfolioJSON is the answer of GET /api/v1/portfolio.
type portfolioJSON struct {
	Period closer.PeriodKind     `json:"period"`
	Sort   string                `json:"sort"`
	Dir    string                `json:"dir"`
	Lang   string                `json:"lang"`
	Items  []closer.PortfolioRow `json:"items"`
	Total  int                   `json:"total"`
}

// getPortfolio answers the signed-in user's portfolio: period (month,
// quarter or year; default quarter), sort (a column) and dir (asc, desc),
// the findings' titles in lang (fr or en; else Accept-Language's).
func (s *Server) getPortfolio(w http.ResponseWriter, r *http.Request) {
	pq, err := parsePortfolioQuery(r)
	if err != nil {
		s.fail(w, r, asBadRequest(err))
		return
	}
	page, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := r.URL.Query().Get("lang")
	switch lang {
	case "fr", "en":
	case "":
		lang = preferredLang(nil, r)
	default:
		s.fail(w, r, invalidRequest("lang", "lang must be fr or en, not %q.", lang))
		return
	}
	rows, err := s.portfolio(r.Context(), userFromContext(r.Context()), pq, lang)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dir := "asc"
	if pq.Desc {
		dir = "desc"
	}
	list := pageOf(rows, page)
	writeJSON(w, http.StatusOK, portfolioJSON{Period: pq.Kind, Sort: pq.Sort, Dir: dir, Lang: lang, Items: list.Items, Total: list.Total})
}
