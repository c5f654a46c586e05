package web_test

import (
	"bytes"
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestUnchangedPatchKeepsVersion: a PATCH that changes nothing (an empty
// body, the values the opportunity has, an account given by name for the
// one it names) answers the opportunity as it is, at its version, with
// no event: a colleague's edit made from that version still goes through.
// Each such PATCH gave a new version, and the colleague's edit a 409.
func TestUnchangedPatchKeepsVersion(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const opp = "/api/v1/orgs/acme/opportunities/{opp}"
		before := f.do(t, "sales", "GET", opp, "", nil)
		events := f.do(t, "sales", "GET", opp+"/events", "", nil)
		f.run(t, []scenario{
			{name: "an empty change", as: "sales", method: "PATCH", path: opp, body: `{}`, status: 200, want: []string{`"version":1`}},
			{name: "the values it has", as: "manager", method: "PATCH", path: opp,
				body:   `{"title": "Windows for opp", "amount": 120000, "account": "dupont sarl", "stage": "Detection", "detected_on": "2025-05-02", "expected_close_on": null, "note": ""}`,
				status: 200, want: []string{`"version":1`}},
		})
		if after := f.do(t, "sales", "GET", opp, "", nil); !bytes.Equal(after.body, before.body) || after.header.Get("ETag") != `"1"` {
			t.Errorf("an unchanged opportunity changed:\n%s\nwas\n%s", after.body, before.body)
		}
		if after := f.do(t, "sales", "GET", opp+"/events", "", nil); !bytes.Equal(after.body, events.body) {
			t.Errorf("an unchanged opportunity got events:\n%s\nwas\n%s", after.body, events.body)
		}
		f.run(t, []scenario{
			{name: "the colleague's edit from version 1", as: "sales", method: "PATCH", path: opp, body: `{"amount": 130000}`,
				header: map[string]string{"If-Match": `"1"`}, status: 200, want: []string{`"amount":130000`, `"version":2`}},
			{name: "a stale version still refused", as: "manager", method: "PATCH", path: opp, body: `{"title": "Windows for opp", "version": 1}`, status: 409},
		})
	})
}
