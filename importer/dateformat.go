package importer

import (
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"closer"
)

// DateFormat is a date format that the import screen offers: a layout of
// the mapping's date_format, and what tells it apart.
type DateFormat struct {
	Layout string
	// Order says what comes first in a date written with digits alone,
	// which an example such as 05/03/2024 does not tell: "day", "month" or
	// "year"; "" when the month is written in words.
	Order string
}

// DateFormats are the date formats the import screen offers and GuessOptions
// tries, in this order: day first before month first (Closer's readers are
// mostly French). Each also reads a day or a month of one digit, a date
// followed by a time, and YYYY-MM-DD (see parseDate); those that name
// months read them in English, French or German (see englishMonths).
var DateFormats = []DateFormat{
	{closer.DateLayout, "year"}, {"02/01/2006", "day"}, {"01/02/2006", "month"}, {"02.01.2006", "day"},
	{"02-01-2006", "day"}, {"01-02-2006", "month"}, {"02/01/06", "day"}, {"01/02/06", "month"}, {"02.01.06", "day"},
	{"2006/01/02", "year"}, {"2 January 2006", ""}, {"2 Jan 2006", ""}, {"January 2, 2006", ""}, {"Jan 2, 2006", ""},
	{"2-Jan-2006", ""}, {"2-Jan-06", ""},
	{"2006-01-02 15:04:05", "year"}, {"02/01/2006 15:04", "day"}, {"01/02/2006 3:04 PM", "month"},
}

