package web

import (
	"closer/importer"
)

// dateOption is a date format of the mapping step's select: its layout
// (the mapping's date_format) and how the reader recognises it.
type dateOption struct {
	Value, Label string
}

// dateOptions lists the date formats the importer reads
// (importer.DateFormats), each labelled by its example and, where digits
// alone leave it open, what comes first: "05/03/2024 (day first)"; then
// the mapping's own format when it is none of them (a profile's
// "1/2/2006", a format typed in a mapping), labelled by its example too.
func dateOptions(lang, current string) []dateOption {
	var out []dateOption
	known := false
	for _, f := range importer.DateFormats {
		out = append(out, dateOption{Value: f.Layout, Label: translate(lang, "imp.date_example", f.Example(), translate(lang, "imp.date_order."+f.Order))})
		known = known || f.Layout == current
	}
	if current != "" && !known {
		label := current
		if ex := (importer.DateFormat{Layout: current}).Example(); ex != current {
			label = translate(lang, "imp.date_other", ex, current)
		}
		out = append(out, dateOption{Value: current, Label: label})
	}
	return out
}
