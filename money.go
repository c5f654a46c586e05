package closer

import (
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in minor units (cents) of the org's currency.
type Money int64

// MaxMoney bounds every amount (one thousand billion units): beyond it an
// input is a typo or an attack, and sums of a million rows stay far from overflow.
const MaxMoney Money = 1_000_000_000_000_00

// ParseAmount parses a decimal amount in major units ("1234.5", "1 234,50"
// with decimal ',') into minor units, rounding half away from zero.
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

// Major returns the amount in major units, for display and exports.
func (m Money) Major() float64 { return float64(m) / 100 }
