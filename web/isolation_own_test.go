package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"closer"
)

// The isolation matrix's personal routes (isolation_test.go holds the
// matrix): a user's own account (sessions, tokens, password) and the
// acceptance of an invitation, whose secret is the credential. They belong
// to a user, not to an org: no slug, no role.

// ownKeys are the requesters of the personal routes: every role of acme and
// the other org's owner.
var ownKeys = []string{"owner", "manager", "sales", "sales2", "consultant", "outsider"}

// playOwnRoute plays a personal route. Signed out, or with the other
// credential, it is refused (401 or the sign-in page); with a record of
// another user (a session's ref, a token's id) it is 404, and with an
// invitation sent to someone else 403; neither changes anything (the
// sessions and tokens of every user, and both orgs' data, are
// fingerprinted). With their own record, each requester is allowed.
func (e *isoEnv) playOwnRoute(r isoRoute) {
	t := e.t
	type request struct {
		name, as, path, ctype, body string
		expect                      expectation
	}
	var refused []request
	add := func(name, as, id string, expect expectation) {
		ctype, body := e.body(r)
		refused = append(refused, request{name, as, isoPath(r.Pattern, "", id), ctype, body, expect})
	}
	for _, as := range []string{"", "crossed:owner"} {
		id := ""
		if r.kind != "" && r.rule.who == invitee {
			id = e.own(r.kind, "") // an invitation goes to someone who is no member yet
		} else if r.kind != "" {
			id = e.own(r.kind, "owner")
		}
		add(fmt.Sprintf("%q signed out or with the other credential", as), as, id, expectSignIn)
	}
	if r.kind != "" {
		for _, key := range ownKeys {
			victim := "sales"
			if key == victim {
				victim = "owner"
			}
			if r.rule.who == invitee {
				add(key+" with an invitation sent to someone else", key, e.own(r.kind, ""), expectForbidden)
				continue
			}
			add(key+" with "+victim+"'s "+r.kind, key, e.own(r.kind, victim), expectNotFound)
		}
	}
	before := e.ownFingerprint()
	for _, q := range refused {
		res := e.send(q.as, r.api, r.Method, q.path, q.ctype, q.body)
		e.checks++
		if !q.expect.check(r.api, res) {
			t.Errorf("%s: %s %s answered %d (location %q), want %s\n%s", q.name, r.Method, q.path, res.status, res.location, q.expect, res.summary())
		}
		if after := e.ownFingerprint(); after != before {
			t.Errorf("%s: the refused %s %s changed data", q.name, r.Method, q.path)
			before = after
		}
	}
	keys := ownKeys
	if r.rule.who == invitee {
		keys = []string{e.newInvitee()}
	}
	for _, key := range keys {
		id := ""
		if r.kind != "" {
			id = e.own(r.kind, key)
		}
		path := isoPath(r.Pattern, "", id)
		ctype, body := e.body(r)
		res := e.send(key, r.api, r.Method, path, ctype, body)
		e.checks++
		if !expectAllowed.check(r.api, res) {
			t.Errorf("%s: %s %s answered %d (location %q), want %s\n%s", key, r.Method, path, res.status, res.location, expectAllowed, res.summary())
		}
	}
}

// own makes a personal record of kind for the user key and returns how the
// path names it: a session's ref, a token's id, or the secret of an
// invitation to acme sent to key's e-mail ("" for key: to a user who is
// no member of any org).
func (e *isoEnv) own(kind, key string) string {
	e.t.Helper()
	sys := closer.NewSystemContext(context.Background())
	switch kind {
	case "session":
		secret, err := e.db.CreateSession(context.Background(), e.users[key])
		must(e.t, err)
		sessions, err := e.db.UserSessions(context.Background(), e.users[key], secret)
		must(e.t, err)
		for _, s := range sessions {
			if s.Current {
				return s.Ref
			}
		}
		e.t.Fatalf("the new session of %s is not among their sessions", key)
	case "token":
		_, tok, err := e.db.CreateToken(sys, e.users[key], fmt.Sprintf("Token %d", e.next()))
		must(e.t, err)
		return strconv.FormatInt(tok.ID, 10)
	case "invitation_secret":
		email := key + "@iso.test"
		if key == "" {
			email = fmt.Sprintf("elsewhere%d@iso.test", e.next())
			e.newUser(email)
		}
		secret, _, err := e.db.CreateInvitation(e.ctx["owner"], email, closer.RoleSales)
		must(e.t, err)
		return secret
	}
	e.t.Fatalf("the isolation matrix cannot make a personal record of kind %q", kind)
	return ""
}

// newInvitee creates a user who is no member of any org, with an API token,
// and returns their key (their e-mail is key@iso.test).
func (e *isoEnv) newInvitee() string {
	e.t.Helper()
	key := fmt.Sprintf("invitee%d", e.next())
	u := &closer.User{Email: key + "@iso.test", Name: "Invitee " + key}
	sys := closer.NewSystemContext(context.Background())
	must(e.t, e.db.CreateUser(sys, u, ""))
	secret, _, err := e.db.CreateToken(sys, u.ID, "test")
	must(e.t, err)
	e.users[key], e.tokens[key] = u.ID, secret
	return key
}

// ownFingerprint sums up both orgs' data and every user's sessions and
// tokens (which exist, which are revoked; not when they were last used).
func (e *isoEnv) ownFingerprint() string {
	e.t.Helper()
	parts := []any{e.fingerprint(), e.fingerprintOf("outsider")}
	for _, key := range slices.Concat(ownKeys, []string{"former", "oconsultant"}) {
		sessions, err := e.db.UserSessions(context.Background(), e.users[key], "")
		must(e.t, err)
		tokens, err := e.db.UserTokens(context.Background(), e.users[key])
		must(e.t, err)
		var refs []string
		for _, s := range sessions {
			refs = append(refs, s.Ref)
		}
		var toks []string
		for _, tk := range tokens {
			toks = append(toks, fmt.Sprintf("%d:%t", tk.ID, tk.Revoked != nil))
		}
		parts = append(parts, key, refs, toks)
	}
	b, err := json.Marshal(parts)
	must(e.t, err)
	return string(b)
}
