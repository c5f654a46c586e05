package web_test

import (
	"context"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/demo"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// dashEnv is a server over the demo org (two years of history ending on
// the fixed today) and an org "other" whose owner is an outsider to it.
type dashEnv struct {
	db  *sqlstore.DB
	url string
	ids map[string]int64 // by role: owner, manager, sales, consultant, outsider
}

func newDashEnv(t *testing.T, db *sqlstore.DB) *dashEnv {
	t.Helper()
	db.Now = func() time.Time { return today }
	ctx := context.Background()
	creds, err := demo.Load(ctx, db, demo.Options{Today: closer.DateOf(today, time.UTC), Opportunities: 300})
	must(t, err)
	sys := closer.NewSystemContext(ctx)
	must(t, db.CreateOrg(sys, &closer.Org{Name: "Other", Slug: "other"}, "en"))
	must(t, db.CreateUser(sys, &closer.User{Email: "outsider@other.test", Name: "Outsider"}, ""))
	must(t, db.AddMember(sys, "other", "outsider@other.test", closer.RoleOwner))
	env := &dashEnv{db: db, ids: map[string]int64{}}
	for role, email := range map[string]string{"owner": creds.Emails[0], "manager": creds.Emails[1], "sales": creds.Emails[2],
		"consultant": creds.Emails[len(creds.Emails)-1], "outsider": "outsider@other.test"} {
		u, err := db.FindUserByEmail(sys, email)
		must(t, err)
		env.ids[role] = u.ID
	}
	srv := newTestServer(t, db, today)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	env.url = ts.URL
	return env
}

func (e *dashEnv) get(t *testing.T, who, path string) pageResponse {
	t.Helper()
	return pageRequest(t, e.db, e.url, e.ids[who], "GET", path, nil)
}

// Every member reads the dashboard, consultants included; a member of
// another org gets 404, as for an unknown org; nobody signed in is sent to
// the sign-in page.
func TestDashboardAccess(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newDashEnv(t, db)
		for _, c := range []struct {
			who, path string
			status    int
			contains  string
		}{
			{"owner", "/o/demo/dashboard", 200, "Tableau de bord"},
			{"manager", "/o/demo/dashboard?kind=year&on=2024-05-01", 200, "Issues par commercial"},
			{"sales", "/o/demo/dashboard?kind=month", 200, "Diagnostic"},
			{"consultant", "/o/demo/dashboard?kind=custom&from=2024-01-01&to=2025-06-15", 200, "Taux de réussite"},
			{"outsider", "/o/demo/dashboard", 404, ""},
			{"outsider", "/o/demo/dashboard/charts/outcomes.svg", 404, ""},
			{"owner", "/o/nope/dashboard", 404, ""},
			{"owner", "/o/demo/dashboard/charts/nope.svg", 404, ""},
			{"owner", "/o/demo/dashboard?kind=custom&from=2025-03-01&to=2025-01-01", 200, `aria-invalid="true"`},
		} {
			res := e.get(t, c.who, c.path)
			if res.status != c.status || !strings.Contains(res.body, c.contains) {
				t.Errorf("%s %s: %d, want %d with %q", c.who, c.path, res.status, c.status, c.contains)
			}
		}
		if res := pageRequest(t, db, e.url, 0, "GET", "/o/demo/dashboard", nil); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/signin") {
			t.Errorf("anonymous: %d %q", res.status, res.location)
		}
		res := e.get(t, "consultant", "/o/demo/dashboard")
		for _, want := range []string{`href="/o/demo/dashboard"`, "2025-04-01", "Même période l&#39;an dernier", `title="Taux de réussite = gagnées / conclues`} {
			if !strings.Contains(res.body, want) {
				t.Errorf("consultant's dashboard lacks %q", want)
			}
		}
		if strings.Contains(res.body, "dashboard/thresholds") {
			t.Error("a consultant is offered the thresholds")
		}
		// A year's previous period is the same year earlier: one column, not two.
		if res := e.get(t, "owner", "/o/demo/dashboard?kind=year&on=2024-05-01"); strings.Contains(res.body, "Même période l&#39;an dernier") || !strings.Contains(res.body, "Période précédente") {
			t.Error("a year's dashboard shows the previous year twice")
		}
	})
}

