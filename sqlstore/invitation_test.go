package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestInvitations(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "invite")
		sys := closer.NewSystemContext(context.Background())
		newcomer := &closer.User{Email: "lea@invite.test", Name: "Léa"}
		if err := db.CreateUser(sys, newcomer, "long enough password"); err != nil {
			t.Fatal(err)
		}

		_, _, err := db.CreateInvitation(tm.manager, "lea@invite.test", closer.RoleSales)
		wantErr(t, "manager invites", err, closer.EFORBIDDEN, "")
		_, _, err = db.CreateInvitation(tm.owner, "not an address", closer.RoleSales)
		wantErr(t, "bad e-mail", err, closer.EINVALID, "email")
		_, _, err = db.CreateInvitation(tm.owner, "lea@invite.test", "boss")
		wantErr(t, "bad role", err, closer.EINVALID, "role")

		secret, inv, err := db.CreateInvitation(tm.owner, "LEA@invite.test", closer.RoleSales)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "inv_") || inv.Email != "lea@invite.test" || !inv.Expires.Equal(fixedNow.Add(7*24*time.Hour)) {
			t.Fatalf("invitation: %q %+v", secret, inv)
		}
		if list, err := db.Invitations(tm.owner); err != nil || len(list) != 1 || list[0].ID != inv.ID {
			t.Fatalf("pending: %+v %v", list, err)
		}
		// Somebody else cannot use the link.
		_, err = db.AcceptInvitation(sys, secret, tm.sales1ID)
		wantErr(t, "another user accepts", err, closer.EFORBIDDEN, "")
		_, err = db.AcceptInvitation(sys, secret+"x", newcomer.ID)
		wantErr(t, "unknown secret", err, closer.ENOTFOUND, "")

		org, err := db.AcceptInvitation(sys, secret, newcomer.ID)
		if err != nil || org.Slug != "invite" {
			t.Fatalf("accept: %+v %v", org, err)
		}
		if a, _, err := db.Actor(sys, newcomer.ID, "invite"); err != nil || a.Role != closer.RoleSales {
			t.Fatalf("the newcomer is not a salesperson of the org: %+v %v", a, err)
		}
		_, err = db.AcceptInvitation(sys, secret, newcomer.ID)
		wantErr(t, "used twice", err, closer.ENOTFOUND, "")
		if list, _ := db.Invitations(tm.owner); len(list) != 0 {
			t.Fatalf("a used invitation is still pending: %+v", list)
		}

		// Revoked, then expired (Léa is a member now: Max is invited).
		max := &closer.User{Email: "max@invite.test", Name: "Max"}
		if err := db.CreateUser(sys, max, "long enough password"); err != nil {
			t.Fatal(err)
		}
		secret2, inv2, err := db.CreateInvitation(tm.owner, "max@invite.test", closer.RoleManager)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := newOrg(t, db, "invite-other")
		wantErr(t, "foreign org revokes", db.RevokeInvitation(other, inv2.ID), closer.ENOTFOUND, "")
		if err := db.RevokeInvitation(tm.owner, inv2.ID); err != nil {
			t.Fatal(err)
		}
		if log, _, err := db.AuditLog(tm.owner, closer.AuditFilter{Action: closer.AuditInviteRevoke}); err != nil || len(log) != 1 || log[0].Target != "max@invite.test" || log[0].Detail != "manager" {
			t.Fatalf("audit of the revocation: %+v %v", log, err)
		}
		_, err = db.AcceptInvitation(sys, secret2, max.ID)
		wantErr(t, "revoked", err, closer.ENOTFOUND, "")
		secret3, _, err := db.CreateInvitation(tm.owner, "max@invite.test", closer.RoleManager)
		if err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return fixedNow.Add(8 * 24 * time.Hour) }
		_, err = db.AcceptInvitation(sys, secret3, max.ID)
		wantErr(t, "expired", err, closer.ENOTFOUND, "")
		if !strings.Contains(closer.ErrorMessage(err), "expired") {
			t.Errorf("expired message: %v", err)
		}

		// A deactivated member comes back through an invitation.
		db.Now = func() time.Time { return fixedNow }
		off := false
		if err := db.UpdateMember(tm.owner, newcomer.ID, nil, &off); err != nil {
			t.Fatal(err)
		}
		secret4, _, err := db.CreateInvitation(tm.owner, "lea@invite.test", closer.RoleConsultant)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AcceptInvitation(sys, secret4, newcomer.ID); err != nil {
			t.Fatal(err)
		}
		if a, _, err := db.Actor(sys, newcomer.ID, "invite"); err != nil || a.Role != closer.RoleConsultant {
			t.Fatalf("reactivated: %+v %v", a, err)
		}
	})
}

