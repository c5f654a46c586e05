package closer

import "testing"

// TestNormalizeNote: a note keeps its text and indentation; its line breaks
// become line feeds, the blank lines above it and the white space after it
// go, whatever the entry point (form, API, import).
func TestNormalizeNote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{" \r\n\t ", ""},
		{"plain", "plain"},
		{"Multi\nline\r\nnote with \"quotes\"\n\n=1+1", "Multi\nline\nnote with \"quotes\"\n\n=1+1"},
		{"   leading and trailing spaces   \n", "   leading and trailing spaces"},
		{"\r\n  \r\n  - first\r\n  - second\r\n\r\n", "  - first\n  - second"},
		{"old Mac\rline", "old Mac\nline"},
		{"> quoted\n>\n> mail", "> quoted\n>\n> mail"},
	} {
		if got := NormalizeNote(c.in); got != c.want {
			t.Errorf("NormalizeNote(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestValidateNormalizesNotes: the domain's checks apply the rule, so that
// every entry point stores a note alike.
func TestValidateNormalizesNotes(t *testing.T) {
	a := &Account{Name: "Acme", Note: "  two\r\nlines  \r\n"}
	if err := a.Validate(); err != nil || a.Note != "  two\nlines" {
		t.Errorf("account note %q, %v", a.Note, err)
	}
}
