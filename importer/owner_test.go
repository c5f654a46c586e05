package importer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestRunOwnerByEmail: an owner the file names by an e-mail address is the
// member of that address (case aside), or a new member with that address
// and a name made of it, never one named by the address with a made-up
// one (QA round 4, F7).
func TestRunOwnerByEmail(t *testing.T) {
	s := newFakeStore()
	s.members = append(s.members, closer.Member{UserID: 7, Email: "ann.lee@acme.test", Name: "Ann Lee", Role: closer.RoleSales, Active: true})
	m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}}`)
	data := "Title,Owner\nT7,new.person@acme.example\nT8,New.Person@Acme.example\nT9,ANN.LEE@acme.test\nT10,marie-claire_roux@x.fr\n"
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	if want := []string{"New Person <new.person@acme.example>", "Marie-Claire Roux <marie-claire_roux@x.fr>"}; !slices.Equal(rep.CreatedOwners, want) {
		t.Errorf("created owners %q, want %q", rep.CreatedOwners, want)
	}
	byEmail := map[string]closer.Member{}
	for _, mb := range s.members {
		byEmail[mb.Email] = mb
	}
	np := byEmail["new.person@acme.example"]
	if np.Name != "New Person" || s.opps[0].OwnerID != np.UserID || s.opps[1].OwnerID != np.UserID {
		t.Errorf("new person: %+v, owners %d %d", np, s.opps[0].OwnerID, s.opps[1].OwnerID)
	}
	if s.opps[2].OwnerID != 7 || byEmail["marie-claire_roux@x.fr"].Name != "Marie-Claire Roux" {
		t.Errorf("members: %+v", s.members)
	}
	// The next file finds her by her address.
	rep, err = Run(ownerCtx(), s, m, readString(t, "x.csv", "Title,Owner\nT13,NEW.PERSON@acme.example\n", m), Options{Now: fixedNow})
	if err != nil || len(rep.CreatedOwners) != 0 || s.opps[4].OwnerID != np.UserID {
		t.Fatalf("again: %v %+v", err, rep)
	}
}

func TestNameOfEmail(t *testing.T) {
	for in, want := range map[string]string{"jean.dupont@x.fr": "Jean Dupont", "new.person@acme.example": "New Person",
		"jdupont@x.fr": "Jdupont", "jean-françois.müller@x.fr": "Jean-François Müller", "a+crm@x.fr": "A Crm", "...@x.fr": "..."} {
		if got := nameOfEmail(in); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

// TestImportStoreOwnerByEmail: on both databases, an owner given by the
// address of a user who is not a member of the org is refused (an import
// grants nobody access), and an unknown address becomes a member with it.
func TestImportStoreOwnerByEmail(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "ownmail")
		other := &closer.User{Email: "someone@else.test", Name: "Someone"}
		if err := db.CreateUser(closer.NewSystemContext(ctx), other, ""); err != nil {
			t.Fatal(err)
		}
		m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}}`)
		run := func(data string) (*Report, error) {
			return Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		}
		if _, err := run("Title,Owner\nA,Someone@Else.test\n"); err == nil || !strings.Contains(err.Error(), "someone@else.test already has a Closer account") {
			t.Fatalf("a user of another org: %v", err)
		}
		if rep, err := run("Title,Owner\nA,New.Person@Acme.example\nB,new.person@acme.example\n"); err != nil || len(rep.CreatedOwners) != 1 {
			t.Fatalf("%v %+v", err, rep)
		}
		members, err := db.Members(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found := slices.IndexFunc(members, func(mb closer.Member) bool { return mb.Email == "new.person@acme.example" })
		if found < 0 || members[found].Name != "New Person" || len(members) != 2 {
			t.Fatalf("members: %+v", members)
		}
	})
}

