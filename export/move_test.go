package export_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/demo"
	"closer/export"
	"closer/importer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// moveOrder is the order in which an org's exports are imported to move
// it, with the built-in profile of each: the accounts before the records
// at them, the contacts before the opportunities that name them, the
// opportunities before the orders, quotes and activities of them.
var moveOrder = []struct{ entity, profile string }{
	{export.EntityAccounts, "closer-accounts"},
	{export.EntityContacts, "closer-contacts"},
	{export.EntityOpportunities, "closer"},
	{export.EntityOrders, "closer-orders"},
	{export.EntityQuotes, "closer-quotes"},
	{export.EntityActivities, "closer-activities"},
}

// TestMoveOrg moves the demo org (homonym accounts, opportunities of the
// same title at the same account, orders linked to them, contacts, two
// members of one name and two contacts of one name at one account, each
// with opportunities) into an empty org with its own exports, CSV and
// XLSX, and the built-in profiles, and checks that the new org exports the
// same accounts, contacts, opportunities, orders, quotes and activities:
// the same counts, each contact and opportunity at the same account, each
// order, quote and activity on the opportunity of the same title, account,
// dates and amount (and the quotes and activities imported again left as
// they are), each record
// with its own one of the homonymous members (new members, whose addresses
// are the new org's own) and contacts. Moved into an org whose team was
// invited first, every record finds its owner by address: the exports are
// then the same, owner_email included. Into an org of another currency,
// every amount is refused.
func TestMoveOrg(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		db.Now = func() time.Time { return now }
		acme := orgContext(t, db, "acme", "owner@acme.test")
		must(t, db.Bulk(acme, false, func(b closer.Bulk) error {
			_, err := demo.Generate(acme, b, demo.Options{Opportunities: 300, Now: now})
			return err
		}))
		addHomonyms(t, db, acme)
		want := map[string][][]string{}
		for _, e := range moveOrder {
			want[e.entity] = exportRows(t, db, acme, e.entity)
		}
		checkMoveFixture(t, want)
		move := func(t *testing.T, ctx context.Context, format string) {
			t.Helper()
			importFile := func(entity, profile string) *importer.Report {
				var file bytes.Buffer
				must(t, export.Write(acme, source(db), entity, format, &file))
				m, ok := importer.Profile(profile)
				if !ok || m.Entity != entity {
					t.Fatalf("profile %s: %v %+v", profile, ok, m)
				}
				tab, err := importer.Read("acme-"+entity+"."+format, &file, m)
				must(t, err)
				rep, err := importer.Run(ctx, db, m, tab, importer.Options{Now: func() time.Time { return now }})
				if err != nil {
					t.Fatalf("import of %s: %v %+v", entity, err, rep)
				}
				return rep
			}
			for _, e := range moveOrder {
				rep := importFile(e.entity, e.profile)
				if rep.Imported != len(want[e.entity])-1 || rep.Unchanged != 0 {
					t.Errorf("%s: %d imported, %d unchanged, want %d", e.entity, rep.Imported, rep.Unchanged, len(want[e.entity])-1)
				}
				if e.entity == export.EntityOpportunities && len(rep.CreatedContacts) != 0 {
					t.Errorf("the opportunities created contacts the contacts file had: %v", rep.CreatedContacts)
				}
				if e.entity != export.EntityAccounts && len(rep.CreatedAccounts) != 0 {
					t.Errorf("the %s created accounts the accounts file had: %v", e.entity, rep.CreatedAccounts)
				}
				if e.entity != export.EntityAccounts && len(rep.CreatedOwners) != 0 {
					t.Errorf("the %s created owners the accounts file had: %v", e.entity, rep.CreatedOwners)
				}
			}
			// The quotes and activities imported again are all left as they are.
			for _, e := range moveOrder[4:] {
				if rep := importFile(e.entity, e.profile); rep.Imported != 0 || rep.Unchanged != len(want[e.entity])-1 {
					t.Errorf("%s again: %d imported, %d unchanged, want %d unchanged", e.entity, rep.Imported, rep.Unchanged, len(want[e.entity])-1)
				}
			}
		}

		for _, format := range []string{export.FormatCSV, export.FormatXLSX} {
			t.Run(format, func(t *testing.T) {
				ctx := orgContext(t, db, "moved-"+format, "owner@moved-"+format+".test")
				move(t, ctx, format)
				for _, e := range moveOrder {
					// The new org's members have addresses of their own: each
					// source address must stand for one of them, and each of
					// them for one source address.
					got := exportRows(t, db, ctx, e.entity)
					if !slices.EqualFunc(renameOwners(t, got, want[e.entity]), want[e.entity], slices.Equal) {
						t.Errorf("%s after the move differ: %d rows, want %d\n%s", e.entity, len(got), len(want[e.entity]), firstDiff(got, want[e.entity]))
					}
				}
			})
		}
		t.Run("invited", func(t *testing.T) {
			ctx := orgContext(t, db, "moved-invited", "owner@moved-invited.test")
			members, err := db.Members(acme)
			must(t, err)
			for _, m := range members {
				must(t, db.AddMember(closer.NewSystemContext(ctx), "moved-invited", m.Email, m.Role))
			}
			move(t, ctx, export.FormatCSV)
			for _, e := range moveOrder {
				if got := exportRows(t, db, ctx, e.entity); !slices.EqualFunc(got, want[e.entity], slices.Equal) {
					t.Errorf("%s after the move differ: %d rows, want %d\n%s", e.entity, len(got), len(want[e.entity]), firstDiff(got, want[e.entity]))
				}
			}
		})
		t.Run("currency", func(t *testing.T) {
			sys := closer.NewSystemContext(context.Background())
			must(t, db.CreateOrg(sys, &closer.Org{Name: "usd", Slug: "usd", Currency: "USD"}, "en"))
			must(t, db.AddMember(sys, "usd", "owner@acme.test", closer.RoleOwner))
			a, _, err := db.Actor(context.Background(), ownerID(t, db, acme), "usd")
			must(t, err)
			ctx := closer.NewContextWithActor(context.Background(), a)
			for _, e := range []struct{ entity, profile string }{{export.EntityOpportunities, "closer"}, {export.EntityOrders, "closer-orders"}} {
				var file bytes.Buffer
				must(t, export.Write(acme, source(db), e.entity, export.FormatCSV, &file))
				m, _ := importer.Profile(e.profile)
				tab, err := importer.Read("x.csv", &file, m)
				must(t, err)
				rep, err := importer.Run(ctx, db, m, tab, importer.Options{Now: func() time.Time { return now }})
				if closer.ErrorCode(err) != closer.EINVALID || rep == nil || len(rep.Problems) == 0 || rep.Problems[0].Field != "currency" ||
					!strings.Contains(rep.Problems[0].Reason, "in EUR, while the organization counts in USD") {
					t.Fatalf("%s into a USD org: %v %+v", e.entity, err, rep)
				}
			}
		})
	})
}

