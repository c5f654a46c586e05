package importer

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"

	"closer"
)

// Where a file's table starts and ends. Reports and spreadsheets put lines
// around their table: a title, the date of the export or a filter above the
// header (and Excel's "sep=;" line); a totals row, a copyright or "Generated
// by" line below the rows. Read leaves them out and lists their lines in
// Table.LeftOut, so that the import says what it did not read.

// maxPreamble bounds the rows above the header that Read may leave out.
const maxPreamble = 10

// leadRow is one of the first non-blank rows of a file, kept until the
// header is known.
type leadRow struct {
	line       int
	cells, raw []string
}

// headerFinder gathers the first non-blank rows of a file until it can tell
// which one is the header.
type headerFinder struct {
	m    *Mapping
	rows []leadRow
	// wide is the index of the first row that fills two cells or more, -1
	// before one came.
	wide int
}

func newHeaderFinder(m *Mapping) *headerFinder { return &headerFinder{m: m, wide: -1} }

// add takes the next non-blank row and reports whether the header is known:
// a row fills two cells or more (the rows above it filled one each: titles)
// and names a column of the mapping, or the mapping names none; or
// maxPreamble rows came first. A report's key/value lines ("Période;du … au
// …") fill two cells and name no column: the header is looked for below them.
func (h *headerFinder) add(r leadRow) bool {
	h.rows = append(h.rows, r)
	if len(h.rows) > maxPreamble {
		return true
	} else if filled(r.cells) < 2 {
		return false
	}
	if h.wide < 0 {
		h.wide = len(h.rows) - 1
		if namesAColumn(h.rows[:h.wide], h.m) {
			return true // a file of one column, its first row the header (see split)
		}
	}
	return len(h.m.Columns) == 0 || namesAColumn(h.rows[len(h.rows)-1:], h.m)
}

// split returns the rows above the header (a preamble), the header, and the
// rows after it. The header is the first row that fills two cells or more
// and names a column of the mapping, or else the first that fills two cells
// or more; unless the rows above that one name a column of the mapping:
// then the file's columns hold one value each, and its first row is the
// header.
func (h *headerFinder) split() (preamble []leadRow, header leadRow, rest []leadRow) {
	if h.wide < 0 || namesAColumn(h.rows[:h.wide], h.m) {
		return nil, h.rows[0], h.rows[1:]
	}
	at := h.wide
	for i := h.wide; i < len(h.rows); i++ {
		if filled(h.rows[i].cells) >= 2 && namesAColumn(h.rows[i:i+1], h.m) {
			at = i
			break
		}
	}
	return h.rows[:at], h.rows[at], h.rows[at+1:]
}

// namesAColumn reports whether a cell of rows is a column the mapping reads.
func namesAColumn(rows []leadRow, m *Mapping) bool {
	for _, spec := range m.Columns {
		names, _ := SpecColumns(spec)
		for _, col := range names {
			for _, r := range rows {
				for _, c := range r.cells {
					if strings.EqualFold(columnName(c), columnName(col)) {
						return true
					}
				}
			}
		}
	}
	return false
}

// start takes the header the finder found, leaves out the rows above it,
// and adds the rows it read after it.
func (t *Table) start(h *headerFinder, utf8Checked bool) error {
	preamble, header, rest := h.split()
	if err := t.setHeader(header.line, header.cells); err != nil {
		return err
	}
	for _, r := range preamble {
		t.LeftOut = append(t.LeftOut, r.line)
	}
	for _, r := range rest {
		if err := t.add(r.line, r.cells, r.raw, utf8Checked); err != nil {
			return err
		}
	}
	return nil
}

// GroupTitle is a row that names the group of rows below it, left out.
type GroupTitle struct {
	Line  int    `json:"line"`
	Title string `json:"title"`
}