// TestRunOwnerNamesAccentsAside: owner names that differ only by accents
// or case are one member, the existing one or the first the file names
// (QA round 4, F12).
func TestRunOwnerNamesAccentsAside(t *testing.T) {
	s := newFakeStore()
	m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}}`)
	data := "Title,Owner\nA,Jean-François Müller\nB,jean-francois muller\nC,JEAN-FRANÇOIS MÜLLER\nD,Jean-Francois Muller\nE,Bôss\nF,Jean-Franc\u0327ois Mu\u0308ller\n"
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	if !slices.Equal(rep.CreatedOwners, []string{"Jean-François Müller"}) {
		t.Errorf("created owners: %q", rep.CreatedOwners)
	}
	for i, o := range s.opps {
		if want := s.opps[0].OwnerID; i != 4 && o.OwnerID != want || i == 4 && o.OwnerID != 1 {
			t.Errorf("%s: owner %d (%s)", o.Title, o.OwnerID, s.userName(o.OwnerID))
		}
	}
}

// TestImportStoreOwnerNameAndEmail: a file that names an owner by name on
// some rows and by e-mail on others names one member, whatever the rows'
// order, on both databases: the address of no member is taken for the
// member (existing, or created by the file) whose name is its local part,
// dots, underscores and hyphens as spaces, case and accents aside, when
// exactly one has it; the report says which address went to which name.
// Otherwise, a member is created for the address, as before.
func TestImportStoreOwnerNameAndEmail(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "ownmix")
		sys := closer.NewSystemContext(context.Background())
		for _, u := range []struct {
			email, name string
			role        closer.Role
		}{
			{"mcr@ownmix.test", "Marie-Claire Roux", closer.RoleSales},
			{"pm1@ownmix.test", "Paul Martin", closer.RoleSales},
			{"pm2@ownmix.test", "Paul Martin", closer.RoleManager},
			{"zp@ownmix.test", "Zoé Petit", closer.RoleConsultant},
		} {
			if err := db.CreateUser(sys, &closer.User{Email: u.email, Name: u.name}, ""); err != nil {
				t.Fatal(err)
			} else if err := db.AddMember(sys, "ownmix", u.email, u.role); err != nil {
				t.Fatal(err)
			}
		}
		m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}}`)
		data := "Title,Owner\n" +
			"A,Jean Dupont\nB,jean.dupont@acme.fr\nC,Jean.Dupont@ACME.fr\n" + // name first
			"D,helene.dupont@acme.fr\nE,Hélène Dupont\n" + // address first: the file's spelling wins
			"F,marie.claire.roux@acme.fr\n" + // an existing member
			"G,paul.martin@acme.fr\n" + // two members of that name: a new one
			"H,zoe.petit@acme.fr\n" // a consultant owns nothing: a new one
		rep, err := Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		if err != nil {
			t.Fatalf("%v %+v", err, rep)
		}
		if want := []string{"Jean Dupont <jean.dupont@acme.fr>", "Hélène Dupont <helene.dupont@acme.fr>", "Paul Martin <paul.martin@acme.fr>", "Zoe Petit <zoe.petit@acme.fr>"}; !slices.Equal(rep.CreatedOwners, want) {
			t.Errorf("created owners %q, want %q", rep.CreatedOwners, want)
		}
		if want := []string{"jean.dupont@acme.fr → Jean Dupont", "helene.dupont@acme.fr → Hélène Dupont", "marie.claire.roux@acme.fr → Marie-Claire Roux"}; !slices.Equal(rep.MatchedOwners, want) {
			t.Errorf("matched owners %q, want %q", rep.MatchedOwners, want)
		}
		var b strings.Builder
		rep.WriteText(&b)
		if !strings.Contains(b.String(), "  owners given by an e-mail address, found by their name: jean.dupont@acme.fr → Jean Dupont, helene.dupont@acme.fr → Hélène Dupont, marie.claire.roux@acme.fr → Marie-Claire Roux\n") {
			t.Errorf("summary:\n%s", b.String())
		}
		members, err := db.Members(ctx)
		if err != nil {
			t.Fatal(err)
		}
		byEmail := map[string]closer.Member{}
		for _, mb := range members {
			byEmail[mb.Email] = mb
		}
		if len(members) != 9 {
			t.Errorf("%d members: %+v", len(members), members)
		}
		opps, _, err := db.FindOpportunities(ctx, closer.OpportunityFilter{Sort: "title"})
		if err != nil {
			t.Fatal(err)
		}
		owner := map[string]int64{}
		for _, o := range opps {
			owner[o.Title] = o.OwnerID
		}
		for titles, email := range map[string]string{"ABC": "jean.dupont@acme.fr", "DE": "helene.dupont@acme.fr", "F": "mcr@ownmix.test",
			"G": "paul.martin@acme.fr", "H": "zoe.petit@acme.fr"} {
			for _, title := range titles {
				if got := owner[string(title)]; got == 0 || got != byEmail[email].UserID {
					t.Errorf("%c: owner %d, want %s (%d)", title, got, email, byEmail[email].UserID)
				}
			}
		}
		if byEmail["helene.dupont@acme.fr"].Name != "Hélène Dupont" {
			t.Errorf("members: %+v", members)
		}
		// Next time, each address is found as it is.
		rep, err = Run(ctx, db, m, readString(t, "x.csv", "Title,Owner\nI,jean.dupont@acme.fr\nJ,Hélène Dupont\n", m), Options{Now: fixedNow})
		if err != nil || len(rep.CreatedOwners) != 0 || len(rep.MatchedOwners) != 0 {
			t.Fatalf("again: %v %+v", err, rep)
		}
	})
}
