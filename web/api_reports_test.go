package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"strings"
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// form builds a multipart body from fields in order (a field named file is
// sent as a file part named name) and returns it with its Content-Type.
func form(t *testing.T, name string, fields ...string) (string, map[string]string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i] == "file" {
			w, err := mw.CreateFormFile("file", name)
			must(t, err)
			w.Write([]byte(fields[i+1]))
			continue
		}
		must(t, mw.WriteField(fields[i], fields[i+1]))
	}
	must(t, mw.Close())
	return b.String(), map[string]string{"Content-Type": mw.FormDataContentType()}
}

// closedRows is a CSV of 22 opportunities closed in the second quarter of
// 2025 by the two salespeople of the fixture: 12 won, 10 lost, none vanished.
func closedRows() string {
	var b strings.Builder
	b.WriteString("Deal,Seller,Customer,Outcome,Engaged,Closed,Value\n")
	for i := range 22 {
		seller, outcome, value := "User sales", "Won", "1200.50"
		if i%2 == 1 {
			seller = "User sales2"
		}
		if i >= 12 {
			outcome, value = "Lost", "800"
		}
		fmt.Fprintf(&b, "Deal %02d,%s,Customer %d,%s,2025-03-%02d,2025-%02d-%02d,%s\n", i, seller, i%5, outcome, i+1, 4+i%3, i%14+1, value)
	}
	return b.String()
}

// closedMapping reads closedRows.
const closedMapping = `{"entity": "opportunities",
 "columns": {"title": "Deal", "owner": "Seller", "account": "Customer", "status": "Outcome",
             "detected_on": "Engaged", "closed_on": "Closed", "amount": "Value"},
 "values": {"status": {"Won": "won", "Lost": "lost"}},
 "defaults": {"loss_reason": "Not recorded", "competitor": "unknown"}}`

// identityMapping reads an export of opportunities: each field from its own column.
const identityMapping = `{"columns": {"title": "title", "owner": "owner", "account": "account", "contact": "contact",
 "source": "source", "stage": "stage", "status": "status", "amount": "amount", "detected_on": "detected_on",
 "expected_close_on": "expected_close_on", "next_action_on": "next_action_on", "next_action": "next_action",
 "hold_reason": "hold_reason", "review_on": "review_on", "closed_on": "closed_on", "loss_reason": "loss_reason",
 "competitor": "competitor", "vanish_reason": "vanish_reason", "note": "note"}}`

func TestImportsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		good, goodCT := form(t, "deals.csv", "mapping", closedMapping, "file", closedRows())
		dry, dryCT := form(t, "deals.csv", "file", closedRows(), "mapping", closedMapping, "dry_run", "true")
		titled, titledCT := form(t, "deals.csv", "file", "Deals export\n\n"+closedRows(), "mapping", closedMapping, "dry_run", "true")
		bad, badCT := form(t, "deals.csv", "mapping", closedMapping, "file", strings.Replace(closedRows(), "2025-04-01", "2025-04-31", 1))
		noFile, noFileCT := form(t, "", "mapping", closedMapping)
		noMapping, noMappingCT := form(t, "deals.csv", "file", closedRows())
		both, bothCT := form(t, "deals.csv", "mapping", closedMapping, "profile", "maven", "file", closedRows())
		unknown, unknownCT := form(t, "deals.csv", "profile", "zoho", "file", closedRows())
		badMapping, badMappingCT := form(t, "deals.csv", "mapping", `{"columns": {"price": "Value"}}`, "file", closedRows())
		missingCol, missingColCT := form(t, "deals.csv", "mapping", strings.Replace(closedMapping, `"Value"`, `"Amount"`, 1), "file", closedRows())
		extra, extraCT := form(t, "deals.csv", "mapping", closedMapping, "file", closedRows(), "owner", "x")
		ignored, ignoredCT := form(t, "deals.csv", "mapping", `{"columns": {"title": "Deal", "status": "Outcome", "closed_on": "Closed"}}`,
			"file", "Deal,Outcome,Closed\nA,open,2025-05-01\nB,open,\n", "dry_run", "true")
		missing, missingCT := form(t, "devis.csv", "profile", "excel-fr", "file", "Titre;Statut;Montant HT\nDevis 1;Ouverte;1 234,50\n", "dry_run", "true")
		held, heldCT := form(t, "held.csv", "mapping", `{"columns": {"title": "Deal", "status": "Status", "detected_on": "Engaged", "hold_reason": "Why", "review_on": "Review"}}`,
			"file", "Deal,Status,Engaged,Why,Review\nH,on_hold,2025-01-10,Tender,2025-03-01\n", "dry_run", "true")
		headerOnly, headerOnlyCT := form(t, "deals.csv", "mapping", closedMapping, "file", "Deal,Seller,Customer,Outcome,Engaged,Closed,Value\r\n")
		badDry, badDryCT := form(t, "deals.csv", "mapping", closedMapping, "file", closedRows(), "dry_run", "perhaps")
		const people = "name,account,email,phone,job_title,owner,account_city,account_phone\n" +
			"Jeanne Roy,Dupont SARL,jeanne@roy.test,,Gérante,,,\nPaul Roy,Menuiserie Roy,PAUL@roy.test,02 47 00 00 00,,,Tours,\n"
		contacts, contactsCT := form(t, "contacts.csv", "profile", "closer-contacts", "file", people)
		badContacts, badContactsCT := form(t, "contacts.csv", "profile", "closer-contacts", "file", strings.Replace(people, "jeanne@roy.test", "jeanne@", 1))
		contactsMapping, contactsMappingCT := form(t, "contacts.csv", "mapping", `{"entity": "contacts", "columns": {"name": "name", "email": "email"}}`, "file", people)
		f.run(t, []scenario{
			{name: "profiles", as: "consultant", method: "GET", path: org + "/imports/profiles", status: 200,
				want: []string{`"name":"maven"`, `"name":"excel-fr"`, `"date_format":"02/01/2006"`}},
			{name: "profiles of a foreign org", as: "outsider", method: "GET", path: org + "/imports/profiles", status: 404},
			{name: "a salesperson imports", as: "sales", method: "POST", path: org + "/imports", body: good, header: goodCT, status: 403},
			{name: "a consultant imports", as: "consultant", method: "POST", path: org + "/imports", body: good, header: goodCT, status: 403},
			{name: "without a token", method: "POST", path: org + "/imports", body: good, header: goodCT, status: 401},
			{name: "a bad row", as: "manager", method: "POST", path: org + "/imports", body: bad, header: badCT, status: 422, field: "file",
				want: []string{`"line":2`, `"field":"closed_on"`, `"value":"2025-04-31"`, `"imported":0`}},
			{name: "nothing written", as: "manager", method: "GET", path: org + "/opportunities", status: 200, want: []string{`"total":2`}},
			{name: "dry run", as: "manager", method: "POST", path: org + "/imports", body: dry, header: dryCT, status: 200,
				want: []string{`"dry_run":true`, `"imported":22`, `"rows":22`}},
			{name: "dry run of a file with a title above its table", as: "manager", method: "POST", path: org + "/imports", body: titled, header: titledCT, status: 200,
				want: []string{`"imported":22`, `"left_out":[1]`}},
			{name: "dry run of a file with a close date on an open row", as: "manager", method: "POST", path: org + "/imports", body: ignored, header: ignoredCT, status: 200,
				want: []string{`"imported":2`, `"ignored":[{"field":"closed_on","status":"open","rows":1}]`}},
			{name: "dry run of a file whose amount column has another name", as: "manager", method: "POST", path: org + "/imports", body: missing, header: missingCT, status: 200,
				want: []string{`"imported":1`, `{"field":"amount","columns":["Montant"],"instead":"zero"}`, `{"field":"competitor","columns":["Concurrent"],"instead":"default","default":"unknown"}`,
					`"unread_columns":["Montant HT"]`}},
			{name: "dry run of an on-hold row without a hold date, its review past", as: "manager", method: "POST", path: org + "/imports", body: held, header: heldCT, status: 200,
				want: []string{`"imported":1`, `"no_hold_date":1`, `"by_status":{"on_hold":1}`}},
			{name: "a header alone (the export of an entity the org has none of): nothing to import", as: "manager", method: "POST", path: org + "/imports", body: headerOnly, header: headerOnlyCT, status: 200,
				want: []string{`"rows":0`, `"imported":0`, `"dry_run":false`}},
			{name: "still nothing written", as: "manager", method: "GET", path: org + "/opportunities", status: 200, want: []string{`"total":2`}},
			{name: "import", as: "owner", method: "POST", path: org + "/imports", body: good, header: goodCT, status: 200,
				want: []string{`"dry_run":false`, `"imported":22`, `"by_status":{"lost":10,"won":12}`, `"Customer 0"`}},
			{name: "the same file again", as: "owner", method: "POST", path: org + "/imports", body: good, header: goodCT, status: 200,
				want: []string{`"imported":0`, `"unchanged":22`}},
			{name: "written", as: "consultant", method: "GET", path: org + "/opportunities?status=won,lost", status: 200, want: []string{`"total":22`}},
			{name: "contacts, a bad e-mail", as: "manager", method: "POST", path: org + "/imports", body: badContacts, header: badContactsCT, status: 422, field: "file",
				want: []string{`"entity":"contacts"`, `"line":2`, `"field":"email"`, `"imported":0`}},
			{name: "contacts", as: "manager", method: "POST", path: org + "/imports", body: contacts, header: contactsCT, status: 200,
				want: []string{`"entity":"contacts"`, `"imported":2`, `"created_accounts":["Menuiserie Roy"]`}},
			{name: "contacts again, by mapping", as: "manager", method: "POST", path: org + "/imports", body: contactsMapping, header: contactsMappingCT, status: 200,
				want: []string{`"entity":"contacts"`, `"imported":0`, `"unchanged":2`}},
			{name: "contacts written", as: "sales", method: "GET", path: org + "/contacts?q=Roy", status: 200,
				want: []string{`"total":2`, `"email":"paul@roy.test"`, `"job_title":"Gérante"`}},
			{name: "no file", as: "manager", method: "POST", path: org + "/imports", body: noFile, header: noFileCT, status: 400, field: "file"},
			{name: "no mapping", as: "manager", method: "POST", path: org + "/imports", body: noMapping, header: noMappingCT, status: 400, field: "mapping"},
			{name: "mapping and profile", as: "manager", method: "POST", path: org + "/imports", body: both, header: bothCT, status: 400, field: "profile"},
			{name: "unknown profile", as: "manager", method: "POST", path: org + "/imports", body: unknown, header: unknownCT, status: 400, field: "profile"},
			{name: "unknown form field", as: "manager", method: "POST", path: org + "/imports", body: extra, header: extraCT, status: 400, field: "owner"},
			{name: "dry_run not a boolean", as: "manager", method: "POST", path: org + "/imports", body: badDry, header: badDryCT, status: 400, field: "dry_run"},
			{name: "a mapping with an unknown field", as: "manager", method: "POST", path: org + "/imports", body: badMapping, header: badMappingCT, status: 422, field: "columns"},
			{name: "a column the file lacks", as: "manager", method: "POST", path: org + "/imports", body: missingCol, header: missingColCT, status: 422, field: "columns",
				want: []string{`Amount`}},
			{name: "not a form", as: "manager", method: "POST", path: org + "/imports", body: `{"file": "x"}`, status: 400},
		})
	})
}

