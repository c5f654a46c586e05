package importer

import (
	"strings"
	"testing"

	"closer"
)

// TestReportText checks the command line's summary in the singular and the
// plural.
func TestReportText(t *testing.T) {
	for _, c := range []struct {
		r    Report
		want string
	}{
		{Report{Entity: EntityOpportunities, Rows: 1, Imported: 1, CreatedOwners: []string{"Jean"}},
			"Imported 1 opportunity from 1 row.\n  created 1 owner, a member without a password: Jean\n"},
		{Report{Entity: EntityAccounts, Rows: 3, Imported: 2, DryRun: true, CreatedListEntries: []ListEntry{
			{closer.ListSources, "Salon"}, {closer.ListLossReasons, "Not recorded"}, {closer.ListSources, "Web"}}},
			"Dry run, nothing written: would import 2 accounts from 3 rows.\n  would create 1 loss reason: Not recorded\n  would create 2 sources: Salon, Web\n"},
		// A name that holds a comma is quoted, as in a CSV file (QA round
		// 5, N15: Odoo's "Company, Contact" read as two names).
		{Report{Entity: EntityOpportunities, Rows: 2, Imported: 2, CreatedAccounts: []string{"Mairie de Lyon, Hôtel Bellevue", `Le "Bistrot"`, "Acme"}},
			"Imported 2 opportunities from 2 rows.\n  created 3 accounts: \"Mairie de Lyon, Hôtel Bellevue\", \"Le \"\"Bistrot\"\"\", Acme\n"},
		{Report{Entity: EntityOpportunities, Rows: 3, Imported: 3, Retired: []RetiredEntry{{Field: "loss_reason", Name: "Lead time", Rows: 2}, {Field: "stage", Name: "Qualification", Rows: 1}}},
			"Imported 3 opportunities from 3 rows.\n  kept as history, though retired from its list: loss_reason \"Lead time\" on 2 rows\n  kept as history, though retired from its list: stage \"Qualification\" on 1 row\n"},
		{Report{Entity: EntityOpportunities, Rows: 2, Imported: 2, LeftOut: []int{1, 2, 3, 9, 11, 12}},
			"Imported 2 opportunities from 2 rows.\n  not read, outside the table: lines 1–3, 9, 11–12\n"},
		{Report{Entity: EntityAccounts, Rows: 3, Imported: 1, Unchanged: 2},
			"Imported 1 account from 3 rows.\n  left as they are: 2 accounts already in the organization\n"},
		{Report{Entity: EntityOpportunities, Rows: 2, Imported: 2, LeftOut: []int{1}},
			"Imported 2 opportunities from 2 rows.\n  not read, outside the table: line 1\n"},
		{Report{Entity: EntityOrders, Rows: 1, Problems: []Problem{{Line: 2, Field: "amount", Value: "abc", Reason: "not an amount"}}},
			"Nothing was imported: 1 problem in 1 row read.\n  line 2: amount \"abc\": not an amount\n"},
		{Report{Entity: EntityOrders, Rows: 1200, Problems: []Problem{{Line: 2, Reason: "bad"}}, MoreProblems: 4},
			"Nothing was imported: 5 problems in 1200 rows read.\n  line 2: bad\n  … and 4 more.\n"},
	} {
		var b strings.Builder
		c.r.WriteText(&b)
		if b.String() != c.want {
			t.Errorf("got\n%s\nwant\n%s", b.String(), c.want)
		}
	}
}
