package importer

import (
	"strings"
	"testing"
)

// TestParseDateWithTime checks that a date-only layout also reads a date
// followed by a time, as exports write instants, and a YYYY-MM-DD date
// whatever the layout, and still refuses what is not a date.
func TestParseDateWithTime(t *testing.T) {
	for _, c := range []struct {
		layout, v, want string // want "" : refused
	}{
		{"2006-01-02", "2024-03-05", "2024-03-05"},
		{"2006-01-02", "2024-03-05 14:30:00", "2024-03-05"},
		{"2006-01-02", "2024-03-05T14:30:00Z", "2024-03-05"},
		{"2006-01-02", "2024-03-05T14:30:00.123+01:00", "2024-03-05"},
		{"2006-01-02", "2024-02-30 14:30", ""},
		{"2006-01-02", "2024-03-05x", ""},
		{"2006-01-02", "Tuesday", ""},
		{"02/01/2006", "05/03/2024 14:30", "2024-03-05"},
		{"02/01/2006", "05/03/2024", "2024-03-05"},
		{"02/01/2006", "2024-03-05 14:30", "2024-03-05"},
		{"02/01/2006", "2024-03-05", "2024-03-05"},
		{"02/01/2006", "2024-02-30", ""},
		{"02/01/2006", "2024/03/05", ""},
		{"2006-02-01", "2024-03-05", "2024-05-03"}, // the layout first
		{"1/2/2006", "3/5/2024, 2:30 PM", "2024-03-05"},
		{"1/2/2006", "03/05/2024", "2024-03-05"},
		{"2 Jan 2006", "5 Mar 2024 14:30", "2024-03-05"},
		{"Mon 2 Jan 2006", "Tue 5 Mar 2024", "2024-03-05"},
		{"02/01/2006 15:04", "05/03/2024", "2024-03-05"},
		{"2006-01-02", strings.Repeat(" ", 10000) + "2024-03-05", ""},
		{"02/01/2006", "05/03/2024 - 10/03/2024", ""},
		{"2006-01-02", "2024-03-05 (about)", ""},
		{"2006-01-02", "2024-03-05 9:05", "2024-03-05"},
	} {
		c2 := &columns{layout: c.layout}
		if i := strings.IndexByte(c.layout, ' '); i > 0 && strings.Contains(c.layout, "15") {
			c2.datePart = c.layout[:i]
		}
		d, ok := c2.parseDate(c.v)
		got := ""
		if ok {
			got = d.String()
		}
		if got != c.want {
			t.Errorf("%q with %q: got %q, want %q", c.v, c.layout, got, c.want)
		}
	}
}
