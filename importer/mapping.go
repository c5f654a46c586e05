package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"closer"
)

// The entities a mapping imports.
const (
	EntityOpportunities = "opportunities"
	EntityAccounts      = "accounts"
	EntityContacts      = "contacts"
	EntityOrders        = "orders"
	EntityQuotes        = "quotes"
	EntityActivities    = "activities"
)

// Entities lists the entities a mapping imports, opportunities first.
var Entities = []string{EntityOpportunities, EntityAccounts, EntityContacts, EntityOrders, EntityQuotes, EntityActivities}

// entityFields lists the target fields of each entity, in the SPEC's order,
// then those added since, at the end.
//
// account_city and account_phone name the account a row is at among its
// homonyms (an account is its name, city and phone, as the accounts import
// compares them). opportunity_detected_on, opportunity_closed_on and
// opportunity_amount name an order's opportunity among those of the same
// title at the same account. owner_email names the owner among members of
// one name (see ownerOf), contact_email an opportunity's contact among
// contacts of one name at its account (see contact). Closer's exports write
// all of them, so that an org moved by export and import keeps every link
// (see accountAt and importOrders).
//
// An opportunity's version is read and ignored: the export writes it, and
// a mapping that names each exported column after itself must be taken,
// but a new record starts at version 1 (see ignoredFields).
var entityFields = map[string][]string{
	EntityOpportunities: {"title", "owner", "account", "contact", "source", "stage", "status", "amount",
		"detected_on", "expected_close_on", "next_action_on", "next_action", "hold_reason", "review_on",
		"closed_on", "loss_reason", "competitor", "vanish_reason", "note", "version", "held_on", "currency",
		"account_city", "account_phone", "owner_email", "contact_email"},
	EntityAccounts: {"name", "city", "phone", "website", "note", "owner", "owner_email"},
	EntityContacts: {"name", "account", "email", "phone", "job_title", "owner", "account_city", "account_phone", "owner_email"},
	EntityOrders: {"account", "kind", "reference", "amount", "ordered_on", "owner", "opportunity", "currency",
		"account_city", "account_phone", "opportunity_detected_on", "opportunity_closed_on", "opportunity_amount", "owner_email"},
	EntityQuotes:     quoteFields,
	EntityActivities: activityFields,
}

// ignoredFields are the fields a mapping may name that the import reads
// and drops: an opportunity's version (every new record starts at 1). The
// report says so when the file has the column (Report.IgnoredColumns).
var ignoredFields = map[string]bool{"version": true}

// A currency column (Pipedrive's "Currency", Closer's own exports) is read
// only to check that the amounts are in the org's currency: Closer counts
// in one and converts nothing.

// Fields returns the target fields an entity takes, or nil for an unknown entity.
func Fields(entity string) []string { return entityFields[entity] }

// maxMappingSize bounds a mapping document: a real one is a few kilobytes.
const maxMappingSize = 1 << 20

// Mapping is the import mapping document of SPEC section 4, also what the
// import screen saves as a reusable profile. Columns maps a target field to
// the file's column; Values translates a column's raw values per target
// field (an empty target means "none", but for a status: see checkTargets);
// Defaults fill the fields a row lacks; Skip leaves out the rows whose cell
// of a column holds one of its values (see skip.go). DateFormat is a Go time layout (default 2006-01-02); Validate
// translates DD/MM/YYYY and %d/%m/%Y into one (see goLayout).
type Mapping struct {
	Entity           string                       `json:"entity"`
	Columns          map[string]string            `json:"columns"`
	Values           map[string]map[string]string `json:"values,omitempty"`
	Defaults         map[string]string            `json:"defaults,omitempty"`
	Skip             map[string][]string          `json:"skip,omitempty"` // the file's column → values of the rows to leave out
	DateFormat       string                       `json:"date_format,omitempty"`
	DecimalSeparator string                       `json:"decimal_separator,omitempty"` // "." (default) or ","
	Delimiter        string                       `json:"delimiter,omitempty"`         // ",", ";", "\t" (or "tab"), "auto"; default ","
	Encoding         string                       `json:"encoding,omitempty"`          // "utf-8" (default, BOM stripped), "windows-1252", "iso-8859-15", "macintosh", "cp850", "auto"
	Sheet            string                       `json:"sheet,omitempty"`             // XLSX: the sheet to read; default the first
	// StageOrder is the pipeline's order of the stages the file names: the
	// stages an import adds to the org's pipeline are added in this order
	// (those it does not list after them, in the order the file names them
	// first). ParseMapping takes it from the order in which the document's
	// values.stage gives its stages when the document has no stage_order;
	// built-in profiles give their CRM's default pipeline.
	StageOrder []string `json:"stage_order,omitempty"`
}

