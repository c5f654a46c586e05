package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/importer"
)

// Fuzz targets of the decoders of outside input that the HTTP layer owns:
// the JSON bodies of the API, the query parameters of lists and statistics,
// and the forms of the web app. Each feeds bytes to the very functions the
// handlers call, over a Server without a database (its few lookups answer
// from memory), so that an iteration costs microseconds.

// fuzzToday is "today" in the fuzz targets.
var fuzzToday = closer.MustDate("2025-06-16")

// fuzzOrgs answers the user lookups of the decoders: one member, alice.
type fuzzOrgs struct{ closer.OrgService }

func (fuzzOrgs) FindUserByEmail(ctx context.Context, email string) (*closer.User, error) {
	if strings.EqualFold(email, "alice@example.test") {
		return &closer.User{ID: 1, Email: email}, nil
	}
	return nil, closer.Errorf(closer.ENOTFOUND, "No user %s.", email)
}

func (fuzzOrgs) Members(ctx context.Context) ([]closer.Member, error) {
	return []closer.Member{{UserID: 1, Email: "alice@example.test", Role: closer.RoleSales, Active: true}}, nil
}

// fuzzAccounts answers the account lookups of the decoders: one account.
type fuzzAccounts struct{ closer.AccountService }

func (fuzzAccounts) FindAccounts(ctx context.Context, f closer.AccountFilter) ([]*closer.Account, int, error) {
	return []*closer.Account{{ID: 7, Name: "Dupont SA"}}, 1, nil
}

func (fuzzAccounts) FindAccount(ctx context.Context, id int64) (*closer.Account, error) {
	if id == 7 {
		return &closer.Account{ID: 7, Name: "Dupont SA"}, nil
	}
	return nil, closer.Errorf(closer.ENOTFOUND, "Account not found.")
}

// fuzzOpportunities answers the opportunity lookups of the filters: one
// opportunity, 1.
type fuzzOpportunities struct{ closer.OpportunityService }

func (fuzzOpportunities) FindOpportunity(ctx context.Context, id int64) (*closer.Opportunity, error) {
	if id == 1 {
		return &closer.Opportunity{ID: 1, Title: "Toiture"}, nil
	}
	return nil, closer.Errorf(closer.ENOTFOUND, "Opportunity not found.")
}

// fuzzServer is a Server whose decoders run without a database.
func fuzzServer() *Server {
	return &Server{Orgs: fuzzOrgs{}, Accounts: fuzzAccounts{}, Opportunities: fuzzOpportunities{},
		Now: func() time.Time { return time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC) }}
}

// fuzzLists are the default English lists, with ids.
func fuzzLists() *closer.Lists {
	l := &closer.Lists{}
	defaults := closer.DefaultLists("en")
	id := int64(1)
	for _, k := range closer.ListKinds {
		for _, it := range defaults[k] {
			it.ID = id
			id++
			l.Add(it)
		}
	}
	return l
}

// wantBadRequest fails unless err is a 400 of the decoder.
func wantBadRequest(t *testing.T, what string, err error) {
	t.Helper()
	var br *badRequest
	if !errors.As(err, &br) || closer.ErrorCode(err) != closer.EINVALID {
		t.Fatalf("%s: %v (%T) is not a 400", what, err, err)
	}
}

// wantFieldError fails unless err is a refusal of the domain (or a 400)
// that names the offending field.
func wantFieldError(t *testing.T, what string, err error) {
	t.Helper()
	if closer.ErrorCode(err) != closer.EINVALID {
		t.Fatalf("%s: %v (%T) is not an EINVALID error", what, err, err)
	}
	if closer.ErrorField(err) == "" {
		t.Fatalf("%s: %v names no field", what, err)
	}
}

// jsonRequest is a POST carrying body, as a client sends it.
func jsonRequest(body string) (*httptest.ResponseRecorder, *http.Request) {
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return httptest.NewRecorder(), r
}

// decodeAs runs readJSON as a handler does; it reports whether the body
// decoded, and fails the test when a refusal is not a 400.
func decodeAs[T any](t *testing.T, what, body string, optional bool) (T, *http.Request, bool) {
	var in T
	w, r := jsonRequest(body)
	var err error
	if optional {
		err = readOptionalJSON(w, r, &in)
	} else {
		err = readJSON(w, r, &in)
	}
	if err != nil {
		wantBadRequest(t, what, err)
		return in, r, false
	}
	return in, r, true
}