var (
	figureLink = regexp.MustCompile(`<a href="([^"]+)" data-figure="([a-z_]+)">([^<]+)</a>`)
	listTotal  = regexp.MustCompile(`id="opps-count">[^<]*?([\d\x{202f}\x{a0},]+)</p>`)
	orderTotal = regexp.MustCompile(`id="total-([a-z]+)">\s*<h2>[^<]*</h2>\s*<p><strong>[^<]*</strong> · ([^<]+)</p>`)
)

// digits reads a count as the page writes it ("1 234").
func digits(s string) int {
	n, _ := strconv.Atoi(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s))
	return n
}

// Each number of the team table links to the opportunities list filtered
// so that it shows exactly as many opportunities.
func TestDashboardClickThrough(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newDashEnv(t, db)
		res := e.get(t, "manager", "/o/demo/dashboard?kind=year&on=2025-01-01")
		links := figureLink.FindAllStringSubmatch(res.body, -1)
		if len(links) < 40 { // won, lost, vanished, closed, on hold, three kinds of orders: four salespeople and the team
			t.Fatalf("%d figure links", len(links))
		}
		nonzero := 0
		for _, l := range links {
			href, what, want := html.UnescapeString(l[1]), l[2], digits(l[3])
			if want > 0 {
				nonzero++
			}
			list := e.get(t, "manager", href)
			if list.status != 200 {
				t.Fatalf("%s: %d", href, list.status)
			}
			got := 0
			if kind, ok := strings.CutPrefix(what, "orders_"); ok {
				for _, m := range orderTotal.FindAllStringSubmatch(list.body, -1) {
					if m[1] == kind {
						got = digits(m[2])
					}
				}
			} else if m := listTotal.FindStringSubmatch(list.body); m != nil {
				got = digits(m[1])
			}
			if got != want {
				t.Errorf("%s: the dashboard says %d, the list shows %d (%s)", what, want, got, href)
			}
		}
		if nonzero < 10 {
			t.Errorf("only %d non-zero figures: the test proves little", nonzero)
		}
	})
}

// Each chart is an SVG image of its own, with its own policy, that says
// its words with their accents and its amounts in euros.
func TestDashboardCharts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newDashEnv(t, db)
		for _, name := range []string{"outcomes", "winrate", "funnel", "competitors", "reasons", "vanish_reasons", "onhold", "revenue"} {
			res := e.get(t, "consultant", "/o/demo/dashboard/charts/"+name+".svg?kind=year&on=2024-06-01")
			if res.status != 200 {
				t.Fatalf("%s: %d %s", name, res.status, res.body)
			}
			dec := xml.NewDecoder(strings.NewReader(res.body))
			root := ""
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s: not XML: %v", name, err)
				}
				if se, ok := tok.(xml.StartElement); ok && root == "" {
					root = se.Name.Local
				}
			}
			if root != "svg" {
				t.Errorf("%s: root element %q", name, root)
			}
		}
		checks := map[string]string{"outcomes": "Issues par mois (gagnées", "winrate": "Taux de réussite", "funnel": "Entonnoir", "revenue": "€", "onhold": "Ancienneté"}
		for name, want := range checks {
			res := e.get(t, "owner", "/o/demo/dashboard/charts/"+name+".svg?kind=year&on=2024-06-01")
			if !strings.Contains(res.body, want) {
				t.Errorf("%s: no %q in the SVG", name, want)
			}
		}
		r, _ := sendRequest(t, formRequest(t, "GET", e.url+"/o/demo/dashboard/charts/revenue.svg", newSession(t, db, e.ids["owner"]), nil))
		if ct := r.Header.Get("Content-Type"); ct != "image/svg+xml" {
			t.Errorf("content type %q", ct)
		}
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script") {
			t.Errorf("chart policy %q", csp)
		}
	})
}

