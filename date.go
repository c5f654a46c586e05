package closer

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// DateLayout is how dates are written everywhere: API, exports, storage.
const DateLayout = "2006-01-02"

// Date is a calendar day, without time or zone: detection, close, review and
// due dates are days in the org's time zone. The zero Date means "no date".
type Date struct{ t time.Time }

// NewDate returns the date of year, month and day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar day of instant t in location loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return NewDate(y, m, d)
}

// ParseDate parses a YYYY-MM-DD date; the empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	if t.Year() < 1900 || t.Year() > 2999 {
		return Date{}, fmt.Errorf("%q is out of range (1900 to 2999)", s)
	}
	return Date{t}, nil
}

// MustDate parses s and panics on error; for tests and fixed data.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.t.IsZero() }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// Time returns midnight UTC of d, for calendar arithmetic and formatting.
func (d Date) Time() time.Time { return d.t }

// Year, Month and Day return the parts of d.
func (d Date) Year() int { return d.t.Year() }

// Month returns the month of d.
func (d Date) Month() time.Month { return d.t.Month() }

// Day returns the day of the month of d.
func (d Date) Day() int { return d.t.Day() }

// AddDays returns d shifted by n days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddMonths returns d shifted by n months (normalized like time.AddDate).
func (d Date) AddMonths(n int) Date { return Date{d.t.AddDate(0, n, 0)} }

// DaysUntil returns the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// MarshalJSON writes "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string of the form YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores d as YYYY-MM-DD text, or NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date stored as text (or as a time by some drivers).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		x, err := ParseDate(v)
		*d = x
		return err
	case []byte:
		x, err := ParseDate(string(v))
		*d = x
		return err
	case time.Time:
		*d = NewDate(v.Year(), v.Month(), v.Day())
		return nil
	}
	return fmt.Errorf("cannot scan %T into a Date", src)
}
