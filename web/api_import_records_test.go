package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestImportsAPIQuotesAndActivities: POST .../imports takes quotes and
// activities, with their built-in profiles or a mapping: each bad row
// answers 422 with its line and field, nothing written; an opportunity of
// another org, by title or by id, is unknown here; a file imported again
// leaves its records as they are; a salesperson may not import.
func TestImportsAPIQuotesAndActivities(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		const quoteRows = "opportunity,number,amount,sent_on,status\n" +
			"Windows for opp,DEV-1,1200.00,2025-05-10,sent\nWindows for opp2,DEV-2,50.00,,draft\n"
		quotes, quotesCT := form(t, "quotes.csv", "profile", "closer-quotes", "file", quoteRows)
		badQuotes, badQuotesCT := form(t, "quotes.csv", "profile", "closer-quotes", "file", "opportunity,number,amount,sent_on,status\n"+
			"Foreign opportunity,DEV-3,1,,\n"+f.expand("{foreign_opp}")+",DEV-4,1,,\nWindows for opp,DEV-5,1,2025-05-01,sent\n")
		quotesMapping, quotesMappingCT := form(t, "quotes.csv", "mapping", `{"entity": "quotes", "columns": {"opportunity": "opportunity", "number": "number",
			"amount": "amount", "sent_on": "sent_on", "status": "status"}}`, "file", quoteRows)
		const activityRows = "kind,subject,owner,due_on,done_on,opportunity,account,note\n" +
			"call,First call,,2025-05-03,2025-05-03,Windows for opp,Dupont SARL,\nmeeting,Visit,,2025-07-01,,,,\n"
		activities, activitiesCT := form(t, "activities.csv", "profile", "closer-activities", "file", activityRows)
		badActivities, badActivitiesCT := form(t, "activities.csv", "profile", "closer-activities", "file", "kind,subject,owner,due_on,done_on,opportunity,account,note\n"+
			"fax,Sent a fax,,2025-05-03,,,,\ncall,Wrong account,,2025-05-03,,Windows for opp,Foreign account,\n")
		f.run(t, []scenario{
			{name: "profiles", as: "consultant", method: "GET", path: org + "/imports/profiles", status: 200,
				want: []string{`"name":"closer-quotes"`, `"entity":"quotes"`, `"name":"closer-activities"`, `"entity":"activities"`}},
			{name: "a salesperson imports quotes", as: "sales", method: "POST", path: org + "/imports", body: quotes, header: quotesCT, status: 403},
			{name: "quotes, bad rows", as: "manager", method: "POST", path: org + "/imports", body: badQuotes, header: badQuotesCT, status: 422, field: "file",
				want: []string{`"entity":"quotes"`, `{"line":2,"field":"opportunity","value":"Foreign opportunity"`, `{"line":3,"field":"opportunity"`,
					`{"line":4,"field":"sent_on"`, `"imported":0`}},
			{name: "no quote written", as: "manager", method: "GET", path: org + "/quotes", status: 200, want: []string{`"total":0`}},
			{name: "quotes", as: "manager", method: "POST", path: org + "/imports", body: quotes, header: quotesCT, status: 200,
				want: []string{`"entity":"quotes"`, `"imported":2`}},
			{name: "quotes again, by mapping", as: "owner", method: "POST", path: org + "/imports", body: quotesMapping, header: quotesMappingCT, status: 200,
				want: []string{`"entity":"quotes"`, `"imported":0`, `"unchanged":2`}},
			{name: "quotes written", as: "sales", method: "GET", path: org + "/quotes", status: 200,
				want: []string{`"total":2`, `"number":"DEV-1"`, `"amount":120000`, `"status":"draft"`}},
			{name: "activities, bad rows", as: "manager", method: "POST", path: org + "/imports", body: badActivities, header: badActivitiesCT, status: 422, field: "file",
				want: []string{`"entity":"activities"`, `{"line":2,"field":"kind"`, `{"line":3,"field":"account"`, `"imported":0`}},
			{name: "no activity written", as: "manager", method: "GET", path: org + "/activities", status: 200, want: []string{`"total":0`}},
			{name: "activities", as: "manager", method: "POST", path: org + "/imports", body: activities, header: activitiesCT, status: 200,
				want: []string{`"entity":"activities"`, `"imported":2`}},
			{name: "activities again", as: "manager", method: "POST", path: org + "/imports", body: activities, header: activitiesCT, status: 200,
				want: []string{`"imported":0`, `"unchanged":2`}},
			{name: "activities written", as: "consultant", method: "GET", path: org + "/activities", status: 200,
				want: []string{`"total":2`, `"subject":"First call"`, `"opportunity":` + f.expand("{opp}"), `"account":` + f.expand("{account}")}},
		})
	})
}
