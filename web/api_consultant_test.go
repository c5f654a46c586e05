package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
	"closer/web"
)

// closeAs closes the opportunity of key in acme as outcome on day, worth amount.
func (f *fixture) closeAs(key string, outcome closer.Status, day string, amount closer.Money) {
	ctx := f.actor("manager", "acme")
	o, err := f.db.FindOpportunity(ctx, f.ids[key])
	must(f.t, err)
	in := closer.CloseInput{Outcome: outcome, ClosedOn: closer.MustDate(day), Amount: &amount}
	l, err := f.db.Lists(ctx)
	must(f.t, err)
	switch outcome {
	case closer.StatusLost:
		in.LossReason, in.Competitor, in.Note = l.LossReasons[0].Name, "unknown", "Compared with a 10% cheaper offer."
	case closer.StatusVanished:
		in.VanishReason = l.VanishReasons[0].Name
	}
	_, err = f.db.CloseOpportunity(ctx, o.ID, o.Version, in)
	must(f.t, err)
}

func TestPortfolioAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		// The consultant also follows the other org.
		must(t, db.AddMember(closer.NewSystemContext(context.Background()), "other", "consultant@example.test", closer.RoleConsultant))
		// acme: one won this quarter (Q2 2025), one lost the quarter before; a team target for Q2.
		f.closeAs("opp", closer.StatusWon, "2025-05-20", 150000)
		old := &closer.Opportunity{Title: "Old deal", OwnerID: f.ids["sales2"], Amount: 90000, DetectedOn: closer.MustDate("2025-01-10")}
		must(t, db.CreateOpportunity(f.actor("manager", "acme"), old))
		f.ids["old"] = old.ID
		f.closeAs("old", closer.StatusLost, "2025-03-10", 90000)
		must(t, db.SetTarget(f.actor("manager", "acme"), &closer.Target{Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2025-04-01"), Amount: 300000}))

		f.run(t, []scenario{
			{name: "no token", method: "GET", path: "/api/v1/portfolio", status: 401},
			{name: "consultant, by org", as: "consultant", method: "GET", path: "/api/v1/portfolio?lang=en", status: 200,
				want: []string{`"total":2`, `"slug":"acme"`, `"slug":"other"`, `"role":"consultant"`, `"label":"2025-Q2"`, `"label":"2025-Q1"`,
					`"won":1,"closed":1,"win_rate":1,"revenue":150000,"target":300000,"target_rate":0.5`, `"won":0,"closed":1,"win_rate":0`,
					`"last_activity":"2025-06-15"`, `"last_activity":"2025-06-15"`}},
			{name: "by month", as: "consultant", method: "GET", path: "/api/v1/portfolio?period=month", status: 200, want: []string{`"label":"2025-06"`, `"label":"2025-05"`, `"period":"month"`}},
			{name: "by year", as: "consultant", method: "GET", path: "/api/v1/portfolio?period=year&sort=won&dir=desc", status: 200, want: []string{`"label":"2025"`, `"sort":"won","dir":"desc"`}},
			{name: "a salesperson sees their one org", as: "sales", method: "GET", path: "/api/v1/portfolio", status: 200, want: []string{`"total":1`, `"role":"sales"`}},
			{name: "bad period", as: "consultant", method: "GET", path: "/api/v1/portfolio?period=week", status: 400, field: "period"},
			{name: "bad sort", as: "consultant", method: "GET", path: "/api/v1/portfolio?sort=mood", status: 400, field: "sort"},
			{name: "bad dir", as: "consultant", method: "GET", path: "/api/v1/portfolio?dir=up", status: 400, field: "dir"},
			{name: "bad lang", as: "consultant", method: "GET", path: "/api/v1/portfolio?lang=de", status: 400, field: "lang"},
		})
		// Sorted by won, descending: acme (1 won) before other (0).
		got := f.do(t, "consultant", "GET", "/api/v1/portfolio?sort=won", "", nil)
		if b := string(got.body); strings.Index(b, `"slug":"acme"`) > strings.Index(b, `"slug":"other"`) {
			t.Errorf("sorted by won: acme should come first:\n%s", b)
		}
		got = f.do(t, "consultant", "GET", "/api/v1/portfolio?sort=won&dir=asc", "", nil)
		if b := string(got.body); strings.Index(b, `"slug":"acme"`) < strings.Index(b, `"slug":"other"`) {
			t.Errorf("sorted by won ascending: other should come first:\n%s", b)
		}
	})
}

func TestNotesAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const notes = "/api/v1/orgs/acme/notes"
		f.run(t, []scenario{
			{name: "consultant writes", as: "consultant", method: "POST", path: notes,
				body:   `{"period": "quarter", "starts_on": "2025-04-01", "body": "Relancer les affaires en attente.\nAvant le 30 juin."}`,
				status: 201, want: []string{`"version":1`, `"author_name":"User consultant"`, `"period":"quarter"`}, save: "note"},
			{name: "manager writes", as: "manager", method: "POST", path: notes,
				body: `{"period": "month", "starts_on": "2025-06-01", "body": "Objectif du mois."}`, status: 201, save: "note2"},
			{name: "sales may not write", as: "sales", method: "POST", path: notes,
				body: `{"period": "month", "starts_on": "2025-06-01", "body": "x"}`, status: 403},
			{name: "bad period", as: "consultant", method: "POST", path: notes,
				body: `{"period": "week", "starts_on": "2025-06-01", "body": "x"}`, status: 422, field: "period"},
			{name: "not a period start", as: "consultant", method: "POST", path: notes,
				body: `{"period": "quarter", "starts_on": "2025-05-01", "body": "x"}`, status: 422, field: "starts_on"},
			{name: "empty body", as: "consultant", method: "POST", path: notes,
				body: `{"period": "quarter", "starts_on": "2025-04-01", "body": "  "}`, status: 422, field: "body"},
			{name: "unknown field", as: "consultant", method: "POST", path: notes,
				body: `{"period": "quarter", "starts_on": "2025-04-01", "body": "x", "pinned": true}`, status: 400, field: "pinned"},
			{name: "sales reads", as: "sales", method: "GET", path: notes, status: 200, want: []string{`"total":2`, `Avant le 30 juin.`}},
			{name: "filtered by period", as: "sales", method: "GET", path: notes + "?from=2025-04-01&to=2025-04-30", status: 200, want: []string{`"total":1`, `"id":{note}`}},
			{name: "bad from", as: "sales", method: "GET", path: notes + "?from=june", status: 400, field: "from"},
			{name: "one note", as: "sales", method: "GET", path: notes + "/{note}", status: 200, want: []string{`"id":{note}`}},
			{name: "edit", as: "consultant", method: "PUT", path: notes + "/{note}",
				body: `{"body": "Relancer les 5 plus anciennes.", "version": 1}`, status: 200, want: []string{`"version":2`, `Relancer les 5 plus anciennes.`}},
			{name: "stale edit", as: "consultant", method: "PUT", path: notes + "/{note}",
				body: `{"body": "Autre chose.", "version": 1}`, status: 409},
			{name: "edit without version", as: "consultant", method: "PUT", path: notes + "/{note}",
				body: `{"body": "Autre chose."}`, status: 400, field: "version"},
			{name: "manager may not rewrite the consultant's note", as: "manager", method: "PUT", path: notes + "/{note}",
				body: `{"body": "Autre chose.", "version": 2}`, status: 403},
			{name: "owner may", as: "owner", method: "PUT", path: notes + "/{note}",
				body: `{"body": "Relancer les 5 plus anciennes, validé.", "version": 2}`, status: 200, want: []string{`"version":3`, `"editor_name":"User owner"`}},
			{name: "history", as: "sales", method: "GET", path: notes + "/{note}/history", status: 200,
				want: []string{`"total":3`, `Avant le 30 juin.`, `"version":1`, `"editor_name":"User consultant"`}},
			{name: "foreign org", as: "outsider", method: "GET", path: notes, status: 404},
			{name: "foreign note", as: "outsider", method: "GET", path: "/api/v1/orgs/other/notes/{note}", status: 404},
			{name: "foreign history", as: "outsider", method: "GET", path: "/api/v1/orgs/other/notes/{note}/history", status: 404},
			{name: "foreign edit", as: "outsider", method: "PUT", path: "/api/v1/orgs/other/notes/{note}", body: `{"body": "x", "version": 3}`, status: 404},
			{name: "unknown note", as: "sales", method: "GET", path: notes + "/999999", status: 404},
		})
	})
}