// ownerID returns the id of the acting member of ctx.
func ownerID(t *testing.T, db *sqlstore.DB, ctx context.Context) int64 {
	a, err := closer.CurrentActor(ctx)
	must(t, err)
	return a.UserID
}

// addHomonyms gives the org of ctx a second member of the name of one of
// its salespeople, with opportunities, an order and an account of their
// own, and a second contact of the name of one of its contacts, at the same
// account, with another e-mail and an opportunity: what a move merged.
func addHomonyms(t *testing.T, db *sqlstore.DB, ctx context.Context) {
	t.Helper()
	sys := closer.NewSystemContext(context.Background())
	members, err := db.Members(ctx)
	must(t, err)
	var sales closer.Member
	for _, m := range members {
		if m.Role == closer.RoleSales {
			sales = m
			break
		}
	}
	twin := &closer.User{Email: "twin@acme.test", Name: sales.Name}
	must(t, db.CreateUser(sys, twin, ""))
	must(t, db.AddMember(sys, "acme", twin.Email, closer.RoleSales))
	acc := &closer.Account{Name: "Twin's account", City: "Nantes", OwnerID: twin.ID}
	must(t, db.CreateAccount(ctx, acc))
	contacts, err := db.ExportContacts(ctx, 0, 100)
	must(t, err)
	var c *closer.Contact
	for _, x := range contacts {
		if x.Email != "" && x.AccountID != 0 {
			c = x
			break
		}
	}
	namesake := &closer.Contact{Name: c.Name, AccountID: c.AccountID, Email: "namesake." + c.Email, OwnerID: twin.ID}
	must(t, db.CreateContact(ctx, namesake))
	d := closer.MustDate
	for _, o := range []closer.Opportunity{
		{Title: "Twin's deal", OwnerID: twin.ID, AccountID: acc.ID, Amount: 70000, DetectedOn: d("2025-05-02")},
		{Title: "Namesake's deal", OwnerID: twin.ID, AccountID: c.AccountID, ContactID: namesake.ID, Amount: 12300, DetectedOn: d("2025-05-03")},
		{Title: "Namesake's other deal", OwnerID: sales.UserID, AccountID: c.AccountID, ContactID: c.ID, Amount: 4500, DetectedOn: d("2025-05-04")},
	} {
		must(t, db.CreateOpportunity(ctx, &o))
	}
}

// renameOwners returns got, the rows of an export of the new org, with
// each owner_email that stands for a source address (the same name, on
// the same row once sorted) written as that address, after checking that
// each stands for one and only one: two members merged, or one split,
// fail.
func renameOwners(t *testing.T, got, want [][]string) [][]string {
	t.Helper()
	col := slices.Index(got[0], "owner_email")
	if col < 0 || len(got) != len(want) {
		return got
	}
	// Rows sorted without owner_email pair up; the owner names match.
	key := func(r []string) string { return strings.Join(slices.Delete(slices.Clone(r), col, col+1), "\x00") }
	index := func(rows [][]string) [][]string {
		out := slices.Clone(rows[1:])
		slices.SortStableFunc(out, func(x, y []string) int {
			return cmp.Or(strings.Compare(key(x), key(y)), strings.Compare(x[col], y[col]))
		})
		return out
	}
	g, w := index(got), index(want)
	to, from := map[string]string{}, map[string]string{}
	for i := range g {
		a, b := g[i][col], w[i][col]
		if x, ok := to[a]; ok && x != b || from[b] != "" && from[b] != a {
			t.Errorf("owner %s stands for %s and %s", a, x, b)
			return got
		}
		to[a], from[b] = b, a
	}
	out := [][]string{got[0]}
	for _, r := range got[1:] {
		r = slices.Clone(r)
		r[col] = to[r[col]]
		out = append(out, r)
	}
	slices.SortFunc(out[1:], func(x, y []string) int { return strings.Compare(strings.Join(x, "\x00"), strings.Join(y, "\x00")) })
	return out
}

