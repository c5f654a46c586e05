package importer

import (
	"strings"
	"testing"

	"closer"
)

// TestMappingQuotesAndActivities: a mapping takes the entities quotes and
// activities with their own fields; a value or default that is no quote
// status or activity kind is refused when the mapping is read, naming it,
// while a quote status translated to none is left to the sent date.
func TestMappingQuotesAndActivities(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`{"entity": "quotes", "columns": {"opportunity": "Affaire", "number": "N", "sent_on": "Le", "opportunity_amount": "M"}}`, ""},
		{`{"entity": "activities", "columns": {"kind": "Type", "subject": "Objet", "due_on": "Le", "account_city": "Ville"}}`, ""},
		{`{"entity": "quotes", "columns": {"opportunity": "A", "status": "S"}, "values": {"status": {"Brouillon": ""}}}`, ""},
		{`{"entity": "quotes", "columns": {"opportunity": "A", "status": "S"}, "values": {"status": {"Envoyé": "envoyé"}}}`, `values.status: "Envoyé" → "envoyé" is not a status`},
		{`{"entity": "quotes", "columns": {"opportunity": "A"}, "defaults": {"status": "open"}}`, `defaults.status: "open" is not a status`},
		{`{"entity": "activities", "columns": {"kind": "T"}, "values": {"kind": {"Appel": "call", "Fax": "fax"}}}`, `values.kind: "Fax" → "fax" is not a kind`},
		{`{"entity": "activities", "columns": {"kind": "T"}, "defaults": {"kind": "Meeting"}}`, ""},
		{`{"entity": "quotes", "columns": {"title": "T"}}`, `Unknown field "title" in columns: quotes take opportunity, number`},
		{`{"entity": "activities", "columns": {"reference": "R"}}`, `Unknown field "reference" in columns: activities take kind, subject`},
		{`{"entity": "targets", "columns": {"amount": "A"}}`, `(opportunities, accounts, contacts, orders, quotes or activities)`},
	} {
		_, err := ParseMapping(strings.NewReader(c.doc))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.doc, err)
		case c.want != "" && (closer.ErrorCode(err) != closer.EINVALID || !strings.Contains(closer.ErrorMessage(err), c.want)):
			t.Errorf("%s: got %v, want %q", c.doc, err, c.want)
		}
	}
}
