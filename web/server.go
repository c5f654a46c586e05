package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"

	"closer"
)

// Server holds what the HTTP layer needs: the domain's services (a store, or
// test doubles), a health probe and a logger. Its zero value is not usable:
// set every field, then call Handler.
type Server struct {
	Orgs          closer.OrgService
	Lists         closer.ListService
	Accounts      closer.AccountService
	Opportunities closer.OpportunityService
	Sales         closer.SalesService
	Bulk          closer.BulkService
	Sessions      closer.SessionService     // browser sessions of the web app
	Stats         closer.StatsService       // statistics and diagnostics (SPEC section 3)
	Exports       closer.ExportService      // every record of the org, in batches, for exports
	Pipeline      closer.PipelineService    // the salesperson's day: agenda and board
	SavedFilters  closer.SavedFilterService // named filters of the list pages, per user
	Lookups       closer.LookupService      // names and totals for list pages, in one query per page
	Audit         closer.AuditService       // the audit log of sensitive actions (owners read it)
	Access        closer.AccessService      // a user's own sessions, tokens and password (account page)

	// TrustProxy takes the client's address from the last X-Forwarded-For
	// entry, for a server behind a reverse proxy that sets it; otherwise the
	// connection's address is the client's.
	TrustProxy bool

	// PersonalData exports and erases a contact's personal data (GDPR).
	PersonalData closer.PersonalDataService
	// Invitations invites people to an org by a one-time secret.
	Invitations closer.InvitationService
	// Mailer sends the invitation e-mails; nil when no SMTP server is
	// configured: the link is then only shown, to hand over by hand.
	Mailer closer.Mailer
	// BaseURL is the site's public address ("https://crm.example.com"),
	// for the absolute links of e-mails; empty: the request's scheme and
	// host (X-Forwarded-Proto and X-Forwarded-Host with TrustProxy).
	BaseURL    string
	Notes      closer.NoteService      // consultant notes per org and period
	Pulse      closer.PulseService     // each org's last activity, for the portfolio
	Dashboard  closer.DashboardService // the dashboard's per-owner splits
	Thresholds closer.ThresholdService // the org's diagnostics thresholds (dashboard and API)
	Changes    closer.ChangeFeed       // tells open pages that their org changed (live.go); nil: pages are static

	// Ping reports whether the database answers, for GET /healthz.
	Ping func(ctx context.Context) error
	// Logger receives request logs and internal errors; nil means slog.Default().
	Logger *slog.Logger
	// Now tells the time; nil means time.Now. Tests fix it.
	Now closer.Clock

	// MaxImports bounds the imports the server runs at once, for every
	// org (one per org at most); 0 means defaultMaxImports. See importSlots.
	MaxImports int

	ui      *uiState    // the web app's parsed pages (ui.go)
	imports importSlots // the imports running (import_slots.go)
}

// optionalServices are the service fields a server may leave nil.
var optionalServices = map[string]bool{
	"Changes": true, // pages are then static
	"Mailer":  true, // (once the invitation e-mails are merged) no SMTP server: links are shown, not mailed
}

// Check reports every service the server lacks, by field name: a nil
// service would answer 500 at the first request that needs it, so a server
// that is to serve (closer serve) refuses to start instead. Every field of
// an interface type is a service and required, but those of
// optionalServices; a service added to Server later is required at once.
func (s *Server) Check() error {
	var missing []string
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		if f.Kind() == reflect.Interface && f.IsNil() && v.Type().Field(i).IsExported() && !optionalServices[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the web server lacks the service(s) %s: set them before serving", strings.Join(missing, ", "))
	}
	return nil
}

// Handler returns the server's routes wrapped in the middleware every
// request goes through, outermost first: panic recovery, request log,
// client identification, security headers, the check of the URL's
// parameters. Authentication and the actor's org are per route (see
// Routes), so that public routes stay public.
func (s *Server) Handler() http.Handler {
	s.initUI()
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.guard(rt))
	}
	for _, rt := range s.PageRoutes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.guardPage(rt))
	}
	// Anything else under /api/ answers a JSON 404, not the mux's text page.
	mux.HandleFunc("/api/", s.notFound)
	var h http.Handler = mux
	h = s.refuseBadQueries(h)
	h = securityHeaders(h)
	h = s.identifyClient(h)
	h = s.logRequests(h)
	h = s.recoverPanics(h)
	return h
}

// guard wraps a route's handler in the middleware its access level needs,
// and an API route's in the check of its query parameters.
func (s *Server) guard(rt Route) http.Handler {
	var h http.Handler = rt.Handler
	if strings.HasPrefix(rt.Pattern, "/api/") {
		h = s.refuseUnknownParams(rt, h)
	}
	switch rt.Access {
	case Public:
	case SignedIn:
		h = s.requireUser(h)
	case Member:
		h = s.requireUser(s.requireActor(s.publishChanges(h)))
	}
	return h
}

func (s *Server) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// notFound answers a path that no route serves.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, closer.Errorf(closer.ENOTFOUND, "No such endpoint: %s %s.", r.Method, r.URL.Path))
}

// health answers 200 when the database is reachable, 503 otherwise.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if s.Ping != nil {
		if err := s.Ping(r.Context()); err != nil {
			s.logger().Error("health check failed", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
