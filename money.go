package closer

import (
	"errors"
	"fmt"
	"strings"
)

// Money is an amount in minor units (cents) of the org's currency.
type Money int64

// MaxMoney bounds every amount (one thousand billion units): beyond it an
// input is a typo or an attack, and sums of a million rows stay far from overflow.
const MaxMoney Money = 1_000_000_000_000_00

// ErrAmbiguousAmount is ParseAmount's error for "12,345" with ',' as the
// decimal mark (or "12.345" with '.'): three decimals, or a thousands group
// written with the other convention? Read as decimals, the amount would be
// rounded to 12.35, a thousand times too small if a group was meant: the
// writer must say.
var ErrAmbiguousAmount = errors.New("ambiguous amount")

// ParseAmount parses a decimal amount in major units ("1234.5", "1 234,50"
// with decimal ',') into minor units, rounding half away from zero. One
// to three digits, the decimal mark and exactly three digits are refused
// with ErrAmbiguousAmount (see there).
func ParseAmount(s string, decimal byte) (Money, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if allDigits(strings.TrimPrefix(s, "-")) {
		// A whole number of digits, as most files write amounts ("1054"):
		// nothing to tell apart, nothing to strip. An import reads one per
		// row, twice.
		m, err := ParseDecimal(s)
		if err != nil {
			return 0, fmt.Errorf("%q %w", s, err)
		}
		return m, nil
	}
	group := byte(',')
	if decimal == ',' {
		group = '.'
	}
	if d, g := strings.IndexByte(s, decimal), strings.LastIndexByte(s, group); d >= 0 && g > d {
		return 0, fmt.Errorf("%q is not an amount with %q as decimal separator", s, string(decimal))
	}
	if thousandsLike(s, decimal) {
		return 0, fmt.Errorf("%q: %w", s, ErrAmbiguousAmount)
	}
	if !groupedInThrees(s, decimal, group) {
		return 0, fmt.Errorf("%q is not an amount with %q as decimal separator", s, string(decimal))
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == rune(decimal):
			b.WriteByte('.')
		case r == rune(group) && i > 0, isGroupSpace(r):
			// thousands separators
		default:
			b.WriteRune(r)
		}
	}
	m, err := ParseDecimal(b.String())
	if err != nil {
		return 0, fmt.Errorf("%q %w", s, err)
	}
	return m, nil
}

// errNotAmount and errTooLarge are ParseDecimal's errors, after the input.
var (
	errNotAmount = errors.New("is not an amount")
	errTooLarge  = errors.New("is too large")
)

// ParseDecimal parses a number written by a machine, an optional sign then
// digits with an optional decimal point ("-1234.565", a spreadsheet cell's
// stored value), into minor units, rounding half away from zero. It is exact
// (no floating point: 0.285 is 29 cents) and refuses anything else: an
// exponent, a hexadecimal or an underscore is a typo in an amount.
func ParseDecimal(s string) (Money, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || !allDigits(whole) || !allDigits(frac) {
		return 0, errNotAmount
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 13 { // MaxMoney has 13 digits in major units
		return 0, errTooLarge
	}
	var m Money
	for i := 0; i < len(whole); i++ {
		m = m*10 + Money(whole[i]-'0')
	}
	frac += "000"
	m = m*100 + Money(frac[0]-'0')*10 + Money(frac[1]-'0')
	if frac[2] >= '5' {
		m++
	}
	if m > MaxMoney {
		return 0, errTooLarge
	}
	if neg {
		return -m, nil
	}
	return m, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isGroupSpace reports whether r separates thousands whatever the decimal
// mark: a space (plain, no-break, narrow no-break or thin, as French and
// Swiss locales write them) or an apostrophe (straight or typographic, as
// Swiss ones do).
func isGroupSpace(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u202f', '\u2009', '\'', '\u2019':
		return true
	}
	return false
}

// thousandsLike reports whether s is an optional sign, one to three digits
// without a leading zero, the decimal mark and exactly three digits: what a
// thousands group of the other convention looks like.
func thousandsLike(s string, decimal byte) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, ok := strings.Cut(s, string(decimal))
	if !ok || len(whole) < 1 || len(whole) > 3 || whole[0] == '0' || len(frac) != 3 {
		return false
	}
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return true
}

// groupedInThrees reports whether the whole part of an amount (before its
// decimal mark) is one run of digits, or groups of three after a first of
// one to three that is not 0: "1 234", "12,345,678". "1200,50" read with a
// decimal point is not 120050: its author meant a decimal comma; nor is
// "0.125" read with a decimal comma 125: no thousands group follows a 0.
func groupedInThrees(s string, decimal, group byte) bool {
	whole, _, _ := strings.Cut(s, string(decimal))
	whole = strings.TrimLeft(whole, "+-")
	parts := strings.FieldsFunc(whole, func(r rune) bool { return r == rune(group) || isGroupSpace(r) })
	if len(parts) <= 1 {
		return true
	}
	if len(parts[0]) > 3 || parts[0][0] == '0' {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// Major returns the amount in major units, for display and exports.
func (m Money) Major() float64 { return float64(m) / 100 }
