package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// xmlScanner reads the XML of a sheet or of the shared strings as a stream
// of tags and text. A large workbook is millions of tags; the standard
// library's decoder allocates for each one (a name, attributes, a token in
// an interface), which made its reading most of an import's time. The
// scanner hands out slices of its buffer instead, valid until the next
// call. As encoding/xml's RawToken did, it does not check that tags nest
// and drops namespace prefixes; an entity it does not know is kept as
// written, and text that is not UTF-8 is kept as it is (the table reports
// such a cell).
type xmlScanner struct {
	r    io.Reader
	buf  []byte
	pos  int // the next byte to read in buf
	n    int // the bytes read into buf
	eof  bool
	err  error
	kind xmlKind
	// name is a tag's local name; attrs its attributes (name, value as
	// written); empty is a start tag that closes itself (<c r="A1"/>),
	// which next follows with its end tag; text is text, entities and
	// line ends decoded.
	name, text []byte
	attrs      [][2][]byte
	empty      bool
	scratch    []byte
}

type xmlKind int

const (
	xmlEOF xmlKind = iota
	xmlStart
	xmlEnd
	xmlText
)

const (
	xmlWindow   = 64 << 10 // bytes read at a time
	xmlMaxTag   = 1 << 20  // the longest tag, comment or CDATA section
	xmlTextKeep = 16       // bytes kept back at a window's end: an entity, a \r
)

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, xmlWindow)}
}

// is reports whether the token read last is a tag of that name.
func (s *xmlScanner) is(name string) bool { return string(s.name) == name }

// attr returns the value of the last tag's attribute of that name, its
// entities decoded; nil when it has none.
func (s *xmlScanner) attr(name string) []byte {
	for _, a := range s.attrs {
		if string(a[0]) == name {
			if bytes.IndexByte(a[1], '&') >= 0 || bytes.IndexByte(a[1], '\r') >= 0 {
				return decodeXMLText(nil, a[1])
			}
			return a[1]
		}
	}
	return nil
}

// fill reads more of the stream into the buffer, keeping its unread
// bytes; the buffer grows up to max when they fill it.
func (s *xmlScanner) fill(max int) error {
	if s.eof {
		return io.ErrUnexpectedEOF
	}
	if s.pos > 0 {
		s.n = copy(s.buf, s.buf[s.pos:s.n])
		s.pos = 0
	}
	if s.n == len(s.buf) {
		if len(s.buf) >= max {
			return fmt.Errorf("a tag longer than %d MiB", max>>20)
		}
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	m, err := io.ReadAtLeast(s.r, s.buf[s.n:], 1)
	s.n += m
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		s.eof = true
	} else if err != nil {
		return err
	}
	return nil
}

// next reads the next token into kind, name, attrs and text.
func (s *xmlScanner) next() error {
	if s.err != nil {
		return s.err
	}
	if s.kind == xmlStart && s.empty {
		s.kind, s.empty = xmlEnd, false
		return nil
	}
	s.err = s.scan()
	return s.err
}

func (s *xmlScanner) scan() error {
	for {
		if s.pos == s.n {
			if s.eof {
				s.kind = xmlEOF
				return nil
			}
			if err := s.fill(xmlMaxTag); err != nil {
				return err
			}
			continue
		}
		if s.buf[s.pos] != '<' {
			return s.scanText()
		}
		end, err := s.markupEnd()
		if err != nil {
			return err
		}
		markup := s.buf[s.pos:end]
		s.pos = end
		switch {
		case bytes.HasPrefix(markup, []byte("<![CDATA[")):
			s.kind, s.text = xmlText, markup[len("<![CDATA["):len(markup)-len("]]>")]
			if bytes.IndexByte(s.text, '\r') >= 0 {
				s.scratch = normalizeLineEnds(s.scratch[:0], s.text)
				s.text = s.scratch
			}
			return nil
		case markup[1] == '!' || markup[1] == '?': // a comment, a declaration, a processing instruction
			continue
		case markup[1] == '/':
			s.kind, s.name, s.attrs = xmlEnd, localName(bytes.TrimSpace(markup[2:len(markup)-1])), s.attrs[:0]
			return nil
		}
		return s.startTag(markup)
	}
}

