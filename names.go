package closer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// How names are written and compared. A name (of an account, a contact, a
// list entry, a member, an org), a title and every other one-line text
// reaches Closer in several spellings that look the same: "é" as one
// letter or as "e" and a combining accent (macOS tools, PDFs and some
// keyboards write the second), a no-break space where a space was typed, an
// invisible zero-width space or direction mark left by a copy. Kept as
// they came, they made two "Qualité" loss reasons, which split the losses
// by reason, and an account "not found" under its own name. So each is
// normalised once, where the domain validates it (NormalizeName), and
// names are compared in that form (SameName, NameKey), so that a name
// stored before the rule still matches the same name typed today.
//
// Unicode normalisation is the one thing the domain takes from outside the
// standard library: golang.org/x/text/unicode/norm, maintained with Go.

// NormalizeName returns a one-line text as Closer keeps it: trimmed, in
// Unicode's composed form (NFC: "é" as one letter), its spaces of every
// kind (a no-break space, a thin space: Unicode's Zs) as plain spaces,
// without the invisible format characters (Unicode's Cf: a zero-width
// space, a soft hyphen, a byte order mark, a direction mark or override).
// Line breaks stay, for CheckLine to refuse; a text that is not valid
// UTF-8 is only trimmed, for CheckText to refuse.
func NormalizeName(s string) string {
	return strings.TrimSpace(normalizeText(s))
}

// NameKey returns the form in which names are told apart: normalised
// (NormalizeName) and in lower case. Two names of one key are one name;
// maps of names are keyed by it.
func NameKey(s string) string {
	return strings.ToLower(NormalizeName(s))
}

// SameName reports whether two names are the same name: equal once
// normalised (NormalizeName), case aside (Unicode case folding).
func SameName(a, b string) bool {
	return strings.EqualFold(NormalizeName(a), NormalizeName(b))
}

// normalizeText is NormalizeName without the trimming. It is on the path
// of every write and search (SortKey), so the common cases cost one scan
// and no copy: ASCII; and the Latin letters below U+0300 (French,
// German, Polish names…), which are all in composed form and compose with
// nothing, since no combining mark is among them.
func normalizeText(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) || !utf8.ValidString(s) {
		return s
	}
	composed := true
	for j, r := range s[i:] {
		if spaceOrFormat(r) {
			return norm.NFC.String(spacesAndFormats(s, i+j))
		}
		composed = composed && r < 0x300
	}
	if composed {
		return s
	}
	return norm.NFC.String(s)
}

// spaceOrFormat reports whether r is a space other than ' ' (Unicode's
// Zs) or a format character (Cf); below U+0300 only the no-break space
// and the soft hyphen are.
func spaceOrFormat(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return false
	case r < 0x300:
		return r == '\u00a0' || r == '\u00ad'
	}
	return unicode.Is(unicode.Zs, r) || unicode.Is(unicode.Cf, r)
}

// spacesAndFormats returns s with its spaces of every kind as plain spaces
// and without its format characters, from byte from on (before it, s has
// neither).
func spacesAndFormats(s string, from int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:from])
	for _, r := range s[from:] {
		switch {
		case !spaceOrFormat(r):
			b.WriteRune(r)
		case unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		}
	}
	return b.String()
}
