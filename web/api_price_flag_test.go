package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestPriceFlagKeepsOldLossesEditable: when the owner marks a loss reason as
// about price in the settings, the losses recorded before with that reason
// and no note stay editable (a title, an owner, the reason sent back as it
// is); choosing a price reason or clearing a price loss's note still needs
// a note, and so does a new closure. Every change of such a loss answered
// 422 naming note.
func TestPriceFlagKeepsOldLossesEditable(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		const opp = org + "/opportunities/{opp}"
		f.run(t, []scenario{
			{name: "lost on lead time", as: "sales", method: "POST", path: opp + "/close",
				body: `{"outcome": "lost", "closed_on": "2025-06-14", "loss_reason": "Lead time", "competitor": "unknown"}`, status: 200},
			{name: "lead time is about price now", as: "owner", method: "PATCH", path: org + "/loss-reasons/{loss_reasons:Lead time}", body: `{"price": true}`, status: 200,
				want: []string{`"price":true`}},
			{name: "a title", as: "sales", method: "PATCH", path: opp, body: `{"title": "Windows and doors"}`, status: 200, want: []string{`"title":"Windows and doors"`}},
			{name: "the reason sent back as it is", as: "sales", method: "PATCH", path: opp,
				body: `{"loss_reason": "Lead time", "competitor": "unknown", "note": "", "amount": 110000}`, status: 200, want: []string{`"amount":110000`}},
			{name: "a manager hands it over", as: "manager", method: "PATCH", path: opp, body: `{"owner": {sales2}}`, status: 200, want: []string{`"owner":{sales2}`}},
			{name: "another price reason needs a note", as: "manager", method: "PATCH", path: opp, body: `{"loss_reason": "Price"}`, status: 422, field: "note"},
			{name: "a note", as: "manager", method: "PATCH", path: opp, body: `{"note": "Acme 8% cheaper on the same windows"}`, status: 200},
			{name: "a price loss's note cleared", as: "manager", method: "PATCH", path: opp, body: `{"note": ""}`, status: 422, field: "note"},
			{name: "reopened", as: "manager", method: "POST", path: opp + "/reopen", status: 200},
			{name: "closed anew, the note kept", as: "manager", method: "POST", path: opp + "/close",
				body: `{"outcome": "lost", "closed_on": "2025-06-15", "loss_reason": "Lead time", "competitor": "unknown"}`, status: 200,
				want: []string{`"note":"Acme 8% cheaper on the same windows"`}},
			{name: "the other old loss", as: "sales2", method: "POST", path: org + "/opportunities/{opp2}/close",
				body: `{"outcome": "lost", "closed_on": "2025-06-15", "loss_reason": "Lead time", "competitor": "unknown"}`, status: 422, field: "note"},
		})
	})
}
