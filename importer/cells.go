package importer

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"closer"
)

// field is one target field compiled against a table: its columns (the
// first non-empty one gives the value; none when the mapping names none or
// the file lacks an optional one), its value translations and its default.
type field struct {
	name   string
	cols   []int
	values map[string]string // raw value → target value
	folded map[string]string // the same, keyed in lower case
	def    string
}

// columns is a mapping compiled against a table's header.
type columns struct {
	fields  map[string]*field
	names   []string // the fields, in the entity's order
	layout  string
	decimal byte
	// alts are the layouts tried after layout: its date part when it also
	// has a time (exports mix both), and both with a day and a month of one
	// digit or two ("2/1/2006" for "02/01/2006": exports write 5/3/2024 as
	// well as 05/03/2024).
	alts []string
	// date1904 is an XLSX workbook's date system (Table.Date1904).
	date1904 bool
	// currency is the org's (an ISO code): amounts in another are refused;
	// "" takes any (a file read before an org is known).
	currency string
	// loc is the org's time zone, in which an instant (a date-time with
	// its UTC offset) falls on its date; nil keeps the written date.
	loc *time.Location
	// skip is the mapping's skip rule (see withoutSkipped).
	skip skipRule
	// hinted counts the bad dates whose problem named the format they
	// read in (otherDateFormat): the report lists maxProblems at most, and
	// a file of bad dates costs no more than that.
	hinted int
}

// compile resolves the mapping's columns in the table's header; a column
// the file lacks is an error naming it. A mapping's column may list
// alternatives, "Won time | Lost time": the row's first non-empty one gives
// the value, and the file needs at least one of them. A trailing "?" makes
// a column optional ("Note?"): profiles use it for columns that exports
// include only on demand.
func compile(m *Mapping, t *Table) (*columns, error) {
	c := dateReader(m.DateFormat)
	c.fields, c.names, c.decimal, c.date1904 = map[string]*field{}, entityFields[m.Entity], m.DecimalSeparator[0], t.Date1904
	var missing []string
	for _, name := range entityFields[m.Entity] {
		f := &field{name: name, def: strings.TrimSpace(m.Defaults[name])}
		if spec, ok := m.Columns[name]; ok {
			var optional bool
			var err error
			if f.cols, optional, err = t.columnsOf(spec); err != nil {
				return nil, err
			} else if err := t.checkNameLength(f.cols); err != nil {
				return nil, err
			} else if len(f.cols) == 0 && !optional {
				missing = append(missing, fmt.Sprintf("\"%s\" (for %s)", visibleName(strings.TrimSpace(spec)), name))
			}
		}
		if vals := m.Values[name]; len(vals) > 0 {
			f.values = make(map[string]string, len(vals))
			f.folded = make(map[string]string, len(vals))
			for k, v := range vals {
				k = composed(strings.TrimSpace(k))
				f.values[k] = strings.TrimSpace(v)
				f.folded[strings.ToLower(k)] = strings.TrimSpace(v)
			}
		}
		c.fields[name] = f
	}
	if len(missing) > 0 {
		shown := make([]string, len(t.Header))
		for i, h := range t.Header {
			shown[i] = visibleName(h)
		}
		return nil, closer.FieldError("columns", "Line %d: the file has no column %s (its columns: %s).",
			t.HeaderLine, strings.Join(missing, ", "), strings.Join(shown, ", "))
	}
	var err error
	if c.skip, err = compileSkip(m, t); err != nil {
		return nil, err
	}
	return c, nil
}

// locatesAccounts reports whether the mapping reads an account's city or
// phone beside its name (account_city, account_phone), which tell homonyms
// apart: see resolver.accountAt.
func (c *columns) locatesAccounts() bool {
	return len(c.fields["account_city"].cols) > 0 || len(c.fields["account_phone"].cols) > 0
}

