package importer

import (
	"strings"

	"closer"
)

// columnAliases are other names that exports give a field's column, which
// the import screen proposes when no column bears the field's name or
// label: CRMs (Salesforce, HubSpot, Zoho) call "Close Date" the day a deal
// closed, or is expected to while it is open, as their profiles read it.
var columnAliases = map[string][]string{
	"closed_on":         {"Close Date", "Closed Date", "Date Closed", "Closing Date", "Date de clôture", "Date de cloture"},
	"expected_close_on": {"Expected close date", "Date de clôture prévue", "Date de cloture prevue", "Close Date"},
}

// ColumnAliases returns the other names of a field's column that the import
// screen proposes, the likeliest first (see columnAliases).
func ColumnAliases(field string) []string { return columnAliases[field] }

// guessSample bounds the values GuessOptions reads per option.
const guessSample = 500

// GuessOptions sets the decimal separator and the date format of a mapping
// being made for t (the import screen's mapping step without a profile) from
// the values of its amount and date columns: what reads every value the
// current option does not. An option stays when the file does not decide it
// (every value reads, or none does under another).
func GuessOptions(m *Mapping, t *Table) {
	if m.DateFormat == "" {
		m.DateFormat = closer.DateLayout
	}
	if m.DecimalSeparator != "." && m.DecimalSeparator != "," {
		m.DecimalSeparator = "."
	}
	var dates, amounts []string
	for _, name := range entityFields[m.Entity] {
		cols, _, err := t.columnsOf(m.Columns[name])
		if err != nil || len(cols) == 0 || m.Values[name] != nil {
			continue
		}
		switch {
		case name == "amount":
			amounts = append(amounts, sample(t, cols)...)
		case strings.HasSuffix(name, "_on"):
			dates = append(dates, sample(t, cols)...)
		}
	}
	if !readsAll(dates, dateReader(m.DateFormat).parseDateOK) {
		for _, f := range DateFormats {
			if readsAll(dates, dateReader(f.Layout).parseDateOK) {
				m.DateFormat = f.Layout
				break
			}
		}
	}
	for _, d := range []byte{m.DecimalSeparator[0], ".,"[strings.IndexByte(".,", m.DecimalSeparator[0])^1]} {
		if readsAll(amounts, func(v string) bool { return amountReads(v, d) }) {
			m.DecimalSeparator = string(d)
			break
		}
	}
}

// sample returns up to guessSample non-empty values of the columns cols,
// as text: an XLSX cell that stores a number (a date, an amount) is read
// from it whatever the options, and shows it in its own format.
func sample(t *Table, cols []int) []string {
	var out []string
	for i := 0; i < len(t.Rows) && len(out) < guessSample; i++ {
		r := &t.Rows[i]
		for _, c := range cols {
			if v := strings.TrimSpace(r.Cells[c]); v != "" && (r.Raw == nil || r.Raw[c] == "" || strings.TrimSpace(r.Raw[c]) == v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// readsAll reports whether ok holds for every value.
func readsAll(values []string, ok func(string) bool) bool {
	for _, v := range values {
		if !ok(v) {
			return false
		}
	}
	return true
}

func (c *columns) parseDateOK(v string) bool {
	_, ok := c.parseDate(v)
	return ok
}

// amountReads reports whether v reads as an amount with the decimal mark d,
// a currency sign or code around it.
func amountReads(v string, d byte) bool {
	if _, err := closer.ParseAmount(v, d); err == nil {
		return true
	}
	s, _ := stripCurrency(v, "")
	_, err := closer.ParseAmount(s, d)
	return err == nil
}