// ParseMapping reads a mapping document. It is strict: unknown keys, unknown
// target fields and bad options are errors that name them.
func ParseMapping(r io.Reader) (*Mapping, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxMappingSize+1))
	if err != nil {
		return nil, err
	} else if len(data) > maxMappingSize {
		return nil, closer.FieldError("mapping", "The mapping document is too large (1 MiB at most).")
	}
	// Windows Notepad saves UTF-8 with a byte order mark.
	data = bytes.TrimPrefix(data, utf8BOM)
	stages, err := checkKeys(data)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Mapping
	if err := dec.Decode(&m); err != nil {
		return nil, closer.FieldError("mapping", "The mapping is not valid: %s.", jsonProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, closer.FieldError("mapping", "The mapping has extra data after its JSON object.")
	}
	if m.StageOrder == nil {
		m.StageOrder = stages
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// jsonProblem says what is wrong with a mapping document in its own words,
// without the decoder's Go type names, as a phrase that the web app says in
// the reader's language (the field's name stays as the document spells it).
func jsonProblem(err error) closer.Phrase {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Field == "":
		return closer.Phrasef("it must be a JSON object, not %s", jsonKind(te.Value))
	case errors.As(err, &te):
		want := closer.Phrasef("a text")
		switch te.Type.Kind() {
		case reflect.Map, reflect.Struct:
			want = closer.Phrasef("an object")
		case reflect.Slice:
			want = closer.Phrasef("a list")
		}
		return closer.Phrasef("%q has %s where %s is expected", te.Field, jsonKind(te.Value), want)
	case errors.As(err, &se):
		return closer.Phrasef("it is not valid JSON (%s, at character %d)", strings.TrimPrefix(se.Error(), "json: "), se.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return closer.Phrasef("it is empty or cut short")
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if q, ok := strings.CutPrefix(msg, "unknown field "); ok { // DisallowUnknownFields
		if field, err := strconv.Unquote(q); err == nil {
			return closer.Phrasef("unknown field %q", field)
		}
	}
	return closer.Phrasef("%s", msg)
}

// jsonKind names a JSON value's kind as the decoder reports it.
func jsonKind(v string) closer.Phrase {
	switch {
	case v == "array":
		return closer.Phrasef("a list")
	case v == "object":
		return closer.Phrasef("an object")
	case v == "string":
		return closer.Phrasef("a text")
	case strings.HasPrefix(v, "number"):
		return closer.Phrasef("a number")
	case v == "bool":
		return closer.Phrasef("true or false")
	}
	return closer.Phrasef("%s", v)
}

// Validate checks the mapping's entity, fields and options, and fills the
// defaults of its options.
func (m *Mapping) Validate() error {
	if m.Entity == "" {
		m.Entity = EntityOpportunities
	}
	fields, ok := entityFields[m.Entity]
	if !ok {
		return closer.FieldError("entity", "Unknown entity %q (opportunities, accounts, contacts, orders, quotes or activities).", m.Entity)
	}
	known := map[string]bool{}
	for _, f := range fields {
		known[f] = true
	}
	check := func(what string, keys []string) error {
		for _, k := range keys {
			if !known[k] {
				return closer.FieldError(what, "Unknown field %q in %s: %s take %s.", k, what, m.Entity, strings.Join(fields, ", "))
			}
		}
		return nil
	}
	if len(m.Columns) == 0 {
		return closer.FieldError("columns", "The mapping names no column.")
	}
	if err := m.checkUTF8(); err != nil {
		return err
	}
	for _, f := range sortedKeys(m.Columns) {
		if strings.TrimSpace(m.Columns[f]) == "" {
			return closer.FieldError("columns", "The column of field %q is empty.", f)
		}
	}
	if err := check("columns", sortedKeys(m.Columns)); err != nil {
		return err
	} else if err := check("values", sortedKeys(m.Values)); err != nil {
		return err
	} else if err := check("defaults", sortedKeys(m.Defaults)); err != nil {
		return err
	} else if err := m.checkValues(); err != nil {
		return err
	} else if err := m.checkTargets(); err != nil {
		return err
	} else if err := m.checkSkip(); err != nil {
		return err
	}
	if m.DateFormat == "" {
		m.DateFormat = closer.DateLayout
	}
	layout, ok := goLayout(m.DateFormat)
	if !ok || !strings.Contains(layout, "2006") && !strings.Contains(layout, "06") {
		return closer.FieldError("date_format", "The date format %q is not a Go layout such as 2006-01-02 or 02/01/2006 (DD/MM/YYYY and %%d/%%m/%%Y are read too).", m.DateFormat)
	} else if _, err := time.Parse(layout, time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC).Format(layout)); err != nil {
		return closer.FieldError("date_format", "The date format %q cannot read back its own dates.", m.DateFormat)
	}
	m.DateFormat = layout
	switch m.DecimalSeparator {
	case "":
		m.DecimalSeparator = "."
	case ".", ",":
	default:
		return closer.FieldError("decimal_separator", "The decimal separator must be \".\" or \",\", not %q.", m.DecimalSeparator)
	}
	if err := m.checkDefaults(); err != nil {
		return err
	}
	switch m.Delimiter {
	case "":
		m.Delimiter = ","
	case "tab", `\t`:
		m.Delimiter = "\t"
	case ",", ";", "\t", "|", "auto":
	default:
		return closer.FieldError("delimiter", "The delimiter must be \",\", \";\", \"\\t\", \"|\" or \"auto\", not %q.", m.Delimiter)
	}
	switch strings.ToLower(m.Encoding) {
	case "", "utf-8", "utf8":
		m.Encoding = "utf-8"
	case "windows-1252", "cp1252", "latin1", "iso-8859-1":
		m.Encoding = "windows-1252"
	case "iso-8859-15", "latin9", "latin-9":
		m.Encoding = "iso-8859-15"
	case "macintosh", "mac", "macroman", "mac-roman", "x-mac-roman":
		m.Encoding = "macintosh" // Excel's "CSV (Macintosh)"
	case "cp850", "ibm850", "ibm-850", "850", "dos":
		m.Encoding = "cp850" // Excel's "CSV (MS-DOS)"
	case "auto":
		m.Encoding = "auto"
	default:
		return closer.FieldError("encoding", "The encoding must be utf-8, windows-1252, iso-8859-15, macintosh, cp850 or auto, not %q.", m.Encoding)
	}
	return nil
}

// checkUTF8 refuses text that is not UTF-8 (a form can post any bytes): it
// could never match a decoded file, and would not survive the mapping's
// JSON form (the saved profile would differ from what was checked).
func (m *Mapping) checkUTF8() error {
	bad := func(field string, ss ...string) error {
		for _, s := range ss {
			if !utf8.ValidString(s) {
				return closer.FieldError(field, "The mapping's %s holds text that is not valid UTF-8.", field)
			}
		}
		return nil
	}
	// In the keys' order: the error a mapping gets is the same on every run.
	for _, f := range sortedKeys(m.Columns) {
		if err := bad("columns", f, m.Columns[f]); err != nil {
			return err
		}
	}
	for _, f := range sortedKeys(m.Values) {
		vals := m.Values[f]
		if err := bad("values", f); err != nil {
			return err
		} else if _, ok := m.Columns[f]; !ok && len(vals) > 0 {
			return closer.FieldError("values", "The mapping translates the values of %q but reads no column for it: add it to columns, or remove its values.", f)
		}
		for _, from := range sortedKeys(vals) {
			if err := bad("values", from, vals[from]); err != nil {
				return err
			}
		}
	}
	for _, f := range sortedKeys(m.Defaults) {
		if err := bad("defaults", f, m.Defaults[f]); err != nil {
			return err
		}
	}
	if err := bad("date_format", m.DateFormat); err != nil {
		return err
	}
	if err := bad("stage_order", m.StageOrder...); err != nil {
		return err
	}
	for _, col := range sortedKeys(m.Skip) {
		if err := bad("skip", col); err != nil {
			return err
		} else if err := bad("skip", m.Skip[col]...); err != nil {
			return err
		}
	}
	m.Sheet = strings.TrimSpace(m.Sheet)
	return bad("sheet", m.Sheet)
}

// checkValues refuses two keys of a field's values that a file's value
// matches alike (the cells are trimmed, and matched case aside when no key
// is spelt exactly as the cell) but that translate it differently: which one
// applied would depend on the map's order, changing from run to run.
func (m *Mapping) checkValues() error {
	for _, f := range sortedKeys(m.Values) {
		vals := m.Values[f]
		seen := map[string]string{} // folded key → first key
		for _, k := range sortedKeys(vals) {
			fold := strings.ToLower(composed(strings.TrimSpace(k)))
			first, dup := seen[fold]
			if !dup {
				seen[fold] = k
				continue
			}
			if to, other := strings.TrimSpace(vals[k]), strings.TrimSpace(vals[first]); to != other {
				return closer.FieldError("values", "values.%s: %q and %q translate the same value differently (%q and %q): keep one of them.", f, first, k, other, to)
			}
		}
	}
	return nil
}

// checkTargets checks what the values and defaults of a status (or an
// order's kind) give, once, when the mapping is read: a target that is no
// status would otherwise fail every row that uses it, as if the file's
// value were at fault. A status translated to none is refused too: the row
// would be imported open, whatever the file said (Pipedrive's "Deleted"
// deals, their close date dropped); skip leaves such rows out.
func (m *Mapping) checkTargets() error {
	var field, names string
	var ok func(string) bool
	switch m.Entity {
	case EntityOpportunities:
		field, names = "status", "open, on_hold, won, lost, vanished"
		ok = func(v string) bool { _, err := closer.ParseStatus(strings.ToLower(v)); return err == nil }
	case EntityOrders:
		field, names = "kind", "linked, direct, recurring"
		ok = func(v string) bool { return slices.Contains(closer.OrderKinds, closer.OrderKind(strings.ToLower(v))) }
	case EntityQuotes:
		field, names, ok = "status", "draft, sent, accepted, declined, expired", isQuoteStatus
	case EntityActivities:
		field, names, ok = "kind", "call, meeting, email, task, relaunch", isActivityKind
	default:
		return nil
	}
	vals := m.Values[field]
	for _, k := range sortedKeys(vals) {
		if to := strings.TrimSpace(vals[k]); to == "" && m.Entity == EntityOpportunities {
			col := "Status"
			if names, _ := SpecColumns(m.Columns["status"]); len(names) > 0 {
				col = names[0]
			}
			return closer.FieldError("values", "values.status: %q → \"\" gives no status, which would import those rows as open: translate it to a status (open, on_hold, won, lost, vanished), or leave those rows out with skip: {\"skip\": {%q: [%q]}}.", k, col, k)
		} else if to != "" && !ok(to) {
			return closer.FieldError("values", "values.%s: %q → %q is not a %s (%s).", field, k, to, field, names)
		}
	}
	if d := strings.TrimSpace(m.Defaults[field]); d != "" && !ok(d) {
		return closer.FieldError("defaults", "defaults.%s: %q is not a %s (%s).", field, d, field, names)
	}
	return nil
}

// checkDefaults reads each default date and amount once, with the
// mapping's date format and decimal separator, when the mapping is read: a
// default the rows cannot read would otherwise fail every row that uses it,
// as if the file's value were at fault, or pass unnoticed until one does.
func (m *Mapping) checkDefaults() error {
	c := dateReader(m.DateFormat)
	for _, f := range sortedKeys(m.Defaults) {
		d := strings.TrimSpace(m.Defaults[f])
		if d == "" {
			continue
		}
		switch {
		case isDateField(f):
			if _, ok := c.parseDate(d); !ok {
				return closer.FieldError("defaults", "defaults.%s: %q is not a date of the form %s.", f, d, m.DateFormat)
			}
		case f == "amount" || f == "opportunity_amount":
			if _, err := closer.ParseAmount(d, m.DecimalSeparator[0]); err != nil {
				if s, cur := stripCurrency(d, ""); cur != "" || s == d {
					return closer.FieldError("defaults", "defaults.%s: %q is not an amount (decimal separator %q).", f, d, m.DecimalSeparator)
				} else if _, err := closer.ParseAmount(s, m.DecimalSeparator[0]); err != nil {
					return closer.FieldError("defaults", "defaults.%s: %q is not an amount (decimal separator %q).", f, d, m.DecimalSeparator)
				}
			}
		case f == "currency":
			if _, sign := currencySigns[d]; !sign && !closer.IsCurrency(strings.ToUpper(d)) {
				return closer.FieldError("defaults", "defaults.%s: %q is not a currency: write its ISO code, such as EUR.", f, d)
			}
		}
	}
	return nil
}

// isDateField reports whether a target field holds a date.
func isDateField(f string) bool {
	return strings.HasSuffix(f, "_on")
}

// Clone returns a deep copy, so that a built-in profile is never changed by its user.
func (m *Mapping) Clone() *Mapping {
	c := *m
	c.Columns = cloneMap(m.Columns)
	c.Defaults = cloneMap(m.Defaults)
	c.StageOrder = slices.Clone(m.StageOrder)
	if m.Skip != nil {
		c.Skip = make(map[string][]string, len(m.Skip))
		for k, v := range m.Skip {
			c.Skip[k] = slices.Clone(v)
		}
	}
	c.Values = make(map[string]map[string]string, len(m.Values))
	for k, v := range m.Values {
		c.Values[k] = cloneMap(v)
	}
	return &c
}

// String returns the mapping as indented JSON, as the import screen saves it.
func (m *Mapping) String() string {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Sprint(err)
	}
	return string(b)
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
