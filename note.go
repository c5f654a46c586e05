package closer

import "strings"

// NormalizeNote returns a note (of an opportunity, an account, an
// activity) as Closer keeps it, whatever the entry point: its line breaks
// as line feeds ("\r\n", which browsers post from a text area and Windows
// tools write, and a lone "\r" of old Mac files), without the blank lines
// above its first line nor the white space after its last character.
// Everything else is its content and stays: the first line's indentation
// (a pasted list, a quoted e-mail), the spaces and blank lines inside. One
// rule for the form, the API and the import, so that an exported note
// imports back as it was; notes stored before the rule keep their form
// until they are changed.
func NormalizeNote(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	s = strings.TrimRight(s, " \t\n\v\f")
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.Trim(line, " \t\v\f") != "" {
			return s
		}
		s = rest
	}
}
