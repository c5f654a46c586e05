package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

const ownerPassword = "correct horse battery" // newOrg's owner

// TestSignInRateLimit: five failures for an e-mail lock it out, even with
// the right password, until the window has passed; twenty from one address
// lock the address out, whatever the e-mails. The clock is the store's.
func TestSignInRateLimit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		now := salesNow
		db.Now = func() time.Time { return now }
		owner, _ := newOrg(t, db, "acme")
		ctx := closer.NewContextWithClient(context.Background(), closer.Client{IP: "198.51.100.1"})
		for i := 0; i < closer.SignInMaxPerEmail; i++ {
			_, err := db.Authenticate(ctx, "Owner@acme.test", "wrong password")
			wantErr(t, "wrong password", err, closer.EUNAUTHORIZED, "")
			now = now.Add(time.Minute)
		}
		_, err := db.Authenticate(ctx, "owner@acme.test", ownerPassword)
		wantErr(t, "locked out with the right password", err, closer.ETOOMANY, "")
		// Now is +5: the first failure (at +0) leaves the window at +15.
		if msg := closer.ErrorMessage(err); msg != "Too many attempts: try again in 10 minutes." {
			t.Errorf("message: %q", msg)
		}
		// Another address is locked out as well: the e-mail is.
		other := closer.NewContextWithClient(context.Background(), closer.Client{IP: "203.0.113.9"})
		_, err = db.Authenticate(other, "owner@acme.test", ownerPassword)
		wantErr(t, "the e-mail is locked out from any address", err, closer.ETOOMANY, "")

		now = salesNow.Add(closer.SignInWindow)
		if _, err := db.Authenticate(ctx, "owner@acme.test", ownerPassword); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		failed := auditActions(t, db, owner, closer.AuditFilter{Action: closer.AuditSignInFailed})
		if len(failed) != closer.SignInMaxPerEmail || failed[0].Target != "owner@acme.test" || failed[0].IP != "198.51.100.1" {
			t.Fatalf("failed sign-ins in the log: %+v", failed)
		}
		if ok := auditActions(t, db, owner, closer.AuditFilter{Action: closer.AuditSignIn}); len(ok) != 1 {
			t.Fatalf("sign-ins in the log: %+v", ok)
		}

		// Per address: twenty failures over different (unknown) e-mails.
		for i := 0; i < closer.SignInMaxPerAddress; i++ {
			_, err := db.Authenticate(ctx, fmt.Sprintf("nobody%d@acme.test", i), "guess")
			wantErr(t, "unknown e-mail", err, closer.EUNAUTHORIZED, "")
		}
		_, err = db.Authenticate(ctx, "owner@acme.test", ownerPassword)
		wantErr(t, "address locked out", err, closer.ETOOMANY, "")
		if _, err := db.Authenticate(other, "owner@acme.test", ownerPassword); err != nil {
			t.Fatalf("from another address: %v", err)
		}
	})
}

// TestSessionsRevocable: the account page's sessions, with their client,
// revocable one by one or all but the current one; only one's own.
func TestSessionsRevocable(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		db.Now = func() time.Time { return salesNow }
		owner, _ := newOrg(t, db, "acme")
		other, _ := newOrg(t, db, "other")
		me, them := userOf(owner), userOf(other)
		browser := closer.NewContextWithClient(context.Background(), closer.Client{IP: "192.0.2.1", UserAgent: "Firefox"})
		current, err := db.CreateSession(browser, me)
		must(t, err)
		db.Now = func() time.Time { return salesNow.Add(time.Hour) }
		phone, err := db.CreateSession(context.Background(), me)
		must(t, err)
		third, err := db.CreateSession(context.Background(), me)
		must(t, err)
		theirs, err := db.CreateSession(context.Background(), them)
		must(t, err)

		list, err := db.UserSessions(context.Background(), me, current)
		must(t, err)
		if len(list) != 3 || !list[2].Current || list[2].UserAgent != "Firefox" || list[2].IP != "192.0.2.1" || list[0].Current {
			t.Fatalf("sessions: %+v", list)
		}
		theirList, err := db.UserSessions(context.Background(), them, "")
		must(t, err)
		wantErr(t, "revoke another user's session", db.RevokeSession(context.Background(), me, theirList[0].Ref), closer.ENOTFOUND, "")
		wantErr(t, "revoke a malformed ref", db.RevokeSession(context.Background(), me, "x"), closer.ENOTFOUND, "")
		if _, err := db.SessionUser(context.Background(), theirs); err != nil {
			t.Fatalf("their session survives: %v", err)
		}

		must(t, db.RevokeSession(context.Background(), me, list[0].Ref))
		if n := 0; true {
			for _, s := range []string{phone, third} {
				if _, err := db.SessionUser(context.Background(), s); closer.ErrorCode(err) == closer.EUNAUTHORIZED {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("one revoked session stops working, got %d", n)
			}
		}
		n, err := db.RevokeOtherSessions(context.Background(), me, current)
		must(t, err)
		if n != 1 {
			t.Fatalf("revoked %d others, want 1", n)
		}
		if _, err := db.SessionUser(context.Background(), current); err != nil {
			t.Fatalf("the current session survives: %v", err)
		}
		for _, s := range []string{phone, third} {
			_, err := db.SessionUser(context.Background(), s)
			wantErr(t, "revoked session", err, closer.EUNAUTHORIZED, "")
		}
		if got := auditActions(t, db, owner, closer.AuditFilter{Action: closer.AuditSessionRevoke}); len(got) != 2 {
			t.Fatalf("session revocations in the log: %+v", got)
		}
	})
}