// maxColumnName bounds, in characters, the name of a column an import
// reads: a mapping names it, a profile saves it, the report quotes it.
const maxColumnName = 200

// checkNameLength refuses a column among cols whose name is longer than
// maxColumnName, naming its position and the start of its name.
func (t *Table) checkNameLength(cols []int) error {
	for _, i := range cols {
		if h := t.Header[i]; utf8.RuneCountInString(h) > maxColumnName {
			start := []rune(h)[:40]
			return closer.FieldError("columns", "Line %d: the name of column %d («%s…») is longer than %d characters: shorten it in the file.", t.HeaderLine, i+1, string(start), maxColumnName)
		}
	}
	return nil
}

// SpecColumns reads a mapping's column spec: the names of the columns it
// lists ("Won time | Lost time": the first non-empty one gives the value),
// and whether it is optional (a trailing "?").
func SpecColumns(spec string) (names []string, optional bool) {
	spec = strings.TrimSpace(spec)
	optional = strings.HasSuffix(spec, "?")
	for _, n := range strings.Split(strings.TrimSuffix(spec, "?"), "|") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names, optional
}

// columnsOf returns the indexes of the columns of t that spec names. A
// column named as the whole spec ("Won?", "Yes|No") is that column: a
// header may hold the characters of the notation.
func (t *Table) columnsOf(spec string) (cols []int, optional bool, err error) {
	if strings.ContainsAny(spec, "?|") {
		if i := slices.Index(t.Header, columnName(spec)); i >= 0 {
			return []int{i}, false, nil
		}
	}
	names, optional := SpecColumns(spec)
	for _, n := range names {
		i, err := t.find(n)
		if err != nil {
			return nil, false, err
		} else if i >= 0 {
			cols = append(cols, i)
		}
	}
	return cols, optional, nil
}

// hasColumns reports whether t has every column the mapping requires.
func (t *Table) hasColumns(m *Mapping) bool {
	for _, spec := range m.Columns {
		if cols, optional, err := t.columnsOf(spec); err != nil || len(cols) == 0 && !optional {
			return false
		}
	}
	return true
}

// dateReader returns the columns' date settings for layout (see alts).
func dateReader(layout string) *columns {
	c := &columns{layout: layout}
	date := layout
	for _, t := range []string{" 15", "T15", " 03:", " 3:"} {
		if i := strings.Index(layout, t); i > 0 {
			date = layout[:i]
			break
		}
	}
	for _, l := range []string{date, unpadded(layout), unpadded(date)} {
		if l != "" && l != layout && !slices.Contains(c.alts, l) {
			c.alts = append(c.alts, l)
		}
	}
	return c
}

// text returns the field's value in a row: the cell, trimmed, without the
// quote that exports put before a text a spreadsheet would run as a formula
// (closer.RestoreFormula), translated through the mapping's values, or the
// default when that leaves it empty.
func (f *field) text(r *Row) string {
	v, _ := f.pick(r)
	if v = f.translate(v); v == "" {
		v = f.def
	}
	return v
}

// note returns the field's value in a row as a note: the cell as written,
// its indentation and line breaks kept, without the quote of an escaped
// formula, translated through the mapping's values, or the default when
// empty. What a note keeps is the domain's rule (closer.NormalizeNote),
// the same for the form, the API and the import: text trims every cell,
// and a note once lost its indentation on the way in.
func (f *field) note(r *Row) string {
	for _, i := range f.cols {
		if v := r.Cells[i]; strings.TrimSpace(v) != "" {
			v = composed(closer.RestoreFormula(v))
			if t, trimmed := f.translate(strings.TrimSpace(v)), strings.TrimSpace(v); t != trimmed {
				v = t
			}
			if v == "" {
				return f.def
			}
			return v
		}
	}
	return f.def
}

// translate returns a cell's value through the mapping's values.
func (f *field) translate(v string) string {
	if f.values != nil {
		if t, ok := f.values[v]; ok {
			return t
		} else if t, ok := f.folded[strings.ToLower(v)]; ok {
			return t
		}
	}
	return v
}

