package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"closer/export"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
	"closer/web"
)

// leakQueries are the query strings every reading route is also asked
// with: searches for the markers, filters naming the other org's records,
// every export, and a wide period for the statistics. {acct}, {opp},
// {owner} are ids of the other org's records.
var leakQueries = func() []string {
	// A search names a marker's first letters only: pages show the
	// search again, which must not count as a leak.
	q := []string{"", "?q=ZQX", "?q=" + acmeMarker[:7], "?q=" + otherMarker[:8],
		"?owner={owner}", "?account={account}", "?opportunity={opp}", "?status=open,on_hold,won,lost,vanished",
		"?from=2000-01-01&to=2099-12-31", "?from=2000-01-01&to=2099-12-31&group=owner",
		"?from=2000-01-01&to=2099-12-31&group=month&owner={owner}", "?owner=all", "?limit=500"}
	for _, e := range export.Entities {
		for _, f := range export.Formats {
			q = append(q, "?entity="+e+"&format="+f)
		}
	}
	return q
}()

// TestIsolationLeaks reads every reading route of the router (API and
// pages, listed at run time), with every query of leakQueries, as the
// owner of "other" and as acme's consultant, and checks that no answer
// holds the marker planted in the names and notes of the other org's
// records (XLSX exports are unzipped first). As a control, acme's own marker
// must show in acme's lists.
func TestIsolationLeaks(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newIsoEnv(t, db)
		kinds := []string{"account", "contact", "opportunity", "held_opportunity", "won_opportunity", "quote", "order",
			"activity", "target", "member", "filter", "note", "invitation", "import_job", "stages", "loss-reasons", "vanish-reasons", "competitors", "sources"}
		for _, org := range []string{"acme", "other"} {
			for _, k := range kinds {
				e.record(k, org)
			}
		}
		readers := []struct{ as, slug, foreign, mark string }{
			{"outsider", "other", "acme", acmeMarker},
			{"consultant", "acme", "other", otherMarker},
		}
		ownSeen := map[string]int{}
		// Besides the org's own routes, those of the signed-in reader (the
		// list of their orgs, the home page) are read too.
		for _, rt := range routesToRead(e, t) {
			for _, rd := range readers {
				ids := map[string]string{
					"{owner}":   strconv.FormatInt(e.users[map[string]string{"acme": "sales", "other": "outsider"}[rd.foreign]], 10),
					"{account}": e.record("account", rd.foreign), "{opp}": e.record("opportunity", rd.foreign),
				}
				for _, q := range leakQueries {
					for k, v := range ids {
						q = strings.ReplaceAll(q, k, v)
					}
					id := ""
					if rt.kind != "" {
						if rt.kind == "import_job" || rt.kind == "import" {
							continue // uploads are their uploader's: acme's owner, other's owner
						}
						id = e.record(rt.kind, rd.slug)
					}
					path := isoPath(rt.Pattern, rd.slug, id) + q
					res := e.send(rd.as, rt.api, "GET", path, "", "")
					if res.status >= 500 {
						t.Errorf("GET %s as %s: status %d\n%s", path, rd.as, res.status, res.summary())
					}
					body := readable(res.body)
					if strings.Contains(body, rd.mark) {
						t.Errorf("GET %s as %s shows the other org's data (%s)", path, rd.as, rd.mark)
					}
					if strings.Contains(body, orgMarker(rd.slug)) {
						ownSeen[rd.as+" "+rt.Pattern]++
					}
				}
			}
		}
		// The control: the scan read real data, not empty pages.
		for _, p := range []string{"consultant " + apiOrg + "/opportunities", "outsider " + apiOrg + "/opportunities",
			"consultant " + apiOrg + "/exports", "outsider " + pageOrg + "/opportunities", "consultant " + pageOrg + "/accounts"} {
			if ownSeen[p] == 0 {
				t.Errorf("GET %s never showed the reader's own org's records: the leak scan reads nothing", p)
			}
		}
	})
}

// routesToRead lists the server's reading routes, classified like the matrix's.
func routesToRead(e *isoEnv, t *testing.T) []isoRoute {
	var out []isoRoute
	for _, r := range isoRoutes(t, &web.Server{}) {
		if r.Method == http.MethodGet {
			out = append(out, r)
		}
	}
	return out
}

// readable returns a body as text: an XLSX (zip) file's parts unzipped.
func readable(body string) string {
	if !strings.HasPrefix(body, "PK") {
		return body
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	if err != nil {
		return body
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			continue
		}
		io.Copy(&b, rc)
		rc.Close()
	}
	return b.String()
}

