package closer

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"2024-02-29", "2024-02-29", true},
		{"", "", true},
		{"1900-01-01", "1900-01-01", true},
		{"2999-12-31", "2999-12-31", true},
		{"1899-12-31", "", false},
		{"3000-01-01", "", false},
		{"2023-02-29", "", false},
		{"2024-13-01", "", false},
		{"2024-1-5", "", false},
		{"15/06/2024", "", false},
		{"2024-06-15T10:00:00Z", "", false},
		{" 2024-06-15", "", false},
		{"2024-06-15\x00", "", false},
		{"<script>", "", false},
		{"0000-00-00", "", false},
	} {
		d, err := ParseDate(c.in)
		if (err == nil) != c.ok || d.String() != c.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q ok=%v", c.in, d, err, c.want, c.ok)
		}
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		On Date `json:"on"`
	}
	b, err := json.Marshal(doc{On: MustDate("2024-06-15")})
	if err != nil || string(b) != `{"on":"2024-06-15"}` {
		t.Fatalf("marshal: %s %v", b, err)
	}
	if b, _ := json.Marshal(doc{}); string(b) != `{"on":null}` {
		t.Fatalf("marshal zero: %s", b)
	}
	for in, want := range map[string]string{`{"on":"2024-06-15"}`: "2024-06-15", `{"on":null}`: "", `{"on":""}`: "", `{}`: ""} {
		var d doc
		if err := json.Unmarshal([]byte(in), &d); err != nil || d.On.String() != want {
			t.Errorf("unmarshal %s: %q %v", in, d.On, err)
		}
	}
	for _, in := range []string{`{"on":20240615}`, `{"on":"2024-06-31"}`, `{"on":"yesterday"}`, `{"on":true}`, `{"on":["2024-06-15"]}`, `{"on":"1066-10-14"}`} {
		var d doc
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("unmarshal %s: accepted as %q", in, d.On)
		}
	}
}

func TestDateArithmeticAndStorage(t *testing.T) {
	d := MustDate("2024-01-31")
	if d.AddMonths(1).String() != "2024-03-02" || d.AddDays(30).String() != "2024-03-01" || d.DaysUntil(MustDate("2024-03-01")) != 30 {
		t.Fatalf("arithmetic: %s %s", d.AddMonths(1), d.AddDays(30))
	}
	if !d.Before(d.AddDays(1)) || d.After(d) || d.Year() != 2024 || d.Month() != time.January || d.Day() != 31 {
		t.Fatal("comparisons")
	}
	// 23:30 UTC on 14 June is already 15 June in Paris.
	paris, _ := time.LoadLocation("Europe/Paris")
	if got := DateOf(time.Date(2024, 6, 14, 23, 30, 0, 0, time.UTC), paris); got.String() != "2024-06-15" {
		t.Fatalf("DateOf: %s", got)
	}
	if v, _ := (Date{}).Value(); v != nil {
		t.Fatalf("zero date stored as %v", v)
	}
	if v, _ := d.Value(); v != "2024-01-31" {
		t.Fatalf("stored as %v", v)
	}
	var s Date
	for _, src := range []any{"2024-01-31", []byte("2024-01-31"), time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)} {
		if err := s.Scan(src); err != nil || s != d {
			t.Errorf("scan %T: %s %v", src, s, err)
		}
	}
	if err := s.Scan(nil); err != nil || !s.IsZero() {
		t.Errorf("scan nil: %s %v", s, err)
	}
	if err := s.Scan(int64(20240131)); err == nil {
		t.Error("scan of an integer accepted")
	}
	if err := s.Scan("31/01/2024"); err == nil {
		t.Error("scan of a bad text accepted")
	}
}

// FuzzParseDate checks that any text either parses to a date that prints
// back as itself, or is refused; never a panic.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-06-15", "", "2024-02-30", "9999-99-99", "-001-01-01", "2024-06-15\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) prints as %q", s, d)
		}
		if s != "" && (d.Year() < 1900 || d.Year() > 2999) {
			t.Fatalf("ParseDate(%q) out of bounds", s)
		}
		b, _ := d.MarshalJSON()
		var back Date
		if err := back.UnmarshalJSON(b); err != nil || back != d {
			t.Fatalf("JSON round trip of %q: %s %v", s, b, err)
		}
	})
}
