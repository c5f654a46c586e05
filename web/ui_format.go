package web

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"closer"
)

// Formatting of money, numbers and dates for the reader's language:
// "1 234,50 €" and "3 déc. 2026" in French, "€1,234.50" and "3 Dec 2026" in English.

const (
	nbsp       = "\u00a0" // between an amount and its currency sign
	narrowNbsp = "\u202f" // French thousands separator
)

var currencySigns = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "CAD": "$ CA", "JPY": "¥"}

// groupDigits writes an integer with a thousands separator.
func groupDigits(n int64, sep string) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatMoney writes an amount with its currency; cents are dropped when
// whole is set and the amount has none.
func formatMoney(lang string, m closer.Money, currency string, whole bool) string {
	sign := currencySigns[currency]
	if sign == "" {
		sign = currency
	}
	neg := m < 0
	if neg {
		m = -m
	}
	units, cents := int64(m)/100, int64(m)%100
	thousands, decimal := ",", "."
	if lang == "fr" {
		thousands, decimal = narrowNbsp, ","
	}
	s := groupDigits(units, thousands)
	if !whole || cents != 0 {
		s += decimal + twoDigits(cents)
	}
	if neg {
		s = "-" + s
	}
	if lang == "fr" || utf8.RuneCountInString(sign) > 2 {
		return s + nbsp + sign
	}
	return sign + s
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// formatInt writes a count with the language's thousands separator.
func formatInt(lang string, n int) string {
	if lang == "fr" {
		return groupDigits(int64(n), narrowNbsp)
	}
	return groupDigits(int64(n), ",")
}

// formatPercent writes a fraction 0..1 as a rounded percentage
// (closer.Percent, as the diagnostics write it), or "—" when undefined.
func formatPercent(lang string, f *float64) string {
	if f == nil {
		return "—"
	}
	p := strconv.Itoa(closer.Percent(*f))
	if lang == "fr" {
		return p + narrowNbsp + "%"
	}
	return p + "%"
}

var monthsFR = []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
var monthsEN = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// formatDate writes a day: "3 déc. 2026" or "3 Dec 2026"; "" for no date.
func formatDate(lang string, d closer.Date) string {
	if d.IsZero() {
		return ""
	}
	months := monthsEN
	if lang == "fr" {
		months = monthsFR
	}
	return strconv.Itoa(d.Day()) + " " + months[d.Month()-1] + " " + strconv.Itoa(d.Year())
}

// formatTime writes an instant in the org's time zone: date and hh:mm.
func formatTime(lang string, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	return formatDate(lang, closer.NewDate(t.Year(), t.Month(), t.Day())) + " " + t.Format("15:04")
}