// TestConsultantAPIWritesAreRefused walks every API route that writes (but
// the consultant notes) as the consultant: each answers 403, or 404 for
// another org's record, and the database is unchanged.
func TestConsultantAPIWritesAreRefused(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		ctx := f.actor("manager", "acme")
		q := &closer.Quote{OpportunityID: f.ids["opp"], Number: "D-1", Amount: 1000, Status: closer.QuoteDraft}
		must(t, db.CreateQuote(ctx, q))
		ord := &closer.Order{AccountID: f.ids["account"], OwnerID: f.ids["sales"], Kind: closer.OrderDirect, Amount: 1000, OrderedOn: closer.MustDate("2025-06-01")}
		must(t, db.CreateOrder(ctx, ord))
		act := &closer.Activity{Kind: closer.ActivityCall, OwnerID: f.ids["sales"], Subject: "Call", DueOn: closer.MustDate("2025-06-20")}
		must(t, db.CreateActivity(ctx, act))
		tg := &closer.Target{Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2025-04-01"), Amount: 1000}
		must(t, db.SetTarget(ctx, tg))
		ids := map[string]int64{"accounts": f.ids["account"], "contacts": f.ids["contact"], "opportunities": f.ids["opp"],
			"quotes": q.ID, "orders": ord.ID, "activities": act.ID, "targets": tg.ID, "members": f.ids["sales"]}
		for _, lp := range []struct {
			seg  string
			kind closer.ListKind
		}{{"stages", closer.ListStages}, {"loss-reasons", closer.ListLossReasons}, {"vanish-reasons", closer.ListVanishReasons},
			{"competitors", closer.ListCompetitors}, {"sources", closer.ListSources}} {
			it := &closer.ListItem{Kind: lp.kind, Name: "Entry of " + lp.seg}
			must(t, db.CreateListItem(f.actor("owner", "acme"), it))
			ids[lp.seg] = it.ID
		}
		// A body that a permitted member would get accepted, per resource.
		bodies := map[string]string{
			"members":       `{"email": "sales2@example.test", "role": "manager"}`,
			"accounts":      `{"name": "Hack"}`,
			"contacts":      `{"name": "Hack"}`,
			"opportunities": `{"title": "Hack"}`,
			"hold":          `{"hold_reason": "x", "review_on": "2025-07-01"}`,
			"close":         `{"outcome": "won", "closed_on": "2025-06-15", "amount": 1000}`,
			"resume":        `{}`,
			"reopen":        `{}`,
			"erase":         `{"confirm": true}`,
			"quotes":        `{"opportunity": {opp}, "number": "H-1", "amount": 10}`,
			"orders":        `{"account": {account}, "kind": "direct", "amount": 10, "ordered_on": "2025-06-01"}`,
			"activities":    `{"kind": "call", "subject": "Hack", "due_on": "2025-07-01"}`,
			"targets":       `{"owner": null, "period": "quarter", "starts_on": "2025-04-01", "amount": 5}`,
			"list":          `{"name": "Hack"}`,
		}
		before := fingerprint(t, db)
		n := 0
		for _, rt := range (&web.Server{}).Routes() {
			if rt.Method == "GET" || !strings.HasPrefix(rt.Pattern, "/api/v1/orgs/{slug}/") || strings.Contains(rt.Pattern, "/notes") {
				continue
			}
			rest := strings.TrimPrefix(rt.Pattern, "/api/v1/orgs/{slug}/")
			parts := strings.Split(rest, "/")
			res := parts[0]
			body := bodies[res]
			if _, isList := ids[res]; isList && bodies[res] == "" {
				body = bodies["list"]
			}
			if len(parts) == 3 {
				body = bodies[parts[2]]
			}
			if rt.Method == "DELETE" {
				body = ""
			} else if res == "members" && rt.Method == "PATCH" {
				body = `{"role": "owner"}`
			}
			path := "/api/v1/orgs/acme/" + res
			if len(parts) > 1 {
				path += "/" + fmt.Sprint(ids[res])
			}
			if len(parts) == 3 {
				path += "/" + parts[2]
			}
			var header map[string]string
			if res == "imports" {
				body, header = form(t, "deals.csv", "mapping", closedMapping, "file", closedRows())
			}
			got := f.do(t, "consultant", rt.Method, path, body, header)
			if got.status != 403 {
				t.Errorf("%s %s as a consultant: %d, want 403\n%s", rt.Method, path, got.status, got.body)
			}
			n++
		}
		// Another org's record: 404, as an unknown one.
		got := f.do(t, "consultant", "PATCH", "/api/v1/orgs/acme/accounts/{foreign_account}", `{"name": "Hack"}`, nil)
		if got.status != 403 && got.status != 404 {
			t.Errorf("foreign account: %d", got.status)
		}
		got = f.do(t, "consultant", "GET", "/api/v1/orgs/other/accounts", "", nil)
		if got.status != 404 {
			t.Errorf("another org's accounts: %d, want 404", got.status)
		}
		if after := fingerprint(t, db); after != before {
			t.Error("the consultant's refused requests changed the database")
		}
		if n < 30 {
			t.Errorf("only %d routes walked", n)
		}
	})
}
