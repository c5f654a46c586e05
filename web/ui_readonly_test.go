package web_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/web"
)

// A consultant reads everything and changes nothing but their notes (SPEC
// section 2). These tests check both sides: no page shows them a control
// that writes, and every route that writes refuses them.

// readonlyIDs are the records the read-only tests act on, by name.
type readonlyIDs map[string]int64

// seedRecords creates, in acme, an account of the salesperson with a
// contact, an open, an on-hold and a won opportunity of theirs, a quote, an
// order, an activity and a target.
func seedRecords(t *testing.T, db *sqlstore.DB, sales, manager context.Context, salesID int64) readonlyIDs {
	t.Helper()
	ids := readonlyIDs{}
	acc := &closer.Account{Name: "Dupont SARL", City: "Lyon", OwnerID: salesID}
	must(t, db.CreateAccount(sales, acc))
	ids["account"] = acc.ID
	c := &closer.Contact{Name: "Marie Dupont", AccountID: acc.ID, OwnerID: salesID}
	must(t, db.CreateContact(sales, c))
	ids["contact"] = c.ID
	for _, k := range []string{"open", "held", "won"} {
		o := &closer.Opportunity{Title: "Fenêtres " + k, OwnerID: salesID, AccountID: acc.ID, Amount: 120000, DetectedOn: closer.MustDate("2025-05-02")}
		must(t, db.CreateOpportunity(sales, o))
		ids[k] = o.ID
	}
	o, err := db.HoldOpportunity(sales, ids["held"], 0, closer.HoldInput{HoldReason: "Permis de construire", ReviewOn: closer.MustDate("2025-06-30")})
	must(t, err)
	_ = o
	amount := closer.Money(110000)
	_, err = db.CloseOpportunity(sales, ids["won"], 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2025-06-10"), Amount: &amount})
	must(t, err)
	q := &closer.Quote{OpportunityID: ids["open"], Number: "D-001", Amount: 120000, SentOn: closer.MustDate("2025-05-10"), Status: closer.QuoteSent}
	must(t, db.CreateQuote(sales, q))
	ids["quote"] = q.ID
	ord := &closer.Order{AccountID: acc.ID, OwnerID: salesID, Kind: closer.OrderDirect, Amount: 50000, OrderedOn: closer.MustDate("2025-06-02")}
	must(t, db.CreateOrder(sales, ord))
	ids["order"] = ord.ID
	act := &closer.Activity{Kind: closer.ActivityCall, OwnerID: salesID, Subject: "Rappeler Marie", DueOn: closer.MustDate("2025-06-20"), OpportunityID: ids["open"]}
	must(t, db.CreateActivity(sales, act))
	ids["activity"] = act.ID
	tg := &closer.Target{Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2025-04-01"), Amount: 1000000}
	must(t, db.SetTarget(manager, tg))
	ids["target"] = tg.ID
	l, err := db.Lists(sales)
	must(t, err)
	ids["stage"] = l.Stages[1].ID
	ids["loss_reason"] = l.LossReasons[0].ID
	return ids
}

var (
	postForm      = regexp.MustCompile(`(?is)<form[^>]*method="post"[^>]*>`)
	formAction    = regexp.MustCompile(`action="([^"]*)"`)
	editLink      = regexp.MustCompile(`href="[^"]*/(new|edit)(["?#])`)
	draggableAttr = regexp.MustCompile(`draggable="true"`)
)

// editControls lists what on a page lets its reader change the org's data:
// forms that post (but the language, sign-out, personal saved filters and
// consultant notes), links to new and edit forms, draggable cards.
func editControls(body string) []string {
	var out []string
	for _, f := range postForm.FindAllString(body, -1) {
		m := formAction.FindStringSubmatch(f)
		action := ""
		if m != nil {
			action = m[1]
		}
		if action == "/lang" || action == "/signout" || strings.Contains(action, "/opportunity-filters") || strings.Contains(action, "/notes") {
			continue
		}
		out = append(out, "form "+action)
	}
	for _, l := range editLink.FindAllString(body, -1) {
		out = append(out, "link "+l)
	}
	if draggableAttr.MatchString(body) {
		out = append(out, "draggable card")
	}
	return out
}

func TestConsultantSeesNoEditControl(t *testing.T) {
	e := newConsEnv(t)
	ids := seedRecords(t, e.db, e.ctx["sales@acme.test"], e.ctx["manager@acme.test"], e.ids["sales@acme.test"])
	id := func(k string) string { return fmt.Sprint(ids[k]) }
	pages := []struct {
		name, path string
		editor     string // who sees edit controls there
	}{
		{"today", "/o/acme/today", "sales@acme.test"},
		{"board", "/o/acme/board", "sales@acme.test"},
		{"opportunities", "/o/acme/opportunities", "sales@acme.test"},
		{"opportunity", "/o/acme/opportunities/" + id("open"), "sales@acme.test"},
		{"held opportunity", "/o/acme/opportunities/" + id("held"), "sales@acme.test"},
		{"won opportunity", "/o/acme/opportunities/" + id("won"), "sales@acme.test"},
		{"accounts", "/o/acme/accounts", "sales@acme.test"},
		{"account", "/o/acme/accounts/" + id("account"), "sales@acme.test"},
		{"contacts of an account", "/o/acme/accounts/" + id("account") + "#contacts", "sales@acme.test"},
		{"orders", "/o/acme/orders", "sales@acme.test"},
		{"quotes", "/o/acme/quotes", "sales@acme.test"},
		{"activities", "/o/acme/activities?owner=all", "sales@acme.test"},
		{"relaunch", "/o/acme/relaunch", "sales@acme.test"},
		{"settings", "/o/acme/settings", "owner@acme.test"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			r := e.do("consultant@acme.test", "GET", p.path, nil)
			switch {
			case r.status == 403 && p.name == "settings":
				// The settings are the managers': a consultant is refused the page.
			case r.status != 200:
				t.Fatalf("consultant: status %d\n%s", r.status, r.body)
			default:
				if got := editControls(r.body); len(got) > 0 {
					t.Errorf("a consultant sees edit controls: %v", got)
				}
			}
			r = e.do(p.editor, "GET", p.path, nil)
			if r.status != 200 {
				t.Fatalf("%s: status %d", p.editor, r.status)
			}
			if got := editControls(r.body); len(got) == 0 {
				t.Errorf("%s sees no edit control: the check would not notice one", p.editor)
			}
		})
	}
}

// fingerprint hashes every row of every table but the sessions', so that
// any change made by a request shows.
func fingerprint(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	ctx := context.Background()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if db.IsPostgres() {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`
	}
	rows, err := db.SQL().QueryContext(ctx, q)
	must(t, err)
	var tables []string
	for rows.Next() {
		var n string
		must(t, rows.Scan(&n))
		if n != "sessions" && !strings.HasPrefix(n, "sqlite_") && n != "tokens" {
			tables = append(tables, n)
		}
	}
	rows.Close()
	h := sha256.New()
	for _, tb := range tables {
		rs, err := db.SQL().QueryContext(ctx, `SELECT * FROM `+tb)
		must(t, err)
		cols, _ := rs.Columns()
		var lines []string
		for rs.Next() {
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rs.Scan(ptrs...))
			var b strings.Builder
			for _, v := range vals {
				b.Write(v)
				b.WriteByte(0)
			}
			lines = append(lines, b.String())
		}
		rs.Close()
		// Rows in any order: sort them so that the hash is about content.
		slices.Sort(lines)
		fmt.Fprintf(h, "%s:%d\n%s\n", tb, len(lines), strings.Join(lines, "\n"))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// pagePostPatterns lists the patterns of the web app's POST routes.
func pagePostPatterns() []string {
	var out []string
	for _, rt := range (&web.Server{}).PageRoutes() {
		if rt.Method == "POST" {
			out = append(out, rt.Pattern)
		}
	}
	return out
}

func TestConsultantPagePostsAreRefused(t *testing.T) {
	e := newConsEnv(t)
	ids := seedRecords(t, e.db, e.ctx["sales@acme.test"], e.ctx["manager@acme.test"], e.ids["sales@acme.test"])
	// A record of the other org, for the foreign-id cases.
	foreign := &closer.Account{Name: "Foreign"}
	must(t, e.db.CreateAccount(e.ctx["owner@other.test"], foreign))
	ids["foreign_account"] = foreign.ID
	ids["member"] = e.ids["sales@acme.test"]

	// A plausible form for each route that writes: were the role not
	// checked, it would change something.
	forms := map[string]url.Values{
		"/o/{slug}/opportunities/new":              {"title": {"Hack"}},
		"/o/{slug}/opportunities/{id}/edit":        {"title": {"Hack"}, "version": {"0"}},
		"/o/{slug}/opportunities/{id}/hold":        {"hold_reason": {"x"}, "review_on": {"2025-07-01"}},
		"/o/{slug}/opportunities/{id}/close":       {"outcome": {"won"}, "closed_on": {"2025-06-15"}, "amount": {"1000"}},
		"/o/{slug}/opportunities/{id}/next-action": {"next_action_on": {"2025-07-01"}, "next_action": {"Hack"}},
		"/o/{slug}/opportunities/{id}/quotes":      {"number": {"H-1"}, "amount": {"10"}, "status": {"draft"}},
		"/o/{slug}/opportunities/{id}/orders":      {"amount": {"10"}, "ordered_on": {"2025-06-01"}},
		"/o/{slug}/opportunities/{id}/activities":  {"kind": {"call"}, "subject": {"Hack"}, "due_on": {"2025-07-01"}},
		"/o/{slug}/opportunities/{id}/stage":       {"stage": {fmt.Sprint(ids["stage"])}},
		"/o/{slug}/accounts":                       {"name": {"Hack"}},
		"/o/{slug}/accounts/{id}":                  {"name": {"Hack"}},
		"/o/{slug}/accounts/{id}/contacts":         {"name": {"Hack"}},
		"/o/{slug}/contacts/{id}":                  {"name": {"Hack"}},
		"/o/{slug}/orders":                         {"account": {fmt.Sprint(ids["account"])}, "kind": {"direct"}, "amount": {"10"}, "ordered_on": {"2025-06-01"}},
		"/o/{slug}/orders/{id}":                    {"account": {fmt.Sprint(ids["account"])}, "kind": {"direct"}, "amount": {"10"}, "ordered_on": {"2025-06-01"}},
		"/o/{slug}/quotes/{id}/status":             {"status": {"accepted"}},
		"/o/{slug}/activities":                     {"kind": {"call"}, "subject": {"Hack"}, "due_on": {"2025-07-01"}},
		"/o/{slug}/activities/{id}":                {"kind": {"call"}, "subject": {"Hack"}, "due_on": {"2025-07-01"}},
		"/o/{slug}/settings/lists/{kind}":          {"name": {"Hack"}},
		"/o/{slug}/settings/lists/{kind}/{id}":     {"name": {"Hack"}},
		"/o/{slug}/settings/targets":               {"period": {"quarter:2025-04-01"}, "amount": {"1"}},
		"/o/{slug}/settings/members/{id}":          {"role": {"owner"}},
		"/o/{slug}/import":                         {"profile": {"generic"}},
		"/o/{slug}/import/{id}":                    {"entity": {"opportunities"}},
		"/o/{slug}/import/{id}/run":                {},
		"/o/{slug}/opportunities/{id}/reopen":      {},
		"/o/{slug}/opportunities/{id}/resume":      {},
		"/o/{slug}/opportunities/{id}/delete":      {},
		"/o/{slug}/accounts/{id}/delete":           {},
		"/o/{slug}/contacts/{id}/delete":           {},
		"/o/{slug}/orders/{id}/delete":             {},
		"/o/{slug}/activities/{id}/done":           {},
		"/o/{slug}/activities/{id}/delete":         {},
		"/o/{slug}/settings/targets/{id}/delete":   {},
		"/o/{slug}/settings/members/{id}/reassign": {"to": {fmt.Sprint(e.ids["manager@acme.test"])}},
		"/o/{slug}/contacts/{id}/erase":            {},
		"/o/{slug}/dashboard/thresholds":           {"min_sample": {"1"}},

		// Invitations (owners only).
		"/o/{slug}/settings/invitations":             {"email": {"hack@example.test"}, "role": {"owner"}},
		"/o/{slug}/settings/invitations/{id}/renew":  {},
		"/o/{slug}/settings/invitations/{id}/revoke": {},
	}
	// The id each pattern acts on, by the path's resource.
	idFor := func(pattern string) string {
		switch {
		case strings.Contains(pattern, "/opportunities/{id}/reopen"):
			return fmt.Sprint(ids["won"])
		case strings.Contains(pattern, "/opportunities/{id}/resume"):
			return fmt.Sprint(ids["held"])
		case strings.Contains(pattern, "/opportunities/"):
			return fmt.Sprint(ids["open"])
		case strings.Contains(pattern, "/accounts/"):
			return fmt.Sprint(ids["account"])
		case strings.Contains(pattern, "/contacts/"):
			return fmt.Sprint(ids["contact"])
		case strings.Contains(pattern, "/orders/"):
			return fmt.Sprint(ids["order"])
		case strings.Contains(pattern, "/quotes/"):
			return fmt.Sprint(ids["quote"])
		case strings.Contains(pattern, "/activities/"):
			return fmt.Sprint(ids["activity"])
		case strings.Contains(pattern, "/settings/targets/"):
			return fmt.Sprint(ids["target"])
		case strings.Contains(pattern, "/settings/members/"):
			return fmt.Sprint(ids["member"])
		case strings.Contains(pattern, "/settings/lists/"):
			return fmt.Sprint(ids["loss_reason"])
		}
		return "1"
	}
	before := fingerprint(t, e.db)
	checked := 0
	for _, rt := range pagePostPatterns() {
		if rt == "/signin" || rt == "/signout" || rt == "/lang" || strings.Contains(rt, "/notes") || strings.Contains(rt, "/opportunity-filters") || strings.HasPrefix(rt, "/account") {
			continue // the consultant's own: sign-in, language, saved filters, notes, their account
		}
		if strings.HasPrefix(rt, "/invitations/") {
			continue // an invitation's page: its secret is the credential (TestInvitationPage)
		}
		form, ok := forms[rt]
		if !ok {
			t.Errorf("POST %s: no form in this test; add one", rt)
			continue
		}
		path := strings.ReplaceAll(rt, "{slug}", "acme")
		path = strings.ReplaceAll(path, "{kind}", "loss_reasons")
		path = strings.ReplaceAll(path, "{id}", idFor(rt))
		r := e.do("consultant@acme.test", "POST", path, form)
		if r.status != 403 {
			t.Errorf("POST %s as a consultant: status %d, want 403\n%.300s", path, r.status, r.body)
		}
		checked++
	}
	// A foreign id is a 404, as an unknown one.
	if r := e.do("consultant@acme.test", "POST", fmt.Sprintf("/o/acme/accounts/%d", ids["foreign_account"]), url.Values{"name": {"Hack"}}); r.status != 404 && r.status != 403 {
		t.Errorf("foreign account: status %d", r.status)
	}
	if after := fingerprint(t, e.db); after != before {
		t.Errorf("the consultant's refused requests changed the database")
	}
	if checked < 30 {
		t.Errorf("only %d routes checked", checked)
	}
}

// TestConsultantFormPagesAreRefused: the pages that only hold a form that
// writes (new, edit, import) answer 403 to a consultant instead of showing
// a form they could not send.
func TestConsultantFormPagesAreRefused(t *testing.T) {
	e := newConsEnv(t)
	ids := seedRecords(t, e.db, e.ctx["sales@acme.test"], e.ctx["manager@acme.test"], e.ids["sales@acme.test"])
	for _, p := range []string{
		"/o/acme/opportunities/new",
		fmt.Sprintf("/o/acme/opportunities/%d/edit", ids["open"]),
		"/o/acme/accounts/new",
		fmt.Sprintf("/o/acme/accounts/%d/edit", ids["account"]),
		fmt.Sprintf("/o/acme/accounts/%d/contacts/new", ids["account"]),
		fmt.Sprintf("/o/acme/contacts/%d/edit", ids["contact"]),
		"/o/acme/orders/new",
		fmt.Sprintf("/o/acme/orders/%d/edit", ids["order"]),
		"/o/acme/activities/new",
		fmt.Sprintf("/o/acme/activities/%d/edit", ids["activity"]),
		"/o/acme/import",
	} {
		r := e.do("consultant@acme.test", "GET", p, nil)
		if r.status != 403 {
			t.Errorf("GET %s as a consultant: %d, want 403 (edit controls: %v)", p, r.status, editControls(r.body))
		}
		if r := e.do("sales@acme.test", "GET", p, nil); r.status != 200 && !strings.HasSuffix(p, "/import") {
			t.Errorf("GET %s as a salesperson: %d, want 200", p, r.status)
		}
	}
}
