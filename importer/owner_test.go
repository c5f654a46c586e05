package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestRunOwnerByEmail: an owner the file names by an e-mail address is the
// member of that address (case aside). An address no member has is a bad
// row, each with its line, never a member created with it (QA round 5, N1:
// creating one told whether the address was a user's elsewhere).
func TestRunOwnerByEmail(t *testing.T) {
	s := newFakeStore()
	s.members = append(s.members, closer.Member{UserID: 7, Email: "ann.lee@acme.test", Name: "Ann Lee", Role: closer.RoleSales, Active: true})
	m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}}`)
	data := "Title,Owner\nT7,new.person@acme.example\nT8,New.Person@Acme.example\nT9,ANN.LEE@acme.test\nT10,marie-claire_roux@x.fr\n"
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
	if closer.ErrorCode(err) != closer.EINVALID || len(rep.Problems) != 3 || len(s.members) != 2 {
		t.Fatalf("%v %+v", err, rep)
	}
	for i, line := range []int{2, 3, 5} {
		p := rep.Problems[i]
		if p.Line != line || p.Field != "owner" || !strings.HasPrefix(p.Reason, "No member of this organization has this address: invite them first") {
			t.Errorf("problem %d: %s", i, p)
		}
	}
	rep, err = Run(ownerCtx(), s, m, readString(t, "x.csv", "Title,Owner\nT9,ANN.LEE@acme.test\nT10,Ann Lee\n", m), Options{Now: fixedNow})
	if err != nil || len(rep.CreatedOwners) != 0 || s.opps[0].OwnerID != 7 || s.opps[1].OwnerID != 7 {
		t.Fatalf("a member by address and by name: %v %+v", err, rep)
	}
}

// TestImportStoreOwnerByEmail: on both databases, an address that no
// member of the org has is the same bad row (line and reason) whether a
// user of another org has it, another org's import created it, or nobody
// has it, in a dry run as in an import: an import tells a manager nothing
// of other organizations' users, and one org's import never keeps another
// from naming a person (QA round 5, N1). Before, the first was refused as a
// whole, without a line, saying that the address "already has a Closer
// account", and the last was created as a member with that address.
func TestImportStoreOwnerByEmail(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := newStoreOrg(t, db, "ownmail")
		other := newStoreOrg(t, db, "elsewhere")
		someone := &closer.User{Email: "someone@else.test", Name: "Someone"}
		if err := db.CreateUser(closer.NewSystemContext(ctx), someone, ""); err != nil {
			t.Fatal(err)
		}
		m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}}`)
		run := func(ctx context.Context, data string, dry bool) (*Report, error) {
			return Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow, DryRun: dry})
		}
		// The other org's owner, a user of no org, a user the other org's
		// import created by name, and nobody.
		if rep, err := run(other, "Title,Owner\nA,Jean Dupont\n", false); err != nil || len(rep.CreatedOwners) != 1 {
			t.Fatalf("the other org's import: %v %+v", err, rep)
		}
		for _, dry := range []bool{true, false} {
			rep, err := run(ctx, "Title,Owner\nA,Owner@Elsewhere.test\nB,someone@else.test\nC,jean.dupont@elsewhere.imported.invalid\nD,nobody@else.test\n", dry)
			if closer.ErrorCode(err) != closer.EINVALID || len(rep.Problems) != 4 {
				t.Fatalf("dry run %v: %v %+v", dry, err, rep)
			}
			for i, p := range rep.Problems {
				if want := "No member of this organization has this address: invite them first (Settings → Members) and import once they have joined, or give the owner's name instead"; p.Line != i+2 || p.Field != "owner" || p.Reason != want {
					t.Errorf("dry run %v, problem %d: %s", dry, i, p)
				}
			}
		}
		members, err := db.Members(ctx)
		if err != nil || len(members) != 1 {
			t.Fatalf("members: %+v %v", members, err)
		}
		// The org's own members, by address (case aside) or by name.
		if rep, err := run(ctx, "Title,Owner\nA,OWNER@ownmail.test\nB,Owner Ownmail\n", false); err != nil || rep.Imported != 2 || len(rep.CreatedOwners) != 0 {
			t.Fatalf("the org's owner: %v %+v", err, rep)
		}
	})
}

