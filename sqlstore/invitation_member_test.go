package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestInvitingAMember: an invitation is how a person joins, not how a role
// changes. Inviting an active member who can sign in is refused, naming
// the Members page; a member without a password (an import's) is invited
// to get one. Accepting applies the invitation's role to a member too (an
// invitation older than the membership), recording the change of role
// beside the acceptance, under the last-owner rule; a refused acceptance
// leaves the invitation pending. Accepting used to answer the org and use
// the invitation, the role unchanged, while the log recorded the new role.
func TestInvitingAMember(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "again")
		sys := closer.NewSystemContext(context.Background())
		role := func(userID int64) closer.Role {
			t.Helper()
			a, _, err := db.Actor(sys, userID, "again")
			if err != nil {
				t.Fatal(err)
			}
			return a.Role
		}
		logged := func(what string, want ...string) {
			t.Helper()
			var got []string
			for _, action := range []string{closer.AuditInviteAccept, closer.AuditMemberRole} {
				entries, _, err := db.AuditLog(tm.owner, closer.AuditFilter{Action: action})
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range entries {
					got = append(got, e.Action+" "+e.Target+" "+e.Detail)
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("%s: the log holds\n%s\nwant\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
		withLogin := func(email string) *closer.User {
			t.Helper()
			u := &closer.User{Email: email, Name: strings.SplitN(email, "@", 2)[0]}
			if err := db.CreateUser(sys, u, "long enough password"); err != nil {
				t.Fatal(err)
			}
			return u
		}

		// An active member who signs in: refused at once, the Members page named.
		julien := withLogin("julien@again.test")
		if err := db.AddMember(tm.owner, "again", julien.Email, closer.RoleSales); err != nil {
			t.Fatal(err)
		}
		_, _, err := db.CreateInvitation(tm.owner, "JULIEN@again.test", closer.RoleManager)
		wantErr(t, "invite a member", err, closer.EINVALID, "email")
		if msg := closer.ErrorMessage(err); !strings.Contains(msg, "already a member of this organization, as salesperson") || !strings.Contains(msg, "Members page") {
			t.Errorf("the refusal: %q", msg)
		}
		if list, _ := db.Invitations(tm.owner); len(list) != 0 {
			t.Fatalf("a refused invitation is pending: %+v", list)
		}

		// A member made by an import (no password) is invited to get one,
		// with a new role: both are applied, and the log tells both.
		secret, _, err := db.CreateInvitation(tm.owner, "sales2@again.test", closer.RoleManager)
		if err != nil {
			t.Fatalf("invite a member without a password: %v", err)
		}
		if _, err := db.JoinByInvitation(sys, secret, &closer.User{Name: "Sales Two"}, "long enough password"); err != nil {
			t.Fatal(err)
		}
		if got := role(tm.sales2ID); got != closer.RoleManager {
			t.Fatalf("joined as %s, want manager", got)
		}
		logged("join over an import's member",
			"invitation.accept sales2@again.test manager",
			"member.role sales2@again.test sales → manager")

		// An invitation older than the membership: accepting gives its role.
		sophie := withLogin("sophie@again.test")
		secret, _, err = db.CreateInvitation(tm.owner, sophie.Email, closer.RoleManager)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddMember(tm.owner, "again", sophie.Email, closer.RoleSales); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AcceptInvitation(sys, secret, sophie.ID); err != nil {
			t.Fatal(err)
		}
		if got := role(sophie.ID); got != closer.RoleManager {
			t.Fatalf("accepted as %s, want manager", got)
		}
		logged("an old invitation accepted by a member",
			"invitation.accept sophie@again.test manager",
			"invitation.accept sales2@again.test manager",
			"member.role sophie@again.test sales → manager",
			"member.role sales2@again.test sales → manager")

		// The same role: used, nothing changes, no change of role logged.
		marc := withLogin("marc@again.test")
		secret, _, err = db.CreateInvitation(tm.owner, marc.Email, closer.RoleSales)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddMember(tm.owner, "again", marc.Email, closer.RoleSales); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AcceptInvitation(sys, secret, marc.ID); err != nil || role(marc.ID) != closer.RoleSales {
			t.Fatalf("accept the same role: %v, %s", err, role(marc.ID))
		}
		if d, _ := db.InvitationBySecret(sys, secret); d.State != closer.InvitationUsed {
			t.Fatalf("the invitation: %s, want used", d.State)
		}

		// The last owner accepting an old invitation as a consultant: refused,
		// nothing changed, the invitation still pending.
		claire := withLogin("claire@again.test")
		secret, _, err = db.CreateInvitation(tm.owner, claire.Email, closer.RoleConsultant)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddMember(tm.owner, "again", claire.Email, closer.RoleOwner); err != nil {
			t.Fatal(err)
		}
		a, _, err := db.Actor(sys, claire.ID, "again")
		if err != nil {
			t.Fatal(err)
		}
		sales := closer.RoleSales
		if err := db.UpdateMember(closer.NewContextWithActor(context.Background(), a), tm.ownerID, &sales, nil); err != nil {
			t.Fatal(err)
		}
		_, err = db.AcceptInvitation(sys, secret, claire.ID)
		wantErr(t, "the last owner accepts to be a consultant", err, closer.EINVALID, "")
		if !strings.Contains(closer.ErrorMessage(err), "last active owner") {
			t.Errorf("the refusal: %v", err)
		}
		if got := role(claire.ID); got != closer.RoleOwner {
			t.Fatalf("the last owner is now %s", got)
		}
		if d, _ := db.InvitationBySecret(sys, secret); d.State != closer.InvitationPending {
			t.Fatalf("a refused acceptance used the invitation: %s", d.State)
		}
	})
}
