package importer

import (
	"bytes"
	"strings"
	"testing"
)

func FuzzParseMapping(f *testing.F) {
	f.Add([]byte(specMapping))
	f.Add([]byte(`{"columns": {"title": "a|b?"}, "delimiter": "auto", "encoding": "auto"}`))
	f.Add([]byte(`{"entity": "orders", "columns": {"amount": "x"}, "date_format": "02/01/2006 15:04"}`))
	f.Add([]byte(`{"columns": {"title": "a"}, "values": {"status": {"": ""}}}`))
	for _, p := range Profiles() {
		m, _ := Profile(p.Name)
		f.Add([]byte(m.String()))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMapping(bytes.NewReader(data))
		if err != nil {
			return
		}
		again, err := ParseMapping(strings.NewReader(m.String()))
		if err != nil || again.String() != m.String() {
			t.Fatalf("a valid mapping does not survive JSON: %v", err)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("title,amount,detected_on\nA,\"1 200,5\",2017-01-01\n\"B\nC\",x,\n"), ",", "utf-8")
	f.Add([]byte("\xef\xbb\xbfTitre;Montant\nCaf\xe9;1,5\n"), "auto", "auto")
	f.Add([]byte("a\tb\n1\t2\t3\n\"x\"y\t\n"), "\t", "windows-1252")
	f.Add([]byte("a,a\n"), ",", "utf-8")
	f.Add([]byte(""), ",", "utf-8")
	f.Fuzz(func(t *testing.T, data []byte, delim, enc string) {
		m, err := ParseMapping(strings.NewReader(`{"columns": {"title": "title", "amount": "amount?", "detected_on": "detected_on?"}}`))
		if err != nil {
			t.Fatal(err)
		}
		m.Delimiter, m.Encoding = delim, enc
		if m.Validate() != nil {
			return
		}
		tb, err := Read("fuzz.csv", bytes.NewReader(data), m)
		if err != nil {
			return
		}
		last := 1
		for _, r := range tb.Rows {
			if r.Line <= last || len(r.Cells) != len(tb.Header) {
				t.Fatalf("row %+v after line %d, header %d", r, last, len(tb.Header))
			}
			last = r.Line
		}
		if tb.Column("title") < 0 {
			return
		}
		// Checking the rows must never panic, whatever they hold.
		_, _ = Run(ownerCtx(), newFakeStore(), m, tb, Options{Now: fixedNow})
	})
}