// dropGroupTitle leaves out the last row read, about to be followed by a
// repeated header, when it fills its first cell alone: the name of the
// group that the header starts, as a monday.com board's export writes each
// group ("Won", "Lost"), no record. It is named in GroupTitles. A group's
// name is not read as the status of the rows below it, even when a board
// groups by status: its rows have their own Status column, and a group
// named "Q3" or "Hot leads" would otherwise be a status to translate.
func (t *Table) dropGroupTitle() {
	n := len(t.Rows)
	if n == 0 {
		return
	}
	last := t.Rows[n-1]
	if filled(last.Cells) != 1 || strings.TrimSpace(last.Cells[0]) == "" {
		return
	}
	// Directly above the header: no unreadable row or left-out line between.
	if p := len(t.Problems); p > 0 && t.Problems[p-1].Line > last.Line {
		return
	} else if l := len(t.LeftOut); l > 0 && t.LeftOut[l-1] > last.Line {
		return
	}
	t.Rows = t.Rows[:n-1]
	t.LeftOut = append(t.LeftOut, last.Line)
	t.GroupTitles = append(t.GroupTitles, GroupTitle{Line: last.Line, Title: strings.TrimSpace(last.Cells[0])})
}

// leaveOutGroupTitle leaves out the CSV records of one field read after a
// blank line and before a repeated header, which dropGroupTitle cannot see
// as rows (their width is not the header's): the title of the group the
// header starts, the last one, and lines above it.
func (t *Table) leaveOutGroupTitle(rows []leadRow) {
	for i, r := range rows {
		t.LeftOut = append(t.LeftOut, r.line)
		if i == len(rows)-1 {
			t.GroupTitles = append(t.GroupTitles, GroupTitle{Line: r.line, Title: strings.TrimSpace(r.cells[0])})
		}
	}
}

// filled counts the cells of a row that hold something.
func filled(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// sepDirective reads Excel's first line "sep=;", which names the file's
// delimiter; ok is false when the file does not start with one.
func sepDirective(data []byte) (delim string, ok bool) {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) != 5 || !bytes.EqualFold(line[:4], []byte("sep=")) {
		return "", false
	}
	switch d := line[4]; d {
	case ',', ';', '\t', '|':
		return string(d), true
	}
	return "", false
}

// blankLineAt reports whether the line that starts at offset off of data
// is empty: a CSV record that follows it comes after a blank line.
func blankLineAt(data []byte, off int64) bool {
	rest := data[off:]
	rest = bytes.TrimPrefix(rest, []byte("\r"))
	return len(rest) > 0 && rest[0] == '\n'
}

// totalLabels are what a spreadsheet's totals row starts with, before the
// words that qualify it ("Total HT", "Sous-total (EUR)", "Grand total :").
var totalLabels = []string{"total", "totals", "totaux", "total général", "total general", "grand total",
	"sous-total", "sous total", "sous-totaux", "subtotal", "sub-total", "sub total", "montant total",
	"sum", "somme"}

// taxLabels are what the lines between a subtotal and a total start with
// ("TVA 20 %", "VAT"): left out only within a block that holds a total.
var taxLabels = []string{"tva", "vat", "tax", "taxes", "taxe", "sales tax", "montant tva", "montant de la tva"}

// totalQualifiers are the words that may follow a total's label: "HT",
// "TTC", "hors taxes", a currency; numbers and percentages may too.
var totalQualifiers = []string{"ht", "h.t.", "h.t", "ttc", "t.t.c.", "t.t.c", "hors", "taxes", "taxe", "tva", "vat", "tax",
	"incl.", "excl.", "including", "excluding", "net", "brut", "gross", "général", "general", "à", "a", "payer",
	"eur", "€", "usd", "$", "chf", "gbp", "£", "de", "la", "le", "des", "du", "mois", "year", "année"}

// dropTotals leaves out the block of totals rows at the end of the table:
// each row's first filled cell is a total's label ("Total", "Total HT",
// "Sous-total", "TVA 20 %", "Total TTC") and every other filled one is a
// number (at least one); the block holds a total (a tax line alone is no
// totals block), and its first row fills fewer cells than the row above it
// (a sum under a column, where the rows have their other fields).
// Imported, such a row would be an opportunity, an order or an account
// named "Total"; a real one named so (the oil company) has a city, an
// owner or a status beside its name.
func (t *Table) dropTotals() {
	start, total := len(t.Rows), false
	for start > 1 {
		kind := totalsRow(t.Rows[start-1].Cells)
		if kind == notTotals {
			break
		}
		total = total || kind == totalsLine
		start--
	}
	if !total {
		return
	}
	// The block's rows fill fewer cells than the data row above it; a
	// leading tax line without a total before it is data.
	for start < len(t.Rows) && (filled(t.Rows[start].Cells) >= filled(t.Rows[start-1].Cells) || totalsRow(t.Rows[start].Cells) != totalsLine) {
		start++
	}
	if start == len(t.Rows) {
		return
	}
	for _, r := range t.Rows[start:] {
		t.LeftOut = append(t.LeftOut, r.Line)
	}
	t.Rows = t.Rows[:start]
	slices.Sort(t.LeftOut)
}