// TestInvitationDetailsAndJoin: the holder of a secret sees what it invites
// to; a new person joins with a password in one go, an account that exists
// must sign in instead, a user without a password (an import's) sets one;
// a refused join creates nothing.
func TestInvitationDetailsAndJoin(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "join")
		sys := closer.NewSystemContext(context.Background())

		_, err := db.InvitationBySecret(sys, "inv_unknown")
		wantErr(t, "unknown secret", err, closer.ENOTFOUND, "")
		_, err = db.InvitationBySecret(sys, "not even a secret")
		wantErr(t, "malformed secret", err, closer.ENOTFOUND, "")

		secret, _, err := db.CreateInvitation(tm.owner, "new@join.test", closer.RoleSales)
		if err != nil {
			t.Fatal(err)
		}
		d, err := db.InvitationBySecret(sys, secret)
		if err != nil {
			t.Fatal(err)
		}
		if d.State != closer.InvitationPending || d.Email != "new@join.test" || d.Role != closer.RoleSales || d.OrgSlug != "join" ||
			d.OrgName != "Org join" || d.InviterName != "Owner join" || d.UserExists || !d.Expires.Equal(fixedNow.Add(closer.InvitationTTL)) {
			t.Fatalf("details: %+v", d)
		}

		// Refused joins change nothing: no user, the invitation still pending.
		u := &closer.User{Name: "Nina Neuve", Lang: "en"}
		_, err = db.JoinByInvitation(sys, secret, u, "short")
		wantErr(t, "short password", err, closer.EINVALID, "password")
		_, err = db.JoinByInvitation(sys, secret, &closer.User{Name: "  "}, "long enough password")
		wantErr(t, "no name", err, closer.EINVALID, "name")
		_, err = db.JoinByInvitation(sys, secret+"x", u, "long enough password")
		wantErr(t, "unknown secret", err, closer.ENOTFOUND, "")
		if _, err := db.FindUserByEmail(sys, "new@join.test"); closer.ErrorCode(err) != closer.ENOTFOUND {
			t.Fatalf("a refused join created the user: %v", err)
		}

		org, err := db.JoinByInvitation(sys, secret, u, "long enough password")
		if err != nil || org.Slug != "join" {
			t.Fatalf("join: %+v %v", org, err)
		}
		if u.ID == 0 || u.Email != "new@join.test" || !u.HasLogin {
			t.Fatalf("the new user: %+v", u)
		}
		if got, err := db.Authenticate(sys, "new@join.test", "long enough password"); err != nil || got.ID != u.ID || got.Lang != "en" || got.Name != "Nina Neuve" {
			t.Fatalf("sign in after joining: %+v %v", got, err)
		}
		if a, _, err := db.Actor(sys, u.ID, "join"); err != nil || a.Role != closer.RoleSales {
			t.Fatalf("the new user's role: %+v %v", a, err)
		}
		if d, err := db.InvitationBySecret(sys, secret); err != nil || d.State != closer.InvitationUsed || !d.UserExists || !d.UserHasLogin {
			t.Fatalf("details once used: %+v %v", d, err)
		}
		_, err = db.JoinByInvitation(sys, secret, &closer.User{Name: "Again"}, "long enough password")
		wantErr(t, "joined twice", err, closer.ENOTFOUND, "")
		entries, _, err := db.AuditLog(tm.owner, closer.AuditFilter{Action: closer.AuditInviteAccept})
		if err != nil || len(entries) != 1 || entries[0].UserID != u.ID || entries[0].Target != "new@join.test" {
			t.Fatalf("audit of the join: %+v %v", entries, err)
		}

		// An account that can sign in signs in and accepts instead.
		secret2, _, err := db.CreateInvitation(tm.owner, "owner@other-join.test", closer.RoleConsultant)
		if err != nil {
			t.Fatal(err)
		}
		newOrg(t, db, "other-join")
		if d, err := db.InvitationBySecret(sys, secret2); err != nil || !d.UserExists || !d.UserHasLogin {
			t.Fatalf("details for an existing user: %+v %v", d, err)
		}
		_, err = db.JoinByInvitation(sys, secret2, &closer.User{Name: "Intruder"}, "another long password")
		wantErr(t, "join over an account", err, closer.ECONFLICT, "")
		if _, err := db.Authenticate(sys, "owner@other-join.test", "another long password"); err == nil {
			t.Fatal("joining changed the password of an existing account")
		}
		if d, _ := db.InvitationBySecret(sys, secret2); d.State != closer.InvitationPending {
			t.Fatalf("a refused join used the invitation: %+v", d)
		}

		// A user without a password (made by an import) sets one by joining.
		sales1, err := db.FindUserByEmail(sys, "sales1@join.test")
		if err != nil {
			t.Fatal(err)
		}
		off := false
		if err := db.UpdateMember(tm.owner, sales1.ID, nil, &off); err != nil {
			t.Fatal(err)
		}
		secret3, _, err := db.CreateInvitation(tm.owner, "sales1@join.test", closer.RoleManager)
		if err != nil {
			t.Fatal(err)
		}
		if d, err := db.InvitationBySecret(sys, secret3); err != nil || !d.UserExists || d.UserHasLogin {
			t.Fatalf("details for a user without a password: %+v %v", d, err)
		}
		back := &closer.User{Name: "Sales One"}
		if _, err := db.JoinByInvitation(sys, secret3, back, "a brand new password"); err != nil || back.ID != sales1.ID {
			t.Fatalf("join as a user without a password: %+v %v", back, err)
		}
		if a, _, err := db.Actor(sys, sales1.ID, "join"); err != nil || a.Role != closer.RoleManager {
			t.Fatalf("reactivated with the invited role: %+v %v", a, err)
		}

		// Revoked and expired invitations say so.
		secret4, inv4, err := db.CreateInvitation(tm.owner, "late@join.test", closer.RoleSales)
		if err != nil {
			t.Fatal(err)
		}
		must(t, db.RevokeInvitation(tm.owner, inv4.ID))
		if d, _ := db.InvitationBySecret(sys, secret4); d.State != closer.InvitationRevoked {
			t.Fatalf("revoked: %+v", d)
		}
		secret5, _, err := db.CreateInvitation(tm.owner, "late@join.test", closer.RoleSales)
		if err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return fixedNow.Add(closer.InvitationTTL + time.Minute) }
		if d, _ := db.InvitationBySecret(sys, secret5); d.State != closer.InvitationExpired {
			t.Fatalf("expired: %+v", d)
		}
		_, err = db.JoinByInvitation(sys, secret5, &closer.User{Name: "Late"}, "long enough password")
		wantErr(t, "expired", err, closer.ENOTFOUND, "")
	})
}