// apiBodies are the request bodies of the API, each decoded and checked by
// the path its handler takes (up to the store).
var apiBodies = []struct {
	name  string
	check func(t *testing.T, s *Server, l *closer.Lists, body string)
}{
	{"opportunity create", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, r, ok := decodeAs[opportunityInput](t, "opportunity", body, false)
		if !ok {
			return
		}
		o, err := s.newOpportunity(r.Context(), in, l)
		if err != nil {
			wantFieldError(t, "opportunity", err)
			return
		}
		o.Prepare(l, 1, fuzzToday)
		if err := o.Validate(l, fuzzToday); err != nil {
			wantFieldError(t, "opportunity validation", err)
		}
	}},
	{"opportunity update", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, r, ok := decodeAs[opportunityInput](t, "opportunity update", body, false)
		if !ok {
			return
		}
		upd, err := s.update(r.Context(), in)
		if err != nil {
			wantFieldError(t, "opportunity update", err)
			return
		}
		o := fuzzOpportunity(l)
		if err := o.Apply(l, upd, fuzzToday); err != nil {
			wantFieldError(t, "opportunity update apply", err)
			return
		}
		if err := o.Validate(l, fuzzToday); err != nil {
			wantFieldError(t, "opportunity update validation", err)
		}
	}},
	{"hold", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, _, ok := decodeAs[holdBody](t, "hold", body, false)
		if !ok {
			return
		}
		o := fuzzOpportunity(l)
		if err := o.Hold(l, closer.HoldInput{HoldReason: in.HoldReason.Value, ReviewOn: in.ReviewOn}, fuzzToday); err != nil {
			wantFieldError(t, "hold", err)
			return
		}
		if err := o.Validate(l, fuzzToday); err != nil {
			t.Fatalf("a held opportunity does not validate: %v", err)
		}
	}},
	{"close", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, _, ok := decodeAs[closeBody](t, "close", body, false)
		if !ok {
			return
		}
		o := fuzzOpportunity(l)
		err := o.Close(l, closer.CloseInput{Outcome: in.Outcome.Value, ClosedOn: in.ClosedOn, Amount: in.Amount, LossReason: string(in.LossReason),
			Competitor: string(in.Competitor), VanishReason: string(in.VanishReason), Note: in.Note.Value}, fuzzToday)
		if err != nil {
			wantFieldError(t, "close", err)
			return
		}
		if !o.Status.IsClosure() {
			t.Fatalf("closed as %q", o.Status)
		}
		if err := o.Validate(l, fuzzToday); err != nil {
			t.Fatalf("a closed opportunity does not validate: %v", err)
		}
	}},
	{"resume or reopen", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, r, ok := decodeAs[versionBody](t, "version", body, true)
		if !ok {
			return
		}
		if v, err := versionOf(r, in.Version); err != nil {
			wantFieldError(t, "version", err)
		} else if v < 0 {
			t.Fatalf("version %d", v)
		}
	}},
	{"account", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, r, ok := decodeAs[accountInput](t, "account", body, false)
		if !ok {
			return
		}
		var a closer.Account
		if err := s.applyAccount(r, in, &a); err != nil {
			wantFieldError(t, "account", err)
		} else if err := a.Validate(); err != nil {
			wantFieldError(t, "account validation", err)
		}
	}},
	{"contact", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, r, ok := decodeAs[contactInput](t, "contact", body, false)
		if !ok {
			return
		}
		var c closer.Contact
		if err := s.applyContact(r, in, &c); err != nil {
			wantFieldError(t, "contact", err)
		} else if err := c.Validate(); err != nil {
			wantFieldError(t, "contact validation", err)
		}
	}},
	{"quote", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, _, ok := decodeAs[quoteInput](t, "quote", body, false)
		if !ok {
			return
		}
		var q closer.Quote
		if err := applyQuote(in, &q); err != nil {
			wantFieldError(t, "quote", err)
		} else if err := q.Validate(fuzzToday); err != nil {
			wantFieldError(t, "quote validation", err)
		}
	}},
	{"order", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, r, ok := decodeAs[orderInput](t, "order", body, false)
		if !ok {
			return
		}
		var o closer.Order
		if err := s.applyOrder(r, in, &o); err != nil {
			wantFieldError(t, "order", err)
		} else if err := o.Validate(fuzzToday); err != nil {
			wantFieldError(t, "order validation", err)
		}
	}},
	{"activity", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, r, ok := decodeAs[activityInput](t, "activity", body, false)
		if !ok {
			return
		}
		var a closer.Activity
		if err := s.applyActivity(r, in, &a); err != nil {
			wantFieldError(t, "activity", err)
		} else if err := a.Validate(fuzzToday); err != nil {
			wantFieldError(t, "activity validation", err)
		}
	}},
	{"target", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, r, ok := decodeAs[targetInput](t, "target", body, false)
		if !ok {
			return
		}
		owner, err := s.userID(r.Context(), in.Owner, "owner")
		if err != nil {
			wantFieldError(t, "target owner", err)
			return
		}
		tg, err := in.target(owner)
		if err != nil {
			wantFieldError(t, "target amount", err)
		} else if err := tg.Validate(); err != nil {
			wantFieldError(t, "target validation", err)
		} else if tg.EndsOn().Before(tg.StartsOn) {
			t.Fatalf("target ends %s before it starts %s", tg.EndsOn(), tg.StartsOn)
		}
	}},
	{"list item", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, _, ok := decodeAs[listItemInput](t, "list item", body, false)
		if !ok {
			return
		}
		it := closer.ListItem{Kind: closer.ListLossReasons}
		in.apply(&it)
		if err := it.Validate(); err != nil {
			wantFieldError(t, "list item validation", err)
		}
	}},
	{"member", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, _, ok := decodeAs[memberInput](t, "member", body, false)
		if !ok {
			return
		}
		if _, err := closer.NormalizeEmail(in.Email.Value); err != nil {
			wantFieldError(t, "member e-mail", err)
		}
		if _, err := closer.ParseRole(string(in.Role.Value)); err != nil {
			wantFieldError(t, "member role", err)
		}
	}},
	{"member update", func(t *testing.T, s *Server, l *closer.Lists, body string) {
		in, _, ok := decodeAs[memberUpdate](t, "member update", body, false)
		if ok && in.Role.Set {
			if _, err := closer.ParseRole(string(in.Role.Value)); err != nil {
				wantFieldError(t, "member role", err)
			}
		}
	}},
}

