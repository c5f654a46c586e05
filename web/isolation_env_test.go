package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
)

// The isolation matrix's world (isolation_test.go holds the matrix): two
// orgs whose every record carries its org's marker, a member of each role
// in acme, the owner of other, and for each of them an API token and a
// browser session.

// Markers planted in the names and notes of each org's records: the other
// org's pages and answers must never show them.
const (
	acmeMarker  = "ZQXACMEMARK"
	otherMarker = "ZQXOTHERMARK"
)

// isoPassword is every matrix user's password.
const isoPassword = "iso-password-1"

// isoNow is "now" in the isolation matrix.
var isoNow = time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)

// isoEnv is a server over a real store, with its requesters and a source of
// fresh records.
type isoEnv struct {
	t        *testing.T
	db       *sqlstore.DB
	srv      *httptest.Server
	client   *http.Client
	users    map[string]int64           // by key: owner, manager, sales, sales2, consultant, outsider, former (a deactivated manager of acme), oconsultant (other's consultant)
	tokens   map[string]string          // API tokens by key
	sessions map[string]string          // session secrets by key
	ctx      map[string]context.Context // "acme": acme's manager, "other": other's owner, or a user key
	stable   map[string]string          // one record of each kind per org, for reads: "acme:account"
	n        int                        // makes names unique
	checks   int                        // requests the matrix checked
}

// newIsoEnv builds the two orgs, their members and the server, which
// carries every service (newTestServer).
func newIsoEnv(t *testing.T, db *sqlstore.DB) *isoEnv {
	t.Helper()
	db.Now = func() time.Time { return isoNow }
	e := &isoEnv{t: t, db: db, users: map[string]int64{}, tokens: map[string]string{}, sessions: map[string]string{},
		ctx: map[string]context.Context{}, stable: map[string]string{}}
	sys := closer.NewSystemContext(context.Background())
	for _, slug := range []string{"acme", "other"} {
		must(t, db.CreateOrg(sys, &closer.Org{Name: strings.ToUpper(slug[:1]) + slug[1:] + " " + orgMarker(slug), Slug: slug}, "en"))
	}
	for _, m := range []struct {
		key, org string
		role     closer.Role
	}{
		{"owner", "acme", closer.RoleOwner}, {"manager", "acme", closer.RoleManager}, {"sales", "acme", closer.RoleSales},
		{"sales2", "acme", closer.RoleSales}, {"consultant", "acme", closer.RoleConsultant}, {"outsider", "other", closer.RoleOwner},
		{"former", "acme", closer.RoleManager}, // deactivated below
		{"oconsultant", "other", closer.RoleConsultant},
	} {
		u := &closer.User{Email: m.key + "@iso.test", Name: "User " + m.key + " " + orgMarker(m.org)}
		must(t, db.CreateUser(sys, u, isoPassword))
		must(t, db.AddMember(sys, m.org, u.Email, m.role))
		secret, _, err := db.CreateToken(sys, u.ID, "test")
		must(t, err)
		e.tokens[m.key], e.users[m.key] = secret, u.ID
		if e.sessions[m.key], err = db.CreateSession(context.Background(), u.ID); err != nil {
			t.Fatal(err)
		}
		a, _, err := db.Actor(sys, u.ID, m.org)
		must(t, err)
		e.ctx[m.key] = closer.NewContextWithActor(context.Background(), a)
	}
	e.ctx["acme"], e.ctx["other"] = e.ctx["manager"], e.ctx["outsider"]
	inactive := false
	must(t, db.UpdateMember(e.ctx["owner"], e.users["former"], nil, &inactive))

	e.srv = httptest.NewServer(newTestServer(t, db, isoNow).Handler())
	t.Cleanup(e.srv.Close)
	e.client = &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return e
}

func orgMarker(slug string) string {
	if slug == "acme" {
		return acmeMarker
	}
	return otherMarker
}

// isoResponse is what a request got; body is empty for event streams,
// which are not read.
type isoResponse struct {
	status   int
	location string
	body     string
}

// send makes a request as the member key ("" for nobody): with its token
// for the API, its session cookie for pages ("crossed:owner": the other
// way round). It does not follow redirects.
func (e *isoEnv) send(as string, api bool, method, path, ctype, body string) isoResponse {
	e.t.Helper()
	var rd io.Reader
	if body != "" || method != "GET" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	must(e.t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if key, ok := strings.CutPrefix(as, "crossed:"); ok {
		as, api = key, !api // the other credential: a session cookie for the API, a token for pages
	}
	if as != "" {
		if api {
			req.Header.Set("Authorization", "Bearer "+e.tokens[as])
		} else {
			req.AddCookie(&http.Cookie{Name: "closer_session", Value: e.sessions[as]})
		}
	}
	res, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	out := isoResponse{status: res.StatusCode, location: res.Header.Get("Location")}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		return out // a live stream never ends: its status is what the matrix checks
	}
	b, err := io.ReadAll(res.Body)
	must(e.t, err)
	out.body = string(b)
	return out
}

