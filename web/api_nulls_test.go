package web_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// Every action body refuses null for a field the document does not type as
// nullable, with a 400 naming the field, as creation and PATCH do: a null
// note, hold reason or outcome is not read as "empty".
func TestActionBodiesRefuseNull(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		n := &closer.ConsultantNote{StartsOn: closer.MustDate("2025-04-01"), Period: closer.PeriodQuarter, Body: "Relancer."}
		must(t, db.CreateNote(f.actor("consultant", "acme"), n))
		f.ids["note"] = n.ID
		const org = "/api/v1/orgs/acme"
		opp := org + "/opportunities/{opp}"
		f.run(t, []scenario{
			{name: "hold, reason null", as: "sales", method: "POST", path: opp + "/hold", body: `{"hold_reason": null, "review_on": "2025-07-01"}`, status: 400, field: "hold_reason",
				want: []string{`Field \"hold_reason\" must be a string, not null.`}},
			{name: "hold, version null", as: "sales", method: "POST", path: opp + "/hold", body: `{"hold_reason": "Tender", "review_on": "2025-07-01", "version": null}`, status: 400, field: "version"},
			{name: "close, outcome null", as: "sales", method: "POST", path: opp + "/close", body: `{"outcome": null, "closed_on": "2025-06-01"}`, status: 400, field: "outcome"},
			{name: "close, note null", as: "sales", method: "POST", path: opp + "/close", body: `{"outcome": "vanished", "closed_on": "2025-06-01", "vanish_reason": "No answer", "note": null}`, status: 400, field: "note",
				want: []string{`Field \"note\" must be a string, not null.`}},
			{name: "still open", as: "sales", method: "GET", path: opp, status: 200, want: []string{`"status":"open"`}},
			{name: "resume, version null", as: "sales", method: "POST", path: opp + "/resume", body: `{"version": null}`, status: 400, field: "version"},
			{name: "reopen, version null", as: "sales", method: "POST", path: opp + "/reopen", body: `{"version": null}`, status: 400, field: "version"},
			{name: "invitation, e-mail null", as: "owner", method: "POST", path: org + "/invitations", body: `{"email": null, "role": "sales"}`, status: 400, field: "email"},
			{name: "invitation, role null", as: "owner", method: "POST", path: org + "/invitations", body: `{"email": "new@example.test", "role": null}`, status: 400, field: "role"},
			{name: "member, e-mail null", as: "owner", method: "POST", path: org + "/members", body: `{"email": null, "role": "sales"}`, status: 400, field: "email"},
			{name: "member, role null", as: "owner", method: "POST", path: org + "/members", body: `{"email": "new@example.test", "role": null}`, status: 400, field: "role"},
			{name: "reassign to null", as: "owner", method: "POST", path: org + "/members/{sales2}/reassign", body: `{"to": null}`, status: 400, field: "to"},
			{name: "note, body null", as: "consultant", method: "POST", path: org + "/notes", body: `{"period": "month", "starts_on": "2025-06-01", "body": null}`, status: 400, field: "body"},
			{name: "note, period null", as: "consultant", method: "POST", path: org + "/notes", body: `{"period": null, "starts_on": "2025-06-01", "body": "x"}`, status: 400, field: "period"},
			{name: "note, start null", as: "consultant", method: "POST", path: org + "/notes", body: `{"period": "month", "starts_on": null, "body": "x"}`, status: 400, field: "starts_on",
				want: []string{`Field \"starts_on\" must be a date YYYY-MM-DD, not null.`}},
			{name: "note edit, body null", as: "consultant", method: "PUT", path: org + "/notes/{note}", body: `{"body": null, "version": 1}`, status: 400, field: "body"},
			{name: "the note unchanged", as: "consultant", method: "GET", path: org + "/notes/{note}", status: 200, want: []string{`"body":"Relancer."`, `"version":1`}},
		})
	})
}