// fuzzOpportunity is an open opportunity at the first stage.
func fuzzOpportunity(l *closer.Lists) *closer.Opportunity {
	o := &closer.Opportunity{ID: 1, Title: "Toiture", OwnerID: 1, Amount: 100000, DetectedOn: closer.MustDate("2025-05-02"), Version: 1}
	o.Prepare(l, 1, fuzzToday)
	return o
}

// FuzzAPIBodies feeds bytes, as the body of each kind of API request, to the
// decoder and the checks its handler runs. Properties: no panic; a body the
// decoder refuses is a 400; a value the domain refuses is EINVALID naming
// its field; what passes the checks is a valid record.
func FuzzAPIBodies(f *testing.F) {
	seeds := []string{
		`{"title": "Toiture Dupont", "amount": 1200000, "account": "Dupont SA", "stage": "Qualified", "detected_on": "2025-05-01"}`,
		`{"title": "x", "owner": "alice@example.test", "contact": 3, "source": 1, "status": "on_hold", "hold_reason": "Tender", "review_on": "2025-09-01"}`,
		`{"title": "x", "status": "lost", "closed_on": "2025-06-01", "loss_reason": "Price", "competitor": "unknown", "note": "10% cheaper"}`,
		`{"hold_reason": "Building permit", "review_on": "2025-09-01", "version": 3}`,
		`{"outcome": "won", "closed_on": "2025-06-10", "amount": 120000}`,
		`{"outcome": "lost", "closed_on": "2025-06-10", "loss_reason": "Price", "competitor": "unknown"}`,
		`{"outcome": "vanished", "closed_on": "2025-06-10", "vanish_reason": 12}`,
		`{"version": 2}`, ``, `{}`, `null`,
		`{"name": "Dupont SA", "city": "Lyon", "owner": 1, "website": "https://dupont.example"}`,
		`{"name": "Marie", "email": "marie@dupont.example", "account": 7}`,
		`{"opportunity": 3, "number": "D-2025-001", "amount": 750000, "sent_on": "2025-06-01", "status": "sent"}`,
		`{"account": "Dupont SA", "opportunity": 3, "kind": "linked", "amount": 1000, "ordered_on": "2025-06-10"}`,
		`{"kind": "call", "subject": "Call back", "due_on": "2025-06-20", "account": 7}`,
		`{"owner": null, "period": "quarter", "starts_on": "2025-04-01", "amount": 5000000}`,
		`{"name": "Price", "price": true, "position": 1, "retired": false}`,
		`{"email": "alice@example.test", "role": "consultant"}`, `{"role": "owner", "active": false}`,
		// hostile
		`{"title": "` + strings.Repeat("é", 300) + `"}`, `{"amount": 1e300}`, `{"amount": -9223372036854775808}`,
		`{"closed_on": "0000-00-00"}`, `{"review_on": "9999-12-31"}`, `{"stage": "-1"}`, `{"owner": "1e3"}`,
		`{"title": "x", "title": "y"}`, `{"__proto__": {}}`, `[{"title": "x"}]`, `{"title": "\u0000"}`,
		`{"version": -1}`, `{"position": 99999999999}`, `{"outcome": "open"}`, `{"period": "week", "starts_on": "2025-06-03"}`,
	}
	// Each seed once, for a kind of body in turn, and the empty bodies for
	// every kind: the baseline stays small enough for a 5 s run.
	for i, s := range seeds {
		f.Add(uint8(i%len(apiBodies)), s)
	}
	for i := range apiBodies {
		f.Add(uint8(i), `{}`)
		f.Add(uint8(i), seeds[i%len(seeds)])
	}
	s, l := fuzzServer(), fuzzLists()
	f.Fuzz(func(t *testing.T, kind uint8, body string) {
		b := apiBodies[int(kind)%len(apiBodies)]
		b.check(t, s, l, body)
	})
}

