package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
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
// same title at the same account, orders linked to them, contacts) into
// an empty org with its own exports, CSV and XLSX, and the built-in
// profiles, and checks that the new org exports the same accounts,
// contacts, opportunities, orders, quotes and activities: the same counts,
// each contact and opportunity at the same account, each order, quote and
// activity on the opportunity of the same title, account, dates and
// amount.
func TestMoveOrg(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		db.Now = func() time.Time { return now }
		acme := orgContext(t, db, "acme", "owner@acme.test")
		must(t, db.Bulk(acme, false, func(b closer.Bulk) error {
			_, err := demo.Generate(acme, b, demo.Options{Opportunities: 300, Now: now})
			return err
		}))
		want := map[string][][]string{}
		for _, e := range moveOrder {
			want[e.entity] = exportRows(t, db, acme, e.entity)
		}
		checkMoveFixture(t, want)

		for _, format := range []string{export.FormatCSV, export.FormatXLSX} {
			t.Run(format, func(t *testing.T) {
				ctx := orgContext(t, db, "moved-"+format, "owner@moved-"+format+".test")
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
					if rep := importFile(e.entity, e.profile); rep.Imported != len(want[e.entity])-1 || rep.Unchanged != 0 {
						t.Errorf("%s: %d imported, %d unchanged, want %d", e.entity, rep.Imported, rep.Unchanged, len(want[e.entity])-1)
					} else if e.entity == export.EntityOpportunities && len(rep.CreatedContacts) != 0 {
						t.Errorf("the opportunities created contacts the contacts file had: %v", rep.CreatedContacts)
					} else if e.entity != export.EntityAccounts && len(rep.CreatedAccounts) != 0 {
						t.Errorf("the %s created accounts the accounts file had: %v", e.entity, rep.CreatedAccounts)
					}
				}
				// The quotes and activities imported again are all left as they are.
				for _, e := range moveOrder[4:] {
					if rep := importFile(e.entity, e.profile); rep.Imported != 0 || rep.Unchanged != len(want[e.entity])-1 {
						t.Errorf("%s again: %d imported, %d unchanged, want %d unchanged", e.entity, rep.Imported, rep.Unchanged, len(want[e.entity])-1)
					}
				}
				for _, e := range moveOrder {
					if got := exportRows(t, db, ctx, e.entity); !slices.EqualFunc(got, want[e.entity], slices.Equal) {
						t.Errorf("%s after the move differ: %d rows, want %d\n%s", e.entity, len(got), len(want[e.entity]), firstDiff(got, want[e.entity]))
					}
				}
			})
		}
	})
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
	if homonyms == 0 || repeated(titles) == 0 || linkedToRepeated == 0 || len(rows[export.EntityContacts]) < 10 {
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
