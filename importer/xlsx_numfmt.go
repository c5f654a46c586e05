package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"github.com/xuri/nfp"
)

// The shown text of a cell: its stored value through its style's number
// format. The import reads amounts and dates from the stored values; the
// shown text is what a text field (a title, an owner, an account) reads in
// a number cell, what the mapping screen's preview shows, what a problem
// quotes. It is the text excelize shows, computed here for the formats
// that sheets use (General, numbers, percentages, currencies, dates) once
// per style rather than once per cell: excelize parses the format again
// for every cell and looks its language up in a table of hundreds, which
// made reading a large workbook take seconds. Any other format
// (fractions, scientific notation, conditions, elapsed times, dates in
// another language) is left to excelize, cell by cell (excelizeFormatter).
// TestNumFmtAsExcelize holds the two to the same text.

// numFmt is a number format, parsed once for the cells of its style.
type numFmt struct {
	code     string
	sections []nfp.Section
	kinds    []sectionKind
	// The first section for positive numbers (and zero), negative
	// numbers and text, or -1.
	pos, neg, txt int
}

// sectionKind is how a section of a format is rendered here.
type sectionKind int

const (
	otherSection   sectionKind = iota // by excelize
	generalSection                    // General
	numberSection                     // digits, separators, %, literals
	dateSection                       // y m d h m s and literals, in English
)

func compileNumFmt(code string) *numFmt {
	p := nfp.NumberFormatParser()
	f := &numFmt{code: code, sections: p.Parse(code), pos: -1, neg: -1, txt: -1}
	for i, s := range f.sections {
		switch {
		case s.Type == nfp.TokenSectionPositive && f.pos < 0:
			f.pos = i
		case s.Type == nfp.TokenSectionNegative && f.neg < 0:
			f.neg = i
		case s.Type == nfp.TokenSectionText && f.txt < 0:
			f.txt = i
		}
		f.kinds = append(f.kinds, kindOf(s.Items))
	}
	return f
}

// kindOf tells how a section is rendered: here when each of its tokens is
// one this file renders as excelize does, else by excelize.
func kindOf(items []nfp.Token) sectionKind {
	count := map[string]int{}
	for _, t := range items {
		count[t.TType]++
	}
	other := len(items) - count[nfp.TokenTypeLiteral] - count[nfp.TokenTypeColor]
	switch {
	case count[nfp.TokenTypeGeneral] > 0 && other == count[nfp.TokenTypeGeneral]:
		return generalSection
	case count[nfp.TokenTypeDateTimes] > 0 && other == count[nfp.TokenTypeDateTimes]:
		for _, t := range items {
			if t.TType == nfp.TokenTypeDateTimes && !dateToken(t.TValue) {
				return otherSection
			}
		}
		return dateSection
	case numberTokens(items):
		return numberSection
	}
	return otherSection
}

// dateToken reports whether a date token is one letter of y, m, d, h, s
// repeated (not AM/PM, an era, a Buddhist year).
func dateToken(v string) bool {
	v = strings.ToUpper(v)
	if v == "" || !strings.Contains("YMDHS", v[:1]) {
		return false
	}
	return strings.Count(v, v[:1]) == len(v)
}