// pick returns the first non-empty cell of the field's columns in a row, in
// Unicode's composed form (macOS tools write "é" as "e" and an accent, which
// would match neither a name nor a translation), and the index of its
// column; -1 when all are empty.
func (f *field) pick(r *Row) (string, int) {
	for _, i := range f.cols {
		if v := strings.TrimSpace(closer.RestoreFormula(strings.TrimSpace(r.Cells[i]))); v != "" {
			return composed(v), i
		}
	}
	return "", -1
}

// raw returns the stored value of the XLSX number cell that gives the
// field its value, unless the mapping translates that value; "" otherwise
// (a text cell, a CSV file).
func (f *field) raw(r *Row) string {
	if r.Raw == nil {
		return ""
	}
	v, i := f.pick(r)
	if i < 0 {
		return ""
	} else if _, ok := f.values[v]; ok {
		return ""
	} else if _, ok := f.folded[strings.ToLower(v)]; ok {
		return ""
	}
	return strings.TrimSpace(r.Raw[i])
}

// date reads the field as a date with the mapping's layout; an XLSX date is
// read from its serial number whatever its display format.
func (c *columns) date(f *field, r *Row) (closer.Date, *Problem) {
	v := f.text(r)
	if v == "" {
		return closer.Date{}, nil
	}
	// An XLSX date cell stores a serial number and shows it in its own
	// format, which may put the month first (03/01/2017 for 1 March): the
	// number is the date, before the text and after it (a bare number).
	raw := f.raw(r)
	if raw != "" && raw != v {
		if d, ok := excelSerialDate(raw, c.date1904); ok {
			return d, nil
		}
	}
	if d, ok := c.parseDate(v); ok {
		return d, nil
	}
	// A bare number of five digits (a date cell that lost its format):
	// from 10000 (1927), as a serial never was in a sales file, and not a
	// year (2017 would be 1905-07-09) nor a count of days.
	if n, err := strconv.ParseFloat(raw, 64); err == nil && n >= 10000 {
		if d, ok := excelSerialDate(raw, c.date1904); ok {
			return d, nil
		}
	}
	other := ""
	if c.hinted < maxProblems {
		c.hinted++
		other = otherDateFormat(v, c.layout)
	}
	if other != "" {
		// "15/03/2017" under 01/02/2006, "01/03/17" under 02/01/2006: the
		// file's format is not the mapping's.
		p := Problem{Line: r.Line, Field: f.name, Value: v}.because("not a date of the form %s, but one of the form %s: check the mapping's date_format", c.layout, other)
		return closer.Date{}, &p
	}
	p := Problem{Line: r.Line, Field: f.name, Value: v}.because("not a date of the form %s (or out of 1900-2999)", c.layout)
	return closer.Date{}, &p
}

// otherDateFormat returns the first of DateFormats other than layout that
// reads v, or "".
func otherDateFormat(v, layout string) string {
	for _, f := range DateFormats {
		if f.Layout == layout {
			continue
		} else if _, ok := dateReader(f.Layout).parseDate(v); ok {
			return f.Layout
		}
	}
	return ""
}

