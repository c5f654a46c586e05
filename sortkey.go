package closer

import (
	"strings"
	"unicode"
)

// SortKey returns the form of a name in which names are sorted and searched:
// in lower case, without accents, ligatures spelt out ("Œuvre Électrique" →
// "oeuvre electrique"), typographic apostrophes as plain ones. So
// "Électricité Dupont" sorts among the E, not after Z, and a search typed
// without accents, or in capitals, finds it.
//
// It covers the Latin letters of Western, Central and Northern European
// languages (Latin-1 and Latin Extended-A) and accents typed as separate
// combining marks (U+0300–U+036F); other letters are only put in lower case.
// It reads the name as NormalizeName writes it (spaces of every kind as
// plain ones, no invisible format characters, composed), so that the
// spellings of one name (SameName) have one key.
func SortKey(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	for _, r := range s {
		if r >= 0x300 { // beyond the Latin letters: compose it first
			s = normalizeText(s)
			break
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case spaceOrFormat(r): // as normalizeText does, without a copy
			if unicode.Is(unicode.Zs, r) {
				b.WriteByte(' ')
			}
		case r >= 0x300 && r <= 0x36F: // a combining accent
		case r >= latinFoldFirst && int(r-latinFoldFirst) < len(latinFold) && latinFold[r-latinFoldFirst] != "":
			b.WriteString(latinFold[r-latinFoldFirst])
		case r == '’' || r == '‘' || r == 'ʼ':
			b.WriteByte('\'')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// latinFoldFirst is the first letter of latinFold: À.
const latinFoldFirst = 0xC0

// latinFold spells the letters À (U+00C0) to ſ (U+017F) without their
// accents, in lower case; "" keeps the character (× and ÷).
var latinFold = [...]string{
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", // À–Ï
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss", // Ð–ß
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", // à–ï
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y", // ð–ÿ
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", // Ā–ď
	"d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g", // Đ–ğ
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i", // Ġ–į
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", // İ–Ŀ
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o", // ŀ–ŏ
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", // Ő–ş
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", // Š–ů
	"u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s", // Ű–ſ
}

// CompareNames orders two names as lists show them: by SortKey, then as
// written, so that the order is the same every time.
func CompareNames(a, b string) int {
	if c := strings.Compare(SortKey(a), SortKey(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