// numberTokens reports whether a section is a plain number: placeholders
// 0 and # with a thousands separator and a decimal point, all together,
// with percent signs, literals, currencies ([$€-40C]), colours and
// spacing around them; no scaling by thousands (a separator after the
// last digit), no fraction, no exponent, no condition.
func numberTokens(items []nfp.Token) bool {
	first, last, lastDigit := -1, -1, -1
	for i, t := range items {
		switch t.TType {
		case nfp.TokenTypeZeroPlaceHolder, nfp.TokenTypeHashPlaceHolder:
			lastDigit = i
			fallthrough
		case nfp.TokenTypeThousandsSeparator, nfp.TokenTypeDecimalPoint:
			if first < 0 {
				first = i
			}
			last = i
		case nfp.TokenTypePercent, nfp.TokenTypeLiteral, nfp.TokenTypeColor, nfp.TokenTypeAlignment, nfp.TokenTypeRepeatsChar:
		case nfp.TokenTypeCurrencyLanguage:
			if len(t.Parts) == 0 || t.Parts[0].Token.TType != nfp.TokenSubTypeCurrencyString {
				return false
			}
		default:
			return false
		}
	}
	if lastDigit < 0 {
		return false
	}
	for i := first; i <= last; i++ {
		switch items[i].TType {
		case nfp.TokenTypeZeroPlaceHolder, nfp.TokenTypeHashPlaceHolder, nfp.TokenTypeDecimalPoint:
		case nfp.TokenTypeThousandsSeparator:
			if i > lastDigit {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// number returns the shown text of a number cell whose value, as General
// shows it, is g; ok is false when excelize must render it.
func (f *numFmt) number(g string, date1904 bool) (string, bool) {
	isNum, precision, number := isNumeric(g)
	if !isNum {
		return f.text(g), true
	}
	i, minus := f.pos, false
	if number < 0 {
		if f.neg >= 0 {
			i = f.neg
		} else {
			minus = true
		}
	}
	if i < 0 {
		return g, true
	}
	items, kind := f.sections[i].Items, f.kinds[i]
	var s string
	switch {
	case kind == otherSection:
		return "", false
	case i == f.neg && kind != numberSection:
		s = g // a negative number in a General or date section shows as it is
	case kind == generalSection:
		if s = g; precision > 11 {
			s = strconv.FormatFloat(number, 'G', 10, 64)
		}
	case kind == dateSection:
		if number < 0 {
			s = g
		} else if number >= 62 && number < 2958466 { // after 1900-03-01, before 10000
			s = dateText(items, number, date1904)
		} else {
			return "", false
		}
	default:
		var ok bool
		if s, ok = numberText(items, number, minus); !ok {
			return "", false
		}
	}
	return aligned(items, s), true
}

// text returns the shown text of a text value: through the format's text
// section (its fourth, or one with @ alone), if it has one.
func (f *numFmt) text(v string) string {
	if f.txt < 0 {
		return v
	}
	items := f.sections[f.txt].Items
	var b strings.Builder
	for _, t := range items {
		switch t.TType {
		case nfp.TokenTypeLiteral:
			b.WriteString(t.TValue)
		case nfp.TokenTypeTextPlaceHolder, nfp.TokenTypeZeroPlaceHolder:
			b.WriteString(v)
		}
	}
	return aligned(items, b.String())
}

// aligned adds the space that an alignment (_x) at either end of a
// section stands for.
func aligned(items []nfp.Token, s string) string {
	if len(items) == 0 {
		return s
	}
	if items[0].TType == nfp.TokenTypeAlignment {
		s = " " + s
	}
	if items[len(items)-1].TType == nfp.TokenTypeAlignment {
		s += " "
	}
	return s
}

// numberText renders a number section: the digits rounded to the
// format's decimals (half away from zero), padded with the format's
// zeros, grouped by thousands, as a percentage, with the literals around
// them; minus puts a sign before a negative number shown by a section
// written for positive ones.
func numberText(items []nfp.Token, number float64, minus bool) (string, bool) {
	var intHolder, intPadding, fracHolder, fracPadding, percent int
	var point, comma bool
	for _, t := range items {
		switch t.TType {
		case nfp.TokenTypeHashPlaceHolder:
			if point {
				fracHolder += len(t.TValue)
			} else {
				intHolder += len(t.TValue)
			}
		case nfp.TokenTypeZeroPlaceHolder:
			intHolder = 0
			if point {
				fracPadding += len(t.TValue)
			} else {
				intPadding += len(t.TValue)
			}
		case nfp.TokenTypeThousandsSeparator:
			comma = true
		case nfp.TokenTypePercent:
			percent += len(t.TValue)
		case nfp.TokenTypeDecimalPoint:
			point = true
		}
	}
	intPart, fracPart, _ := strings.Cut(strconv.FormatFloat(math.Abs(number), 'f', -1, 64), ".")
	intLen, fracLen := len(intPart), len(fracPart)
	if intPadding+min(intHolder, len(intPart)) > intLen {
		intLen = intPadding + min(intHolder, len(intPart))
	}
	if fracLen > fracHolder+fracPadding {
		fracLen = fracHolder + fracPadding
	}
	if fracPadding > len(fracPart) {
		fracLen = fracPadding
	}
	if intLen+fracLen > 15 {
		return "", false // excelize prints such long numbers its own way
	}
	width := intLen + fracLen
	if fracLen > 0 {
		width++
	}
	if percent > 0 {
		number *= math.Pow(100, float64(percent))
	}
	ratio := math.Pow(10, float64(fracLen))
	number = math.Round(number*ratio) / ratio
	digits := fmt.Sprintf("%0*.*f", width, fracLen, math.Abs(number)) + strings.Repeat("%", percent)
	if comma {
		digits = groupThousands(digits)
	}
	var b strings.Builder
	if minus {
		b.WriteByte('-')
	}
	written := false
	for _, t := range items {
		switch t.TType {
		case nfp.TokenTypeLiteral:
			b.WriteString(t.TValue)
		case nfp.TokenTypeCurrencyLanguage:
			b.WriteString(t.Parts[0].Token.TValue)
		case nfp.TokenTypeZeroPlaceHolder, nfp.TokenTypeHashPlaceHolder:
			if !written {
				b.WriteString(digits)
				written = true
			}
		}
	}
	return b.String(), true
}

// groupThousands puts a comma between the groups of three digits of the
// part of s before its decimal point (excelize's printCommaSep).
func groupThousands(s string) string {
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i := 0; i < len(whole); i++ {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// dateText renders a date section in English: the serial number as a
// date and time, rounded to the second.
func dateText(items []nfp.Token, number float64, date1904 bool) string {
	t, _ := excelize.ExcelDateToTime(number, date1904)
	var b strings.Builder
	two := func(n int) {
		b.WriteByte(byte('0' + n/10%10))
		b.WriteByte(byte('0' + n%10))
	}
	for i, tok := range items {
		if tok.TType == nfp.TokenTypeLiteral {
			b.WriteString(tok.TValue)
			continue
		} else if tok.TType != nfp.TokenTypeDateTimes {
			continue
		}
		l := len(tok.TValue)
		switch strings.ToUpper(tok.TValue[:1]) {
		case "Y":
			if y := strconv.Itoa(t.Year()); l <= 2 {
				b.WriteString(y[2:])
			} else {
				b.WriteString(y)
			}
		case "M":
			switch {
			case l <= 2 && !monthToken(items, i): // minutes, after hours or before seconds
				if l == 1 {
					b.WriteString(strconv.Itoa(t.Minute()))
				} else {
					two(t.Minute())
				}
			case l == 1:
				b.WriteString(strconv.Itoa(int(t.Month())))
			case l == 2:
				two(int(t.Month()))
			case l == 3:
				b.WriteString(t.Month().String()[:3])
			case l == 5:
				b.WriteString(t.Month().String()[:1])
			default:
				b.WriteString(t.Month().String())
			}
		case "D":
			switch l {
			case 1:
				b.WriteString(strconv.Itoa(t.Day()))
			case 2:
				two(t.Day())
			case 3:
				b.WriteString(t.Weekday().String()[:3])
			default:
				b.WriteString(t.Weekday().String())
			}
		case "H":
			if l == 1 {
				b.WriteString(strconv.Itoa(t.Hour()))
			} else {
				two(t.Hour())
			}
		case "S":
			if l == 1 {
				b.WriteString(strconv.Itoa(t.Second()))
			} else {
				two(t.Second())
			}
		}
	}
	return b.String()
}

// monthToken reports whether the m or mm at items[i] is a month: not when
// the date token before it is an hour or a second, nor when the one after
// it is a second (then it is minutes).
func monthToken(items []nfp.Token, i int) bool {
	for j := i - 1; j >= 0; j-- {
		if items[j].TType == nfp.TokenTypeDateTimes {
			if strings.ContainsAny(strings.ToUpper(items[j].TValue), "HS") {
				return false
			}
			break
		}
	}
	for j := i + 1; j < len(items); j++ {
		if items[j].TType == nfp.TokenTypeDateTimes {
			return !strings.Contains(strings.ToUpper(items[j].TValue), "S")
		}
	}
	return true
}

// generalText returns a stored number as the General format shows it (and
// a cell without a style): at most 15 significant digits, never in
// scientific notation below that ("0.30000000000000004" is 0.3, "1e3" is
// 1000). Anything that is not a number is returned as it is.
func generalText(v string) string {
	isNum, precision, f := isNumeric(v)
	if !isNum {
		return v
	}
	var s string
	if precision > 15 && !wholeWithin15Digits(v) {
		s = strconv.FormatFloat(f, 'G', 15, 64)
	} else {
		s = strconv.FormatFloat(f, 'f', -1, 64)
	}
	if s == v {
		return v // one copy of the text
	}
	return s
}

// isNumeric reports whether s is a number as excelize reads one, with its
// count of digits (and sign) written out in full.
func isNumeric(s string) (bool, int, float64) {
	if strings.Contains(s, "_") {
		return false, 0, 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return false, 0, 0
	}
	plain := strconv.FormatFloat(f, 'f', -1, 64)
	return true, len(plain) - strings.Count(plain, "."), f
}

// wholeWithin15Digits reports whether s is an integer whose digits beyond
// the 15th are zeros (excelize's isNumWithinPrecision).
func wholeWithin15Digits(s string) bool {
	if strings.ContainsAny(s, ".Ee") {
		return false
	}
	s = strings.TrimLeft(s, "+-0")
	return len(strings.TrimRight(s, "0")) <= 15
}
