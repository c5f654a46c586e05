package web_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
	"closer/web"
)

// The isolation matrix: every route of the router (API and pages, listed at
// run time from Routes and PageRoutes, so that routes added later are
// covered too) is requested by every kind of requester, and must answer
// what the requester's org and role allow:
//   - signed out, or with a session cookie for the API or a token for a
//     page: 401 (API) or a redirect to the sign-in page;
//   - a member of another org, through acme's slug or with acme's ids, or a
//     deactivated member of acme: 404;
//   - acme's owner with another org's ids: 404;
//   - an acme member whose role does not allow the action: 403, and nothing
//     changed (acme's data is fingerprinted before and after);
//   - an acme member whose role allows it: 2xx or 3xx.
//
// What a route allows is a default by method (reading: every member;
// writing: whoever may change the record of {id}, or create, without one),
// or its entry in isoRules. A route the matrix cannot classify (an unsafe
// route without an entry, a path value it cannot fill, a new public route)
// fails the test with its name: add its entry to isoRules.

// who is the set of acme's members a route allows.
type who int

const (
	readers     who = iota // every member, consultants included
	creators               // every member but consultants
	changers               // the record's owner (acme's "sales"), managers and owners
	managers               // managers and owners
	owners                 // the org's owner only
	itsUser                // personal records (saved filters): their user only; others get 404
	noteWriters            // consultants, managers and owners
	noteEditors            // the note's author (acme's consultant) and the owner
	self                   // every signed-in user, on their own account; another user's record is 404
	invitee                // the person an invitation names; anyone else is refused (403)
)

// isoRule is what the matrix knows of one route.
type isoRule struct {
	who  who
	kind string // the record {id} names, when the path's segment does not tell it
	// body is the request's body, valid when the requester is allowed:
	// JSON for the API, a form for pages. In it, {n} is a unique number,
	// {opp} and {account} a fresh opportunity and account owned by acme's
	// "sales", {email} the e-mail of a user who is not a member yet,
	// {version} the version of a fresh record of {id}, {sales} the id of
	// acme's "sales", {stage} the id of acme's second stage, {month} a
	// month (2040-03) no other request used.
	body string
	// upload sends body as the file of a multipart form instead.
	upload bool
	// skip names the bug that keeps the route out of the matrix for now.
	skip string
}

const (
	apiOrg  = "/api/v1/orgs/{slug}"
	pageOrg = "/o/{slug}"
)

