package importer

import (
	"archive/zip"
	"strings"
)

// The text of an XLSX workbook: the shared strings that most cells point
// to, read once, and the escapes that the format writes for characters XML
// cannot hold.

// readSharedStrings reads the workbook's table of shared strings, in order:
// a cell of type "s" holds an index into it.
func readSharedStrings(f *zip.File) ([]string, error) {
	r, c, err := openPart(f)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	x := newXMLScanner(r)
	var (
		out  []string
		text richText
	)
	for {
		if err := x.next(); err != nil {
			return nil, err
		}
		switch x.kind {
		case xmlEOF:
			return out, nil
		case xmlStart:
			if x.is("si") {
				text.reset()
			} else {
				text.start(x.name)
			}
		case xmlEnd:
			if x.is("si") {
				out = append(out, text.String())
			} else {
				text.end(x.name)
			}
		case xmlText:
			text.write(x.text)
		}
	}
}

// richText gathers the text of a string item (a shared string's <si>, an
// inline string's <is>): its <t>, or the <t> of each of its runs <r>, but
// not the phonetic guide of East Asian text (<rPh>), which Excel does not
// show in the cell.
type richText struct {
	b        []byte
	inT      bool
	phonetic int
}

func (r *richText) reset() { r.b, r.inT, r.phonetic = r.b[:0], false, 0 }

func (r *richText) start(name []byte) {
	switch string(name) {
	case "t":
		r.inT = true
	case "rPh":
		r.phonetic++
	}
}

func (r *richText) end(name []byte) {
	switch string(name) {
	case "t":
		r.inT = false
	case "rPh":
		r.phonetic--
	}
}

func (r *richText) write(data []byte) {
	if r.inT && r.phonetic == 0 {
		r.b = append(r.b, data...)
	}
}

// String returns the text, its escapes decoded.
func (r *richText) String() string {
	return unescapeXLSX(string(r.b))
}

// unescapeXLSX decodes the escapes _xHHHH_ that a workbook writes for the
// characters XML 1.0 cannot hold (a carriage return is _x000D_); _x005F_
// is an underscore, so that _x005F_x000D_ is the text "_x000D_". A lone
// surrogate is dropped, as excelize did.
func unescapeXLSX(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 {
			break
		}
		r, ok := escapedRune(s[i:])
		if !ok {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		if r < 0xD800 || r > 0xDFFF { // not half of a UTF-16 pair
			b.WriteRune(r)
		}
		s = s[i+7:]
	}
	b.WriteString(s)
	return b.String()
}

// escapedRune reads the escape _xHHHH_ at the start of s.
func escapedRune(s string) (rune, bool) {
	if len(s) < 7 || s[6] != '_' {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[2:6]) {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