// TestIsolationReferences: a request of acme's owner whose body names a
// record of the other org (an account, a contact, an opportunity, a member)
// is refused, changes neither org's data, and shows nothing of the other
// org.
func TestIsolationReferences(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newIsoEnv(t, db)
		acc, contact, opp := e.record("account", "other"), e.record("contact", "other"), e.record("opportunity", "other")
		outsider := strconv.FormatInt(e.users["outsider"], 10)
		own := e.record("opportunity", "acme")
		ownAcc := e.record("account", "acme")
		const json, form = "application/json", "application/x-www-form-urlencoded"
		for _, c := range []struct {
			api                     bool
			method, path, ctype, in string
		}{
			{true, "POST", "/api/v1/orgs/acme/opportunities", json, `{"title":"X","account":` + acc + `}`},
			{true, "POST", "/api/v1/orgs/acme/opportunities", json, `{"title":"X","contact":` + contact + `}`},
			{true, "POST", "/api/v1/orgs/acme/opportunities", json, `{"title":"X","owner":` + outsider + `}`},
			{true, "POST", "/api/v1/orgs/acme/opportunities", json, `{"title":"X","owner":"outsider@iso.test"}`},
			{true, "PATCH", "/api/v1/orgs/acme/opportunities/" + own, json, `{"account":` + acc + `}`},
			{true, "PATCH", "/api/v1/orgs/acme/opportunities/" + own, json, `{"owner":` + outsider + `}`},
			{true, "POST", "/api/v1/orgs/acme/contacts", json, `{"name":"X","account":` + acc + `}`},
			{true, "POST", "/api/v1/orgs/acme/accounts", json, `{"name":"X","owner":` + outsider + `}`},
			{true, "POST", "/api/v1/orgs/acme/quotes", json, `{"opportunity":` + opp + `,"number":"Q-1","amount":1}`},
			{true, "POST", "/api/v1/orgs/acme/orders", json, `{"account":` + acc + `,"amount":1,"ordered_on":"2025-06-10"}`},
			{true, "POST", "/api/v1/orgs/acme/orders", json, `{"account":` + ownAcc + `,"opportunity":` + opp + `,"amount":1,"ordered_on":"2025-06-10"}`},
			{true, "POST", "/api/v1/orgs/acme/activities", json, `{"kind":"call","subject":"X","due_on":"2025-06-20","opportunity":` + opp + `}`},
			{true, "POST", "/api/v1/orgs/acme/activities", json, `{"kind":"call","subject":"X","due_on":"2025-06-20","account":` + acc + `}`},
			{true, "POST", "/api/v1/orgs/acme/activities", json, `{"kind":"call","subject":"X","due_on":"2025-06-20","owner":` + outsider + `}`},
			{true, "PUT", "/api/v1/orgs/acme/targets", json, `{"owner":` + outsider + `,"period":"month","starts_on":"2025-06-01","amount":1}`},
			{true, "PATCH", "/api/v1/orgs/acme/members/" + outsider, json, `{"role":"owner"}`},
			{false, "POST", "/o/acme/orders", form, "account=" + acc + "&kind=direct&amount=1&ordered_on=2025-06-10"},
			{false, "POST", "/o/acme/orders", form, "account=" + ownAcc + "&opportunity=" + opp + "&kind=linked&amount=1&ordered_on=2025-06-10"},
			{false, "POST", "/o/acme/activities", form, "kind=call&subject=X&due_on=2025-06-20&opportunity=" + opp},
			{false, "POST", "/o/acme/activities", form, "kind=call&subject=X&due_on=2025-06-20&owner=" + outsider},
			{false, "POST", "/o/acme/accounts", form, "name=X&owner=" + outsider},
			{false, "POST", "/o/acme/opportunities/new", form, "title=X&owner=" + outsider},
			{false, "POST", "/o/acme/settings/targets", form, "period=month:2025-06-01&amount=1&owner=" + outsider},
			{false, "POST", "/o/acme/settings/members/" + outsider, form, "role=owner"},
		} {
			acme, other := e.fingerprint(), e.fingerprintOf("outsider")
			res := e.send("owner", c.api, c.method, c.path, c.ctype, c.in)
			if res.status < 400 || res.status >= 500 {
				t.Errorf("%s %s %s: status %d, want a refusal (4xx)\n%s", c.method, c.path, c.in, res.status, res.summary())
			}
			if strings.Contains(res.body, otherMarker) {
				t.Errorf("%s %s %s shows the other org's data", c.method, c.path, c.in)
			}
			if e.fingerprint() != acme || e.fingerprintOf("outsider") != other {
				t.Errorf("%s %s %s changed data", c.method, c.path, c.in)
			}
		}
	})
}
