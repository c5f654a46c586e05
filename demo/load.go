package demo

import (
	"context"

	"closer"
	"closer/sqlstore"
)

// Slug is the demo organization's slug.
const Slug = "demo"

// Password is every demo user's password. It is public: the demo holds no
// real data and is meant to be opened by anyone trying Closer.
const Password = "demo1234"

// Credentials say how to sign in to the demo.
type Credentials struct {
	Org      string   // the org's slug
	Emails   []string // owner first, then the manager, the salespeople and the consultant
	Password string
	Summary  Summary
}

// Load creates the demo org (slug "demo", Menuiseries Lambert, EUR,
// Europe/Paris) with its people, each signing in with Password: the owner
// claire@, the manager marc@, the four salespeople and consultant@ (all
// @demo.closer.test); then generates its history in one bulk as the owner.
// An existing demo org is ECONFLICT; so is an existing demo user.
func Load(ctx context.Context, db *sqlstore.DB, opts Options) (*Credentials, error) {
	sys := closer.NewSystemContext(ctx)
	if _, err := db.FindOrgBySlug(sys, Slug); err == nil {
		return nil, closer.Errorf(closer.ECONFLICT, "The demo organization (slug %q) already exists.", Slug)
	} else if closer.ErrorCode(err) != closer.ENOTFOUND {
		return nil, err
	}
	org := &closer.Org{Slug: Slug, Name: "Menuiseries Lambert", Currency: "EUR", Timezone: "Europe/Paris"}
	if err := db.CreateOrg(sys, org, "fr"); err != nil {
		return nil, err
	}
	people := []demoUser{{"Claire Lambert", "claire@" + EmailDomain, closer.RoleOwner}, {"Marc Lambert", "marc@" + EmailDomain, closer.RoleManager}}
	for _, p := range newPeople() {
		people = append(people, demoUser{p.name, p.email, closer.RoleSales})
	}
	people = append(people, demoUser{"Agnès Conseil", "consultant@" + EmailDomain, closer.RoleConsultant})
	creds := &Credentials{Org: Slug, Password: Password}
	var ownerID int64
	for _, p := range people {
		u := &closer.User{Name: p.name, Email: p.email, Lang: "fr"}
		if err := db.CreateUser(sys, u, Password); err != nil {
			return nil, err
		}
		if err := db.AddMember(sys, Slug, u.Email, p.role); err != nil {
			return nil, err
		}
		if p.role == closer.RoleOwner {
			ownerID = u.ID
		}
		creds.Emails = append(creds.Emails, u.Email)
	}
	owner, _, err := db.Actor(sys, ownerID, Slug)
	if err != nil {
		return nil, err
	}
	err = db.Bulk(closer.NewContextWithActor(ctx, owner), false, func(b closer.Bulk) error {
		var err error
		creds.Summary, err = Generate(ctx, b, opts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return creds, nil
}

// demoUser is a person of the demo org who signs in.
type demoUser struct {
	name, email string
	role        closer.Role
}
