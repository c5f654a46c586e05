package importer

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// goLayout turns a mapping's date_format into a Go time layout. A Go layout
// (it has digits: 2006-01-02, 02/01/2006 15:04) is kept. Two notations
// people write instead are translated: strftime's (%d/%m/%Y) and the
// spreadsheets' letters, in English or French, any case (DD/MM/YYYY,
// jj/mm/aaaa, d.m.yy, YYYY-MM-DD hh:mm): m is the month, or the minutes
// after an hour or before seconds, as in Excel. ok is false for anything
// else.
func goLayout(format string) (layout string, ok bool) {
	switch {
	case strings.ContainsAny(format, "0123456789"):
		return format, true
	case strings.Contains(format, "%"):
		return strftimeLayout(format)
	}
	return letterLayout(format)
}

var strftime = map[byte]string{'Y': "2006", 'y': "06", 'm': "01", 'd': "02", 'e': "_2", 'H': "15", 'M': "04", 'S': "05",
	'b': "Jan", 'B': "January", 'a': "Mon", 'A': "Monday", 'p': "PM", '%': "%"}

func strftimeLayout(format string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		if i++; i == len(format) || strftime[format[i]] == "" {
			return "", false
		}
		b.WriteString(strftime[format[i]])
	}
	return b.String(), true
}

// letterLayout translates runs of letters: y or a (année) the year, m the
// month or the minutes, d or j (jour) the day, h the hour, s the seconds.
func letterLayout(format string) (string, bool) {
	lower := strings.ToLower(format)
	var b strings.Builder
	prev := byte(0) // the letter of the run before, to tell minutes from months
	for i := 0; i < len(lower); {
		c := lower[i]
		n := 1
		for i+n < len(lower) && lower[i+n] == c {
			n++
		}
		var part string
		switch c {
		case 'y', 'a':
			part = map[int]string{2: "06", 4: "2006"}[n]
		case 'd', 'j':
			part = map[int]string{1: "2", 2: "02", 3: "Mon", 4: "Monday"}[n]
		case 'h':
			part = map[int]string{1: "15", 2: "15"}[n]
		case 's':
			part = map[int]string{1: "05", 2: "05"}[n]
		case 'm':
			if prev == 'h' || nextLetter(lower[i+n:]) == 's' {
				part = map[int]string{1: "4", 2: "04"}[n]
			} else {
				part = map[int]string{1: "1", 2: "01", 3: "Jan", 4: "January"}[n]
			}
		default:
			if c >= 'a' && c <= 'z' {
				return "", false
			}
			part = format[i : i+n]
		}
		if part == "" {
			return "", false
		}
		if c >= 'a' && c <= 'z' {
			prev = c
		}
		b.WriteString(part)
		i += n
	}
	return b.String(), true
}

// nextLetter returns the first letter of s, or 0.
func nextLetter(s string) byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return s[i]
		}
	}
	return 0
}

// frenchMonths are the French month names and their abbreviations as French
// exports write them ("5 mars 2024", "12 févr. 2024"), by month.
var frenchMonths = [12][]string{
	{"janvier", "janv.", "janv"}, {"février", "fevrier", "févr.", "fevr.", "févr", "fevr", "fév.", "fev."},
	{"mars"}, {"avril", "avr.", "avr"}, {"mai"}, {"juin"}, {"juillet", "juil.", "juil"},
	{"août", "aout", "aoû."}, {"septembre", "sept.", "sept"}, {"octobre", "oct."}, {"novembre", "nov."},
	{"décembre", "decembre", "déc.", "déc"},
}

// monthNames turns French month names into the English ones a layout with
// month names reads: full names for "January", abbreviations for "Jan".
var monthNames = sync.OnceValue(func() (r struct{ long, short *strings.Replacer }) {
	var long, short []string
	for m, forms := range frenchMonths {
		forms = slices.Clone(forms)
		slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) }) // the longest form first
		name := time.Month(m + 1).String()
		for _, f := range forms {
			long = append(long, f, name)
			short = append(short, f, name[:3])
		}
	}
	r.long, r.short = strings.NewReplacer(long...), strings.NewReplacer(short...)
	return r
})

// englishMonths returns v with its French month names in English, for
// layout; v itself when the layout names no month.
func englishMonths(layout, v string) string {
	switch {
	case strings.Contains(layout, "January"):
		return monthNames().long.Replace(strings.ToLower(v))
	case strings.Contains(layout, "Jan"):
		return monthNames().short.Replace(strings.ToLower(v))
	}
	return v
}