// errorsRE finds the messages a page shows next to refused fields.
var errorsRE = regexp.MustCompile(`id="[^"]*error[^"]*"[^>]*>[^<]*|"error":\{[^}]*\}`)

// summary is what a failure message shows of an answer: its errors, or
// the start of the body.
func (r isoResponse) summary() string {
	if m := errorsRE.FindAllString(r.body, 5); m != nil {
		return strings.Join(m, "\n")
	}
	if len(r.body) > 300 {
		return r.body[:300]
	}
	return r.body
}

func (e *isoEnv) next() int {
	e.n++
	return e.n
}

// record returns the id of a long-lived record of kind in org, for reads.
func (e *isoEnv) record(kind, org string) string {
	key := org + ":" + kind
	if id, ok := e.stable[key]; ok {
		return id
	}
	id := e.fresh(kind, org)
	e.stable[key] = id
	return id
}

// fresh creates a record of kind in org (owned by acme's salesperson "sales"
// in acme, by other's owner in other) and returns its id as the path shows it.
func (e *isoEnv) fresh(kind, org string) string {
	e.t.Helper()
	ctx, mark, n := e.ctx[org], orgMarker(org), e.next()
	owner := e.users["sales"]
	if org != "acme" {
		owner = e.users["outsider"]
	}
	name := fmt.Sprintf("%s %d %s", kind, n, mark)
	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	day := closer.MustDate("2025-06-10")
	switch kind {
	case "account":
		a := &closer.Account{Name: name, OwnerID: owner, Note: mark}
		must(e.t, e.db.CreateAccount(ctx, a))
		return id(a.ID)
	case "contact":
		c := &closer.Contact{Name: name, OwnerID: owner}
		must(e.t, e.db.CreateContact(ctx, c))
		return id(c.ID)
	case "opportunity", "held_opportunity", "won_opportunity":
		acc, _ := strconv.ParseInt(e.fresh("account", org), 10, 64)
		o := &closer.Opportunity{Title: name, OwnerID: owner, AccountID: acc, Amount: 150000, Note: mark,
			NextAction: "Call " + mark, NextActionOn: day, DetectedOn: closer.MustDate("2025-05-02")}
		must(e.t, e.db.CreateOpportunity(ctx, o))
		var err error
		switch kind {
		case "held_opportunity":
			_, err = e.db.HoldOpportunity(ctx, o.ID, 0, closer.HoldInput{HoldReason: "Tender " + mark, ReviewOn: closer.MustDate("2025-09-01")})
		case "won_opportunity":
			amount := closer.Money(150000)
			_, err = e.db.CloseOpportunity(ctx, o.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: day, Amount: &amount, Note: mark})
		}
		must(e.t, err)
		return id(o.ID)
	case "quote":
		opp, _ := strconv.ParseInt(e.fresh("opportunity", org), 10, 64)
		q := &closer.Quote{OpportunityID: opp, Number: name, Amount: 150000, SentOn: day, Status: closer.QuoteSent}
		must(e.t, e.db.CreateQuote(ctx, q))
		return id(q.ID)
	case "order":
		acc, _ := strconv.ParseInt(e.fresh("account", org), 10, 64)
		o := &closer.Order{AccountID: acc, OwnerID: owner, Kind: closer.OrderDirect, Reference: name, Amount: 90000, OrderedOn: day}
		must(e.t, e.db.CreateOrder(ctx, o))
		return id(o.ID)
	case "activity":
		a := &closer.Activity{Kind: closer.ActivityCall, OwnerID: owner, Subject: name, DueOn: day, Note: mark}
		must(e.t, e.db.CreateActivity(ctx, a))
		return id(a.ID)
	case "target":
		start := closer.MustDate(fmt.Sprintf("%d-%02d-01", 2030+n/12, n%12+1))
		tg := &closer.Target{UserID: owner, Period: closer.PeriodKind("month"), StartsOn: start, Amount: 1000000}
		must(e.t, e.db.SetTarget(ctx, tg))
		return id(tg.ID)
	case "note":
		key := "consultant"
		if org != "acme" {
			key = "oconsultant"
		}
		nt := &closer.ConsultantNote{Period: closer.PeriodMonth, StartsOn: closer.MustDate("2025-06-01"), Body: name}
		must(e.t, e.db.CreateNote(e.ctx[key], nt))
		return id(nt.ID)
	case "member":
		u := &closer.User{Email: fmt.Sprintf("member%d@%s.iso.test", n, org), Name: name}
		sys := closer.NewSystemContext(context.Background())
		must(e.t, e.db.CreateUser(sys, u, ""))
		must(e.t, e.db.AddMember(sys, org, u.Email, closer.RoleSales))
		return id(u.ID)
	case "filter":
		key := "sales"
		if org != "acme" {
			key = "outsider"
		}
		f := &closer.SavedFilter{Page: "opportunities", Name: name, Query: "q=" + mark}
		must(e.t, e.db.CreateSavedFilter(e.ctx[key], f))
		return id(f.ID)
	case "invitation":
		key := "owner"
		if org != "acme" {
			key = "outsider"
		}
		_, inv, err := e.db.CreateInvitation(e.ctx[key], fmt.Sprintf("invited%d@%s.iso.test", n, org), closer.RoleSales)
		must(e.t, err)
		return id(inv.ID)
	case "import":
		return e.upload(org)
	case "import_job":
		id, owner := e.upload(org), "owner"
		if org != "acme" {
			owner = "outsider"
		}
		res := e.send(owner, false, "POST", "/o/"+org+"/import/"+id, "application/x-www-form-urlencoded", importMappingForm)
		if res.status >= 400 {
			e.t.Fatalf("import dry run: status %d\n%s", res.status, res.summary())
		}
		return id
	}
	for _, k := range closer.ListKinds {
		if kind == listSegment(k) {
			key := "owner"
			if org != "acme" {
				key = "outsider"
			}
			it := &closer.ListItem{Kind: k, Name: name}
			must(e.t, e.db.CreateListItem(e.ctx[key], it))
			return id(it.ID)
		}
	}
	e.t.Fatalf("the isolation matrix cannot make a record of kind %q", kind)
	return ""
}