// isoRules holds the expectations that differ from the defaults, and the
// body of every unsafe route.
var isoRules = map[string]isoRule{
	"POST " + apiOrg + "/members":       {who: owners, body: `{"email":"{email}","role":"sales"}`},
	"PATCH " + apiOrg + "/members/{id}": {who: owners, body: `{"role":"manager"}`},

	"POST " + apiOrg + "/accounts":             {who: creators, body: `{"name":"Account {n}"}`},
	"PATCH " + apiOrg + "/accounts/{id}":       {who: changers, body: `{"name":"Renamed {n}"}`},
	"DELETE " + apiOrg + "/accounts/{id}":      {who: owners},
	"POST " + apiOrg + "/contacts":             {who: creators, body: `{"name":"Contact {n}"}`},
	"PATCH " + apiOrg + "/contacts/{id}":       {who: changers, body: `{"name":"Renamed {n}"}`},
	"DELETE " + apiOrg + "/contacts/{id}":      {who: owners},
	"POST " + apiOrg + "/opportunities":        {who: creators, body: `{"title":"Opportunity {n}"}`},
	"PATCH " + apiOrg + "/opportunities/{id}":  {who: changers, body: `{"title":"Renamed {n}"}`},
	"DELETE " + apiOrg + "/opportunities/{id}": {who: owners},
	"POST " + apiOrg + "/opportunities/{id}/hold": {who: changers,
		body: `{"hold_reason":"Tender","review_on":"2025-09-01"}`},
	"POST " + apiOrg + "/opportunities/{id}/resume": {who: changers, kind: "held_opportunity", body: `{}`},
	"POST " + apiOrg + "/opportunities/{id}/close": {who: changers,
		body: `{"outcome":"won","closed_on":"2025-06-10","amount":120000}`},
	"POST " + apiOrg + "/opportunities/{id}/reopen": {who: changers, kind: "won_opportunity", body: `{}`},
	"POST " + apiOrg + "/quotes":                    {who: creators, body: `{"opportunity":{opp},"number":"Q-{n}","amount":1000,"status":"draft"}`},
	"PATCH " + apiOrg + "/quotes/{id}":              {who: changers, body: `{"status":"accepted"}`},
	"DELETE " + apiOrg + "/quotes/{id}":             {who: owners},
	"POST " + apiOrg + "/orders":                    {who: creators, body: `{"account":{account},"amount":1000,"ordered_on":"2025-06-10"}`},
	"PATCH " + apiOrg + "/orders/{id}":              {who: changers, body: `{"reference":"R-{n}"}`},
	"DELETE " + apiOrg + "/orders/{id}":             {who: owners},
	"POST " + apiOrg + "/activities":                {who: creators, body: `{"kind":"call","subject":"Call {n}","due_on":"2025-06-20"}`},
	"PATCH " + apiOrg + "/activities/{id}":          {who: changers, body: `{"subject":"Renamed {n}"}`},
	"DELETE " + apiOrg + "/activities/{id}":         {who: owners},
	"PUT " + apiOrg + "/targets":                    {who: managers, body: `{"period":"month","starts_on":"{month}-01","amount":1000}`},
	"DELETE " + apiOrg + "/targets/{id}":            {who: owners},
	"POST " + apiOrg + "/imports":                   {who: managers, upload: true, body: "title,amount\nImported {n},100\n"},
	"POST " + apiOrg + "/stages":                    {who: owners, body: `{"name":"Item {n}"}`},
	"PATCH " + apiOrg + "/stages/{id}":              {who: owners, body: `{"name":"Item {n}"}`},
	"POST " + apiOrg + "/loss-reasons":              {who: owners, body: `{"name":"Item {n}"}`},
	"PATCH " + apiOrg + "/loss-reasons/{id}":        {who: owners, body: `{"name":"Item {n}"}`},
	"POST " + apiOrg + "/vanish-reasons":            {who: owners, body: `{"name":"Item {n}"}`},
	"PATCH " + apiOrg + "/vanish-reasons/{id}":      {who: owners, body: `{"name":"Item {n}"}`},
	"POST " + apiOrg + "/competitors":               {who: owners, body: `{"name":"Item {n}"}`},
	"PATCH " + apiOrg + "/competitors/{id}":         {who: owners, body: `{"name":"Item {n}"}`},
	"POST " + apiOrg + "/sources":                   {who: owners, body: `{"name":"Item {n}"}`},
	"PATCH " + apiOrg + "/sources/{id}":             {who: owners, body: `{"name":"Item {n}"}`},

	"POST /lang": {who: readers, body: "lang=en&back=/"},

	"GET " + pageOrg + "/opportunities/new":                {who: creators},
	"POST " + pageOrg + "/opportunities/new":               {who: creators, body: "title=Opportunity+{n}"},
	"GET " + pageOrg + "/opportunities/{id}/edit":          {who: changers},
	"POST " + pageOrg + "/opportunities/{id}/edit":         {who: changers, body: "version={version}&title=Renamed+{n}&amount=1000&stage={stage}&detected_on=2025-05-02&owner={sales}"},
	"POST " + pageOrg + "/opportunities/{id}/hold":         {who: changers, body: "version={version}&hold_reason=Tender&review_on=2025-09-01"},
	"POST " + pageOrg + "/opportunities/{id}/close":        {who: changers, body: "version={version}&outcome=won&closed_on=2025-06-10&amount=1200"},
	"POST " + pageOrg + "/opportunities/{id}/reopen":       {who: changers, kind: "won_opportunity", body: "version={version}"},
	"POST " + pageOrg + "/opportunities/{id}/delete":       {who: owners, body: ""},
	"POST " + pageOrg + "/opportunities/{id}/next-action":  {who: changers, body: "version={version}&next_action_on=2025-06-20&next_action=Call"},
	"POST " + pageOrg + "/opportunities/{id}/quotes":       {who: creators, body: "number=Q-{n}&amount=100&sent_on=2025-06-01&status=sent"},
	"POST " + pageOrg + "/opportunities/{id}/orders":       {who: creators, kind: "won_opportunity", body: "amount=100&ordered_on=2025-06-10&reference=R-{n}"},
	"POST " + pageOrg + "/opportunities/{id}/activities":   {who: changers, body: "kind=call&subject=Call+{n}&due_on=2025-06-20"},
	"POST " + pageOrg + "/opportunities/{id}/stage":        {who: changers, body: "version={version}&stage={stage}"},
	"POST " + pageOrg + "/opportunities/{id}/resume":       {who: changers, kind: "held_opportunity", body: "version={version}"},
	"POST " + pageOrg + "/opportunity-filters":             {who: readers, body: "name=Filter+{n}&query=status%3Dwon"},
	"POST " + pageOrg + "/opportunity-filters/{id}/delete": {who: itsUser, body: ""},

	"GET " + pageOrg + "/accounts/new":               {who: creators},
	"POST " + pageOrg + "/accounts":                  {who: creators, body: "name=Account+{n}"},
	"GET " + pageOrg + "/accounts/{id}/edit":         {who: changers},
	"POST " + pageOrg + "/accounts/{id}":             {who: changers, body: "name=Renamed+{n}"},
	"POST " + pageOrg + "/accounts/{id}/delete":      {who: owners, body: ""},
	"GET " + pageOrg + "/accounts/{id}/contacts/new": {who: creators},
	"POST " + pageOrg + "/accounts/{id}/contacts":    {who: creators, body: "name=Contact+{n}"},
	"GET " + pageOrg + "/contacts/{id}/edit":         {who: changers},
	"POST " + pageOrg + "/contacts/{id}":             {who: changers, body: "name=Renamed+{n}"},
	"POST " + pageOrg + "/contacts/{id}/delete":      {who: owners, body: ""},
	"GET " + pageOrg + "/orders/new":                 {who: creators},
	"POST " + pageOrg + "/orders":                    {who: creators, body: "account={account}&kind=direct&amount=100&ordered_on=2025-06-10"},
	"GET " + pageOrg + "/orders/{id}/edit":           {who: changers},
	"POST " + pageOrg + "/orders/{id}":               {who: changers, body: "kind=direct&amount=200&ordered_on=2025-06-10&reference=R-{n}"},
	"POST " + pageOrg + "/orders/{id}/delete":        {who: owners, body: ""},
	"POST " + pageOrg + "/quotes/{id}/status":        {who: changers, body: "status=accepted"},
	"GET " + pageOrg + "/activities/new":             {who: creators},
	"POST " + pageOrg + "/activities":                {who: creators, body: "kind=call&subject=Call+{n}&due_on=2025-06-20"},
	"GET " + pageOrg + "/activities/{id}/edit":       {who: changers},
	"POST " + pageOrg + "/activities/{id}":           {who: changers, body: "kind=call&subject=Renamed+{n}&due_on=2025-06-20"},
	"POST " + pageOrg + "/activities/{id}/done":      {who: changers, body: ""},
	"POST " + pageOrg + "/activities/{id}/delete":    {who: owners, body: ""},

	"GET " + pageOrg + "/settings":                      {who: managers},
	"POST " + pageOrg + "/settings/lists/{kind}":        {who: owners, body: "name=Item+{n}"},
	"POST " + pageOrg + "/settings/lists/{kind}/{id}":   {who: owners, kind: "stages", body: "name=Item+{n}"},
	"POST " + pageOrg + "/settings/targets":             {who: managers, body: "period=month:{month}-01&amount=1000"},
	"POST " + pageOrg + "/settings/targets/{id}/delete": {who: owners, body: ""},
	"POST " + pageOrg + "/settings/members/{id}":        {who: owners, kind: "member", body: "role=manager"},

	"GET " + pageOrg + "/import":  {who: managers},
	"POST " + pageOrg + "/import": {who: managers, upload: true, body: "title,amount\nImported {n},100\n"},
	// An upload is its uploader's (acme's owner): a manager gets 404.
	"GET " + pageOrg + "/import/{id}":          {who: itsUser},
	"POST " + pageOrg + "/import/{id}":         {who: itsUser, body: importMappingForm},
	"POST " + pageOrg + "/import/{id}/run":     {who: itsUser, kind: "import_job", body: ""},
	"GET " + pageOrg + "/import/{id}/job":      {who: itsUser, kind: "import_job"},
	"GET " + pageOrg + "/import/{id}/progress": {who: itsUser, kind: "import_job"},

	// The team, personal data, the audit log, the dashboard's thresholds.
	"POST " + apiOrg + "/members/{id}/reassign":           {who: owners, body: `{"to":{sales}}`},
	"POST " + pageOrg + "/settings/members/{id}/reassign": {who: owners, kind: "member", body: "to={sales}"},
	"GET " + apiOrg + "/invitations":                      {who: owners},
	"POST " + apiOrg + "/invitations":                     {who: owners, body: `{"email":"{email}","role":"sales"}`},
	"DELETE " + apiOrg + "/invitations/{id}":              {who: owners},
	// The secret is the credential: only the person it invites may accept.
	"POST /api/v1/invitations/{secret}/accept":        {who: invitee, kind: "invitation_secret"},
	"GET " + apiOrg + "/contacts/{id}/personal-data":  {who: managers},
	"GET " + pageOrg + "/contacts/{id}/personal-data": {who: managers},
	"POST " + apiOrg + "/contacts/{id}/erase":         {who: managers, body: `{"confirm":true}`},
	"POST " + pageOrg + "/contacts/{id}/erase":        {who: managers, body: ""},
	"GET " + apiOrg + "/audit":                        {who: owners},
	"GET " + pageOrg + "/settings/audit":              {who: owners},
	"GET " + pageOrg + "/dashboard/thresholds":        {who: owners},
	"POST " + pageOrg + "/dashboard/thresholds":       {who: owners, body: "action=reset"},

	// Invitations from the settings page (owners); their public page is in publicRoutes.
	"POST " + pageOrg + "/settings/invitations":             {who: owners, body: "email={email}&role=sales"},
	"POST " + pageOrg + "/settings/invitations/{id}/renew":  {who: owners, kind: "invitation", body: ""},
	"POST " + pageOrg + "/settings/invitations/{id}/revoke": {who: owners, kind: "invitation", body: ""},

	// Consultant notes: consultants, managers and owners write them; a
	// note (the matrix's are written by the org's consultant) is edited by
	// its author and the owner.
	"POST " + apiOrg + "/notes":       {who: noteWriters, body: `{"period":"month","starts_on":"{month}-01","body":"Note {n}"}`},
	"PUT " + apiOrg + "/notes/{id}":   {who: noteEditors, body: `{"body":"Edited {n}","version":{version}}`},
	"POST " + pageOrg + "/notes":      {who: noteWriters, body: "period=month:{month}-01&body=Note+{n}"},
	"POST " + pageOrg + "/notes/{id}": {who: noteEditors, body: "version={version}&body=Edited+{n}"},

	// A user's own account: sessions, tokens, password. Another user's
	// session or token is 404.
	"POST /account/password":               {who: self, body: "current_password=" + isoPassword + "&new_password=" + isoPassword + "&confirm_password=" + isoPassword},
	"POST /account/sessions/{ref}/revoke":  {who: self, body: ""},
	"POST /account/sessions/revoke-others": {who: self, body: ""},
	"POST /account/tokens":                 {who: self, body: "name=Token+{n}"},
	"POST /account/tokens/{id}/revoke":     {who: self, body: ""},
}