// parseDate parses v with the layout, with a fast path for YYYY-MM-DD and,
// for a date-and-time layout, a fallback to its date part (exports mix both).
// A date-only layout also reads a date followed by a time ("2024-03-05
// 14:30:00", "2024-03-05T14:30:00Z", "05/03/2024 14:30", "3/5/2024, 2:30
// PM"), as CRM exports write their creation and close instants: the date is
// kept as written, unless the time carries its UTC offset or a Z
// ("2024-03-05T23:30:00Z", Salesforce's Data Loader): that instant's date
// is the one in the org's time zone (2024-03-06 in Paris). Whatever the
// layout, a date written YYYY-MM-DD, which no one misreads, is read too:
// exports mix their users' format with it.
func (c *columns) parseDate(v string) (closer.Date, bool) {
	if c.loc != nil {
		if tm, ok := c.parseInstant(v); ok {
			return inRange(closer.DateOf(tm, c.loc))
		}
	}
	if d, ok := c.parseOne(v); ok {
		return d, true
	}
	// Cut before a space or a T among the first characters, from the
	// right, where a time follows: a long hostile cell costs a few attempts
	// at most, and "05/03/2024 - 10/03/2024" is not read as its first date.
	for i := min(len(v)-1, maxDateWithTime); i > 0; i-- {
		if (v[i] == ' ' || v[i] == 'T') && looksLikeTime(v[i+1:]) {
			if d, ok := c.parseOne(strings.TrimSuffix(strings.TrimSpace(v[:i]), ",")); ok {
				return d, true
			}
		}
	}
	return closer.Date{}, false
}

// instantLayouts are the ISO 8601 forms of an instant with its UTC offset
// that exports write (fractions of a second read with any of them).
var instantLayouts = []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05Z07",
	"2006-01-02T15:04Z07:00", "2006-01-02T15:04Z0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05Z0700",
	"2006-01-02 15:04:05 Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04Z07:00", "2006-01-02 15:04 -0700"}

// parseInstant parses v as an instant when it ends with its zone after a
// time: a UTC offset or a Z, or the words UTC or GMT ("2024-03-05 23:30
// UTC", as database and BI exports write). The mapping's layout reads it
// if it has an offset, else one of instantLayouts, else a date in the
// mapping's layout (or YYYY-MM-DD) and a time ("05/03/2024 23:30 -05:00").
// ok is false for anything else, a date-time without a zone among them
// ("2024-03-05 23:30": the written date).
func (c *columns) parseInstant(v string) (time.Time, bool) {
	rest, zone, ok := cutZone(v)
	if !ok {
		return time.Time{}, false
	}
	if strings.Contains(c.layout, "Z07") || strings.Contains(c.layout, "-07") {
		if tm, err := time.Parse(c.layout, v); err == nil {
			return tm, true
		}
	}
	for _, l := range instantLayouts {
		if tm, err := time.Parse(l, v); err == nil {
			return tm, true
		}
	}
	// The date as any other, then its time: cut before a space or a T
	// among the first characters, from the right (see parseDate).
	for i := min(len(rest)-1, maxDateWithTime); i > 0; i-- {
		if (rest[i] == ' ' || rest[i] == 'T') && looksLikeTime(rest[i+1:]) {
			d, ok := c.parseOne(strings.TrimSuffix(strings.TrimSpace(rest[:i]), ","))
			if !ok {
				continue
			}
			if clock, ok := parseClock(rest[i+1:]); ok {
				return time.Date(d.Year(), d.Month(), d.Day(), clock.Hour(), clock.Minute(), clock.Second(), clock.Nanosecond(), zone), true
			}
		}
	}
	return time.Time{}, false
}

// hasOffset reports whether v ends with a time and a UTC offset: "…:00Z",
// "…:00+01:00", "…:00.000+0000", "… -0500", a cheap test before parsing.
func hasOffset(v string) bool {
	if len(v) < 16 || len(v) > 40 || !strings.Contains(v, ":") {
		return false
	}
	if last := v[len(v)-1]; last == 'Z' || last == 'z' {
		return digit(v[len(v)-2])
	}
	// An offset: a sign after the time, then 2 to 5 digits and colons.
	i := strings.LastIndexAny(v, "+-")
	if i < 11 || !strings.Contains(v[:i], ":") || len(v)-i < 3 || len(v)-i > 6 {
		return false
	}
	for j := i + 1; j < len(v); j++ {
		if !digit(v[j]) && v[j] != ':' {
			return false
		}
	}
	return true
}

