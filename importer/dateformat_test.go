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
