package web_test

import (
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestNoUserDisclosure: whatever an org's owner sends naming a person (an
// e-mail or a user id: a filter, an owner in a body, a member to add, an
// invitation), the answer is the same for a user of another org as for
// nobody at all, and never shows anything of that user (their name, their
// orgs). Otherwise an owner could learn who uses Closer, and under which
// name, by trying addresses.
func TestNoUserDisclosure(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newIsoEnv(t, db)
		const json = "application/json"
		// Each pair: a user of the other org (and of no org), and nobody.
		type pair struct {
			kind, foreign, nobody string
			id                    bool // pages show digits everywhere: an id's answers are compared on the API only
		}
		e.newUser("loner@iso.test") // a user of no org
		pairs := []pair{
			{"e-mail of another org's member", "outsider@iso.test", "nobody@iso.test", false},
			{"e-mail of another org's consultant", "OConsultant@iso.test", "NoBody2@iso.test", false},
			{"e-mail of a user of no org", "loner@iso.test", "nobody3@iso.test", false},
			{"id of another org's member", strconv.FormatInt(e.users["outsider"], 10), "99999999", true},
		}
		opp := e.record("opportunity", "acme")
		for _, p := range pairs {
			for _, c := range []struct {
				api                     bool
				method, path, ctype, in string
			}{
				{true, "GET", "/api/v1/orgs/acme/opportunities?owner={who}", "", ""},
				{true, "GET", "/api/v1/orgs/acme/accounts?owner={who}", "", ""},
				{true, "GET", "/api/v1/orgs/acme/activities?owner={who}", "", ""},
				{true, "GET", "/api/v1/orgs/acme/targets?owner={who}", "", ""},
				{true, "GET", "/api/v1/orgs/acme/stats?from=2025-01-01&to=2025-12-31&owner={who}", "", ""},
				{true, "GET", "/api/v1/orgs/acme/diagnostics?from=2025-01-01&to=2025-12-31&owner={who}", "", ""},
				{true, "GET", "/api/v1/orgs/acme/audit?user={who}", "", ""},
				{true, "POST", "/api/v1/orgs/acme/opportunities", json, `{"title":"X","owner":"{who}"}`},
				{true, "PATCH", "/api/v1/orgs/acme/opportunities/" + opp, json, `{"owner":"{who}"}`},
				{true, "POST", "/api/v1/orgs/acme/accounts", json, `{"name":"X","owner":"{who}"}`},
				{true, "POST", "/api/v1/orgs/acme/contacts", json, `{"name":"X","owner":"{who}"}`},
				{true, "POST", "/api/v1/orgs/acme/activities", json, `{"kind":"call","subject":"X","due_on":"2025-06-20","owner":"{who}"}`},
				{true, "PUT", "/api/v1/orgs/acme/targets", json, `{"owner":"{who}","period":"month","starts_on":"2025-06-01","amount":1}`},
				{false, "GET", "/o/acme/opportunities?owner={who}", "", ""},
				{false, "GET", "/o/acme/dashboard?owner={who}", "", ""},
			} {
				foreign := e.disclosureAnswer(c.api, c.method, c.path, c.ctype, c.in, p.foreign)
				nobody := e.disclosureAnswer(c.api, c.method, c.path, c.ctype, c.in, p.nobody)
				if foreign != nobody && (c.api || !p.id) {
					t.Errorf("%s %s with the %s answers otherwise than with nobody's:\n%s\nnobody's:\n%s", c.method, c.path, p.kind, foreign, nobody)
				}
				if strings.Contains(foreign, otherMarker) {
					t.Errorf("%s %s with the %s shows that user's name", c.method, c.path, p.kind)
				}
			}
		}
		// Adding a member, or inviting one, by e-mail: the same answer (an
		// invitation) for another org's member, a user of no org and nobody.
		for _, path := range []string{"/api/v1/orgs/acme/members", "/api/v1/orgs/acme/invitations"} {
			var shapes []string
			for _, email := range []string{"outsider@iso.test", "loner@iso.test", "nobody4@iso.test"} {
				res := e.send("owner", true, "POST", path, json, `{"email":"`+email+`","role":"sales"}`)
				if strings.Contains(res.body, otherMarker) || strings.Contains(res.body, "New loner") {
					t.Errorf("POST %s with %s shows that user's name:\n%s", path, email, res.body)
				}
				shapes = append(shapes, strconv.Itoa(res.status)+" "+jsonShape(t, res.body))
			}
			if shapes[0] != shapes[1] || shapes[1] != shapes[2] {
				t.Errorf("POST %s answers differently for another org's member, a user of no org and nobody: %q", path, shapes)
			}
			if !strings.HasPrefix(shapes[0], "202 ") && !strings.HasPrefix(shapes[0], "201 ") {
				t.Errorf("POST %s: %s, want an invitation", path, shapes[0])
			}
		}
		// Nobody was made a member of acme without accepting.
		members := e.send("owner", true, "GET", "/api/v1/orgs/acme/members?limit=500", "", "")
		for _, email := range []string{"outsider@iso.test", "loner@iso.test", "nobody4@iso.test"} {
			if strings.Contains(members.body, email) {
				t.Errorf("%s became a member of acme without accepting an invitation", email)
			}
		}
	})
}

// disclosureAnswer sends a request as acme's owner with who in place of
// {who}, and returns its status and body with who replaced back, so that
// two answers can be compared.
func (e *isoEnv) disclosureAnswer(api bool, method, path, ctype, body, who string) string {
	path = strings.ReplaceAll(path, "{who}", who)
	body = strings.ReplaceAll(body, "{who}", who)
	res := e.send("owner", api, method, path, ctype, body)
	out := strconv.Itoa(res.status) + " " + res.location + "\n" + res.body
	return strings.NewReplacer(who, "{who}", url.QueryEscape(who), "{who}").Replace(out)
}

// jsonShape is the sorted keys of a JSON object.
func jsonShape(t *testing.T, body string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return "not an object: " + body
	}
	return strings.Join(slices.Sorted(maps.Keys(m)), ",")
}
