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