// importMappingForm maps the test upload's two columns.
const importMappingForm = "action=check&delimiter=,&encoding=utf-8&date_format=2006-01-02&decimal_separator=.&col.title=title&col.amount=amount"

// publicRoutes are the routes anyone may call; a route made public later
// must be added here on purpose.
var publicRoutes = map[string]bool{
	"GET /healthz": true, "GET /api/v1/openapi.json": true,
	"GET /static/": true, "GET /signin": true, "POST /signin": true, "POST /signout": true,
	// An invitation's page: its secret is the credential (TestInvitationPage).
	"GET /invitations/{secret}": true, "POST /invitations/{secret}": true,
}

// kindOfSegment tells the record an {id} names from the path segment before it.
var kindOfSegment = map[string]string{
	"opportunities": "opportunity", "accounts": "account", "contacts": "contact", "quotes": "quote",
	"orders": "order", "activities": "activity", "targets": "target", "members": "member",
	"opportunity-filters": "filter", "import": "import",
	"notes": "note", "invitations": "invitation", "sessions": "session", "tokens": "token",
	"stages": "stages", "loss-reasons": "loss-reasons", "vanish-reasons": "vanish-reasons",
	"competitors": "competitors", "sources": "sources",
}

// isoRoute is one route as the matrix plays it.
type isoRoute struct {
	web.Route
	key  string // "METHOD pattern"
	api  bool
	rule isoRule
	kind string // of {id}; "" when the path has none
}

