package web_test

import (
	"bytes"
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestCloseRefusesOtherOutcomesFields: POST .../close refuses what another
// outcome needs (a competitor or a loss reason sent with "won", a vanish
// reason with "lost", a competitor with "vanished") with a 422 naming it,
// as creation and PATCH refuse a field the status does not use, and the
// opportunity and its events stay as they were. It answered 200 and
// dropped the field unsaid.
func TestCloseRefusesOtherOutcomesFields(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const opp = "/api/v1/orgs/acme/opportunities/{opp}"
		before := f.do(t, "sales", "GET", opp, "", nil)
		events := f.do(t, "sales", "GET", opp+"/events", "", nil)
		f.run(t, []scenario{
			{name: "won with a competitor", as: "sales", method: "POST", path: opp + "/close",
				body: `{"outcome": "won", "closed_on": "2025-06-14", "amount": 1000, "competitor": "unknown"}`, status: 422, field: "competitor"},
			{name: "won with a loss reason", as: "sales", method: "POST", path: opp + "/close",
				body: `{"outcome": "won", "closed_on": "2025-06-14", "amount": 1000, "loss_reason": "Lead time"}`, status: 422, field: "loss_reason"},
			{name: "won with a vanish reason", as: "sales", method: "POST", path: opp + "/close",
				body: `{"outcome": "won", "closed_on": "2025-06-14", "amount": 1000, "vanish_reason": "No budget"}`, status: 422, field: "vanish_reason"},
			{name: "lost with a vanish reason", as: "sales", method: "POST", path: opp + "/close",
				body: `{"outcome": "lost", "closed_on": "2025-06-14", "loss_reason": "Lead time", "competitor": "unknown", "vanish_reason": "No budget"}`, status: 422, field: "vanish_reason"},
			{name: "vanished with a competitor", as: "sales", method: "POST", path: opp + "/close",
				body: `{"outcome": "vanished", "closed_on": "2025-06-14", "vanish_reason": "No budget", "competitor": "unknown"}`, status: 422, field: "competitor"},
			{name: "vanished with a loss reason", as: "sales", method: "POST", path: opp + "/close",
				body: `{"outcome": "vanished", "closed_on": "2025-06-14", "vanish_reason": "No budget", "loss_reason": "Lead time"}`, status: 422, field: "loss_reason"},
		})
		if after := f.do(t, "sales", "GET", opp, "", nil); !bytes.Equal(after.body, before.body) {
			t.Errorf("a refused close changed the opportunity:\n%s\nwas\n%s", after.body, before.body)
		}
		if after := f.do(t, "sales", "GET", opp+"/events", "", nil); !bytes.Equal(after.body, events.body) {
			t.Errorf("a refused close recorded events:\n%s\nwas\n%s", after.body, events.body)
		}
		f.run(t, []scenario{
			{name: "null details are none", as: "sales", method: "POST", path: opp + "/close",
				body: `{"outcome": "won", "closed_on": "2025-06-14", "amount": 1000, "competitor": null, "loss_reason": null, "vanish_reason": null}`, status: 200,
				want: []string{`"status":"won"`, `"competitor":null`}},
		})
	})
}