// TestRunOwnerHomonyms: a name two active members share is a bad row that
// names both addresses, where the first one was taken silently (QA round 5,
// N15); of two members of one name, the one still active is meant; an
// address tells homonyms apart.
func TestRunOwnerHomonyms(t *testing.T) {
	s := newFakeStore()
	s.members = append(s.members,
		closer.Member{UserID: 7, Email: "sam@acme.test", Name: "Sam", Role: closer.RoleSales, Active: true},
		closer.Member{UserID: 8, Email: "sam.martin@acme.test", Name: "sam", Role: closer.RoleSales, Active: true},
		closer.Member{UserID: 9, Email: "leo@acme.test", Name: "Léo", Role: closer.RoleSales},
		closer.Member{UserID: 10, Email: "leo.roux@acme.test", Name: "Leo", Role: closer.RoleSales, Active: true})
	m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner", "status": "Status", "closed_on": "Closed", "amount": "Amount"}}`)
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", "Title,Owner,Status,Closed,Amount\nA,Sam,,,\nB,SAM,,,\n", m), Options{Now: fixedNow})
	if err == nil || len(rep.Problems) != 2 {
		t.Fatalf("homonyms: %v %+v", err, rep)
	}
	if got, want := rep.Problems[0].String(), `line 2: owner "Sam": 2 members are named Sam (sam@acme.test, sam.martin@acme.test): give the owner's e-mail address instead of the name`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	rep, err = Run(ownerCtx(), s, m, readString(t, "x.csv", "Title,Owner,Status,Closed,Amount\nA,sam.martin@acme.test,,,\nB,leo,,,\nC,Léo,won,2017-01-02,5\n", m), Options{Now: fixedNow})
	if err != nil || len(rep.CreatedOwners) != 0 || s.opps[0].OwnerID != 8 || s.opps[1].OwnerID != 10 || s.opps[2].OwnerID != 10 {
		t.Fatalf("by address, the active one: %v %+v %+v", err, rep, s.opps)
	}
}

// TestRunNewOwnersBounded: one import creates at most maxNewOwners
// members; a file naming more (an owner column read from the wrong
// column) is refused on the rows past the bound, naming it (QA round 5,
// N15: 20,000 members from one file).
func TestRunNewOwnersBounded(t *testing.T) {
	s := newFakeStore()
	m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}}`)
	var b strings.Builder
	b.WriteString("Title,Owner\n")
	for i := range maxNewOwners + 2 {
		fmt.Fprintf(&b, "T%d,Person %d\nU%d,Person %d\n", i, i, i, i)
	}
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", b.String(), m), Options{Now: fixedNow})
	if err == nil || len(rep.Problems) != 4 || len(s.members) != 1 {
		t.Fatalf("%v %d problems, %d members", err, len(rep.Problems), len(s.members))
	}
	if p := rep.Problems[0]; p.Line != 2*maxNewOwners+2 || p.Field != "owner" || !strings.Contains(p.Reason, "more than 200 owners who are not members") {
		t.Errorf("first problem: %s", p)
	}
	b.Reset()
	b.WriteString("Title,Owner\n")
	for i := range maxNewOwners {
		fmt.Fprintf(&b, "T%d,Person %d\n", i, i)
	}
	if rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", b.String(), m), Options{Now: fixedNow}); err != nil || len(rep.CreatedOwners) != maxNewOwners {
		t.Fatalf("%d owners: %v", maxNewOwners, err)
	}
}

// TestRunDeactivatedOwner: an open or on-hold row owned by a deactivated
// member is a bad row, as the API refuses to give them an opportunity; a
// closed one keeps them, history (QA round 5, N3).
func TestRunDeactivatedOwner(t *testing.T) {
	s := newFakeStore()
	s.members = append(s.members, closer.Member{UserID: 7, Email: "sam@acme.test", Name: "Sam", Role: closer.RoleSales})
	m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner", "status": "Status", "closed_on": "Closed", "amount": "Amount", "hold_reason": "Reason?"},
		"defaults": {"loss_reason": "Price", "competitor": "unknown", "note": "10 % dearer"}}`)
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", "Title,Owner,Status,Closed,Amount\nA,Sam,open,,\nB,sam@acme.test,on_hold,,\nC,Sam,won,2017-01-02,5\nD,Sam,lost,2017-01-02,5\n", m), Options{Now: fixedNow})
	if err == nil || len(rep.Problems) != 2 || rep.Problems[0].Line != 2 || rep.Problems[1].Line != 3 {
		t.Fatalf("%v %+v", err, rep)
	}
	if got, want := rep.Problems[0].String(), `line 2: owner "Sam": a deactivated member: an open or on-hold opportunity needs an active owner (a closed one may keep the owner it had); give these rows another owner, or reactivate them first (Settings → Members)`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	rep, err = Run(ownerCtx(), s, m, readString(t, "x.csv", "Title,Owner,Status,Closed,Amount\nC,Sam,won,2017-01-02,5\nD,Sam,lost,2017-01-02,5\n", m), Options{Now: fixedNow})
	if err != nil || rep.Imported != 2 || s.opps[0].OwnerID != 7 || s.opps[1].OwnerID != 7 {
		t.Fatalf("closed rows: %v %+v", err, rep)
	}
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
// Otherwise the row is a bad row, as any address no member has (N1): an
// import creates no member with an address.
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
			"D,helene.dupont@acme.fr\nE,Hélène Dupont\n" + // address first: no member of that name yet
			"F,marie.claire.roux@acme.fr\n" + // an existing member
			"G,paul.martin@acme.fr\n" + // two members of that name: which one?
			"H,zoe.petit@acme.fr\n" // a consultant owns nothing
		rep, err := Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		var lines []int
		for _, p := range rep.Problems {
			lines = append(lines, p.Line)
		}
		if closer.ErrorCode(err) != closer.EINVALID || !slices.Equal(lines, []int{5, 8, 9}) {
			t.Fatalf("addresses no one member's name gives: %v, problems on lines %v, want 5, 8 and 9", err, lines)
		}
		data = "Title,Owner\nA,Jean Dupont\nB,jean.dupont@acme.fr\nC,Jean.Dupont@ACME.fr\nE,Hélène Dupont\nF,marie.claire.roux@acme.fr\n"
		rep, err = Run(ctx, db, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
		if err != nil {
			t.Fatalf("%v %+v", err, rep)
		}
		if want := []string{"Jean Dupont", "Hélène Dupont"}; !slices.Equal(rep.CreatedOwners, want) {
			t.Errorf("created owners %q, want %q", rep.CreatedOwners, want)
		}
		if want := []string{"jean.dupont@acme.fr → Jean Dupont", "marie.claire.roux@acme.fr → Marie-Claire Roux"}; !slices.Equal(rep.MatchedOwners, want) {
			t.Errorf("matched owners %q, want %q", rep.MatchedOwners, want)
		}
		var b strings.Builder
		rep.WriteText(&b)
		if !strings.Contains(b.String(), "  owners given by an e-mail address, found by their name: jean.dupont@acme.fr → Jean Dupont, marie.claire.roux@acme.fr → Marie-Claire Roux\n") {
			t.Errorf("summary:\n%s", b.String())
		}
		members, err := db.Members(ctx)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]int64{}
		for _, mb := range members {
			if mb.Name != "Paul Martin" {
				byName[mb.Name] = mb.UserID
			}
		}
		if len(members) != 7 {
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
		for titles, name := range map[string]string{"ABC": "Jean Dupont", "E": "Hélène Dupont", "F": "Marie-Claire Roux"} {
			for _, title := range titles {
				if got := owner[string(title)]; got == 0 || got != byName[name] {
					t.Errorf("%c: owner %d, want %s (%d)", title, got, name, byName[name])
				}
			}
		}
		// Next time, the address finds the member of that name again.
		rep, err = Run(ctx, db, m, readString(t, "x.csv", "Title,Owner\nI,jean.dupont@acme.fr\nJ,Hélène Dupont\n", m), Options{Now: fixedNow})
		if err != nil || len(rep.CreatedOwners) != 0 || len(rep.MatchedOwners) != 1 {
			t.Fatalf("again: %v %+v", err, rep)
		}
	})
}

