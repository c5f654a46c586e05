package web_test

import (
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// An account given by name in a body: the exact name first, else a unique
// match case aside; several matches are a 422 on account, never a silent
// pick.
func TestAccountByName(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		ctx := f.actor("manager", "acme")
		for _, name := range []string{"M. et Mme Leroy", "M. et Mme Leroy", "Dupont", "DUPONT", "Chez Andre"} {
			a := &closer.Account{Name: name}
			must(t, db.CreateAccount(ctx, a))
			f.ids[name] = a.ID
		}
		opps := "/api/v1/orgs/acme/opportunities"
		f.run(t, []scenario{
			{name: "homonyms", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "M. et Mme Leroy"}`, status: 422, field: "account",
				want: []string{`2 accounts are named \"M. et Mme Leroy\": give its id.`}},
			{name: "homonyms case aside", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "m. et mme leroy"}`, status: 422, field: "account"},
			{name: "the exact name first", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "DUPONT"}`, status: 201, want: []string{`"account":{DUPONT}`}},
			{name: "the other exact name", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "Dupont"}`, status: 201, want: []string{`"account":{Dupont}`}},
			{name: "two case aside", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "dupont"}`, status: 422, field: "account"},
			{name: "one case aside", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "chez andre"}`, status: 201, want: []string{`"account":{Chez Andre}`}},
			{name: "a part of a name", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "Chez"}`, status: 422, field: "account"},
		})
	})
}
