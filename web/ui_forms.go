package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"closer"
)

// form is a submitted (or pre-filled) HTML form as the page shows it: the
// input exactly as typed, and a message next to each refused field. Pages
// of every area use it the same way: parse with its typed getters (which
// record their own errors), hand the domain's error to Fail, and if the
// form is not OK show it again with Status.
type form struct {
	Values   url.Values
	Errors   map[string]string
	Message  string // about the whole form: a conflict, a refusal without a field
	Conflict bool   // a stale version: offer to reload
	lang     string
}

// newForm returns an empty form, to pre-fill with Set.
func newForm(lang string) *form {
	return &form{Values: url.Values{}, Errors: map[string]string{}, lang: lang}
}

// parseForm reads the posted form of r.
func parseForm(r *http.Request, lang string) *form {
	f := newForm(lang)
	if err := r.ParseForm(); err == nil {
		f.Values = r.PostForm
	}
	return f
}

// Get returns the input of a field as typed.
func (f *form) Get(key string) string { return f.Values.Get(key) }

// Set pre-fills a field and returns the form.
func (f *form) Set(key, value string) *form {
	f.Values.Set(key, value)
	return f
}

// Has reports whether a field (a checkbox, a multiple select) holds value.
func (f *form) Has(key, value string) bool {
	for _, v := range f.Values[key] {
		if v == value {
			return true
		}
	}
	return false
}

// Error returns the message next to a field, or "".
func (f *form) Error(key string) string { return f.Errors[key] }

// SetError puts a message next to a field (the first one wins).
func (f *form) SetError(key, msg string) {
	if _, ok := f.Errors[key]; !ok {
		f.Errors[key] = msg
	}
}

// OK reports whether nothing was refused.
func (f *form) OK() bool { return len(f.Errors) == 0 && f.Message == "" }

// Status is the HTTP status of a form shown again: 409 for a stale version,
// 422 for refused input.
func (f *form) Status() int {
	if f.Conflict {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// Fail records a domain error on the form: a field error next to its
// field, a conflict as the form's message. It reports false for errors a
// form cannot show (not found, forbidden, internal): the caller fails the
// page with them.
func (f *form) Fail(err error) bool {
	switch closer.ErrorCode(err) {
	case closer.EINVALID:
		if field := closer.ErrorField(err); field != "" {
			f.SetError(field, errorText(f.lang, err))
		} else {
			f.Message = errorText(f.lang, err)
		}
		return true
	case closer.ECONFLICT:
		if field := closer.ErrorField(err); field != "" {
			f.SetError(field, errorText(f.lang, err))
			return true
		}
		f.Conflict = true
		f.Message = translate(f.lang, "form.conflict")
		return true
	}
	return false
}

// Text returns a field trimmed.
func (f *form) Text(key string) string { return strings.TrimSpace(f.Get(key)) }

// Ptr returns a pointer to the trimmed field, for partial updates.
func (f *form) Ptr(key string) *string {
	s := f.Text(key)
	return &s
}

// ID reads an optional id (0 when empty).
func (f *form) ID(key string) int64 {
	s := f.Text(key)
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		f.SetError(key, translate(f.lang, "form.bad_choice"))
		return 0
	}
	return id
}

// Int reads an optional integer (0 when empty).
func (f *form) Int(key string) int {
	n, err := strconv.Atoi(f.Text(key))
	if err != nil && f.Text(key) != "" {
		f.SetError(key, translate(f.lang, "form.bad_number"))
	}
	return n
}

// Money reads an amount in the reader's format ("1 234,50" in French,
// "1,234.50" in English); empty is 0.
func (f *form) Money(key string) closer.Money {
	m, err := parseMoney(f.lang, f.Get(key))
	if errors.Is(err, closer.ErrAmbiguousAmount) {
		f.SetError(key, translate(f.lang, "form.ambiguous_amount"))
	} else if err != nil {
		f.SetError(key, translate(f.lang, "form.bad_amount"))
	}
	return m
}

// OptMoney reads an amount, nil when the field is empty.
func (f *form) OptMoney(key string) *closer.Money {
	if f.Text(key) == "" {
		return nil
	}
	m := f.Money(key)
	return &m
}

// Date reads a day: YYYY-MM-DD (what date inputs send) or DD/MM/YYYY (what
// people type where date inputs are plain text); empty is no date.
func (f *form) Date(key string) closer.Date {
	d, err := parseDateInput(f.Get(key))
	if err != nil {
		f.SetError(key, translate(f.lang, "form.bad_date"))
	}
	return d
}

// DatePtr reads a day for a partial update.
func (f *form) DatePtr(key string) *closer.Date {
	d := f.Date(key)
	return &d
}

// maxAmountInput bounds what an amount field may hold before parsing.
const maxAmountInput = 40

// parseMoney parses an amount typed by a reader of lang. The decimal mark is
// the reader's (',' in French, '.' in English), but a lone other mark
// followed by one or two digits is a decimal mark too ("1234.5" typed by a
// French reader), since no thousands group has fewer than three digits.
func parseMoney(lang, s string) (closer.Money, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "€"), "€")
	s = strings.TrimSpace(s)
	if len(s) > maxAmountInput {
		return 0, strconv.ErrRange
	}
	dec, other := byte('.'), byte(',')
	if lang == "fr" {
		dec, other = ',', '.'
	}
	if !strings.ContainsRune(s, rune(dec)) && strings.Count(s, string(other)) == 1 {
		if i := strings.LastIndexByte(s, other); len(s)-i-1 <= 2 {
			dec = other
		}
	}
	m, err := closer.ParseAmount(s, dec)
	if err != nil {
		return 0, err
	}
	if m < 0 {
		return m, strconv.ErrRange
	}
	return m, nil
}

// moneyInput writes an amount for an input field in the reader's format,
// without thousands separators ("1234,5" → "1234,50"; whole: "1234").
func moneyInput(lang string, m closer.Money) string {
	s := strconv.FormatInt(int64(m)/100, 10)
	if c := int64(m) % 100; c != 0 {
		sep := "."
		if lang == "fr" {
			sep = ","
		}
		s += sep + twoDigits(c)
	}
	return s
}

// parseDateInput reads YYYY-MM-DD or DD/MM/YYYY.
func parseDateInput(s string) (closer.Date, error) {
	s = strings.TrimSpace(s)
	if strings.Count(s, "/") == 2 {
		t, err := time.Parse("2/1/2006", s)
		if err != nil {
			return closer.Date{}, err
		}
		s = t.Format(closer.DateLayout)
	}
	return closer.ParseDate(s)
}

// idString writes an id for a form field ("" for none).
func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
