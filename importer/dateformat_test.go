package importer

import "testing"

// TestGoLayout translates the date formats people write into Go layouts.
func TestGoLayout(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2006-01-02", "2006-01-02"},
		{"02/01/2006 15:04", "02/01/2006 15:04"},
		{"DD/MM/YYYY", "02/01/2006"},
		{"dd/mm/yyyy", "02/01/2006"},
		{"jj/mm/aaaa", "02/01/2006"},
		{"MM/DD/YYYY", "01/02/2006"},
		{"M/D/YYYY", "1/2/2006"},
		{"d.m.yy", "2.1.06"},
		{"YYYY-MM-DD hh:mm", "2006-01-02 15:04"},
		{"YYYY-MM-DD HH:mm:ss", "2006-01-02 15:04:05"},
		{"DD MMM YYYY", "02 Jan 2006"},
		{"%d/%m/%Y", "02/01/2006"},
		{"%Y-%m-%dT%H:%M:%S", "2006-01-02T15:04:05"},
		{"%Q", ""},
		{"%", ""},
		{"DDD/MM/YYYYY", ""},
		{"quarter", ""},
		{"TT.MM.JJJJ", "02.01.2006"},
		{"tt.mm.jj", "02.01.06"},
		{"YYYY-MM-DDThh:mm:ss", "2006-01-02T15:04:05"},
		{"%m/%d/%Y %I:%M %p", "01/02/2006 03:04 PM"},
		{"M/D/YYYY h:mm AM/PM", "1/2/2006 3:04 PM"},
		{"MM/DD/YYYY hh:mm:ss am/pm", "01/02/2006 03:04:05 PM"},
	} {
		got, ok := goLayout(c.in)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

// TestUSTimeNotations reads US exports' dates with a 12-hour time: the
// notations are accepted, and the date is kept as written.
func TestUSTimeNotations(t *testing.T) {
	for _, format := range []string{"%m/%d/%Y %I:%M %p", "M/D/YYYY h:mm AM/PM", "MM/DD/YYYY hh:mm AM/PM"} {
		m := &Mapping{Columns: map[string]string{"title": "Title", "detected_on": "Created"}, DateFormat: format}
		if err := m.Validate(); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		c := dateReader(m.DateFormat)
		for _, v := range []string{"03/05/2024 02:30 PM", "3/5/2024 2:30 PM", "3/5/2024 11:59 AM", "03/05/2024"} {
			if d, ok := c.parseDate(v); !ok || d.String() != "2024-03-05" {
				t.Errorf("%s: %q read as %v %v", format, v, d, ok)
			}
		}
	}
}
