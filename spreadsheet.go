package closer

import "strings"

// A spreadsheet opening a CSV file, or a person editing a cell of an XLSX
// file, runs a text that starts with =, +, -, @, a tab or a carriage
// return as a formula: "=HYPERLINK(...)" in an opportunity's note would
// become a link, or worse, in the reader's spreadsheet (CSV or formula
// injection, OWASP). Exports write such texts with a leading single quote,
// which spreadsheets read as "this is text"; the importer removes it, so
// an export reads back as what was exported.

// formulaStart reports whether s starts with a character that makes a
// spreadsheet read the cell as a formula.
func formulaStart(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// NeutralizeFormula returns the text to write in a text cell of a CSV or
// XLSX export: s with a leading single quote when a spreadsheet would run
// it as a formula. A text that already starts with quotes before such a
// character gets one more, so that RestoreFormula gives s back exactly.
// Numbers written as numbers (amounts, counts) are not texts and are not
// passed through it: a negative amount stays a number.
func NeutralizeFormula(s string) string {
	if formulaStart(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	return s
}

// RestoreFormula undoes NeutralizeFormula: a cell of an imported file that
// starts with a single quote followed (after any further quotes) by a
// formula's first character loses that one quote, as a spreadsheet shows it.
func RestoreFormula(s string) string {
	if strings.HasPrefix(s, "'") && formulaStart(strings.TrimLeft(s, "'")) {
		return s[1:]
	}
	return s
}
