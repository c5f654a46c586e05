package web

import (
	"net/http"

	"closer"
)

// Access is what a route requires of the request.
type Access int

// The access levels of routes.
const (
	Public   Access = iota // anyone
	SignedIn               // a valid bearer token
	Member                 // a valid token of an active member of the org of {slug}
)

// Route is one endpoint: a ServeMux method and pattern, who may call it and
// what serves it. Routes lists them all, for the mux and for the tests that
// check the OpenAPI document against them.
type Route struct {
	Method  string
	Pattern string
	Access  Access
	Handler http.HandlerFunc
}

// listPaths maps the URL segment of each configurable list to its kind.
var listPaths = []struct {
	segment string
	kind    closer.ListKind
}{
	{"stages", closer.ListStages},
	{"loss-reasons", closer.ListLossReasons},
	{"vanish-reasons", closer.ListVanishReasons},
	{"competitors", closer.ListCompetitors},
	{"sources", closer.ListSources},
}

// Routes returns every route the server answers.
func (s *Server) Routes() []Route {
	const org = "/api/v1/orgs/{slug}"
	routes := []Route{
		{"GET", "/healthz", Public, s.health},
		{"GET", "/api/v1/openapi.json", Public, serveOpenAPI},

		{"GET", "/api/v1/orgs", SignedIn, s.listOrgs},
		{"GET", org, Member, s.getOrg},
		{"GET", org + "/members", Member, s.listMembers},
		{"POST", org + "/members", Member, s.addMember},
		{"PATCH", org + "/members/{id}", Member, s.updateMember},
		{"POST", org + "/members/{id}/reassign", Member, s.reassignMember},
		{"POST", org + "/invitations", Member, s.createInvitation},
		{"GET", org + "/invitations", Member, s.listInvitations},
		{"DELETE", org + "/invitations/{id}", Member, s.revokeInvitation},
		{"POST", "/api/v1/invitations/{secret}/accept", SignedIn, s.acceptInvitation},

		{"GET", org + "/accounts", Member, s.listAccounts},
		{"POST", org + "/accounts", Member, s.createAccount},
		{"GET", org + "/accounts/{id}", Member, s.getAccount},
		{"PATCH", org + "/accounts/{id}", Member, s.updateAccount},
		{"DELETE", org + "/accounts/{id}", Member, s.deleteAccount},

		{"GET", org + "/contacts", Member, s.listContacts},
		{"POST", org + "/contacts", Member, s.createContact},
		{"GET", org + "/contacts/{id}", Member, s.getContact},
		{"PATCH", org + "/contacts/{id}", Member, s.updateContact},
		{"DELETE", org + "/contacts/{id}", Member, s.deleteContact},
		{"GET", org + "/contacts/{id}/personal-data", Member, s.contactPersonalData},
		{"POST", org + "/contacts/{id}/erase", Member, s.eraseContact},

		{"GET", org + "/opportunities", Member, s.listOpportunities},
		{"POST", org + "/opportunities", Member, s.createOpportunity},
		{"GET", org + "/opportunities/{id}", Member, s.getOpportunity},
		{"PATCH", org + "/opportunities/{id}", Member, s.updateOpportunity},
		{"DELETE", org + "/opportunities/{id}", Member, s.deleteOpportunity},
		{"POST", org + "/opportunities/{id}/hold", Member, s.holdOpportunity},
		{"POST", org + "/opportunities/{id}/resume", Member, s.resumeOpportunity},
		{"POST", org + "/opportunities/{id}/close", Member, s.closeOpportunity},
		{"POST", org + "/opportunities/{id}/reopen", Member, s.reopenOpportunity},
		{"GET", org + "/opportunities/{id}/events", Member, s.opportunityEvents},

		{"GET", org + "/quotes", Member, s.listQuotes},
		{"POST", org + "/quotes", Member, s.createQuote},
		{"GET", org + "/quotes/{id}", Member, s.getQuote},
		{"PATCH", org + "/quotes/{id}", Member, s.updateQuote},
		{"DELETE", org + "/quotes/{id}", Member, s.deleteQuote},

		{"GET", org + "/orders", Member, s.listOrders},
		{"POST", org + "/orders", Member, s.createOrder},
		{"GET", org + "/orders/{id}", Member, s.getOrder},
		{"PATCH", org + "/orders/{id}", Member, s.updateOrder},
		{"DELETE", org + "/orders/{id}", Member, s.deleteOrder},

		{"GET", org + "/activities", Member, s.listActivities},
		{"POST", org + "/activities", Member, s.createActivity},
		{"GET", org + "/activities/{id}", Member, s.getActivity},
		{"PATCH", org + "/activities/{id}", Member, s.updateActivity},
		{"DELETE", org + "/activities/{id}", Member, s.deleteActivity},

		{"GET", org + "/targets", Member, s.listTargets},
		{"PUT", org + "/targets", Member, s.setTarget},
		{"DELETE", org + "/targets/{id}", Member, s.deleteTarget},

		{"GET", org + "/stats", Member, s.getStats},
		{"GET", org + "/stats/funnel", Member, s.getFunnel},
		{"GET", org + "/stats/losses", Member, s.getLosses},
		{"GET", org + "/stats/vanishings", Member, s.getVanishings},
		{"GET", org + "/diagnostics", Member, s.getDiagnostics},

		{"POST", org + "/imports", Member, s.createImport},
		{"GET", org + "/imports/profiles", Member, s.listImportProfiles},
		{"GET", org + "/exports", Member, s.getExport},

		{"GET", org + "/audit", Member, s.getAuditLog},
		{"GET", "/api/v1/portfolio", SignedIn, s.getPortfolio},
		{"GET", org + "/notes", Member, s.listNotes},
		{"POST", org + "/notes", Member, s.createNote},
		{"GET", org + "/notes/{id}", Member, s.getNote},
		{"PUT", org + "/notes/{id}", Member, s.updateNote},
		{"GET", org + "/notes/{id}/history", Member, s.noteHistory},
	}
	// The five configurable lists share one set of handlers.
	for _, l := range listPaths {
		routes = append(routes,
			Route{"GET", org + "/" + l.segment, Member, s.listItems(l.kind)},
			Route{"POST", org + "/" + l.segment, Member, s.createListItem(l.kind)},
			Route{"PATCH", org + "/" + l.segment + "/{id}", Member, s.updateListItem(l.kind)},
		)
	}
	return routes
}
