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

		// Revoked, then expired.
		secret2, inv2, err := db.CreateInvitation(tm.owner, "lea@invite.test", closer.RoleManager)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := newOrg(t, db, "invite-other")
		wantErr(t, "foreign org revokes", db.RevokeInvitation(other, inv2.ID), closer.ENOTFOUND, "")
		if err := db.RevokeInvitation(tm.owner, inv2.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.AcceptInvitation(sys, secret2, newcomer.ID)
		wantErr(t, "revoked", err, closer.ENOTFOUND, "")
		secret3, _, err := db.CreateInvitation(tm.owner, "lea@invite.test", closer.RoleManager)
		if err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return fixedNow.Add(8 * 24 * time.Hour) }
		_, err = db.AcceptInvitation(sys, secret3, newcomer.ID)
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
