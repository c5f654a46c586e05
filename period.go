package closer

import (
	"fmt"
	"strconv"
	"time"
)

// Period is a range of days in the org's time zone, both ends included: the
// span a statistic covers. A closure belongs to the period of its close date.
type Period struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// MaxPeriodYears bounds a requested period: beyond it a request is a typo or
// an attempt to make the database work for nothing.
const MaxPeriodYears = 10

// MonthOf returns the calendar month that holds d.
func MonthOf(d Date) Period {
	from := NewDate(d.Year(), d.Month(), 1)
	return Period{from, from.AddMonths(1).AddDays(-1)}
}

// QuarterOf returns the calendar quarter that holds d.
func QuarterOf(d Date) Period {
	from := NewDate(d.Year(), d.Month()-(d.Month()-1)%3, 1)
	return Period{from, from.AddMonths(3).AddDays(-1)}
}

// YearOf returns the calendar year that holds d.
func YearOf(d Date) Period {
	return Period{NewDate(d.Year(), time.January, 1), NewDate(d.Year(), time.December, 31)}
}

// Contains reports whether day d lies in the period.
func (p Period) Contains(d Date) bool {
	return !d.IsZero() && !d.Before(p.From) && !d.After(p.To)
}

// Days returns the number of days in the period.
func (p Period) Days() int { return p.From.DaysUntil(p.To) + 1 }

// months returns how many whole calendar months the period spans, or 0 when
// it does not start on a first and end on a last day of a month.
func (p Period) months() int {
	if p.From.Day() != 1 || p.To.AddDays(1).Day() != 1 {
		return 0
	}
	end := p.To.AddDays(1)
	return (end.Year()-p.From.Year())*12 + int(end.Month()) - int(p.From.Month())
}

// Previous returns the period of the same length just before p: the previous
// month, quarter or year for calendar periods (February before March, even
// though it is shorter), the same number of days otherwise.
func (p Period) Previous() Period {
	if n := p.months(); n > 0 {
		from := p.From.AddMonths(-n)
		return Period{from, p.From.AddDays(-1)}
	}
	return Period{p.From.AddDays(-p.Days()), p.From.AddDays(-1)}
}

// YearEarlier returns the same period one year before (29 February becomes
// 28 February), for year-on-year comparisons.
func (p Period) YearEarlier() Period {
	if n := p.months(); n > 0 {
		from := p.From.AddMonths(-12)
		return Period{from, from.AddMonths(n).AddDays(-1)}
	}
	return Period{yearBefore(p.From), yearBefore(p.To)}
}

// yearBefore returns the same day a year before, clamped to the month's end.
func yearBefore(d Date) Date {
	e := NewDate(d.Year()-1, d.Month(), d.Day())
	if e.Month() != d.Month() {
		e = NewDate(d.Year()-1, d.Month()+1, 1).AddDays(-1)
	}
	return e
}

// Label names the period as people read it: "2017-03" for a month,
// "2017-Q1" for a quarter, "2017" for a year, "2017-03-05..2017-04-02" otherwise.
func (p Period) Label() string {
	switch n := p.months(); {
	case n == 1:
		return fmt.Sprintf("%04d-%02d", p.From.Year(), p.From.Month())
	case n == 3 && (p.From.Month()-1)%3 == 0:
		return fmt.Sprintf("%04d-Q%d", p.From.Year(), (p.From.Month()-1)/3+1)
	case n == 12 && p.From.Month() == time.January:
		return strconv.Itoa(p.From.Year())
	}
	return p.From.String() + ".." + p.To.String()
}

// Months lists the calendar months the period touches, in order.
func (p Period) Months() []Period {
	var out []Period
	for m := MonthOf(p.From); !m.From.After(p.To); m = MonthOf(m.To.AddDays(1)) {
		out = append(out, m)
	}
	return out
}

// Quarters lists the calendar quarters the period touches, in order.
func (p Period) Quarters() []Period {
	var out []Period
	for q := QuarterOf(p.From); !q.From.After(p.To); q = QuarterOf(q.To.AddDays(1)) {
		out = append(out, q)
	}
	return out
}

// Validate checks that the period is usable: both ends set, in order, and
// at most MaxPeriodYears long.
func (p Period) Validate() error {
	if p.From.IsZero() {
		return FieldError("from", "The first day of the period is required.")
	} else if p.To.IsZero() {
		return FieldError("to", "The last day of the period is required.")
	} else if err := CheckRange("to", p.From, p.To); err != nil {
		return err
	} else if p.Days() > MaxPeriodYears*366 {
		return FieldError("to", "The period is longer than %d years.", MaxPeriodYears)
	}
	return nil
}

// CheckRange refuses a range of dates that ends before it starts, naming
// toField, the parameter of its end: every filter by a range of dates (a
// period, the dates of a list) asks it, so that swapped dates answer this
// error rather than an empty list taken for "nothing in that period". A
// range open at either end (a zero date) is in order.
func CheckRange(toField string, from, to Date) error {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return FieldError(toField, "The period ends (%s) before it starts (%s).", to, from)
	}
	return nil
}

// ParsePeriod reads the from and to query values (YYYY-MM-DD, both
// inclusive). Both empty means the current quarter of today; one alone is
// an error naming the missing field.
func ParsePeriod(from, to string, today Date) (Period, error) {
	if from == "" && to == "" {
		return QuarterOf(today), nil
	}
	var p Period
	var err error
	if p.From, err = ParseDate(from); err != nil {
		return Period{}, FieldError("from", "%s.", err.Error())
	}
	if p.To, err = ParseDate(to); err != nil {
		return Period{}, FieldError("to", "%s.", err.Error())
	}
	return p, p.Validate()
}
