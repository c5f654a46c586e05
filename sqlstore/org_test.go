package sqlstore_test

import (
	"context"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// newOrg creates an org with an owner and returns the owner's context.
func newOrg(t *testing.T, db *sqlstore.DB, slug string) (context.Context, *closer.Org) {
	t.Helper()
	sys := closer.NewSystemContext(context.Background())
	org := &closer.Org{Name: "Org " + slug, Slug: slug}
	if err := db.CreateOrg(sys, org, "fr"); err != nil {
		t.Fatal(err)
	}
	u := &closer.User{Email: "owner@" + slug + ".test", Name: "Owner " + slug}
	if err := db.CreateUser(sys, u, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if err := db.AddMember(sys, slug, u.Email, closer.RoleOwner); err != nil {
		t.Fatal(err)
	}
	a, _, err := db.Actor(sys, u.ID, slug)
	if err != nil {
		t.Fatal(err)
	}
	return closer.NewContextWithActor(context.Background(), a), org
}

func TestOrgsUsersMembers(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, org := newOrg(t, db, "dupont")
		sys := closer.NewSystemContext(context.Background())
		if err := db.CreateOrg(sys, &closer.Org{Name: "Again", Slug: "dupont"}, "fr"); closer.ErrorCode(err) != closer.ECONFLICT {
			t.Fatalf("duplicate slug: got %v, want conflict", err)
		}
		l, err := db.Lists(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Stages) != 4 || l.Stages[0].Name != "Détection" || !l.LossReasons[0].Price {
			t.Fatalf("default lists: %+v", l)
		}
		if _, err := db.Authenticate(ctx, "OWNER@dupont.test", "correct horse battery"); err != nil {
			t.Fatalf("authenticate: %v", err)
		}
		if _, err := db.Authenticate(ctx, "owner@dupont.test", "wrong password"); closer.ErrorCode(err) != closer.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
		secret, _, err := db.CreateToken(ctx, 1, "cli")
		if err != nil {
			t.Fatal(err)
		}
		if u, err := db.UserByToken(ctx, secret); err != nil || u.Email != "owner@dupont.test" {
			t.Fatalf("token: %v %v", u, err)
		}
		if _, err := db.UserByToken(ctx, secret+"x"); closer.ErrorCode(err) != closer.EUNAUTHORIZED {
			t.Fatalf("bad token: %v", err)
		}
		// Another org's member does not see this org.
		newOrg(t, db, "martin")
		other, _ := db.FindUserByEmail(sys, "owner@martin.test")
		if _, _, err := db.Actor(sys, other.ID, org.Slug); closer.ErrorCode(err) != closer.ENOTFOUND {
			t.Fatalf("foreign member: %v", err)
		}
		// The last owner stays.
		owner := closer.RoleSales
		a, _ := closer.ActorFromContext(ctx)
		if err := db.UpdateMember(ctx, a.UserID, &owner, nil); closer.ErrorField(err) != "role" {
			t.Fatalf("demote last owner: %v", err)
		}
	})
}

// Adding an existing member again changes their role under the rule of
// UpdateMember: the last active owner cannot be demoted, from the API or
// from the command line.
func TestAddMemberKeepsAnOwner(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := newOrg(t, db, "keep")
		sys := closer.NewSystemContext(context.Background())
		for _, c := range []context.Context{ctx, sys} {
			for _, role := range []closer.Role{closer.RoleSales, closer.RoleConsultant, closer.RoleManager} {
				wantErr(t, "demote the last owner to "+string(role), db.AddMember(c, "keep", "owner@keep.test", role), closer.EINVALID, "role")
			}
		}
		joinAs(t, db, ctx, "keep", "second@keep.test", closer.RoleOwner)
		if err := db.AddMember(ctx, "keep", "owner@keep.test", closer.RoleSales); err != nil {
			t.Fatalf("step down beside another owner: %v", err)
		}
		wantErr(t, "demote the new last owner", db.AddMember(sys, "keep", "second@keep.test", closer.RoleSales), closer.EINVALID, "role")
	})
}