// isoRoutes lists the server's routes with their rules; a route the matrix
// cannot classify is reported, not played.
func isoRoutes(t *testing.T, s *web.Server) []isoRoute {
	var out []isoRoute
	add := func(rt web.Route, api bool) {
		key := rt.Method + " " + rt.Pattern
		if rt.Access == web.Public {
			if !publicRoutes[key] {
				t.Errorf("route %s is public but not in publicRoutes (isolation_test.go): add it there if anyone may call it", key)
			}
			return
		}
		r := isoRoute{Route: rt, key: key, api: api}
		rule, ok := isoRules[key]
		unsafe := rt.Method != http.MethodGet && rt.Method != http.MethodHead
		if !ok && unsafe {
			t.Errorf("route %s changes data but has no entry in isoRules (isolation_test.go): say who may call it and with which body", key)
			return
		}
		if !ok {
			rule = isoRule{who: readers}
		}
		r.rule = rule
		if rule.skip != "" {
			t.Logf("route %s left out of the isolation matrix: %s", key, rule.skip)
			return
		}
		if rec := recordValue(rt.Pattern); rec != "" {
			r.kind = rule.kind
			if r.kind == "" {
				segs := strings.Split(rt.Pattern, "/")
				for i, seg := range segs {
					if seg == rec && i > 0 {
						r.kind = kindOfSegment[segs[i-1]]
					}
				}
			}
			if r.kind == "" {
				t.Errorf("route %s: the isolation matrix cannot tell what %s names; add its segment to kindOfSegment or a kind to its isoRules entry", key, rec)
				return
			}
		}
		for _, pv := range pathValues(rt.Pattern) {
			switch pv {
			case "slug", "id", "ref", "secret", "kind", "name", "$":
			default:
				t.Errorf("route %s: the isolation matrix cannot fill {%s}; teach isoPath about it", key, pv)
				return
			}
		}
		out = append(out, r)
	}
	for _, rt := range s.Routes() {
		add(rt, true)
	}
	for _, rt := range s.PageRoutes() {
		add(rt, false)
	}
	for key := range isoRules {
		found := false
		for _, r := range out {
			found = found || r.key == key
		}
		if !found && isoRules[key].skip == "" {
			t.Errorf("isoRules has an entry for %s, which the router does not serve: remove it", key)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// pathValues returns the names of a pattern's wildcards.
func pathValues(pattern string) []string {
	var out []string
	for _, seg := range strings.Split(pattern, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}"))
		}
	}
	return out
}

// recordValue is the wildcard of a pattern that names a record: {id}, a
// session's {ref} or an invitation's {secret}; "" when it has none.
func recordValue(pattern string) string {
	for _, w := range []string{"{id}", "{ref}", "{secret}"} {
		if strings.Contains(pattern, w) {
			return w
		}
	}
	return ""
}

// isoChart is the chart {name} names: the funnel, which shows the org's
// stages.
const isoChart = "funnel.svg"

// isoPath fills a pattern with an org's slug and a record's id (or ref, or
// secret).
func isoPath(pattern, slug, id string) string {
	p := strings.ReplaceAll(pattern, "{slug}", slug)
	if rec := recordValue(p); rec != "" {
		p = strings.ReplaceAll(p, rec, id)
	}
	p = strings.ReplaceAll(p, "{kind}", "stages")
	p = strings.ReplaceAll(p, "{name}", isoChart)
	return strings.ReplaceAll(p, "{$}", "")
}

// body fills a rule's body for one request.
func (e *isoEnv) body(r isoRoute) (ctype, body string) {
	b := r.rule.body
	n := e.next()
	b = strings.ReplaceAll(b, "{n}", strconv.Itoa(n))
	b = strings.ReplaceAll(b, "{month}", fmt.Sprintf("%d-%02d", 2040+n/12, n%12+1))
	if strings.Contains(b, "{opp}") {
		b = strings.ReplaceAll(b, "{opp}", e.fresh("opportunity", "acme"))
	}
	if strings.Contains(b, "{account}") {
		b = strings.ReplaceAll(b, "{account}", e.fresh("account", "acme"))
	}
	if strings.Contains(b, "{email}") {
		b = strings.ReplaceAll(b, "{email}", "new"+strconv.Itoa(n)+"@iso.test")
		// the user exists, but is not a member of acme yet
		e.newUser("new" + strconv.Itoa(n) + "@iso.test")
	}
	b = strings.ReplaceAll(b, "{sales}", strconv.FormatInt(e.users["sales"], 10))
	if strings.Contains(b, "{stage}") {
		l, err := e.db.Lists(e.ctx["owner"])
		must(e.t, err)
		b = strings.ReplaceAll(b, "{stage}", strconv.FormatInt(l.Stages[1].ID, 10))
	}
	switch {
	case r.rule.upload && r.api:
		return importUploadBody("deals.csv", b, "mapping", `{"entity":"opportunities","columns":{"title":"title","amount":"amount"}}`)
	case r.rule.upload:
		return importUploadBody("deals.csv", b)
	case r.api && b != "":
		return "application/json", b
	case !r.api && r.Method != http.MethodGet:
		return "application/x-www-form-urlencoded", b
	}
	return "", b
}

// versionOf is the version of a fresh record of kind.
func versionOf(kind string) string {
	switch kind {
	case "held_opportunity", "won_opportunity":
		return "2"
	}
	return "1"
}

// recordUser is the member whose personal records of kind are: the
// uploads of the import screen are the owner's, saved filters "sales"'s.
func recordUser(kind string) string {
	if strings.HasPrefix(kind, "import") {
		return "owner"
	}
	return "sales"
}

// allows reports whether acme's member key may make the request.
func (r isoRoute) allows(key string) bool {
	switch r.rule.who {
	case readers:
		return true
	case creators:
		return key != "consultant"
	case changers:
		return key == "owner" || key == "manager" || key == "sales"
	case managers:
		return key == "owner" || key == "manager"
	case owners:
		return key == "owner"
	case itsUser:
		return key == recordUser(r.kind)
	case noteWriters:
		return key == "owner" || key == "manager" || key == "consultant"
	case noteEditors:
		return key == "owner" || key == "consultant"
	}
	return false
}

// expectation is the answer a request must get.
type expectation int

const (
	expectAllowed expectation = iota
	expectForbidden
	expectNotFound
	expectSignIn
	expectRefused // 403 or 404: another member's personal record
)

func (x expectation) String() string {
	return [...]string{"2xx/3xx", "403", "404", "401 or the sign-in page", "403 or 404"}[x]
}

// check reports whether res is what x expects of a route.
func (x expectation) check(api bool, res isoResponse) bool {
	switch x {
	case expectAllowed:
		return res.status >= 200 && res.status < 400 && !strings.HasPrefix(res.location, "/signin")
	case expectForbidden:
		return res.status == http.StatusForbidden
	case expectNotFound:
		return res.status == http.StatusNotFound
	case expectRefused:
		return res.status == http.StatusForbidden || res.status == http.StatusNotFound
	case expectSignIn:
		if api {
			return res.status == http.StatusUnauthorized
		}
		return res.status == http.StatusSeeOther && strings.HasPrefix(res.location, "/signin")
	}
	return false
}

// isoCase is one request of the matrix.
type isoCase struct {
	name   string
	as     string // requester key; "" for nobody
	slug   string
	idOrg  string // whose record {id} names
	expect expectation
}

// TestIsolationMatrix plays every route with every requester, on SQLite and
// PostgreSQL.
func TestIsolationMatrix(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newIsoEnv(t, db)
		routes := isoRoutes(t, &web.Server{})
		for _, r := range routes {
			t.Run(r.key, func(t *testing.T) { e.t = t; e.playRoute(r) })
		}
		t.Logf("the isolation matrix played %d routes with %d checked requests", len(routes), e.checks)
	})
}

