package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/demo"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// fixturePassword is every fixture user's password.
const fixturePassword = "password123"

// fixtureMembers are the users of the fixture orgs: acme has an owner, a
// manager, two salespeople and a consultant; other has its own owner.
var fixtureMembers = []struct {
	email, name, org string
	role             closer.Role
}{
	{"owner@acme.test", "Alice Martin", "acme", closer.RoleOwner},
	{"manager@acme.test", "Marc Petit", "acme", closer.RoleManager},
	{"sales@acme.test", "Sophie Bernard", "acme", closer.RoleSales},
	{"sales2@acme.test", "Hugo Leroy", "acme", closer.RoleSales},
	{"consultant@acme.test", "Claire Conseil", "acme", closer.RoleConsultant},
	{"owner@other.test", "Olivier Autre", "other", closer.RoleOwner},
}

// fixtureOrgs creates the orgs "acme" and "other" with their members
// (fixtureMembers), and returns the acme owner's context.
func fixtureOrgs(t *testing.T, db *sqlstore.DB) context.Context {
	t.Helper()
	sys := closer.NewSystemContext(context.Background())
	for _, slug := range []string{"acme", "other"} {
		must(t, db.CreateOrg(sys, &closer.Org{Name: strings.ToUpper(slug[:1]) + slug[1:], Slug: slug}, "fr"))
	}
	for _, m := range fixtureMembers {
		must(t, db.CreateUser(sys, &closer.User{Email: m.email, Name: m.name}, fixturePassword))
		must(t, db.AddMember(sys, m.org, m.email, m.role))
	}
	_, ctx := fixtureUsers(t, db)
	return ctx["owner@acme.test"]
}

// fixtureUsers returns the id of each fixture user and their acting
// context in their org, by e-mail.
func fixtureUsers(t *testing.T, db *sqlstore.DB) (map[string]int64, map[string]context.Context) {
	t.Helper()
	ids, ctx := map[string]int64{}, map[string]context.Context{}
	for _, m := range fixtureMembers {
		ids[m.email] = userID(t, db, m.email)
		a, _, err := db.Actor(closer.NewSystemContext(context.Background()), ids[m.email], m.org)
		must(t, err)
		ctx[m.email] = closer.NewContextWithActor(context.Background(), a)
	}
	return ids, ctx
}

// pageEnv is the page tests' set-up: a test server (every service, the
// clock fixed at now) over a real SQLite store holding the fixture orgs,
// with each fixture user's id and acting context.
type pageEnv struct {
	t     *testing.T
	db    *sqlstore.DB
	srv   *httptest.Server
	owner context.Context            // acme's owner
	ctx   map[string]context.Context // the acting member, by e-mail
	ids   map[string]int64           // users, by e-mail
}

func newPageEnv(t *testing.T, now time.Time) *pageEnv {
	t.Helper()
	db := sqltest.SQLite(t)
	db.Now = func() time.Time { return now }
	e := &pageEnv{t: t, db: db}
	e.owner = fixtureOrgs(t, db)
	e.ids, e.ctx = fixtureUsers(t, db)
	e.srv = httptest.NewServer(newTestServer(t, db, now).Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// do sends a page request with a new session of email ("" for none),
// without following redirects.
func (e *pageEnv) do(email, method, path string, form url.Values) pageResponse {
	e.t.Helper()
	return pageRequest(e.t, e.db, e.srv.URL, e.ids[email], method, path, form)
}

// userID returns the id of the user of email.
func userID(t testing.TB, db *sqlstore.DB, email string) int64 {
	t.Helper()
	u, err := db.FindUserByEmail(closer.NewSystemContext(context.Background()), email)
	must(t, err)
	return u.ID
}

// idOf writes an id for a path or a form.
func idOf(id int64) string { return strconv.FormatInt(id, 10) }

// demoNow is "now" in the tests and benchmarks over the demo org.
var demoNow = time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)

// demoHandler loads the demo org of n opportunities as of demoNow into a
// new SQLite store, and returns the store, the demo's sign-ins and the
// handler of a test server over it.
func demoHandler(t testing.TB, n int) (*sqlstore.DB, *demo.Credentials, http.Handler) {
	t.Helper()
	db := sqltest.SQLite(t)
	creds, err := demo.Load(context.Background(), db, demo.Options{Opportunities: n, Today: closer.DateOf(demoNow, time.UTC)})
	must(t, err)
	return db, creds, newTestServer(t, db, demoNow).Handler()
}
