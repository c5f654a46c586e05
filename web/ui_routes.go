package web

import "net/http"

// The web app's access levels, beside the API's (routes.go).
const (
	Page    Access = iota + 100 // a signed-in browser session
	OrgPage                     // a session of an active member of the org of {slug}
)

// PageRoutes returns every route of the web app (the API's are in Routes).
// Each area of the app lists its pages in its own file; they are all
// gathered here.
func (s *Server) PageRoutes() []Route {
	routes := []Route{
		{"GET", "/static/", Public, serveStatic},
		{"GET", "/signin", Public, s.signinPage},
		{"POST", "/signin", Public, s.signin},
		{"POST", "/signout", Public, s.signout},
		{"GET", "/{$}", Page, s.home},
		{"POST", "/lang", Page, s.setLang},
		{"GET", "/o/{slug}/{$}", OrgPage, s.orgHome},
	}
	routes = append(routes, s.opportunityPageRoutes()...)
	routes = append(routes, s.dayPageRoutes()...)
	routes = append(routes, s.recordPageRoutes()...)
	routes = append(routes, s.settingsPageRoutes()...)
	routes = append(routes, s.importPageRoutes()...)
	routes = append(routes, s.myAccountPageRoutes()...)
	routes = append(routes, s.auditPageRoutes()...)
	routes = append(routes, s.teamPageRoutes()...)
	routes = append(routes, s.personalDataPageRoutes()...)
	routes = append(routes, s.consultantPageRoutes()...)
	routes = append(routes, s.dashboardPageRoutes()...)
	routes = append(routes, s.livePageRoutes()...)
	routes = append(routes, s.invitationPageRoutes()...)
	return routes
}

// orgHome sends the reader to the org's day.
func (s *Server) orgHome(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/o/"+r.PathValue("slug")+"/today", http.StatusSeeOther)
}

// guardPage wraps a page in the session, org and cross-origin checks its
// access level needs. Unsafe methods from another origin are refused
// (http.CrossOriginProtection, with SameSite=Lax cookies): that is the
// CSRF protection of every form.
func (s *Server) guardPage(rt Route) http.Handler {
	var h http.Handler = rt.Handler
	switch rt.Access {
	case OrgPage:
		h = s.requireSession(s.requireOrgPage(s.publishChanges(h)))
	case Page:
		h = s.requireSession(h)
	}
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Cross-origin request refused.", http.StatusForbidden)
	}))
	return csrf.Handler(h)
}