// listSegment is the URL segment of a list kind ("loss-reasons").
func listSegment(k closer.ListKind) string {
	return strings.ReplaceAll(string(k), "_", "-")
}

// upload sends a small CSV through the import screen as the org's owner
// and returns the upload's id.
func (e *isoEnv) upload(org string) string {
	e.t.Helper()
	ctype, body := importUploadBody("deals.csv", "title,amount\nImported "+orgMarker(org)+",100\n")
	owner := "owner"
	if org != "acme" {
		owner = "outsider"
	}
	res := e.send(owner, false, "POST", "/o/"+org+"/import", ctype, body)
	_, id, ok := strings.Cut(res.location, "/import/")
	if res.status != http.StatusSeeOther || !ok {
		e.t.Fatalf("upload: status %d, location %q\n%s", res.status, res.location, res.body)
	}
	return strings.Split(id, "/")[0]
}

// importUploadBody is a multipart body holding one file.
func importUploadBody(name, content string, fields ...string) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	return mw.FormDataContentType(), b.String()
}

// fingerprint sums up acme's data as its owner reads it: any change a
// refused request made shows as a different fingerprint.
func (e *isoEnv) fingerprint() string { return e.fingerprintOf("owner") }

// fingerprintOf sums up the data of the org of an owner (key).
func (e *isoEnv) fingerprintOf(key string) string {
	e.t.Helper()
	ctx := e.ctx[key]
	var parts []any
	add := func(v any, err error) {
		must(e.t, err)
		parts = append(parts, v)
	}
	add(e.db.ExportOpportunities(ctx, 0, 100000))
	add(e.db.ExportAccounts(ctx, 0, 100000))
	add(e.db.ExportContacts(ctx, 0, 100000))
	add(e.db.ExportQuotes(ctx, 0, 100000))
	add(e.db.ExportOrders(ctx, 0, 100000))
	add(e.db.ExportActivities(ctx, 0, 100000))
	notes, _, err := e.db.FindNotes(ctx, closer.NoteFilter{Page: closer.Page{Limit: 100000}})
	add(notes, err)
	for _, n := range notes {
		add(e.db.NoteHistory(ctx, n.ID))
	}
	add(e.db.FindTargets(ctx, 0, closer.Date{}, closer.Date{}))
	add(e.db.Lists(ctx))
	add(e.db.Members(ctx))
	add(e.db.SavedFilters(e.ctx["sales"], "opportunities"))
	add(e.db.Invitations(ctx))
	b, err := json.Marshal(parts)
	must(e.t, err)
	return string(b)
}
