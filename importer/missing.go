package importer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"closer"
)

// MissingColumn is a field whose optional column ("Montant?", as profiles
// write them) the file lacks: the import reads nothing for it, and fills
// it as Instead says. A column under another name ("Montant HT") would
// otherwise go silently unread: amounts 0, detection dates today.
type MissingColumn struct {
	Field string `json:"field"`
	// Columns are the names the mapping looks for, any of which would do.
	Columns []string `json:"columns"`
	// Instead says what the field gets: "default" (the mapping's, in
	// Default), "zero" (amounts 0), "today" (detection dates today, or the
	// close date or expected close date of a row, when earlier), "detection_date" (on-hold rows:
	// held since their detection date), "importer" (owned by the member who
	// imports), "first_stage" (open rows at the pipeline's first stage),
	// "open" (every row open) or "empty" (left empty).
	Instead string `json:"instead"`
	Default string `json:"default,omitempty"`
}

// What a MissingColumn's field gets instead.
const (
	InsteadDefault       = "default"
	InsteadZero          = "zero"
	InsteadToday         = "today"
	InsteadDetectionDate = "detection_date"
	InsteadImporter      = "importer"
	InsteadFirstStage    = "first_stage"
	InsteadOpen          = "open"
	InsteadEmpty         = "empty"
)

// insteadOf says what each field of an opportunity gets when its column is
// missing and the mapping gives no default; the other fields, and those
// of the other entities, are left empty.
var insteadOf = map[string]string{"amount": InsteadZero, "detected_on": InsteadToday, "held_on": InsteadDetectionDate,
	"owner": InsteadImporter, "stage": InsteadFirstStage, "status": InsteadOpen}

// MissingColumns returns the fields of m whose optional column t lacks, in
// the entity's order, and what each gets instead. The entity's first field
// (an opportunity's title, an account's name…) is no optional matter: see
// compile.
func MissingColumns(m *Mapping, t *Table) []MissingColumn {
	var out []MissingColumn
	for _, name := range entityFields[m.Entity] {
		spec, ok := m.Columns[name]
		if !ok || ignoredFields[name] {
			continue
		}
		if cols, _, err := t.columnsOf(spec); err != nil || len(cols) > 0 {
			continue
		}
		names, _ := SpecColumns(spec)
		mc := MissingColumn{Field: name, Columns: names, Instead: InsteadEmpty}
		if d := strings.TrimSpace(m.Defaults[name]); d != "" {
			mc.Instead, mc.Default = InsteadDefault, d
		} else if in, ok := insteadOf[name]; ok && m.Entity == EntityOpportunities {
			mc.Instead = in
		}
		out = append(out, mc)
	}
	return out
}

// unreadColumns returns the names of t's columns that no field of c reads.
func (c *columns) unreadColumns(t *Table) []string {
	var out []string
	for i, h := range t.Header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		read := false
		for _, f := range c.fields {
			if slices.Contains(f.cols, i) {
				read = true
				break
			}
		}
		if !read {
			out = append(out, h)
		}
	}
	return out
}

// insteadText says in English what a field without its column gets.
var insteadText = map[string]string{
	InsteadZero:          "amounts set to 0 (a won row, which needs its amount, is refused)",
	InsteadToday:         "detection dates set to today (a row's close date or expected close date, when earlier)",
	InsteadDetectionDate: "on-hold rows held since their detection date",
	InsteadImporter:      "owned by the member who imports",
	InsteadFirstStage:    "open rows at the pipeline's first stage",
	InsteadOpen:          "every row open",
	InsteadEmpty:         "left empty",
}

// columnNames writes a MissingColumn's columns: "Montant", "A" or "B".
func (mc MissingColumn) columnNames() string {
	return strings.Join(quoteAll(mc.Columns), " or ")
}

// String returns `detected_on: no column "engage_date" in the file:
// detection dates set to today (…)`.
func (mc MissingColumn) String() string {
	instead := insteadText[mc.Instead]
	if mc.Instead == InsteadDefault {
		instead = fmt.Sprintf("the mapping's default %q on every row", mc.Default)
	}
	return fmt.Sprintf("%s: no column %s in the file: %s", mc.Field, mc.columnNames(), instead)
}

// requiredMissing returns the error of a mapping whose entity's first
// field (what names a record: a title, a name, an order's account) has no
// column in the file, optional or not, and no default: every row would be
// refused for it.
func requiredMissing(m *Mapping, t *Table, missing []MissingColumn) error {
	first := entityFields[m.Entity][0]
	for _, mc := range missing {
		if mc.Field == first && mc.Instead != InsteadDefault {
			return closer.FieldError("columns", "Line %d: the file has no column %s (its columns: %s).",
				t.HeaderLine, fmt.Sprintf("%s (for %s)", strings.Join(quoteAll(mc.Columns), " | "), first), strings.Join(t.Header, ", "))
		}
	}
	return nil
}

func quoteAll(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return q
}

// leftAside returns the fields the import reads and drops (ignoredFields)
// that the mapping finds a column for, in the entity's order.
func (c *columns) leftAside() []string {
	var out []string
	for _, name := range c.names {
		if f := c.fields[name]; ignoredFields[name] && f != nil && len(f.cols) > 0 {
			out = append(out, name)
		}
	}
	return out
}
