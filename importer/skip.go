package importer

import (
	"strings"

	"closer"
)

// A mapping's Skip leaves rows out of an import: {"Status": ["Deleted"]}
// leaves out every row whose Status cell is "Deleted". It is keyed by the
// file's columns, not by target fields: a row left out may hold a value no
// field would accept (Pipedrive's "Deleted" is no status). Values are
// compared as values' translations compare them: trimmed, in Unicode's
// composed form, case aside; "" leaves out the rows whose cell is empty.
// A column whose name ends in "?" is optional, as in Columns: a file
// without it has no row to leave out by it (a profile's rule for a column
// that exports include only on demand).
// The rows left out are counted in the report (Report.SkippedRows), never
// imported nor checked.

// maxSkipValues bounds the values one skip column lists.
const maxSkipValues = 1000

// checkSkip checks the mapping's skip rule when the mapping is read: a
// column named, a list of values for each. That the file has the column is
// checked when the mapping meets the file (compileSkip).
func (m *Mapping) checkSkip() error {
	for _, col := range sortedKeys(m.Skip) {
		vals := m.Skip[col]
		switch {
		case strings.TrimSpace(col) == "":
			return closer.FieldError("skip", "skip: a column's name is empty.")
		case len(vals) == 0:
			return closer.FieldError("skip", "skip.%s lists no value: list the values of the rows to leave out, such as [\"Deleted\"], or remove it.", col)
		case len(vals) > maxSkipValues:
			return closer.FieldError("skip", "skip.%s lists %d values (%d at most).", col, len(vals), maxSkipValues)
		}
	}
	return nil
}

// skipRule is a mapping's Skip compiled against a table's header: per
// column index, the folded values of the rows to leave out.
type skipRule map[int]map[string]bool

// compileSkip finds the skip rule's columns in the table's header; a
// column the file lacks is an error naming it, as skip.COLUMN.
func compileSkip(m *Mapping, t *Table) (skipRule, error) {
	if len(m.Skip) == 0 {
		return nil, nil
	}
	rule := skipRule{}
	for _, col := range sortedKeys(m.Skip) {
		name, optional := strings.CutSuffix(strings.TrimSpace(col), "?")
		i, err := t.find(name)
		if err != nil {
			return nil, err
		} else if i < 0 && optional {
			continue
		} else if i < 0 {
			shown := make([]string, len(t.Header))
			for i, h := range t.Header {
				shown[i] = visibleName(h)
			}
			return nil, closer.FieldError("skip", "Line %d: skip.%s: the file has no column \"%s\" (its columns: %s).",
				t.HeaderLine, col, visibleName(strings.TrimSpace(col)), strings.Join(shown, ", "))
		}
		if rule[i] == nil {
			rule[i] = map[string]bool{}
		}
		for _, v := range m.Skip[col] {
			rule[i][skipFold(v)] = true
		}
	}
	return rule, nil
}

// skipFold is the form in which a skip value and a cell compare: as a
// field reads its cell (see field.pick), in lower case.
func skipFold(v string) string {
	return strings.ToLower(composed(strings.TrimSpace(closer.RestoreFormula(strings.TrimSpace(v)))))
}

// leavesOut reports whether the rule leaves the row out.
func (s skipRule) leavesOut(r *Row) bool {
	for i, vals := range s {
		if i < len(r.Cells) && vals[skipFold(r.Cells[i])] {
			return true
		}
	}
	return false
}

// withoutSkipped returns t, or a copy of it without the rows the mapping's
// skip rule leaves out, which the report counts.
func (c *columns) withoutSkipped(t *Table, rep *Report) *Table {
	if len(c.skip) == 0 {
		return t
	}
	var kept []Row // from the first row left out, as withoutFailedFormulas
	for i := range t.Rows {
		out := c.skip.leavesOut(&t.Rows[i])
		if out && kept == nil {
			kept = append(make([]Row, 0, len(t.Rows)-1), t.Rows[:i]...)
		}
		if out {
			rep.SkippedRows++
		} else if kept != nil {
			kept = append(kept, t.Rows[i])
		}
	}
	if kept == nil {
		return t
	}
	screened := *t
	screened.Rows = kept
	return &screened
}

// SkipRows returns a function that reports whether the mapping's skip rule
// leaves a row of t out, or nil when the mapping has none (or t lacks one of
// its columns, which the import then refuses): the import screen offers no
// translation for the values of the rows it leaves out.
func SkipRows(m *Mapping, t *Table) func(*Row) bool {
	rule, err := compileSkip(m, t)
	if err != nil || len(rule) == 0 {
		return nil
	}
	return rule.leavesOut
}
