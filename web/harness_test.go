package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"closer"
	"closer/sqlstore"
	"closer/web"
)

// today is the fixed "now" of every API test: dates in scenarios are
// relative to 2025-06-15.
var today = time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)

// fixture is a running server over a real store holding two orgs: acme, with
// one member of each role (and a second salesperson), and other, whose owner
// is an outsider to acme.
type fixture struct {
	t      *testing.T
	db     *sqlstore.DB
	srv    *httptest.Server
	tokens map[string]string // by role name: owner, manager, sales, sales2, consultant, outsider
	ids    map[string]int64  // named records, for {name} in paths and bodies
}

// newFixture builds the orgs, members, tokens and a few records through the
// store, and starts the server on a random loopback port.
func newFixture(t *testing.T, db *sqlstore.DB) *fixture {
	t.Helper()
	return newFixtureAt(t, db, today)
}

// newFixtureAt is newFixture with the clock of the store and the server
// fixed at now.
func newFixtureAt(t *testing.T, db *sqlstore.DB, now time.Time) *fixture {
	t.Helper()
	db.Now = func() time.Time { return now }
	f := &fixture{t: t, db: db, tokens: map[string]string{}, ids: map[string]int64{}}
	sys := closer.NewSystemContext(context.Background())
	for _, slug := range []string{"acme", "other"} {
		must(t, db.CreateOrg(sys, &closer.Org{Name: strings.ToUpper(slug[:1]) + slug[1:], Slug: slug}, "en"))
	}
	for _, m := range []struct{ key, org, role string }{
		{"owner", "acme", "owner"}, {"manager", "acme", "manager"}, {"sales", "acme", "sales"},
		{"sales2", "acme", "sales"}, {"consultant", "acme", "consultant"}, {"outsider", "other", "owner"},
	} {
		u := &closer.User{Email: m.key + "@example.test", Name: "User " + m.key}
		must(t, db.CreateUser(sys, u, ""))
		must(t, db.AddMember(sys, m.org, u.Email, closer.Role(m.role)))
		secret, _, err := db.CreateToken(sys, u.ID, "test")
		must(t, err)
		f.tokens[m.key] = secret
		f.ids[m.key] = u.ID
	}
	f.srv = httptest.NewServer(newTestServer(t, db, now).Handler())
	t.Cleanup(f.srv.Close)
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// actor returns the context of a member acting in org, for store fixtures.
func (f *fixture) actor(key, slug string) context.Context {
	a, _, err := f.db.Actor(context.Background(), f.ids[key], slug)
	must(f.t, err)
	return closer.NewContextWithActor(context.Background(), a)
}

// seed creates the records most scenario tables need: an account, a contact,
// an open opportunity of each salesperson, and an opportunity, an account
// and a contact in the other org.
func (f *fixture) seed() {
	ctx := f.actor("manager", "acme")
	acc := &closer.Account{Name: "Dupont SARL", OwnerID: f.ids["sales"]}
	must(f.t, f.db.CreateAccount(ctx, acc))
	f.ids["account"] = acc.ID
	c := &closer.Contact{Name: "Marie Dupont", AccountID: acc.ID, OwnerID: f.ids["sales"]}
	must(f.t, f.db.CreateContact(ctx, c))
	f.ids["contact"] = c.ID
	for _, o := range []struct{ key, owner string }{{"opp", "sales"}, {"opp2", "sales2"}} {
		opp := &closer.Opportunity{Title: "Windows for " + o.key, OwnerID: f.ids[o.owner], AccountID: acc.ID, Amount: 120000, DetectedOn: closer.MustDate("2025-05-02")}
		must(f.t, f.db.CreateOpportunity(ctx, opp))
		f.ids[o.key] = opp.ID
	}
	other := f.actor("outsider", "other")
	oacc := &closer.Account{Name: "Foreign account"}
	must(f.t, f.db.CreateAccount(other, oacc))
	f.ids["foreign_account"] = oacc.ID
	oc := &closer.Contact{Name: "Foreign contact"}
	must(f.t, f.db.CreateContact(other, oc))
	f.ids["foreign_contact"] = oc.ID
	oo := &closer.Opportunity{Title: "Foreign opportunity"}
	must(f.t, f.db.CreateOpportunity(other, oo))
	f.ids["foreign_opp"] = oo.ID
	l, err := f.db.Lists(ctx)
	must(f.t, err)
	for _, k := range closer.ListKinds {
		for _, it := range l.Of(k) {
			f.ids[string(k)+":"+it.Name] = it.ID
		}
	}
}

// expand replaces {name} by the id of the named record.
func (f *fixture) expand(s string) string {
	for name, id := range f.ids {
		s = strings.ReplaceAll(s, "{"+name+"}", strconv.FormatInt(id, 10))
	}
	return s
}

// response is what a request got.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic value.
func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return v
}