// Only the owner sets the thresholds; a bad value comes back next to its
// field; the saved ones drive the dashboard and the diagnostics API.
func TestDashboardThresholds(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newDashEnv(t, db)
		good := url.Values{"min_sample": {"12"}, "factor": {"1,25"}, "points": {"6"}, "win_points": {"11.5"}, "revenue_share": {"85"},
			"price_share": {"50"}, "no_vanish_sample": {"25"}, "history_periods": {"3"}, "action": {"save"}}
		for _, who := range []string{"manager", "sales", "consultant", "outsider"} {
			want := http.StatusForbidden
			if who == "outsider" {
				want = http.StatusNotFound
			}
			if res := e.get(t, who, "/o/demo/dashboard/thresholds"); res.status != want {
				t.Errorf("%s reads the thresholds: %d", who, res.status)
			}
			if res := pageRequest(t, db, e.url, e.ids[who], "POST", "/o/demo/dashboard/thresholds", good); res.status != want {
				t.Errorf("%s sets the thresholds: %d", who, res.status)
			}
		}
		res := e.get(t, "owner", "/o/demo/dashboard/thresholds")
		if res.status != 200 || !strings.Contains(res.body, `name="factor" value="1,5"`) {
			t.Fatalf("owner's page: %d", res.status)
		}
		bad := url.Values{}
		for k, v := range good {
			bad[k] = v
		}
		bad.Set("revenue_share", "900")
		bad.Set("points", "beaucoup")
		res = pageRequest(t, db, e.url, e.ids["owner"], "POST", "/o/demo/dashboard/thresholds", bad)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="th-points-error"`) || !strings.Contains(res.body, `value="beaucoup"`) {
			t.Errorf("bad number: %d", res.status)
		}
		bad.Set("points", "6")
		res = pageRequest(t, db, e.url, e.ids["owner"], "POST", "/o/demo/dashboard/thresholds", bad)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="th-revenue_share-error"`) || !strings.Contains(res.body, "au plus 100") {
			t.Errorf("share out of bounds: %d", res.status)
		}
		res = pageRequest(t, db, e.url, e.ids["owner"], "POST", "/o/demo/dashboard/thresholds", good)
		if res.status != http.StatusSeeOther || res.flash == "" {
			t.Fatalf("save: %d %q", res.status, res.flash)
		}
		owner, _, err := db.Actor(context.Background(), e.ids["owner"], "demo")
		must(t, err)
		th, err := db.Thresholds(closer.NewContextWithActor(context.Background(), owner))
		must(t, err)
		want := closer.Thresholds{MinSample: 12, Factor: 1.25, Points: 6, WinPoints: 11.5, RevenueShare: 0.85, PriceShare: 0.5, NoVanishSample: 25, HistoryPeriods: 3}
		if th != want {
			t.Errorf("saved %+v, want %+v", th, want)
		}
		if res := e.get(t, "consultant", "/o/demo/dashboard"); !strings.Contains(res.body, "moins de 12 affaires") {
			t.Error("the dashboard does not use the org's thresholds")
		}
		reset := url.Values{"action": {"reset"}}
		if res := pageRequest(t, db, e.url, e.ids["owner"], "POST", "/o/demo/dashboard/thresholds", reset); res.status != http.StatusSeeOther {
			t.Errorf("reset: %d", res.status)
		}
		if th, _ := db.Thresholds(closer.NewContextWithActor(context.Background(), owner)); th != closer.DefaultThresholds() {
			t.Errorf("after reset: %+v", th)
		}
	})
}

// The diagnostics API draws its findings with the org's thresholds: the
// team's "not a single vanished" rests on 22 closures, and goes away once
// the owner asks for at least 23.
func TestDiagnosticsAPIUsesOrgThresholds(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		f.seedClosures(t)
		path := "/api/v1/orgs/acme/diagnostics?from=2025-04-01&to=2025-06-30&lang=en"
		f.run(t, []scenario{{name: "defaults", as: "consultant", method: "GET", path: path, status: 200,
			want: []string{`"min_sample":10`, `"code":"no_vanished"`}}})
		th := closer.DefaultThresholds()
		th.MinSample = 23
		must(t, db.SetThresholds(f.actor("owner", "acme"), th))
		got := f.do(t, "consultant", "GET", path, "", nil)
		if got.status != 200 || !strings.Contains(string(got.body), `"min_sample":23`) || strings.Contains(string(got.body), `"code":"no_vanished"`) {
			t.Errorf("with the org's thresholds: %d %s", got.status, got.body)
		}
		other := f.do(t, "outsider", "GET", "/api/v1/orgs/other/diagnostics?lang=en", "", nil)
		if !strings.Contains(string(other.body), `"min_sample":10`) {
			t.Errorf("another org's thresholds changed: %s", other.body)
		}
	})
}
