package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// The 8-bit encodings a CSV file that is not UTF-8 is read in. Excel's
// "Save as" writes "CSV" in the system's ANSI code page (Windows-1252 in
// Western Europe), "CSV (Macintosh)" in Mac OS Roman and "CSV (MS-DOS)" in
// the OEM code page (850 in Western Europe); LibreOffice offers
// ISO-8859-15. Every byte reads in each of them: only the text they give
// tells which one the file was written in.
var charmaps = map[string]*charmap.Charmap{
	"windows-1252": charmap.Windows1252,
	"iso-8859-15":  charmap.ISO8859_15,
	"macintosh":    charmap.Macintosh,
	"cp850":        charmap.CodePage850,
}

// guessEncoding names the 8-bit encoding a file that is not UTF-8 reads
// best in: among Windows-1252, Mac OS Roman and CP850, the one whose text
// has the most letters of European words and the fewest symbols where a
// letter belongs (see textScore); ties go to Windows-1252, then Mac OS
// Roman. Windows-1252 gives way to ISO-8859-15 when the bytes say so
// (latin9).
func guessEncoding(data []byte) string {
	best := "windows-1252"
	if latin9(data) {
		best = "iso-8859-15"
	}
	bestScore := textScore(data, charmaps[best])
	for _, enc := range []string{"macintosh", "cp850"} {
		if s := textScore(data, charmaps[enc]); s > bestScore {
			best, bestScore = enc, s
		}
	}
	return best
}

// textScore rates how much data, decoded with cm, reads as text of a
// Western European language: each character beyond ASCII scores by what it
// is and where it stands. A letter of French (é, è, ç, à…) scores most,
// another Latin letter less; a capital after a small letter ("SociÄtÄ"), a
// small one between capitals, a symbol between two letters ("Fran‡ois"),
// an unusual symbol or letter (Ž, ƒ, ╔) and a byte the encoding leaves
// undefined lose points.
func textScore(data []byte, cm *charmap.Charmap) int {
	at := func(i int) rune {
		if i < 0 || i >= len(data) {
			return ' '
		} else if data[i] < utf8.RuneSelf {
			return rune(data[i])
		}
		return cm.DecodeByte(data[i])
	}
	score := 0
	for i, c := range data {
		if c < utf8.RuneSelf {
			continue
		}
		r, prev, next := cm.DecodeByte(c), at(i-1), at(i+1)
		switch {
		case r == utf8.RuneError || unicode.IsControl(r):
			score -= 20
		case unicode.IsLetter(r) && unicode.IsUpper(r) && unicode.IsLower(prev):
			score -= 10 // "RÄnovation": a capital inside a word
		case unicode.IsLetter(r) && unicode.IsLower(r) && unicode.IsUpper(prev) && unicode.IsUpper(next):
			score -= 10 // "SOCIâTâ": a small letter inside a word in capitals
		case strings.ContainsRune(frenchLetters, r):
			score += 4
		case strings.ContainsRune(latinLetters, r):
			score += 2
		case unicode.IsLetter(r):
			score -= 4 // Ž, ƒ, þ: not in the words of a sales file
		case unicode.IsLetter(prev) && unicode.IsLetter(next) && !strings.ContainsRune(inWordMarks, r):
			score -= 6 // "Soci‚t‚": a symbol inside a word
		case strings.ContainsRune(commonSymbols, r):
			score++
		default:
			score -= 2 // box drawing, ¤, ¦, mathematical signs
		}
	}
	return score
}

const (
	// frenchLetters are the accented letters of French.
	frenchLetters = "éèêëàâäçîïôöùûüÿœæÉÈÊËÀÂÄÇÎÏÔÖÙÛÜŸŒÆ"
	// latinLetters are the other letters of Western European languages.
	latinLetters = "áíóúñãõåøìòßÁÍÓÚÑÃÕÅØÌÒ"
	// commonSymbols are the symbols beyond ASCII that sales files hold.
	commonSymbols = "€£°«»‘’“”–—…\u00a0²³§©®·µ½¼¾±×"
	// inWordMarks may stand between two letters: "l’été", "Commercial·e".
	inWordMarks = "’·"
)