// TestRunOwnerMailbox reads an owner written as a mailbox, "Ann Lee
// <ann.lee@acme.test>" (as mail clients, and exports that copy them, write
// a person), as the name and the address it gives, as the owner and
// owner_email columns are read: it was a new member named with the whole
// text, address and brackets.
func TestRunOwnerMailbox(t *testing.T) {
	s := newFakeStore()
	s.members = append(s.members, closer.Member{UserID: 7, Email: "ann.lee@acme.test", Name: "Ann Lee", Role: closer.RoleSales, Active: true})
	m := mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}}`)
	data := "Title,Owner\n" +
		"A,Ann Lee <ANN.LEE@acme.test>\n" + // a member by address
		"B,\"\"\"Lee, Ann\"\" <ann.lee@acme.test>\"\n" + // a quoted name
		"C,<ann.lee@acme.test>\n" + // an address alone
		"D,Zoé Martin <zoe.martin@elsewhere.test>\n" + // a new member, named, with a tagged address
		"E,Zoé Martin\n"
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	if want := []string{"Zoé Martin (zoe.martin@elsewhere.test)"}; !slices.Equal(rep.CreatedOwners, want) {
		t.Errorf("created owners %q, want %q", rep.CreatedOwners, want)
	}
	owners := map[string]string{}
	for _, o := range s.opps {
		owners[o.Title] = s.userName(o.OwnerID)
	}
	if want := map[string]string{"A": "Ann Lee", "B": "Ann Lee", "C": "Ann Lee", "D": "Zoé Martin", "E": "Zoé Martin"}; fmt.Sprint(owners) != fmt.Sprint(want) {
		t.Errorf("owners %v, want %v", owners, want)
	}
}