// playRoute sends a route's requests: first those that must be refused,
// checking after each that acme's data did not change, then those that must
// be allowed.
func (e *isoEnv) playRoute(r isoRoute) {
	if r.rule.who == self || r.rule.who == invitee {
		e.playOwnRoute(r)
		return
	}
	t := e.t
	unsafe := r.Method != http.MethodGet
	member := r.Access == web.Member || r.Access == web.OrgPage
	var refused []isoCase
	refused = append(refused, isoCase{"signed out", "", "acme", "acme", expectSignIn},
		// The API takes tokens only, so a browser's cookies cannot make a
		// cross-site request to it; pages take the session cookie only.
		isoCase{"the owner with the other credential", "crossed:owner", "acme", "acme", expectSignIn})
	if member {
		refused = append(refused, isoCase{"another org's member, acme's slug", "outsider", "acme", "acme", expectNotFound},
			isoCase{"a deactivated member of acme", "former", "acme", "acme", expectNotFound})
		if r.kind != "" {
			refused = append(refused,
				isoCase{"another org's member, own slug, acme's id", "outsider", "other", "acme", expectNotFound},
				isoCase{"acme's owner, another org's id", "owner", "acme", "other", expectNotFound})
		}
	}
	var allowed []isoCase
	for _, key := range []string{"owner", "manager", "sales", "sales2", "consultant"} {
		switch {
		case r.allows(key):
			allowed = append(allowed, isoCase{key, key, "acme", "acme", expectAllowed})
		case r.rule.who == itsUser:
			refused = append(refused, isoCase{key + " (not its user)", key, "acme", "acme", expectRefused})
		default:
			refused = append(refused, isoCase{key + " (not allowed)", key, "acme", "acme", expectForbidden})
		}
	}
	ids := map[string]string{}
	if r.kind != "" {
		if unsafe {
			ids["acme"], ids["other"] = e.fresh(r.kind, "acme"), e.fresh(r.kind, "other")
		} else {
			ids["acme"], ids["other"] = e.record(r.kind, "acme"), e.record(r.kind, "other")
		}
	}
	type request struct {
		c                 isoCase
		path, ctype, body string
	}
	var requests []request // made before the fingerprint: bodies may create records
	for _, c := range refused {
		if !member && c.as != "" && !strings.HasPrefix(c.as, "crossed:") {
			continue
		}
		ctype, body := e.body(r)
		body = strings.ReplaceAll(body, "{version}", versionOf(r.kind))
		requests = append(requests, request{c, isoPath(r.Pattern, c.slug, ids[c.idOrg]), ctype, body})
	}
	var before string
	if unsafe {
		before = e.fingerprint()
	}
	for _, q := range requests {
		res := e.send(q.c.as, r.api, r.Method, q.path, q.ctype, q.body)
		e.checks++
		if !q.c.expect.check(r.api, res) {
			t.Errorf("%s: %s %s answered %d (location %q), want %s\n%s", q.c.name, r.Method, q.path, res.status, res.location, q.c.expect, res.summary())
		}
		if unsafe {
			if after := e.fingerprint(); after != before {
				t.Errorf("%s: the refused %s %s changed acme's data", q.c.name, r.Method, q.path)
				before = after
			}
		}
	}
	for _, c := range allowed {
		id := ids["acme"]
		if unsafe && r.kind != "" {
			id = e.fresh(r.kind, "acme") // each allowed change gets its own record
		}
		path := isoPath(r.Pattern, c.slug, id)
		ctype, body := e.body(r)
		body = strings.ReplaceAll(body, "{version}", versionOf(r.kind))
		res := e.send(c.as, r.api, r.Method, path, ctype, body)
		e.checks++
		if !c.expect.check(r.api, res) {
			t.Errorf("%s: %s %s answered %d (location %q), want %s\n%s", c.name, r.Method, path, res.status, res.location, c.expect, res.summary())
		}
	}
}

// newUser creates a user who belongs to no org.
func (e *isoEnv) newUser(email string) {
	e.t.Helper()
	sys := closer.NewSystemContext(context.Background())
	must(e.t, e.db.CreateUser(sys, &closer.User{Email: email, Name: "New " + email}, ""))
}
