package closer

import (
	"strings"
	"unicode/utf8"
)

// CheckText checks a text field of at most max characters: valid UTF-8,
// without control characters other than tabs and line breaks (a NUL, which
// PostgreSQL cannot store, or the escape codes of a terminal).
func CheckText(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return FieldError(field, "The text is not valid UTF-8.")
	} else if utf8.RuneCountInString(s) > max {
		return FieldError(field, "The text is too long (%d characters at most).", max)
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F {
			return FieldError(field, "The text holds a control character (%U).", r)
		}
	}
	return nil
}

// CheckLine checks a one-line text field of at most max characters (a
// title, a name, a number): the rules of CheckText, and no line break or
// tab either. Such a field is shown on one line (lists, the board's cards,
// a CSV cell read line by line, a page's title) and typed in a one-line
// input, so a line break in it can only be a paste accident, or a way to
// forge a line. Every line break Unicode knows is one (LineBreaks): a
// browser, JavaScript or a spreadsheet breaks the line at U+2028 as at
// "\n". Callers normalise the field first (NormalizeName).
func CheckLine(field, s string, max int) error {
	if err := CheckText(field, s, max); err != nil {
		return err
	}
	if i := strings.IndexAny(s, LineBreaks); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return FieldError(field, "The text must hold on one line: it holds a line break or a tab (%U).", r)
	}
	return nil
}

// LineBreaks are the characters that break a line, the one list of them
// that CheckLine refuses and JoinLines (and the migrations that mend stored
// names: sqlstore/migrate_lines.go) joins: a tab, and every character that
// Unicode makes a mandatory line break (UAX #14: line feed, carriage
// return, next line U+0085, the line and paragraph separators U+2028 and
// U+2029; the vertical tab and the form feed, control characters that
// CheckText refuses first).
const LineBreaks = "\r\n\t\v\f\u0085\u2028\u2029"

// JoinLines returns a text on one line, as CheckLine wants it: each run of
// line breaks (and tabs), with the spaces around it, as one space, and the
// whole trimmed. It mends what was stored before CheckLine guarded a field
// (a title pasted with its line break), which refused every later change
// of the record.
func JoinLines(s string) string {
	if !strings.ContainsAny(s, LineBreaks) {
		return strings.TrimSpace(s)
	}
	var lines []string
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(LineBreaks, r) }) {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, " ")
}

// CheckWebsite checks a website: an http or https address, or one without
// its scheme ("www.example.com"); another scheme (javascript:, data:,
// mailto:) is refused.
func CheckWebsite(field, s string) error {
	if err := CheckText(field, s, maxText); err != nil {
		return err
	}
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.ContainsAny(scheme, "./") {
		if l := strings.ToLower(scheme); l != "http" && l != "https" {
			return FieldError(field, "The website must be an http or https address, such as https://example.com, not %q.", s)
		}
	}
	return nil
}

// WebsiteURL returns a website as a link: as it is with its scheme,
// with https:// before it without one; "" when it is not a website.
func WebsiteURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || CheckWebsite("website", s) != nil {
		return ""
	}
	if l := strings.ToLower(s); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return s
	}
	return "https://" + strings.TrimPrefix(s, "//")
}
