package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestReassignMemberAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		reassign := org + "/members/{sales}/reassign"
		f.run(t, []scenario{
			{name: "manager reassigns", as: "manager", method: "POST", path: reassign, body: `{"to": {sales2}}`, status: 403},
			{name: "sales reassigns", as: "sales", method: "POST", path: reassign, body: `{"to": {sales2}}`, status: 403},
			{name: "consultant reassigns", as: "consultant", method: "POST", path: reassign, body: `{"to": {sales2}}`, status: 403},
			{name: "foreign org", as: "outsider", method: "POST", path: reassign, body: `{"to": {sales2}}`, status: 404},
			{name: "a member of another org", as: "owner", method: "POST", path: org + "/members/{outsider}/reassign", body: `{"to": {sales2}}`, status: 404},
			{name: "to a member of another org", as: "owner", method: "POST", path: reassign, body: `{"to": {outsider}}`, status: 422, field: "to"},
			{name: "to the same member", as: "owner", method: "POST", path: reassign, body: `{"to": {sales}}`, status: 422, field: "to"},
			{name: "to must be a number", as: "owner", method: "POST", path: reassign, body: `{"to": "sales2"}`, status: 400, field: "to"},
			{name: "deactivate the salesperson", as: "owner", method: "PATCH", path: org + "/members/{sales}", body: `{"active": false}`, status: 200, want: []string{`"active":false`}},
			{name: "owner reassigns", as: "owner", method: "POST", path: reassign, body: `{"to": {sales2}}`, status: 200, want: []string{`{"reassigned":1}`}},
			{name: "the opportunity has its new owner", as: "consultant", method: "GET", path: org + "/opportunities/{opp}", status: 200, want: []string{`"owner":{sales2}`, `"version":2`}},
			{name: "the timeline shows the change", as: "consultant", method: "GET", path: org + "/opportunities/{opp}/events", status: 200, want: []string{`"kind":"owner","from":"{sales}","to":"{sales2}"`}},
			{name: "nothing left to reassign", as: "owner", method: "POST", path: reassign, body: `{"to": {sales2}}`, status: 200, want: []string{`{"reassigned":0}`}},
			{name: "to the deactivated member", as: "owner", method: "POST", path: org + "/members/{sales2}/reassign", body: `{"to": {sales}}`, status: 422, field: "to"},
		})
	})
}