// FuzzQueryParams feeds a raw query string to the check every request's
// query goes through, then to the parameter readers of the lists and
// statistics: paging, the opportunity filter, the filter of quotes, orders
// and activities, the period of the statistics and the filter of the
// opportunities page. Properties: no panic; every refusal is a 400 naming
// its parameter; a query the check lets through parses whole (no pair is
// dropped); what is accepted is in range.
func FuzzQueryParams(f *testing.F) {
	for _, q := range []string{
		"", "limit=50&offset=100", "status=open,on_hold&owner=1&stage=Qualified&source=2&account=7&q=dupont&sort=-amount",
		"closed_from=2025-01-01&closed_to=2025-03-31&detected_from=2024-01-01", "owner=alice@example.test&kind=call&open=true&from=2025-06-01&to=2025-06-30",
		"from=2025-01-01&to=2025-12-31&group=owner", "from=2025-01-01", "to=2024-01-01&from=2025-01-01", "from=1900-01-01&to=2999-12-31",
		"limit=0", "limit=-1", "limit=99999999999999999999", "offset=-5", "status=tie", "owner=nobody", "owner=%00", "q=%ZZ", "q=" + strings.Repeat("a", 5000),
		"status=&status=,,", "open=maybe", "account=1e3", "opportunity=0x10", "account=8&opportunity=2", "opportunity=1&account=7", "sort=amount;drop", "dir=desc&sort=title&view=board",
		"owner=3%", "status=won;lost", "limit=1;offset=2", "%zz=1", "a;b=1", "q=%25%3B", "&&a=1&", "q=%e9t%C3%A9",
	} {
		f.Add(q)
	}
	s, l := fuzzServer(), fuzzLists()
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.RawQuery = raw
		if err := queryError(raw); err != nil {
			wantBadRequest(t, "query", err)
			wantFieldError(t, "query", err)
		} else if _, err := url.ParseQuery(raw); err != nil {
			t.Fatalf("the check let through %q, which does not parse: %v", raw, err)
		}
		if p, err := pageParams(r); err != nil {
			wantBadRequest(t, "page", err)
			wantFieldError(t, "page", err)
		} else if p.Limit < 0 || p.Limit > maxLimit || p.Offset < 0 {
			t.Fatalf("page %+v out of range", p)
		}
		if f, err := s.opportunityFilter(r, l); err != nil {
			wantBadRequest(t, "opportunity filter", err)
			wantFieldError(t, "opportunity filter", err)
		} else {
			for _, st := range f.Statuses {
				if _, err := closer.ParseStatus(string(st)); err != nil {
					t.Fatalf("filter status %q", st)
				}
			}
		}
		if f, err := s.salesFilter(r, kindNames(closer.ActivityKinds)); err != nil {
			wantBadRequest(t, "sales filter", err)
			wantFieldError(t, "sales filter", err)
		} else if f.Kind != "" && !contains(kindNames(closer.ActivityKinds), f.Kind) {
			t.Fatalf("sales filter kind %q", f.Kind)
		}
		if p, err := s.statsPeriod(r); err != nil {
			wantBadRequest(t, "period", err)
			wantFieldError(t, "period", err)
		} else if err := p.Validate(); err != nil {
			t.Fatalf("accepted period %v does not validate: %v", p, err)
		}
		q := r.URL.Query()
		uf, errs := opportunityFilter(q, "fr")
		for field, msg := range errs {
			if field == "" || msg == "" {
				t.Fatalf("page filter error %q: %q", field, msg)
			}
		}
		if uf.Limit < 0 || uf.Offset < 0 {
			t.Fatalf("page filter paging %+v", uf.Page)
		}
	})
}

