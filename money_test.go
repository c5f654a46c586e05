package closer

import (
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in      string
		decimal byte
		want    Money
		ok      bool
	}{
		{"1 234,50", ',', 123450, true},
		{"1.234,50", ',', 123450, true},
		{"1,234.50", '.', 123450, true},
		{"1234.5", '.', 123450, true},
		{"1234", '.', 123400, true},
		{"  42  ", '.', 4200, true},
		{"", '.', 0, true},
		{"0,01", ',', 1, true},
		{"0.005", '.', 1, true},
		{"12,345", ',', 0, false},
		{"-1.234", '.', 0, false},
		{"999,999", ',', 0, false},
		{"1234,567", ',', 123457, true},
		{"12,3456", ',', 1235, true},
		{"12.345", ',', 1234500, true},
		{"12,345", '.', 1234500, true},
		{"-12.34", '.', -1234, true},
		{"-0,005", ',', -1, true},
		{"1\u00a0234,50", ',', 123450, true},
		{"1\u202f234,50", ',', 123450, true},
		{"1'234.50", '.', 123450, true},
		{"1200,50", '.', 0, false},
		{"1,2", '.', 0, false},
		{"12,3456", '.', 0, false},
		{"1 20", ',', 0, false},
		// No thousands group follows a 0: "0.125" with a decimal comma
		// was 125.00, a thousand times the 0.125 its author wrote.
		{"0.125", ',', 0, false},
		{"0,500", '.', 0, false},
		{"-0 500,00", ',', 0, false},
		{"0.12", '.', 12, true},
		{"1234 567,8", ',', 0, false},
		{"12,345,678.9", '.', 1234567890, true},
		{"-1 234,5", ',', -123450, true},
		{"1000000000000", '.', MaxMoney, true},
		{"1000000000000.01", '.', 0, false},
		{"-1000000000000.01", '.', 0, false},
		{"1e300", '.', 0, false},
		{"99999999999999999999999", '.', 0, false},
		{"abc", '.', 0, false},
		{"12€", '.', 0, false},
		{"1.2.3", '.', 0, false},
		{"NaN", '.', 0, false},
		{"Inf", '.', 0, false},
		{"-", '.', 0, false},
		{",50", '.', 0, false},
		{"<b>12</b>", '.', 0, false},
		{"12\x00", '.', 0, false},
		{strings.Repeat("9", 10000), '.', 0, false},
		{"1,2e3", '.', 0, false},
		{"1e3", '.', 0, false},
		{"0x1p10", '.', 0, false},
		{"1_000", '.', 0, false},
		{"+12", '.', 1200, true},
		{"1’234.50", '.', 123450, true},
		{"1 234,50", ',', 123450, true},
		{"0.285", '.', 29, true},
		{"2,0045", ',', 200, true},
		{"-0.285", '.', -29, true},
	} {
		got, err := ParseAmount(c.in, c.decimal)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseAmount(%q, %q) = %d, %v; want %d ok=%v", c.in, c.decimal, got, err, c.want, c.ok)
		}
	}
	if Money(123450).Major() != 1234.5 {
		t.Error("Major")
	}
}

// TestParseAmountSwappedSeparators: with ',' as the decimal separator,
// "1,234.50" (an English-formatted amount) is refused, not read as 1.23; and
// the other way round.
func TestParseDecimal(t *testing.T) {
	for in, want := range map[string]Money{"123.456": 12346, "1.125": 113, "0.285": 29, "-2.5": -250, "7": 700, "0004.1": 410, ".5": 50} {
		if got, err := ParseDecimal(in); err != nil || got != want {
			t.Errorf("ParseDecimal(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", ".", "-", "1e3", "1,5", " 1", "1.2.3", "10000000000000"} {
		if got, err := ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) = %d, want an error", in, got)
		}
	}
}

func TestParseAmountSwappedSeparators(t *testing.T) {
	if got, err := ParseAmount("1,234.50", ','); err == nil {
		t.Fatalf("ParseAmount(\"1,234.50\", ',') = %d, want an error", got)
	}
	if got, err := ParseAmount("1.234,50", '.'); err == nil {
		t.Fatalf("ParseAmount(\"1.234,50\", '.') = %d, want an error", got)
	}
	if got, err := ParseAmount("1.234,50", ','); err != nil || got != 123450 {
		t.Fatalf("ParseAmount(\"1.234,50\", ',') = %d, %v", got, err)
	}
}

// FuzzParseAmount checks that any text is either refused or parsed within
// bounds, and that a formatted amount parses back to itself.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1 234,50", "1,234.50", "-0.5", "1e3", "9999999999999", "\u00a0", "0x10"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		dec := byte('.')
		if comma {
			dec = ','
		}
		m, err := ParseAmount(s, dec)
		if err != nil {
			return
		}
		if m > MaxMoney || m < -MaxMoney {
			t.Fatalf("ParseAmount(%q) = %d, beyond the bounds", s, m)
		}
		text := strings.Replace(strings.TrimRight(strings.TrimRight(formatCents(m), "0"), "."), ".", string(dec), 1)
		if back, err := ParseAmount(text, dec); err != nil || back != m {
			t.Fatalf("%d printed as %q parses back as %d, %v", m, text, back, err)
		}
	})
}

// formatCents writes an amount in major units with a '.' decimal point.
func formatCents(m Money) string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	cents := int64(m % 100)
	s := sign + itoa(int64(m/100)) + "."
	if cents < 10 {
		s += "0"
	}
	return s + itoa(cents)
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
