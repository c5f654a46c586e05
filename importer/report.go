package importer

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"closer"
)

// Problem is one reason a row cannot be imported: its line in the file (the
// header is line 1; 0 for the file as a whole), the target field at fault
// when known, the offending value, and the reason, written for people.
type Problem struct {
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Value  string `json:"value,omitempty"`
	Reason string `json:"reason"`
	// Format and Args are what Reason was made from, when known: the web
	// pages translate Format (a key of their catalogs) and format Args.
	Format string `json:"-"`
	Args   []any  `json:"-"`
}

// because sets the problem's reason from a format and its arguments.
func (p Problem) because(format string, args ...any) Problem {
	p.Reason, p.Format, p.Args = fmt.Sprintf(format, args...), format, args
	return p
}

// String returns "line 57: detected_on "31/02/2017": reason".
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		if p.Value != "" {
			b.WriteString(" " + strconv.QuoteToGraphic(shorten(p.Value, 60))) // "1 200" as it reads
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Reason)
	return b.String()
}

// Report tells what an import did, or would do (DryRun), or why it wrote
// nothing (Problems).
type Report struct {
	Entity    string `json:"entity"`
	Rows      int    `json:"rows"`                // data rows read
	Imported  int    `json:"imported"`            // records written (or that a dry run would write)
	Unchanged int    `json:"unchanged,omitempty"` // accounts (by name), contacts (by account and name, or e-mail), orders (by reference), quotes (by opportunity and number), activities (by kind, owner, subject, dates, opportunity and account) or opportunities (by account, title and detection date) already in the org, left as they are
	// UnchangedUndated counts, among the opportunities left as they are,
	// the rows without a detection date, found by their account and title
	// among the opportunities still open or on hold.
	UnchangedUndated int `json:"unchanged_undated,omitempty"`
	// BesideClosed lists the lines of the open or on-hold rows without a
	// detection date imported although their account has a closed
	// opportunity of that title: another deal, or the same one closed in
	// Closer since the file was exported.
	BesideClosed []int `json:"beside_closed,omitempty"`
	// Differing lists the first rows left as they are whose status, stage,
	// owner, amount or close date differ from the opportunity they found
	// (an import never overwrites one); MoreDiffering counts the others.
	Differing     []Difference `json:"differing,omitempty"`
	MoreDiffering int          `json:"more_differing,omitempty"`
	// NoReference counts the orders imported without a reference: nothing
	// tells them again, so that importing the file again adds them again.
	NoReference int                   `json:"no_reference,omitempty"`
	ByStatus    map[closer.Status]int `json:"by_status,omitempty"`
	DryRun      bool                  `json:"dry_run"`
	// What the import created besides the records, by name.
	CreatedStages []string `json:"created_stages,omitempty"`
	// StagesInFileOrder tells that some of the stages created are in the
	// order the file names them first, the mapping not giving the
	// pipeline's order: they may need reordering in the settings.
	StagesInFileOrder bool `json:"stages_in_file_order,omitempty"`
	// CreatedListEntries lists the entries added to the lists other than
	// the stages, each with its list.
	CreatedListEntries []ListEntry `json:"created_list_entries,omitempty"`
	// CreatedListItems says the same as "loss_reasons: Not recorded", for
	// the API's clients that read it before CreatedListEntries.
	CreatedListItems []string `json:"created_list_items,omitempty"`
	CreatedOwners    []string `json:"created_owners,omitempty"`
	// MatchedOwners lists the addresses that the file gives as owners, that
	// no member has, taken for the member of the same name that other rows
	// name: "jean.dupont@acme.fr → Jean Dupont".
	MatchedOwners   []string `json:"matched_owners,omitempty"`
	CreatedAccounts []string `json:"created_accounts,omitempty"`
	CreatedContacts []string `json:"created_contacts,omitempty"`
	// Repeated counts the rows of an accounts file that name an account
	// another row named already (one company on each of its contacts'
	// lines): one account each.
	Repeated int `json:"repeated,omitempty"`
	// RepeatedDiffering lists the first of those rows that give the
	// account other data (a website, a note, an owner) than the row it
	// was created from, data not kept; MoreRepeatedDiffering counts the
	// others.
	RepeatedDiffering     []RepeatedAccount `json:"repeated_differing,omitempty"`
	MoreRepeatedDiffering int               `json:"more_repeated_differing,omitempty"`
	// LeftAside lists the fields the mapping reads that the import drops:
	// an opportunity's version, which Closer's exports write (an imported
	// opportunity starts at version 1).
	LeftAside []string `json:"left_aside,omitempty"`
	// Sheet is the sheet read, when the workbook has several: Sheets.
	Sheet  string   `json:"sheet,omitempty"`
	Sheets []string `json:"sheets,omitempty"`
	// LeftOut lists the file's lines outside its table, not read: titles
	// above the header, a report's closing lines below the rows.
	LeftOut []int `json:"left_out,omitempty"`
	// SkippedRows counts the rows the mapping's skip rule left out
	// (Pipedrive's deleted deals): neither checked nor imported.
	SkippedRows int `json:"skipped_rows,omitempty"`
	// HiddenRows lists the lines of the rows read although the workbook
	// hides them (by hand, by a filter, in a collapsed group): imported as
	// the others, as Excel's "Save as CSV" keeps them, and named so that a
	// sheet filtered to the rows meant does not import the others unsaid.
	HiddenRows []int `json:"hidden_rows,omitempty"`
	// GroupTitles are the rows among LeftOut that named a group of rows
	// above its repeated header (a monday.com board's "Won"), not records.
	GroupTitles []GroupTitle `json:"group_titles,omitempty"`
	// NoHoldDate counts the on-hold rows without a hold date (held_on):
	// they are held since their detection date (today without one), the
	// earliest they can have been, so that the relaunch queue keeps the
	// oldest first and their age on hold is not 0.
	NoHoldDate int `json:"no_hold_date,omitempty"`
	// MissingColumns lists the fields whose optional column the file
	// lacks, and what each gets instead (amounts 0, detection dates
	// today…); UnreadColumns then lists the file's columns that no field
	// reads, one of which may be the one meant ("Montant HT").
	MissingColumns []MissingColumn `json:"missing_columns,omitempty"`
	UnreadColumns  []string        `json:"unread_columns,omitempty"`
	// Ignored counts, per field and status, the rows whose cell the status
	// does not use, which the import drops (a close date on an open row):
	// often the sign of a status translated wrongly.
	Ignored []IgnoredField `json:"ignored,omitempty"`
	// Retired counts, per entry, the rows that keep a retired entry of a
	// list (closed ones: history; an open or on-hold row at a retired
	// stage is a bad row).
	Retired []RetiredEntry `json:"retired_entries,omitempty"`
	// Problems lists the first bad rows; MoreProblems counts the others.
	Problems     []Problem `json:"problems,omitempty"`
	MoreProblems int       `json:"more_problems,omitempty"`
}