// FuzzForms feeds a posted form to the web app's form readers: the typed
// getters every page form uses (amounts in the reader's language, dates as
// typed, ids, numbers), and the import screen's mapping form. Properties:
// no panic; an amount or a date read back from its own rendering is the
// same; a mapping built from a form either validates and survives JSON, or
// is refused with its field.
func FuzzForms(f *testing.F) {
	for _, s := range []struct{ lang, body string }{
		{"fr", "title=Toiture&amount=12+345%2C50&detected_on=2025-05-02&owner=3&stage=2&version=4"},
		{"en", "amount=1%2C234.50&due_on=16%2F06%2F2025&kind=call&subject=Call"},
		{"fr", "amount=1234.5&closed_on=01%2F02%2F2025&outcome=won"},
		{"fr", "amount=%E2%82%AC+12&next_action_on=2025-02-30"},
		{"en", "amount=-5&version=x&owner=-1&stage=1e9"},
		{"fr", "action=check&delimiter=%3B&encoding=windows-1252&date_format=02%2F01%2F2006&decimal_separator=%2C&col.title=Titre&col.amount=Montant&nval.status=2&from.status.0=Gagn%C3%A9e&to.status.0=won&from.status.1=X&to.status.1="},
		{"en", "col.title=a&nval.stage=99999999999&def.competitor=unknown&date_format=%25"},
		{"fr", "amount=" + strings.Repeat("9", 60)},
		{"en", "%zz=1&a=%&b"},
	} {
		f.Add(s.lang, s.body)
	}
	fields := []string{"amount", "detected_on", "closed_on", "due_on", "next_action_on", "owner", "stage", "version"}
	f.Fuzz(func(t *testing.T, lang, body string) {
		if lang != "fr" {
			lang = "en"
		}
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		fm := parseForm(r, lang)
		for _, k := range fields {
			fm.Text(k)
			fm.ID(k)
			fm.Int(k)
			if m := fm.OptMoney(k); m != nil && fm.Error(k) == "" {
				back, err := parseMoney(lang, moneyInput(lang, *m))
				if err != nil || back != *m {
					t.Fatalf("amount %q reads %d, whose rendering %q reads %d (%v)", fm.Get(k), *m, moneyInput(lang, *m), back, err)
				}
			}
			if d, err := parseDateInput(fm.Get(k)); err == nil && !d.IsZero() {
				if back, err := parseDateInput(d.String()); err != nil || back != d {
					t.Fatalf("date %q reads %s, which reads back %s (%v)", fm.Get(k), d, back, err)
				}
			}
		}
		for k, msg := range fm.Errors {
			if k == "" || msg == "" {
				t.Fatalf("form error %q: %q", k, msg)
			}
		}
		r2 := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r2.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		m := mappingFromForm(r2)
		if err := m.Validate(); err != nil {
			wantFieldError(t, "mapping", err)
			return
		}
		checkMappingRoundTrip(t, m)
	})
}

// checkMappingRoundTrip fails unless a valid mapping survives its JSON form.
func checkMappingRoundTrip(t *testing.T, m *importer.Mapping) {
	t.Helper()
	again, err := importer.ParseMapping(strings.NewReader(m.String()))
	if err != nil || again.String() != m.String() {
		t.Fatalf("a valid mapping does not survive JSON: %v\n%s", err, m.String())
	}
}
