package web_test

import (
	"testing"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestConsultantContactsExportAPI: a consultant is refused the contacts'
// export (their e-mail addresses and phone numbers) in every format, as
// one contact's personal-data export is refused them, and the refusal is
// not recorded as an export; they still export every other entity, and the
// team exports the contacts. A consultant got every contact's e-mail and
// phone in bulk while one contact's export was a 403.
func TestConsultantContactsExportAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.seed()
		const org = "/api/v1/orgs/acme"
		refused := `"message":"Contacts hold personal data (e-mail addresses, phone numbers): a consultant does not export them."`
		var scenarios []scenario
		for _, format := range []string{"csv", "json", "xlsx"} {
			scenarios = append(scenarios,
				scenario{name: "a consultant exports the contacts as " + format, as: "consultant", method: "GET", path: org + "/exports?entity=contacts&format=" + format, status: 403, want: []string{refused}},
				scenario{name: "a salesperson exports the contacts as " + format, as: "sales", method: "GET", path: org + "/exports?entity=contacts&format=" + format, status: 200},
			)
		}
		scenarios = append(scenarios,
			scenario{name: "in capitals", as: "consultant", method: "GET", path: org + "/exports?entity=CONTACTS", status: 403},
			scenario{name: "one contact's personal data", as: "consultant", method: "GET", path: org + "/contacts/{contact}/personal-data", status: 403},
			scenario{name: "a consultant exports the accounts", as: "consultant", method: "GET", path: org + "/exports?entity=accounts", status: 200},
			scenario{name: "a consultant exports the activities", as: "consultant", method: "GET", path: org + "/exports?entity=activities", status: 200},
			scenario{name: "only the team's exports are logged", as: "owner", method: "GET", path: org + "/audit?action=export", status: 200, want: []string{`"total":5`}},
		)
		f.run(t, scenarios)
	})
}