// TestTokensRevocable: a revoked token stops working at once; another
// user's token cannot be revoked; the log has both.
func TestTokensRevocable(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		owner, _ := newOrg(t, db, "acme")
		other, _ := newOrg(t, db, "other")
		me, them := userOf(owner), userOf(other)
		secret, tok, err := db.CreateToken(context.Background(), me, "laptop")
		must(t, err)
		_, theirs, err := db.CreateToken(context.Background(), them, "theirs")
		must(t, err)
		if _, err := db.UserByToken(context.Background(), secret); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "revoke another user's token", db.RevokeToken(context.Background(), me, theirs.ID), closer.ENOTFOUND, "")
		must(t, db.RevokeToken(context.Background(), me, tok.ID))
		must(t, db.RevokeToken(context.Background(), me, tok.ID)) // again: nothing more
		_, err = db.UserByToken(context.Background(), secret)
		wantErr(t, "revoked token", err, closer.EUNAUTHORIZED, "")
		list, err := db.UserTokens(context.Background(), me)
		must(t, err)
		if len(list) != 1 || list[0].Name != "laptop" || list[0].Revoked == nil || list[0].LastUsed == nil {
			t.Fatalf("tokens: %+v", list)
		}
		got := auditActions(t, db, owner, closer.AuditFilter{})
		if len(got) < 2 || got[0].Action != closer.AuditTokenRevoke || got[1].Action != closer.AuditTokenCreate || got[0].Target != "laptop" {
			t.Fatalf("log: %+v", got)
		}
	})
}

// TestChangePassword: the current password is required, the new one must
// be long enough, and the other sessions end.
func TestChangePassword(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		owner, _ := newOrg(t, db, "acme")
		me := userOf(owner)
		current, err := db.CreateSession(context.Background(), me)
		must(t, err)
		elsewhere, err := db.CreateSession(context.Background(), me)
		must(t, err)
		ctx := context.Background()
		wantErr(t, "wrong current", db.ChangePassword(ctx, me, "nope", "a new long password", current), closer.EINVALID, "current_password")
		wantErr(t, "too short", db.ChangePassword(ctx, me, ownerPassword, "short", current), closer.EINVALID, "new_password")
		if _, err := db.SessionUser(ctx, elsewhere); err != nil {
			t.Fatalf("a refused change ends nothing: %v", err)
		}
		must(t, db.ChangePassword(ctx, me, ownerPassword, "a new long password", current))
		_, err = db.SessionUser(ctx, elsewhere)
		wantErr(t, "other session after the change", err, closer.EUNAUTHORIZED, "")
		if _, err := db.SessionUser(ctx, current); err != nil {
			t.Fatalf("the current session survives: %v", err)
		}
		_, err = db.Authenticate(ctx, "owner@acme.test", ownerPassword)
		wantErr(t, "old password", err, closer.EUNAUTHORIZED, "")
		if _, err := db.Authenticate(ctx, "owner@acme.test", "a new long password"); err != nil {
			t.Fatal(err)
		}
		got := auditActions(t, db, owner, closer.AuditFilter{Action: closer.AuditPasswordChange})
		if len(got) != 1 || !strings.Contains(got[0].UserName, "Owner") {
			t.Fatalf("log: %+v", got)
		}
		// Guessing the current password counts as failed sign-ins.
		for i := 0; i < closer.SignInMaxPerEmail; i++ {
			wantErr(t, "guess", db.ChangePassword(ctx, me, "guess", "a third long password", current), closer.EINVALID, "current_password")
		}
		wantErr(t, "locked out", db.ChangePassword(ctx, me, "a new long password", "a third long password", current), closer.ETOOMANY, "")
		_, err = db.Authenticate(ctx, "owner@acme.test", "a new long password")
		wantErr(t, "sign-in locked out too", err, closer.ETOOMANY, "")
	})
}