// parseOne parses a date alone: with the layout, else as YYYY-MM-DD.
func (c *columns) parseOne(v string) (closer.Date, bool) {
	if d, ok := c.parseLayout(v); ok || c.layout == closer.DateLayout {
		return d, ok
	}
	return parseISODate(v)
}

// looksLikeTime reports whether s starts with a time of day: a digit, and a
// colon within its first three characters ("14:30", "9:05:00Z").
func looksLikeTime(s string) bool {
	return len(s) >= 3 && s[0] >= '0' && s[0] <= '9' && (s[1] == ':' || s[2] == ':')
}

// maxDateWithTime bounds where parseDate looks for the time after a date.
const maxDateWithTime = 32

func (c *columns) parseLayout(v string) (closer.Date, bool) {
	en := englishMonths(c.layout, v)
	if c.layout == closer.DateLayout {
		if d, ok := parseISODate(v); ok {
			return d, true
		}
	} else if d, ok := parseIn(c.layout, v, en); ok {
		return d, true
	}
	for _, l := range c.alts {
		if d, ok := parseIn(l, v, en); ok {
			return d, true
		}
	}
	return closer.Date{}, false
}

// parseIn parses v, or en (v with its months in English), with layout.
func parseIn(layout, v, en string) (closer.Date, bool) {
	tm, err := time.Parse(layout, v)
	if err != nil && en != v {
		tm, err = time.Parse(layout, en)
	}
	if err != nil {
		return closer.Date{}, false
	}
	return inRange(closer.NewDate(tm.Year(), tm.Month(), tm.Day()))
}

// unpadded returns layout with a day and a month of one digit or two, or
// "" when that would not differ, or when the layout has no separator to
// tell where a day ends (20060102).
func unpadded(layout string) string {
	if !strings.ContainsAny(layout, "/-. ") {
		return ""
	}
	u := strings.NewReplacer("02", "2", "01", "1").Replace(layout)
	if u == layout {
		return ""
	}
	return u
}