// markupEnd returns the end (past its last byte) of the tag, comment,
// CDATA section or declaration that starts at pos, reading as much of the
// stream as it needs.
func (s *xmlScanner) markupEnd() (int, error) {
	for {
		m := s.buf[s.pos:s.n]
		var end int
		switch {
		case bytes.HasPrefix(m, []byte("<!--")):
			end = indexAfter(m, 4, "-->")
		case bytes.HasPrefix(m, []byte("<![CDATA[")):
			end = indexAfter(m, 9, "]]>")
		case bytes.HasPrefix(m, []byte("<?")):
			end = indexAfter(m, 2, "?>")
		case len(m) < 9 && !s.eof && (bytes.HasPrefix([]byte("<!--"), m) || bytes.HasPrefix([]byte("<![CDATA["), m)):
			end = -1 // not enough read to tell
		case len(m) > 1 && m[1] == '!':
			end = declarationEnd(m)
		default:
			end = tagEnd(m)
		}
		if end > 0 {
			return s.pos + end, nil
		}
		if err := s.fill(xmlMaxTag); err != nil {
			if err == io.ErrUnexpectedEOF {
				return 0, errors.New("the XML ends inside a tag")
			}
			return 0, err
		}
	}
}

// indexAfter returns the end of the first closing sequence in m at or
// after from, or -1.
func indexAfter(m []byte, from int, closing string) int {
	if from > len(m) {
		return -1
	}
	i := bytes.Index(m[from:], []byte(closing))
	if i < 0 {
		return -1
	}
	return from + i + len(closing)
}

