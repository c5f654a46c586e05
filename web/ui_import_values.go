package web

import (
	"strings"

	"closer"
	"closer/importer"
)

// importValueFields are, per entity, the fields whose values the mapping
// step offers to translate: an opportunity's status and stage, an order's
// kind, a quote's status, an activity's kind.
var importValueFields = map[string][]string{
	importer.EntityOpportunities: {"status", "stage"},
	importer.EntityOrders:        {"kind"},
	importer.EntityQuotes:        {"status"},
	importer.EntityActivities:    {"kind"},
}

// valueChoice is what a translated field's values may become: the values
// Closer knows, and the prefix of their labels' keys. A stage has none: it
// is the org's own list, and a value becomes the stage written.
type valueChoice struct {
	values []string
	labels string
}

// importValueChoices are the choices of each translated field but the
// stage, per entity: one "status" or "kind" is another entity's, with
// other values.
var importValueChoices = map[string]map[string]valueChoice{
	importer.EntityOpportunities: {"status": {kindNames(closer.Statuses), "status."}},
	importer.EntityOrders:        {"kind": {kindNames(closer.OrderKinds), "rec.orders.kind."}},
	importer.EntityQuotes:        {"status": {kindNames(closer.QuoteStatuses), "rec.quotes.status."}},
	importer.EntityActivities:    {"kind": {kindNames(closer.ActivityKinds), "rec.activities.kind."}},
}

// Choices returns the values a field of the page's entity may become.
func (d *importData) Choices(field string) []string {
	return importValueChoices[d.Entity][field].values
}

// ChoiceLabels returns the prefix of the keys of those values' labels.
func (d *importData) ChoiceLabels(field string) string {
	return importValueChoices[d.Entity][field].labels
}

// ValuesTitle and ValuesLead return the keys of the title and the lead of
// a field's translation: "imp.values.quotes.status".
func (d *importData) ValuesTitle(field string) string { return "imp.values." + d.Entity + "." + field }
func (d *importData) ValuesLead(field string) string {
	return "imp.values_lead." + d.Entity + "." + field
}

// guessValue proposes what a file's value of a translated field of entity
// stands for: a stage as it is written; a value whose name or label, in
// French or English, is one Closer knows ("Gagnée", "won", "Récurrente",
// "Rendez-vous", "Accepté"); "" (as written) otherwise.
func guessValue(entity, field, v string) string {
	if field == "stage" {
		return v
	}
	c := importValueChoices[entity][field]
	for _, n := range c.values {
		if strings.EqualFold(v, n) {
			return n
		}
		for _, lang := range langs {
			if strings.EqualFold(v, translate(lang, c.labels+n)) {
				return n
			}
		}
	}
	return ""
}