// do sends a request as the member key ("" for none, "bad" for a bad
// token) and checks the answer against the OpenAPI document.
func (f *fixture) do(t *testing.T, as, method, path, body string, header map[string]string) response {
	t.Helper()
	path, body = f.expand(path), f.expand(body)
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	must(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	switch as {
	case "":
	case "bad":
		req.Header.Set("Authorization", "Bearer closer_not-a-real-token")
	default:
		req.Header.Set("Authorization", "Bearer "+f.tokens[as])
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := f.srv.Client().Do(req)
	must(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	must(t, err)
	got := response{status: res.StatusCode, header: res.Header, body: b}
	checkAgainstDocument(t, req, body, got)
	return got
}

var (
	docOnce   sync.Once
	docRouter routers.Router
	docErr    error

	coveredMu sync.Mutex
	covered   = map[string]bool{} // "METHOD /path/template" answered with a 2xx and validated
)

// openAPIRouter loads the embedded document once and builds a router on it.
func openAPIRouter(t testing.TB) routers.Router {
	t.Helper()
	docOnce.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromData(web.OpenAPI())
		if err != nil {
			docErr = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			docErr = err
			return
		}
		docRouter, docErr = gorillamux.NewRouter(doc)
	})
	if docErr != nil {
		t.Fatalf("OpenAPI document: %v", docErr)
	}
	return docRouter
}

// checkAgainstDocument fails the test when a response (and, for successful
// calls, the request) does not match the OpenAPI document: an undocumented
// path, method, status or ETag header, a body outside its schema, or a
// described header missing or malformed.
func checkAgainstDocument(t *testing.T, req *http.Request, body string, got response) {
	t.Helper()
	ctx := context.Background()
	route, params, err := openAPIRouter(t).FindRoute(req)
	if err != nil {
		if got.status == http.StatusNotFound && bytes.Contains(got.body, []byte("No such endpoint")) {
			return // an unknown path answers a JSON 404 and is, rightly, not described
		}
		t.Errorf("%s %s is not described by the OpenAPI document: %v", req.Method, req.URL.Path, err)
		return
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if got.status < 300 {
		r2 := req.Clone(ctx)
		r2.Body = io.NopCloser(strings.NewReader(body))
		in.Request = r2
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			t.Errorf("request %s %s %s does not match the document: %v", req.Method, req.URL.Path, body, err)
		}
	}
	err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: got.status, Header: got.header,
		Body: io.NopCloser(bytes.NewReader(got.body)), Options: opts,
	})
	if err != nil {
		t.Errorf("response %d to %s %s does not match the document: %v\n%s", got.status, req.Method, req.URL.Path, err, got.body)
		return
	}
	// kin-openapi checks the headers a response describes, not that it
	// describes those it sends: an ETag, which clients keep for If-Match,
	// must be in the document.
	if got.header.Get("ETag") != "" {
		if resp := route.Operation.Responses.Status(got.status); resp == nil || resp.Value == nil || resp.Value.Headers["ETag"] == nil {
			t.Errorf("response %d to %s %s sends an ETag that the document does not describe", got.status, req.Method, route.Path)
		}
	}
	if got.status < 300 {
		coveredMu.Lock()
		covered[req.Method+" "+route.Path] = true
		coveredMu.Unlock()
	}
}

// scenario is one request and what it must get.
type scenario struct {
	name   string
	as     string // member key; "" sends no token, "bad" a bad one
	method string
	path   string // {name} is replaced by the id of a fixture record
	body   string
	header map[string]string
	status int
	field  string   // the error's field, when an error is expected
	want   []string // substrings the body must hold (after {name} expansion)
	save   string   // remember the answer's id under this name
}

// run plays the scenarios in order; later ones may use what earlier ones saved.
func (f *fixture) run(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			got := f.do(t, sc.as, sc.method, sc.path, sc.body, sc.header)
			if got.status != sc.status {
				t.Fatalf("%s %s: status %d, want %d\n%s", sc.method, sc.path, got.status, sc.status, got.body)
			}
			if got.status >= 400 {
				e, _ := got.json(t)["error"].(map[string]any)
				if e == nil {
					t.Fatalf("error answer without an error object: %s", got.body)
				}
				if field, _ := e["field"].(string); field != sc.field {
					t.Errorf("error field %q, want %q (%s)", field, sc.field, e["message"])
				}
			}
			for _, w := range sc.want {
				if w = f.expand(w); !strings.Contains(string(got.body), w) {
					t.Errorf("body lacks %s:\n%s", w, got.body)
				}
			}
			if sc.save != "" {
				id, _ := got.json(t)["id"].(float64)
				if id == 0 {
					t.Fatalf("no id to save in %s", got.body)
				}
				f.ids[sc.save] = int64(id)
			}
		})
	}
}