// exportRows exports an entity of the org of ctx as CSV and returns its
// header, then its rows sorted, without the opportunities' version (an
// import starts every opportunity at version 1).
func exportRows(t *testing.T, db *sqlstore.DB, ctx context.Context, entity string) [][]string {
	t.Helper()
	var b bytes.Buffer
	must(t, export.Write(ctx, source(db), entity, export.FormatCSV, &b))
	rows, err := csv.NewReader(&b).ReadAll()
	must(t, err)
	if i := slices.Index(rows[0], "version"); i >= 0 {
		for r := range rows {
			rows[r] = slices.Delete(rows[r], i, i+1)
		}
	}
	slices.SortFunc(rows[1:], func(x, y []string) int { return strings.Compare(strings.Join(x, "\x00"), strings.Join(y, "\x00")) })
	return rows
}

// checkMoveFixture makes sure that the demo holds what made a move fail:
// homonym accounts, opportunities of the same title at the same account
// with orders, quotes and activities of them, contacts, so that the test
// cannot pass on a demo without them.
func checkMoveFixture(t *testing.T, rows map[string][][]string) {
	t.Helper()
	count := func(entity string, key func(r []string) string) map[string]int {
		n := map[string]int{}
		for _, r := range rows[entity][1:] {
			n[key(r)]++
		}
		return n
	}
	repeated := func(n map[string]int) (k int) {
		for _, v := range n {
			if v > 1 {
				k++
			}
		}
		return k
	}
	col := func(entity, name string) int { return slices.Index(rows[entity][0], name) }
	homonyms := repeated(count(export.EntityAccounts, func(r []string) string { return r[0] }))
	title, account := col(export.EntityOpportunities, "title"), col(export.EntityOpportunities, "account")
	titles := count(export.EntityOpportunities, func(r []string) string { return r[title] + "\x00" + r[account] })
	oppOf, orderAccount := col(export.EntityOrders, "opportunity"), col(export.EntityOrders, "account")
	linkedToRepeated := 0
	for _, r := range rows[export.EntityOrders][1:] {
		if r[oppOf] != "" && titles[r[oppOf]+"\x00"+r[orderAccount]] > 1 {
			linkedToRepeated++
		}
	}
	// The quotes and activities of an opportunity whose title is repeated
	// at its account.
	ofRepeated := func(entity string) (k int) {
		opp, acct := col(entity, "opportunity"), col(entity, "account")
		for _, r := range rows[entity][1:] {
			if r[opp] != "" && titles[r[opp]+"\x00"+r[acct]] > 1 {
				k++
			}
		}
		return k
	}
	if q, a := ofRepeated(export.EntityQuotes), ofRepeated(export.EntityActivities); q == 0 || a == 0 {
		t.Fatalf("the demo lacks quotes (%d) or activities (%d) of opportunities whose title is repeated at their account", q, a)
	} else {
		t.Logf("demo: %d quotes and %d activities of them", q, a)
	}
	owner, ownerEmail := col(export.EntityOpportunities, "owner"), col(export.EntityOpportunities, "owner_email")
	twins := map[string]map[string]bool{}
	for _, r := range rows[export.EntityOpportunities][1:] {
		if twins[r[owner]] == nil {
			twins[r[owner]] = map[string]bool{}
		}
		twins[r[owner]][r[ownerEmail]] = true
	}
	namesakes := repeated(count(export.EntityContacts, func(r []string) string { return r[0] + "\x00" + r[1] }))
	if homonyms == 0 || repeated(titles) == 0 || linkedToRepeated == 0 || len(rows[export.EntityContacts]) < 10 || namesakes == 0 ||
		!slices.ContainsFunc(slices.Collect(maps.Values(twins)), func(m map[string]bool) bool { return len(m) > 1 }) {
		t.Fatalf("the demo lacks what a move must keep: %d homonym accounts, %d repeated titles at an account, %d orders linked to them, %d contacts",
			homonyms, repeated(titles), linkedToRepeated, len(rows[export.EntityContacts])-1)
	}
	t.Logf("demo: %d homonym account names, %d titles repeated at an account, %d orders linked to them", homonyms, repeated(titles), linkedToRepeated)
}

// firstDiff shows the first row that differs.
func firstDiff(got, want [][]string) string {
	for i := 0; i < len(got) && i < len(want); i++ {
		if !slices.Equal(got[i], want[i]) {
			return "got  " + strings.Join(got[i], ",") + "\nwant " + strings.Join(want[i], ",")
		}
	}
	return ""
}