// IgnoredField counts the rows of a status whose cell of Field was not
// empty, and was dropped: that status does not use the field.
type IgnoredField struct {
	Field  string        `json:"field"`
	Status closer.Status `json:"status"`
	Rows   int           `json:"rows"`
}

// ListEntry is an entry of one of the org's lists, named.
type ListEntry struct {
	List closer.ListKind `json:"list"`
	Name string          `json:"name"`
}

// RetiredEntry counts the rows that keep the retired entry Name of the
// list that Field takes.
type RetiredEntry struct {
	Field string `json:"field"`
	Name  string `json:"name"`
	Rows  int    `json:"rows"`
}

// OK reports whether the import had no problem.
func (r *Report) OK() bool { return len(r.Problems) == 0 && r.MoreProblems == 0 }

func (r *Report) problem(p Problem) {
	if len(r.Problems) >= maxProblems {
		r.MoreProblems++
		return
	}
	r.Problems = append(r.Problems, p)
}

// WriteText writes the command line's summary, or its list of bad rows.
func (r *Report) WriteText(w io.Writer) {
	if !r.OK() {
		fmt.Fprintf(w, "Nothing was imported: %s in %s read.\n", countOf(len(r.Problems)+r.MoreProblems, "problem", "problems"), countOf(r.Rows, "row", "rows"))
		for _, p := range r.Problems {
			fmt.Fprintf(w, "  %s\n", p)
		}
		if r.MoreProblems > 0 {
			fmt.Fprintf(w, "  … and %d more.\n", r.MoreProblems)
		}
		r.writeSheet(w)
		r.writeMissing(w)
		return
	}
	verb, created := "Imported", "created"
	if r.DryRun {
		verb, created = "Dry run, nothing written: would import", "would create"
	}
	if r.Rows == 0 {
		// An export of an entity the organization has none of: what the
		// file lacks does not matter.
		fmt.Fprintf(w, "Nothing to import: the file has a header but no data rows (0 %s).\n", r.Entity)
		r.writeSheet(w)
		return
	}
	fmt.Fprintf(w, "%s %s from %s.\n", verb, countOf(r.Imported, entityOne[r.Entity], r.Entity), countOf(r.Rows, "row", "rows"))
	if len(r.ByStatus) > 0 {
		var parts []string
		for _, st := range closer.Statuses {
			if n := r.ByStatus[st]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", st, n))
			}
		}
		fmt.Fprintf(w, "  by status: %s\n", strings.Join(parts, ", "))
	}
	r.writeSheet(w)
	list := func(one, many string, names []string) {
		if len(names) == 0 {
			return
		}
		shown := names
		if len(shown) > 20 {
			shown = shown[:20]
		}
		more := ""
		if len(names) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(names)-len(shown))
		}
		fmt.Fprintf(w, "  %s %s: %s%s\n", created, countOf(len(names), one, many), nameList(shown), more)
	}
	if r.Unchanged > 0 {
		one, many := "account", "accounts"
		switch r.Entity {
		case EntityOrders:
			one, many = "order (same reference)", "orders (same reference)"
		case EntityOpportunities:
			one, many = "opportunity (same account, title and detection date)", "opportunities (same account, title and detection date)"
		case EntityContacts:
			one, many = "contact (same account, and same name or e-mail)", "contacts (same account, and same name or e-mail)"
		case EntityQuotes:
			one, many = "quote (same opportunity and number)", "quotes (same opportunity and number)"
		case EntityActivities:
			one, many = "activity (same kind, owner, subject, dates, opportunity and account)", "activities (same kind, owner, subject, dates, opportunity and account)"
		}
		if r.UnchangedUndated > 0 {
			one, many = "opportunity", "opportunities"
		}
		fmt.Fprintf(w, "  left as %s: %s already in the organization\n", plural(r.Unchanged, "it is", "they are"), countOf(r.Unchanged, one, many))
	}
	r.writeAgain(w)
	if r.Repeated > 0 {
		fmt.Fprintf(w, "  %s an account named on another row (same name, same city or none, same phone or none): one account each\n", countOf(r.Repeated, "row repeats", "rows repeat"))
	}
	if n := len(r.RepeatedDiffering) + r.MoreRepeatedDiffering; n > 0 {
		shown := make([]string, len(r.RepeatedDiffering))
		for i, d := range r.RepeatedDiffering {
			shown[i] = d.String()
		}
		more := ""
		if r.MoreRepeatedDiffering > 0 {
			more = fmt.Sprintf(" and %d more", r.MoreRepeatedDiffering)
		}
		fmt.Fprintf(w, "    among them, %s other data, not kept (two accounts of one name and city without a phone are one to an import: give one a phone or a name of its own to keep both): %s%s\n",
			countOf(n, "row gives", "rows give"), strings.Join(shown, ", "), more)
	}
	if r.NoReference > 0 {
		fmt.Fprintf(w, "  %s no reference: importing this file again would add %s again\n",
			countOf(r.NoReference, "order has", "orders have"), plural(r.NoReference, "it", "them"))
	}
	if len(r.LeftOut) > 0 {
		fmt.Fprintf(w, "  not read, outside the table: %s %s\n", plural(len(r.LeftOut), "line", "lines"), r.LeftOutLines())
	}
	if len(r.GroupTitles) > 0 {
		var titles []string
		for _, g := range r.GroupTitles[:min(len(r.GroupTitles), 20)] {
			titles = append(titles, fmt.Sprintf("line %d %s", g.Line, strconv.QuoteToGraphic(shorten(g.Title, 60))))
		}
		if n := len(r.GroupTitles) - len(titles); n > 0 {
			titles = append(titles, fmt.Sprintf("and %d more", n))
		}
		fmt.Fprintf(w, "    among them, group titles above a repeated header, not records (each row's status is its own): %s\n", strings.Join(titles, ", "))
	}
	if n := len(r.HiddenRows); n > 0 {
		fmt.Fprintf(w, "  %s hidden in the workbook (by hand or by a filter), read as the others: %s %s (delete them from the file to leave them out)\n",
			countOf(n, "row", "rows"), plural(n, "line", "lines"), LineRanges(r.HiddenRows))
	}
	if r.SkippedRows > 0 {
		fmt.Fprintf(w, "  %s left out by the mapping's skip rule\n", countOf(r.SkippedRows, "row", "rows"))
	}
	r.writeMissing(w)
	if len(r.LeftAside) > 0 {
		fmt.Fprintf(w, "  read and left aside: %s (an imported opportunity starts at version 1)\n", strings.Join(r.LeftAside, ", "))
	}
	if r.NoHoldDate > 0 {
		fmt.Fprintf(w, "  %s no hold date: held since %s detection date, the earliest %s can have been put on hold\n",
			countOf(r.NoHoldDate, "on-hold row has", "on-hold rows have"), plural(r.NoHoldDate, "its", "their"), plural(r.NoHoldDate, "it", "they"))
	}
	for _, ig := range r.Ignored {
		fmt.Fprintf(w, "  ignored, as that status does not use it: %s on %s\n", ig.Field, countOf(ig.Rows, string(ig.Status)+" row", string(ig.Status)+" rows"))
	}
	for _, re := range r.Retired {
		fmt.Fprintf(w, "  kept as history, though retired from its list: %s %q on %s\n", re.Field, re.Name, countOf(re.Rows, "row", "rows"))
	}
	list("stage at the end of the pipeline", "stages at the end of the pipeline", r.CreatedStages)
	if r.StagesInFileOrder {
		fmt.Fprintf(w, "    in the order the file names them first: reorder them in Settings if the pipeline runs otherwise\n")
	}
	for _, k := range closer.ListKinds {
		var names []string
		for _, e := range r.CreatedListEntries {
			if e.List == k {
				names = append(names, e.Name)
			}
		}
		one, many := strings.ReplaceAll(k.Field(), "_", " "), strings.ReplaceAll(string(k), "_", " ")
		list(one, many, names)
	}
	list("owner, a member without a password", "owners, members without a password", r.CreatedOwners)
	if len(r.MatchedOwners) > 0 {
		fmt.Fprintf(w, "  owners given by an e-mail address, found by their name: %s\n", strings.Join(r.MatchedOwners, ", "))
	}
	list("account", "accounts", r.CreatedAccounts)
	list("contact", "contacts", r.CreatedContacts)
}