// parseISODate parses YYYY-MM-DD without allocating.
func parseISODate(v string) (closer.Date, bool) {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return closer.Date{}, false
	}
	y, ok1 := digits(v[0:4])
	m, ok2 := digits(v[5:7])
	d, ok3 := digits(v[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return closer.Date{}, false
	}
	return inRange(closer.NewDate(y, time.Month(m), d))
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func inRange(d closer.Date) (closer.Date, bool) {
	return d, d.Year() >= 1900 && d.Year() <= 2999
}

// spreadsheetErrors are what a spreadsheet shows in a cell whose formula
// failed (an XLSX error cell), and what it writes there in a CSV file.
var spreadsheetErrors = []string{"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"}

// failedFormula returns the problem of a row whose value of a field is a
// spreadsheet error (a failed VLOOKUP's #N/A would be an owner named
// "#N/A"), unless the mapping translates that value, or a formula the file
// stores no result of (uncalculated lists their columns on the row: see
// Table.uncalculated), which would read as empty; nil otherwise.
func (c *columns) failedFormula(r *Row, uncalculated []int) *Problem {
	for _, name := range c.names {
		f := c.fields[name]
		v, i := f.pick(r)
		for _, col := range f.cols {
			if col == i {
				break // the value is this column's, before any uncalculated one
			} else if slices.Contains(uncalculated, col) {
				p := Problem{Line: r.Line, Field: f.name}.because("the cell holds a formula whose result the file does not store (a workbook written by a program): open the file in Excel or LibreOffice, save it, and import it again")
				return &p
			}
		}
		if i < 0 || len(v) > len("#GETTING_DATA") || v[0] != '#' {
			continue
		}
		for _, e := range spreadsheetErrors {
			if strings.EqualFold(v, e) && f.text(r) == v {
				p := Problem{Line: r.Line, Field: f.name, Value: v}.because("the cell holds a spreadsheet error (a formula that failed)")
				return &p
			}
		}
	}
	return nil
}

// withoutFailedFormulas returns t, or a copy of it without the rows that
// hold a spreadsheet error, each of which is a problem of the report.
func (c *columns) withoutFailedFormulas(t *Table, rep *Report) *Table {
	var kept []Row
	for i := range t.Rows {
		p := c.failedFormula(&t.Rows[i], t.uncalculated[t.Rows[i].Line])
		if p != nil && kept == nil {
			kept = append(make([]Row, 0, len(t.Rows)), t.Rows[:i]...)
		}
		if p != nil {
			rep.problem(*p)
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

// amount reads the field as an amount in major units with the mapping's
// decimal separator (an XLSX number from its stored value); the org's
// currency sign or code around the number is ignored, another currency's
// is a problem: Closer counts in the org's currency and converts nothing.
func (c *columns) amount(f *field, r *Row) (closer.Money, *Problem) {
	if !f.amountGiven(r) {
		return 0, nil
	}
	if _, cur := stripCurrency(f.text(r), c.currency); cur != "" {
		p := Problem{Line: r.Line, Field: f.name, Value: f.text(r)}.because("in %s, while the organization counts in %s: convert it first (Closer converts no amount)", cur, c.currency)
		return 0, &p
	}
	if strings.HasSuffix(f.text(r), "%") {
		// A workbook's percentage cell stores 0.12 for 12%: read from its
		// stored value, it was an amount of 12 cents.
		p := Problem{Line: r.Line, Field: f.name, Value: f.text(r)}.because("a percentage, not an amount: check which column the mapping reads")
		return 0, &p
	}
	if raw := f.raw(r); raw != "" {
		// A number cell stores a binary number ("123.456", "1.2E+3"),
		// never ambiguous whatever the mapping's separator, which is
		// about text.
		if n, err := strconv.ParseFloat(raw, 64); err == nil {
			if m, err := closer.ParseDecimal(strconv.FormatFloat(n, 'f', -1, 64)); err == nil {
				return m, nil
			}
		}
	}
	v := f.text(r)
	m, err := closer.ParseAmount(v, c.decimal)
	if err != nil {
		if s, _ := stripCurrency(v, c.currency); s == "-" || s == "–" {
			return 0, nil // an accounting format's zero: "- €"
		} else if s != v {
			m, err = closer.ParseAmount(s, c.decimal)
		}
	}
	if errors.Is(err, closer.ErrAmbiguousAmount) {
		p := Problem{Line: r.Line, Field: f.name, Value: v}.because("ambiguous: three decimals after %q, or a thousands group? Check the mapping's decimal_separator, or write the amount with two decimals", string(c.decimal))
		return 0, &p
	} else if err != nil && readsWith(v, c.currency, otherDecimal(c.decimal)) {
		// "1 234,56" under a decimal point, "1,234.56" under a decimal
		// comma: the file's mark is not the mapping's.
		p := Problem{Line: r.Line, Field: f.name, Value: v}.because("not an amount with %q as decimal separator, but one with %q: check the mapping's decimal_separator", string(c.decimal), string(otherDecimal(c.decimal)))
		return 0, &p
	} else if err != nil {
		p := Problem{Line: r.Line, Field: f.name, Value: v}.because("not an amount")
		return 0, &p
	}
	return m, nil
}

// otherDecimal returns the decimal mark that is not decimal.
func otherDecimal(decimal byte) byte {
	if decimal == ',' {
		return '.'
	}
	return ','
}

// readsWith reports whether v, without the currency sign or code of own,
// reads as an amount with the decimal mark decimal.
func readsWith(v, own string, decimal byte) bool {
	s, _ := stripCurrency(v, own)
	_, err := closer.ParseAmount(s, decimal)
	return err == nil
}

// amountGiven reports whether a row gives the field an amount: a cell that
// is neither empty nor a currency sign or code alone ("€", "$", "EUR": what
// some exports write for an empty cell in a currency format). A won row
// without one is refused, whatever the currency sign says.
func (f *field) amountGiven(r *Row) bool {
	v := f.text(r)
	if _, sign := currencySigns[v]; sign || v == "" {
		return false
	}
	return !closer.IsCurrency(v)
}

// checkCurrency checks a row's currency column (ISO code or sign) against
// the org's currency.
func (c *columns) checkCurrency(f *field, r *Row) *Problem {
	v := f.text(r)
	if v == "" || c.currency == "" {
		return nil
	}
	cur := strings.ToUpper(v)
	if _, sign := currencySigns[v]; sign {
		cur = v
	} else if !closer.IsCurrency(cur) {
		p := Problem{Line: r.Line, Field: f.name, Value: v}.because("not a currency: write its ISO code, such as %s", c.currency)
		return &p
	}
	if !currencyIs(cur, c.currency) {
		p := Problem{Line: r.Line, Field: f.name, Value: v}.because("in %s, while the organization counts in %s: convert it first (Closer converts no amount)", cur, c.currency)
		return &p
	}
	return nil
}

// stripCurrency drops the currency sign or code of own (an ISO code: "€ 1
// 200", "1 200,00 EUR") before or after a number; any known currency's when
// own is "" (guessing a file's decimal mark). It returns what is left, and
// the sign or code of another currency than own when the text has one
// ("$", "GBP"), the text then unchanged.
func stripCurrency(s, own string) (rest, foreign string) {
	s = strings.TrimSpace(s)
	if s == "" || digit(s[0]) && digit(s[len(s)-1]) {
		return s, "" // a bare number, as most cells are
	}
	for _, cut := range []func(string) (string, string, bool){leadingCurrency, trailingCurrency} {
		r, cur, ok := cut(s)
		if !ok {
			continue
		}
		if own != "" && !currencyIs(cur, own) {
			return s, cur
		}
		s = strings.TrimSpace(r)
	}
	return s, ""
}

// currencySigns maps the currency signs exports write to the codes of the
// currencies that use them; a dollar is any of several.
var currencySigns = map[string][]string{
	"€": {"EUR"}, "£": {"GBP"}, "¥": {"JPY", "CNY"}, "₹": {"INR"}, "₣": {"CHF"},
	"$":   {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"},
	"US$": {"USD"}, "CA$": {"CAD"}, "C$": {"CAD"}, "A$": {"AUD"}, "AU$": {"AUD"}, "NZ$": {"NZD"}, "HK$": {"HKD"}, "S$": {"SGD"},
}

// currencyIs reports whether cur, a sign or an ISO code, is the currency own.
func currencyIs(cur, own string) bool {
	if codes, ok := currencySigns[cur]; ok {
		return slices.Contains(codes, own)
	}
	return strings.EqualFold(cur, own)
}

// leadingCurrency cuts a currency sign (the longest that fits: "US$"
// before "$") or an ISO code from the start of s.
func leadingCurrency(s string) (rest, cur string, ok bool) {
	best := ""
	for sign := range currencySigns {
		if strings.HasPrefix(s, sign) && len(sign) > len(best) {
			best = sign
		}
	}
	if best != "" {
		return s[len(best):], best, true
	}
	if len(s) > 3 && closer.IsCurrency(s[:3]) && !isLetter(s[3]) {
		return s[3:], s[:3], true
	}
	return s, "", false
}

// trailingCurrency cuts a currency sign or code from the end of s.
func trailingCurrency(s string) (rest, cur string, ok bool) {
	best := ""
	for sign := range currencySigns {
		if strings.HasSuffix(s, sign) && len(sign) > len(best) {
			best = sign
		}
	}
	if best != "" {
		return s[:len(s)-len(best)], best, true
	}
	if n := len(s); n > 3 && closer.IsCurrency(s[n-3:]) && !isLetter(s[n-4]) {
		return s[:n-3], s[n-3:], true
	}
	return s, "", false
}

func digit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