// seedClosures imports closedRows into acme through the API.
func (f *fixture) seedClosures(t *testing.T) {
	body, ct := form(t, "deals.csv", "mapping", closedMapping, "file", closedRows())
	if got := f.do(t, "owner", "POST", "/api/v1/orgs/acme/imports", body, ct); got.status != 200 {
		t.Fatalf("seed import: %d %s", got.status, got.body)
	}
}

func TestStatsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		f.seedClosures(t)
		const org = "/api/v1/orgs/acme"
		const q2 = "from=2025-04-01&to=2025-06-30"
		f.run(t, []scenario{
			{name: "team figures", as: "consultant", method: "GET", path: org + "/stats?" + q2, status: 200,
				want: []string{`"won":12`, `"lost":10`, `"vanished":0`, `"closed":22`, `"vanish_rate":0`, `"won_amount":1440600`,
					`"lost_amount":800000`, `"on_hold":{"count":0`, `"median_cycle_days":{"won":`}},
			{name: "per owner", as: "sales", method: "GET", path: org + "/stats?" + q2 + "&group=owner", status: 200,
				want: []string{`"key":"{sales}","label":"User sales"`, `"key":"{sales2}","label":"User sales2"`}},
			{name: "per month", as: "sales", method: "GET", path: org + "/stats?" + q2 + "&group=month", status: 200,
				want: []string{`"key":"2025-04"`, `"key":"2025-06"`}},
			{name: "per quarter", as: "sales", method: "GET", path: org + "/stats?from=2025-01-01&to=2025-12-31&group=quarter", status: 200,
				want: []string{`"key":"2025-Q2","label":"2025-Q2"`}},
			{name: "one owner", as: "manager", method: "GET", path: org + "/stats?" + q2 + "&owner={sales}", status: 200,
				want: []string{`"closed":11`}},
			{name: "one owner by e-mail", as: "manager", method: "GET", path: org + "/stats?" + q2 + "&owner=sales2@example.test", status: 200,
				want: []string{`"closed":11`}},
			{name: "the current quarter by default", as: "manager", method: "GET", path: org + "/stats", status: 200, want: []string{`"closed":22`}},
			{name: "an owner of another org", as: "manager", method: "GET", path: org + "/stats?owner={outsider}", status: 400, field: "owner"},
			{name: "an unknown e-mail", as: "manager", method: "GET", path: org + "/stats?owner=nobody@example.test", status: 400, field: "owner"},
			{name: "a bad owner", as: "manager", method: "GET", path: org + "/stats?owner=-3", status: 400, field: "owner"},
			{name: "a bad from", as: "manager", method: "GET", path: org + "/stats?from=2025-02-30&to=2025-06-30", status: 400, field: "from"},
			{name: "from alone", as: "manager", method: "GET", path: org + "/stats?from=2025-04-01", status: 400, field: "to"},
			{name: "to before from", as: "manager", method: "GET", path: org + "/stats?from=2025-06-01&to=2025-04-01", status: 400, field: "to"},
			{name: "a century", as: "manager", method: "GET", path: org + "/stats?from=1925-01-01&to=2025-04-01", status: 400, field: "to"},
			{name: "a bad group", as: "manager", method: "GET", path: org + "/stats?" + q2 + "&group=week", status: 400, field: "group"},
			{name: "a foreign org", as: "outsider", method: "GET", path: org + "/stats?" + q2, status: 404},
			{name: "without a token", method: "GET", path: org + "/stats", status: 401},

			{name: "funnel", as: "consultant", method: "GET", path: org + "/stats/funnel?" + q2, status: 200,
				want: []string{`"closed":22`, `"no_stage":{"won":12,"lost":10,"vanished":0}`}},
			{name: "funnel, bad date", as: "consultant", method: "GET", path: org + "/stats/funnel?from=x&to=y", status: 400, field: "from"},
			{name: "losses", as: "consultant", method: "GET", path: org + "/stats/losses?" + q2, status: 200,
				want: []string{`"lost":10`, `"key":"unknown"`, `"label":"Not recorded"`}},
			{name: "losses of one owner", as: "consultant", method: "GET", path: org + "/stats/losses?" + q2 + "&owner={sales}", status: 200,
				want: []string{`"lost":5`}},
			{name: "vanishings", as: "consultant", method: "GET", path: org + "/stats/vanishings?" + q2, status: 200,
				want: []string{`"vanished":0`}},
			{name: "vanishings, bad owner", as: "consultant", method: "GET", path: org + "/stats/vanishings?owner=999999", status: 400, field: "owner"},

			{name: "diagnostics in English", as: "consultant", method: "GET", path: org + "/diagnostics?" + q2 + "&lang=en", status: 200,
				want: []string{`"lang":"en"`, `"code":"no_vanished"`, `"title":"Not a single vanished opportunity"`, `"sample":22`, `"scope":{"owner_id":0`}},
			{name: "diagnostics from Accept-Language", as: "consultant", method: "GET", path: org + "/diagnostics?" + q2, header: map[string]string{"Accept-Language": "en-GB,en;q=0.8"},
				status: 200, want: []string{`"lang":"en"`}},
			{name: "diagnostics in French by default", as: "consultant", method: "GET", path: org + "/diagnostics?" + q2, status: 200,
				want: []string{`"lang":"fr"`, `"title":"Aucune affaire sans suite"`}},
			{name: "diagnostics, bad lang", as: "consultant", method: "GET", path: org + "/diagnostics?lang=de", status: 400, field: "lang"},
			{name: "diagnostics, bad to", as: "consultant", method: "GET", path: org + "/diagnostics?from=2025-01-01&to=2025-13-01", status: 400, field: "to"},
		})
		if body := f.do(t, "consultant", "GET", org+"/stats?"+q2, "", nil).json(t); body["groups"] != nil {
			t.Errorf("ungrouped stats answer groups: %v", body["groups"])
		}
	})
}

func TestExportsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		f.seedClosures(t)
		const org = "/api/v1/orgs/acme"
		f.run(t, []scenario{
			{name: "a consultant exports", as: "consultant", method: "GET", path: org + "/exports", status: 200,
				want: []string{"title,owner,account,contact,source,stage,status,amount,detected_on,expected_close_on,next_action_on,next_action,hold_reason,review_on,closed_on,loss_reason,competitor,vanish_reason,note,version,held_on,account_city,account_phone,currency,owner_email,contact_email\n",
					"Deal 00,User sales,Customer 0,,,,won,1200.50,2025-03-01,,,,,,2025-04-01,,,,,1,,,,EUR,sales@example.test,\n",
					"Deal 12,User sales,Customer 2,,,,lost,800.00,2025-03-13,,,,,,2025-04-13,Not recorded,unknown,,,1,,,,EUR,sales@example.test,\n",
					"Windows for opp,User sales,Dupont SARL,,,"}},
			{name: "json", as: "sales", method: "GET", path: org + "/exports?format=json", status: 200,
				want: []string{`"title":"Deal 00","owner":"User sales","account":"Customer 0","contact":null`, `"amount":1200.50`, `"version":1,"held_on":null,"account_city":null,"account_phone":null,"currency":"EUR","owner_email":"sales@example.test","contact_email":null}`}},
			{name: "xlsx", as: "sales", method: "GET", path: org + "/exports?format=xlsx&entity=opportunities", status: 200, want: []string{"PK\x03\x04"}},
			{name: "accounts", as: "sales", method: "GET", path: org + "/exports?entity=accounts", status: 200,
				want: []string{"name,city,phone,website,note,owner,owner_email\n", "Dupont SARL,,,,,User sales,sales@example.test\n", "Customer 4,"}},
			{name: "contacts", as: "sales", method: "GET", path: org + "/exports?entity=contacts&format=json", status: 200,
				want: []string{`"name":"Marie Dupont","account":"Dupont SARL"`}},
			{name: "quotes", as: "sales", method: "GET", path: org + "/exports?entity=quotes", status: 200, want: []string{"opportunity,number,amount,sent_on,status,account,account_city,account_phone,opportunity_detected_on,opportunity_closed_on,opportunity_amount,currency\n"}},
			{name: "orders", as: "sales", method: "GET", path: org + "/exports?entity=orders", status: 200,
				want: []string{"account,kind,reference,amount,ordered_on,owner,opportunity,account_city,account_phone,opportunity_detected_on,opportunity_closed_on,opportunity_amount,currency,owner_email\n"}},
			{name: "activities", as: "sales", method: "GET", path: org + "/exports?entity=activities&format=xlsx", status: 200},
			{name: "a bad format", as: "sales", method: "GET", path: org + "/exports?format=pdf", status: 400, field: "format"},
			{name: "a bad entity", as: "sales", method: "GET", path: org + "/exports?entity=users", status: 400, field: "entity"},
			{name: "a foreign org", as: "outsider", method: "GET", path: org + "/exports", status: 404},
			{name: "without a token", method: "GET", path: org + "/exports", status: 401},
		})
		got := f.do(t, "consultant", "GET", org+"/exports", "", nil)
		if cd := got.header.Get("Content-Disposition"); cd != `attachment; filename=acme-opportunities.csv` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if ct := got.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		rows, err := csv.NewReader(bytes.NewReader(got.body)).ReadAll()
		must(t, err)
		if len(rows) != 1+24 {
			t.Errorf("%d CSV rows, want a header and 24 opportunities", len(rows))
		}
		var recs []map[string]any
		must(t, json.Unmarshal(f.do(t, "consultant", "GET", org+"/exports?format=json", "", nil).body, &recs))
		if len(recs) != 24 {
			t.Errorf("%d JSON records, want 24", len(recs))
		}

		// The export re-imports into another org with the identity mapping.
		body, ct := form(t, "acme.csv", "mapping", identityMapping, "file", string(got.body))
		imp := f.do(t, "outsider", "POST", "/api/v1/orgs/other/imports", body, ct)
		if imp.status != 200 || !strings.Contains(string(imp.body), `"imported":24`) {
			t.Fatalf("re-import: %d %s", imp.status, imp.body)
		}
		again := f.do(t, "outsider", "GET", "/api/v1/orgs/other/exports", "", nil)
		if strings.Count(string(again.body), "\n") != 1+24+1 { // the other org's own opportunity too
			t.Errorf("the re-imported org exports %d lines:\n%s", strings.Count(string(again.body), "\n"), again.body)
		}
	})
}