// tagEnd returns the end of the tag at the start of m (a > outside quotes),
// or -1.
func tagEnd(m []byte) int {
	var quote byte
	for i := 1; i < len(m); i++ {
		switch c := m[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return -1
}

// declarationEnd returns the end of a <!DOCTYPE ...> (with its internal
// subset in brackets), or -1.
func declarationEnd(m []byte) int {
	depth := 0
	var quote byte
	for i := 2; i < len(m); i++ {
		switch c := m[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			return i + 1
		}
	}
	return -1
}

// startTag reads a start tag: its name and attributes.
func (s *xmlScanner) startTag(markup []byte) error {
	body := markup[1 : len(markup)-1]
	s.empty = len(body) > 0 && body[len(body)-1] == '/'
	if s.empty {
		body = body[:len(body)-1]
	}
	i := 0
	for i < len(body) && !xmlSpace(body[i]) {
		i++
	}
	if i == 0 {
		return errors.New("a tag has no name")
	}
	s.kind, s.name, s.attrs = xmlStart, localName(body[:i]), s.attrs[:0]
	for {
		for i < len(body) && xmlSpace(body[i]) {
			i++
		}
		if i == len(body) {
			return nil
		}
		start := i
		for i < len(body) && body[i] != '=' && !xmlSpace(body[i]) {
			i++
		}
		name := body[start:i]
		for i < len(body) && xmlSpace(body[i]) {
			i++
		}
		if i == len(body) || body[i] != '=' {
			return fmt.Errorf("the attribute %q of <%s> has no value", name, s.name)
		}
		for i++; i < len(body) && xmlSpace(body[i]); i++ {
		}
		if i == len(body) || body[i] != '"' && body[i] != '\'' {
			return fmt.Errorf("the attribute %q of <%s> is not quoted", name, s.name)
		}
		quote := body[i]
		end := bytes.IndexByte(body[i+1:], quote)
		if end < 0 {
			return fmt.Errorf("the attribute %q of <%s> is not closed", name, s.name)
		}
		s.attrs = append(s.attrs, [2][]byte{localName(name), body[i+1 : i+1+end]})
		i += end + 2
	}
}

// scanText reads text up to the next tag, or a part of a long text: a
// reader appends the parts.
func (s *xmlScanner) scanText() error {
	for {
		m := s.buf[s.pos:s.n]
		end := bytes.IndexByte(m, '<')
		if end < 0 && !s.eof && len(m) < len(s.buf)/2 {
			if err := s.fill(xmlMaxTag); err != nil && err != io.ErrUnexpectedEOF {
				return err
			}
			continue
		}
		if end < 0 {
			end = len(m)
			if !s.eof { // keep back what may be half an entity or a \r\n
				end = textCut(m)
			}
		}
		text := m[:end]
		s.pos += end
		s.kind, s.text = xmlText, text
		if bytes.IndexByte(text, '&') >= 0 || bytes.IndexByte(text, '\r') >= 0 {
			s.scratch = decodeXMLText(s.scratch[:0], text)
			s.text = s.scratch
		}
		return nil
	}
}

// textCut returns where a window of text that goes on past it may be cut:
// before the last xmlTextKeep bytes, and before an entity or a \r that
// they would split.
func textCut(m []byte) int {
	cut := len(m) - xmlTextKeep
	if amp := bytes.LastIndexByte(m[max(0, cut-xmlTextKeep):cut], '&'); amp >= 0 {
		amp += max(0, cut-xmlTextKeep)
		if bytes.IndexByte(m[amp:cut], ';') < 0 {
			cut = amp
		}
	}
	if cut > 0 && m[cut-1] == '\r' {
		cut--
	}
	return cut
}

// decodeXMLText appends text to dst with its entities (&amp; &lt; &gt;
// &quot; &apos; &#NN; &#xNN;) decoded and its line ends (\r\n, \r) made
// \n, as XML reads them. An entity it does not know stays as written.
func decodeXMLText(dst, text []byte) []byte {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '\r':
			dst = append(dst, '\n')
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
		case '&':
			semi := bytes.IndexByte(text[i:min(len(text), i+12)], ';')
			if semi < 0 {
				dst = append(dst, c)
				continue
			}
			if r, ok := xmlEntity(text[i+1 : i+semi]); ok {
				dst = utf8.AppendRune(dst, r)
				i += semi
				continue
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// normalizeLineEnds appends text to dst with its \r\n and \r made \n.
func normalizeLineEnds(dst, text []byte) []byte {
	for i := 0; i < len(text); i++ {
		if text[i] == '\r' {
			dst = append(dst, '\n')
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			continue
		}
		dst = append(dst, text[i])
	}
	return dst
}

// xmlEntity returns the character an entity's name (between & and ;)
// stands for.
func xmlEntity(name []byte) (rune, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	digits, base := name[1:], rune(10)
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	var r rune
	for _, c := range digits {
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		if r = r*base + d; r > utf8.MaxRune {
			return 0, false
		}
	}
	return r, len(digits) > 0 && utf8.ValidRune(r)
}

func xmlSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// localName returns a name without its namespace prefix (x:row is row).
func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// openPart opens a part of the archive as UTF-8: a part written in another
// encoding (UTF-16 with its byte order mark, or the one its XML
// declaration names) is decoded, and a UTF-8 byte order mark is dropped.
func openPart(f *zip.File) (io.Reader, io.Closer, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(rc, xmlWindow)
	head, _ := br.Peek(256)
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		br.Discard(len(utf8BOM))
		return br, rc, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Reader(br), rc, nil
	}
	if m := xmlDeclaredEncoding.FindSubmatch(head); m != nil {
		label := strings.ToLower(string(m[1]))
		if label != "utf-8" && label != "utf8" {
			enc, err := htmlindex.Get(label)
			if err != nil {
				rc.Close()
				return nil, nil, fmt.Errorf("its XML is in the encoding %q, which is not supported", label)
			}
			return enc.NewDecoder().Reader(br), rc, nil
		}
	}
	return br, rc, nil
}

var xmlDeclaredEncoding = regexp.MustCompile(`^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)