// The kinds of row totalsRow tells apart.
const (
	notTotals = iota
	totalsLine
	taxLine
)

// totalsRow tells whether cells are a totals row, a tax line, or neither:
// a label of totalLabels (or taxLabels) and numbers only beside it.
func totalsRow(cells []string) int {
	first, number := "", false
	for _, c := range cells {
		c = strings.TrimSpace(c)
		switch {
		case c == "":
		case first == "":
			first = c
		case amountReads(c, '.') || amountReads(c, ','):
			number = true
		default:
			return notTotals // text beside the label: a record
		}
	}
	if !number {
		return notTotals
	}
	label := strings.ToLower(composed(first))
	switch {
	case labelled(label, totalLabels):
		return totalsLine
	case labelled(label, taxLabels):
		return taxLine
	}
	return notTotals
}

// labelled reports whether label is one of labels, alone or followed by
// qualifiers: words of totalQualifiers, numbers, percentages, parentheses
// and colons ("total ht :", "tva 20 %", "total (eur)").
func labelled(label string, labels []string) bool {
	for _, l := range labels {
		rest, ok := strings.CutPrefix(label, l)
		if !ok || rest != "" && !strings.ContainsAny(rest[:1], " (:") {
			continue
		}
		words := strings.FieldsFunc(rest, func(r rune) bool { return strings.ContainsRune(" \u00a0\u202f():,;/-", r) })
		if !slices.ContainsFunc(words, func(w string) bool {
			return !slices.Contains(totalQualifiers, w) && strings.Trim(w, "0123456789.,%") != ""
		}) {
			return true
		}
	}
	return false
}

// delimiterNames say a delimiter in the plural, for wrongDelimiter.
var delimiterNames = map[string]closer.Phrase{",": closer.Phrasef("commas"), ";": closer.Phrasef("semicolons"),
	"\t": closer.Phrasef("tabs"), "|": closer.Phrasef("vertical bars")}

// wrongDelimiter returns the error of a file read with the mapping's
// delimiter into one column, which another delimiter splits into the
// mapping's columns: a tab-separated file read with ",", whose header would
// otherwise be listed as one column holding all the others' names. The rows
// of the file's first lines that may be its header (see maxPreamble) are
// read again with the delimiter sniffDelimiter finds.
func wrongDelimiter(data []byte, t *Table, m *Mapping) error {
	if len(t.Header) != 1 || namesAColumn([]leadRow{{cells: t.Header}}, m) {
		return nil
	}
	return otherDelimiter(data, t.Delimiter, m)
}

// otherDelimiter returns the error of a file that seems separated by
// another delimiter than delimiter: one of its first lines, read with the
// delimiter sniffDelimiter finds, names the mapping's columns. nil
// otherwise.
func otherDelimiter(data []byte, delimiter string, m *Mapping) error {
	d := sniffDelimiter(data)
	if d == delimiter || len(m.Columns) == 0 {
		return nil
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = rune(d[0]), -1, true
	for range maxPreamble + 1 {
		rec, err := r.Read()
		if err != nil {
			return nil
		} else if len(rec) >= 2 && namesAColumn([]leadRow{{cells: rec}}, m) {
			var value any = strconv.Quote(d)
			if d == "\t" {
				value = closer.Phrasef("tab")
			}
			line, _ := r.FieldPos(0)
			return closer.FieldError("delimiter", "Line %d: the file seems to be separated by %s, not %s: set the delimiter to %s (or auto).",
				line, delimiterNames[d], delimiterNames[delimiter], value)
		}
	}
	return nil
}
