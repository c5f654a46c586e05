package closer

import (
	"errors"
	"fmt"
	"strconv"
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
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == group && i > 0, c == ' ', c == '\'':
			// thousands separators
		case c == 0xC2 && i+1 < len(s) && (s[i+1] == 0xA0): // no-break space
			i++
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0xAF: // narrow no-break space
			i += 2
		case c == decimal:
			b.WriteByte('.')
		default:
			b.WriteByte(c)
		}
	}
	f, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || f != f {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	if f > float64(MaxMoney)/100 || f < -float64(MaxMoney)/100 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	if f < 0 {
		return Money(f*100 - 0.5), nil
	}
	return Money(f*100 + 0.5), nil
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
// one to three: "1 234", "12,345,678". "1200,50" read with a decimal point
// is not 120050: its author meant a decimal comma.
func groupedInThrees(s string, decimal, group byte) bool {
	whole, _, _ := strings.Cut(s, string(decimal))
	whole = strings.TrimLeft(whole, "+-")
	parts := strings.FieldsFunc(whole, func(r rune) bool {
		return r == rune(group) || r == ' ' || r == '\'' || r == '\u00a0' || r == '\u202f'
	})
	if len(parts) <= 1 {
		return true
	}
	if len(parts[0]) > 3 {
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