// nameList writes names one after the other, separated by commas: a
// name that holds a comma or a quote is written in quotes, its quotes
// doubled, as in a CSV file, so that "Mairie de Lyon, Hôtel Bellevue" reads
// as one name, not two.
func nameList(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		if strings.ContainsAny(n, ",\"") || strings.TrimSpace(n) != n {
			n = `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
		}
		b.WriteString(n)
	}
	return b.String()
}

// writeAgain says how the opportunities left as they are were found, when
// some rows had no detection date, which rows without one were imported
// beside a closed opportunity of their title, and which rows left as they
// are differ from what the org has.
func (r *Report) writeAgain(w io.Writer) {
	if dated := r.Unchanged - r.UnchangedUndated; r.UnchangedUndated > 0 {
		if dated > 0 {
			fmt.Fprintf(w, "    %s by the same account, title and detection date\n", countOf(dated, "found", "found"))
		}
		fmt.Fprintf(w, "    %s no detection date, found by account and title: one closed the same day, or one still open or on hold\n",
			countOf(r.UnchangedUndated, "row has", "rows have"))
	}
	if n := len(r.BesideClosed); n > 0 {
		fmt.Fprintf(w, "  imported as new: %s without a detection date (%s %s) whose account has a closed opportunity of that title: another deal, unless that one was closed in Closer since (then give detection dates to tell them apart)\n",
			countOf(n, "open row", "open rows"), plural(n, "line", "lines"), LineRanges(r.BesideClosed))
	}
	if n := len(r.Differing) + r.MoreDiffering; n > 0 {
		shown := make([]string, len(r.Differing))
		for i, d := range r.Differing {
			shown[i] = d.String()
		}
		more := ""
		if r.MoreDiffering > 0 {
			more = fmt.Sprintf(" and %d more", r.MoreDiffering)
		}
		fmt.Fprintf(w, "  %s found again %s from what is stored, not updated (an import never changes an opportunity: change %s in Closer): %s%s\n",
			countOf(n, "row", "rows"), plural(n, "differs", "differ"), plural(n, "it", "them"), strings.Join(shown, ", "), more)
	}
}

// writeMissing says which fields found no column, and what they got
// instead: one line each, but one for all those left empty.
func (r *Report) writeMissing(w io.Writer) {
	var empty []string
	for _, mc := range r.MissingColumns {
		if mc.Instead == InsteadEmpty {
			empty = append(empty, mc.Field)
			continue
		}
		fmt.Fprintf(w, "  not found: %s\n", mc)
	}
	if len(empty) > 0 {
		fmt.Fprintf(w, "  not found, left empty: %s (no column in the file)\n", strings.Join(empty, ", "))
	}
	if len(r.MissingColumns) > 0 && len(r.UnreadColumns) > 0 {
		fmt.Fprintf(w, "  the file's columns not read: %s\n", strings.Join(r.UnreadColumns, ", "))
	}
}

// writeSheet names the sheet read, of a workbook of several.
func (r *Report) writeSheet(w io.Writer) {
	if r.Sheet != "" {
		fmt.Fprintf(w, "  sheet read: %q, of %d (%s)\n", r.Sheet, len(r.Sheets), strings.Join(r.Sheets, ", "))
	}
}

// LeftOutLines writes the lines left out as ranges: "1–2, 15–17".
func (r *Report) LeftOutLines() string { return LineRanges(r.LeftOut) }

// LineRanges writes sorted line numbers as ranges: "1–2, 15–17".
func LineRanges(lines []int) string {
	var parts []string
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.Itoa(lines[i]))
		} else {
			parts = append(parts, strconv.Itoa(lines[i])+"–"+strconv.Itoa(lines[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// entityOne names one record of each entity.
var entityOne = map[string]string{EntityOpportunities: "opportunity", EntityAccounts: "account", EntityContacts: "contact", EntityOrders: "order",
	EntityQuotes: "quote", EntityActivities: "activity"}

// countOf writes n and the noun in the number n takes: "1 row", "2 rows".
func countOf(n int, one, many string) string {
	return strconv.Itoa(n) + " " + plural(n, one, many)
}

// plural returns the noun in the number n takes.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !validUTF8(s[:n]) {
		n--
	}
	return s[:n] + "…"
}