// Example returns 5 March 2024, 14:30, written in the format; a format
// that is no layout (see goLayout), as it is.
func (f DateFormat) Example() string {
	l, ok := goLayout(f.Layout)
	if !ok {
		return f.Layout
	}
	return time.Date(2024, time.March, 5, 14, 30, 0, 0, time.UTC).Format(l)
}

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
	'b': "Jan", 'B': "January", 'a': "Mon", 'A': "Monday", 'p': "PM", '%': "%",
	'I': "03"} // US exports: %I:%M %p, the hour on 12 hours

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
// month or the minutes, d, j (jour) or tt (Tag) the day, h the hour, s the
// seconds, a lone t the T of ISO's 2006-01-02T15:04. In German's
// TT.MM.JJJJ, j is the year (Jahr). Excel's AM/PM (US exports: "M/D/YYYY
// h:mm AM/PM") is the half of the day, and makes h the hour on 12 hours.
func letterLayout(format string) (string, bool) {
	lower := strings.ToLower(format)
	german := strings.Contains(lower, "tt")
	twelve := strings.Contains(lower, "am/pm")
	var b strings.Builder
	prev := byte(0) // the letter of the run before, to tell minutes from months
	for i := 0; i < len(lower); {
		if strings.HasPrefix(lower[i:], "am/pm") {
			b.WriteString("PM")
			i += len("am/pm")
			continue
		}
		c := lower[i]
		n := 1
		for i+n < len(lower) && lower[i+n] == c {
			n++
		}
		var part string
		switch {
		case c == 'j' && german:
			c = 'y'
		case c == 't' && n == 2:
			c = 'd'
		}
		switch c {
		case 'y', 'a':
			part = map[int]string{2: "06", 4: "2006"}[n]
		case 'd', 'j':
			part = map[int]string{1: "2", 2: "02", 3: "Mon", 4: "Monday"}[n]
		case 'h':
			part = map[int]string{1: "15", 2: "15"}[n]
			if twelve {
				part = map[int]string{1: "3", 2: "03"}[n]
			}
		case 's':
			part = map[int]string{1: "05", 2: "05"}[n]
		case 'm':
			if prev == 'h' || nextLetter(lower[i+n:]) == 's' {
				part = map[int]string{1: "4", 2: "04"}[n]
			} else {
				part = map[int]string{1: "1", 2: "01", 3: "Jan", 4: "January"}[n]
			}
		case 't': // ISO's YYYY-MM-DDThh:mm
			part = map[int]string{1: "T"}[n]
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

// foreignMonths are the French and German month names and abbreviations as
// exports write them ("5 mars 2024", "12 févr. 2024", "5. März 2024",
// "5-Mär-24"), by month.
var foreignMonths = [12][]string{
	{"janvier", "janv.", "janv", "januar", "jänner", "jän."},
	{"février", "fevrier", "févr.", "fevr.", "févr", "fevr", "fév.", "fev.", "februar"},
	{"mars", "märz", "maerz", "mär.", "mär", "mrz."},
	{"avril", "avr.", "avr"}, {"mai"}, {"juin", "juni"}, {"juillet", "juil.", "juil", "juli"},
	{"août", "aout", "aoû."}, {"septembre", "sept.", "sept"}, {"octobre", "oct.", "oktober", "okt.", "okt"},
	{"novembre", "nov."}, {"décembre", "decembre", "déc.", "déc", "dezember", "dez.", "dez"},
}

// monthForms maps each form of foreignMonths to its month.
var monthForms = sync.OnceValue(func() map[string]time.Month {
	forms := map[string]time.Month{}
	for m, names := range foreignMonths {
		for _, n := range names {
			forms[n] = time.Month(m + 1)
		}
	}
	return forms
})

// englishMonths returns v in lower case with its foreign month names in
// English, for layout (full names for "January", abbreviations for "Jan");
// v itself when the layout names no month. Only whole words are months:
// "marsupial" is not March, nor "January" Januar and a y.
func englishMonths(layout, v string) string {
	long := strings.Contains(layout, "January")
	if !long && !strings.Contains(layout, "Jan") {
		return v
	}
	forms := monthForms()
	lower := strings.ToLower(v)
	var b strings.Builder
	for i := 0; i < len(lower); {
		j := i
		for j < len(lower) {
			r, size := utf8.DecodeRuneInString(lower[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += size
		}
		if j == i {
			_, size := utf8.DecodeRuneInString(lower[i:])
			b.WriteString(lower[i : i+size])
			i += size
			continue
		}
		word, end := lower[i:j], j
		if m, ok := forms[word+"."]; ok && j < len(lower) && lower[j] == '.' {
			word, end = m.String(), j+1
		} else if m, ok := forms[word]; ok {
			word = m.String()
		}
		if !long && word != lower[i:j] {
			word = word[:3]
		}
		b.WriteString(word)
		i = end
	}
	return b.String()
}

// cutZone cuts the zone that ends a date-time: " UTC" or " GMT" (any case),
// a Z or a UTC offset after the time (hasOffset: "…:00Z", "… -05:00",
// "…+0100"). ok is false when v ends with none.
func cutZone(v string) (rest string, zone *time.Location, ok bool) {
	if len(v) > 4 && len(v) <= 44 {
		switch strings.ToUpper(v[len(v)-4:]) {
		case " UTC", " GMT":
			return strings.TrimSpace(v[:len(v)-4]), time.UTC, true
		}
	}
	if !hasOffset(v) {
		return "", nil, false
	}
	if last := v[len(v)-1]; last == 'Z' || last == 'z' {
		return v[:len(v)-1], time.UTC, true
	}
	i := strings.LastIndexAny(v, "+-")
	digits := strings.ReplaceAll(v[i+1:], ":", "")
	if len(digits) != 2 && len(digits) != 4 {
		return "", nil, false
	}
	h, _ := strconv.Atoi(digits[:2])
	m := 0
	if len(digits) == 4 {
		m, _ = strconv.Atoi(digits[2:])
	}
	if h > 14 || m > 59 {
		return "", nil, false
	}
	offset := (h*60 + m) * 60
	if v[i] == '-' {
		offset = -offset
	}
	return strings.TrimSpace(v[:i]), time.FixedZone("", offset), true
}

// clockLayouts are the times of day that follow a date: on 24 hours, or on
// 12 with AM or PM; fractions of a second read with any of them.
var clockLayouts = []string{"15:04:05", "15:04", "3:04:05 PM", "3:04 PM", "3:04:05PM", "3:04PM"}

// parseClock parses a time of day (see clockLayouts), its date 0000-01-01.
func parseClock(s string) (time.Time, bool) {
	for _, l := range clockLayouts {
		if tm, err := time.Parse(l, s); err == nil {
			return tm, true
		}
	}
	return time.Time{}, false
}
