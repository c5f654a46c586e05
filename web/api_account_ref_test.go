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

// An account given by name is found however its name is written: an
// accent as a combining mark (text from macOS), a no-break space, a
// zero-width space; an account stored so before names were normalised is
// found by its name typed today.
func TestAccountByNameHoweverWritten(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		ctx := f.actor("manager", "acme")
		a := &closer.Account{Name: "Hôtel Zéphyr"}
		must(t, db.CreateAccount(ctx, a))
		f.ids["hotel"] = a.ID
		var legacy int64
		must(t, db.SQL().QueryRow(`INSERT INTO accounts (org_id, name, name_key, created_at)
			SELECT id, $1, $2, '2024-01-01T00:00:00.000000Z' FROM orgs WHERE slug = 'acme' RETURNING id`,
			"Cafe\u0301 de la Gare", closer.SortKey("Cafe\u0301 de la Gare")).Scan(&legacy))
		f.ids["cafe"] = legacy
		opps := "/api/v1/orgs/acme/opportunities"
		f.run(t, []scenario{
			{name: "decomposed", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "Ho\u0302tel Ze\u0301phyr"}`, status: 201, want: []string{`"account":{hotel}`}},
			{name: "no-break space", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "ho\u0302tel\u00a0ze\u0301phyr\u200b"}`, status: 201, want: []string{`"account":{hotel}`}},
			{name: "stored decomposed", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "Caf\u00e9 de la Gare"}`, status: 201, want: []string{`"account":{cafe}`}},
			{name: "another name", as: "manager", method: "POST", path: opps, body: `{"title": "x", "account": "Hotel Zephyr"}`, status: 422, field: "account"},
		})
	})
}
