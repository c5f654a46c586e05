package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// POST refuses the fields a status does not use, as PATCH does (with the
// same message, in good English), and a past review date for one created
// on hold, as POST .../hold does; POST refuses a won one without its
// amount and PATCH refuses to clear a won amount, as /close does. (Imports still clear such fields: importer tests.)
func TestOpportunityCreateFieldsOfItsStatus(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		opps := "/api/v1/orgs/acme/opportunities"
		f.run(t, []scenario{
			{name: "closed_on on an open one", as: "sales", method: "POST", path: opps, body: `{"title": "c", "closed_on": "2025-06-01"}`, status: 422, field: "closed_on",
				want: []string{`This field does not apply to an open opportunity.`}},
			{name: "loss_reason on an open one", as: "sales", method: "POST", path: opps, body: `{"title": "c", "loss_reason": "Lead time"}`, status: 422, field: "loss_reason"},
			{name: "review_on on an open one", as: "sales", method: "POST", path: opps, body: `{"title": "c", "review_on": "2025-07-01"}`, status: 422, field: "review_on"},
			{name: "competitor on a won one", as: "sales", method: "POST", path: opps, body: `{"title": "c", "status": "won", "closed_on": "2025-06-01", "amount": 5, "competitor": "unknown"}`, status: 422, field: "competitor",
				want: []string{`This field does not apply to a won opportunity.`}},
			{name: "hold_reason on a lost one", as: "sales", method: "POST", path: opps, body: `{"title": "c", "status": "lost", "closed_on": "2025-06-01", "loss_reason": "Lead time", "competitor": "unknown", "hold_reason": "x"}`, status: 422, field: "hold_reason"},
			{name: "on hold with a past review", as: "sales", method: "POST", path: opps, body: `{"title": "h", "status": "on_hold", "hold_reason": "x", "review_on": "2020-01-01"}`, status: 422, field: "review_on",
				want: []string{`The review date 2020-01-01 is already past.`}},
			{name: "won without its amount", as: "sales", method: "POST", path: opps, body: `{"title": "w", "status": "won", "closed_on": "2025-06-01"}`, status: 422, field: "amount",
				want: []string{`The won amount is required.`}},
			{name: "won with a null amount", as: "sales", method: "POST", path: opps, body: `{"title": "w", "status": "won", "closed_on": "2025-06-01", "amount": null}`, status: 422, field: "amount",
				want: []string{`The won amount is required.`}},
			{name: "won for free", as: "sales", method: "POST", path: opps, body: `{"title": "w", "status": "won", "closed_on": "2025-06-01", "amount": 0}`, status: 201,
				want: []string{`"status":"won"`, `"amount":0`, `"stage_name":"Detection"`, `"detected_on":"2025-06-01"`}},
			{name: "vanished today, at its given stage", as: "sales", method: "POST", path: opps, body: `{"title": "v", "status": "vanished", "closed_on": "2025-06-15", "vanish_reason": "No answer", "stage": "Proposal"}`, status: 201,
				want: []string{`"stage_name":"Proposal"`, `"detected_on":"2025-06-15"`}},
			{name: "on hold", as: "sales", method: "POST", path: opps, body: `{"title": "h", "status": "on_hold", "hold_reason": "tender", "review_on": "2025-07-01"}`, status: 201},
			{name: "lost with its details", as: "sales", method: "POST", path: opps, body: `{"title": "l", "status": "lost", "closed_on": "2025-06-01", "loss_reason": "Lead time", "competitor": "unknown"}`, status: 201},
			{name: "lost to an unknown written otherwise", as: "sales", method: "POST", path: opps, body: `{"title": "l2", "status": "lost", "closed_on": "2025-06-01", "loss_reason": "Lead time", "competitor": " Unknown\u200b"}`,
				status: 201, want: []string{`"competitor":"unknown"`}},
			{name: "a field of another status by PATCH", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"loss_reason": "Lead time"}`, status: 422, field: "loss_reason",
				want: []string{`This field does not apply to an open opportunity.`}},
			{name: "won", as: "sales", method: "POST", path: opps + "/{opp}/close", body: `{"outcome": "won", "closed_on": "2025-06-14", "amount": 140000}`, status: 200},
			{name: "the won amount cleared", as: "sales", method: "PATCH", path: opps + "/{opp}", body: `{"amount": null}`, status: 422, field: "amount",
				want: []string{`The won amount is required.`}},
			{name: "the won amount kept", as: "sales", method: "GET", path: opps + "/{opp}", status: 200, want: []string{`"amount":140000`}},
			{name: "an expected amount cleared", as: "sales2", method: "PATCH", path: opps + "/{opp2}", body: `{"amount": null}`, status: 200, want: []string{`"amount":0`}},
		})
	})
}
