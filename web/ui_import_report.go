package web

import (
	"strings"

	"closer"
	"closer/importer"
)

// The import report's sentences about the file's columns: the fields that
// found none, and what they got instead (F3 of the fourth QA round: a
// profile's column under another name was silently not read).

// MissingColumn says, in the reader's language, that a field found no
// column in the file and what it got instead, with the form's label:
// "Montant : pas de colonne « Montant » dans le fichier : montants mis à 0".
func (v *view) MissingColumn(mc importer.MissingColumn) string {
	return translate(v.Lang, "imp.missing", v.FieldLabel(mc.Field), v.columnNames(mc.Columns), v.instead(mc))
}

// MissingHere says the same on the mapping step, under the field's select.
func (v *view) MissingHere(mc *importer.MissingColumn) string {
	return translate(v.Lang, "imp.missing_here", v.columnNames(mc.Columns), v.instead(*mc))
}

// MissingEmpty lists, with their labels, the fields that found no column
// and are left empty.
func (v *view) MissingEmpty(missing []importer.MissingColumn) string {
	var labels []string
	for _, mc := range missing {
		if mc.Instead == importer.InsteadEmpty {
			labels = append(labels, v.FieldLabel(mc.Field))
		}
	}
	if len(labels) == 0 {
		return ""
	}
	return translate(v.Lang, "imp.missing_empty", strings.Join(labels, ", "))
}

func (v *view) instead(mc importer.MissingColumn) string {
	if mc.Instead == importer.InsteadDefault {
		return translate(v.Lang, "imp.instead.default", mc.Default)
	}
	return translate(v.Lang, "imp.instead."+mc.Instead)
}

// columnNames writes a field's columns as the reader's language quotes
// them: « Montant » ou « Date ».
func (v *view) columnNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = translate(v.Lang, "imp.column_name", n)
	}
	return strings.Join(q, translate(v.Lang, "imp.missing_or"))
}

// createdEntries are the entries an import added to one list, under the
// list's title as the settings show it ("Motifs de perte").
type createdEntries struct {
	List  closer.ListKind
	Title string
	Names []string
}

// CreatedEntries groups the list entries an import added by list, in the
// settings' order, where the report once showed "loss_reasons: Délai".
func (v *view) CreatedEntries(entries []importer.ListEntry) []createdEntries {
	var out []createdEntries
	for _, k := range closer.ListKinds {
		g := createdEntries{List: k, Title: translate(v.Lang, "set.list."+string(k)+".title")}
		for _, e := range entries {
			if e.List == k {
				g.Names = append(g.Names, e.Name)
			}
		}
		if len(g.Names) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// GroupTitles names the rows left out that named a group of rows above its
// repeated header (a monday.com board's "Won"), the first 20.
func (v *view) GroupTitles(groups []importer.GroupTitle) string {
	var titles []string
	for _, g := range groups[:min(len(groups), 20)] {
		titles = append(titles, translate(v.Lang, "imp.group_title", g.Line, g.Title))
	}
	if len(groups) > len(titles) {
		titles = append(titles, "…")
	}
	return translate(v.Lang, "imp.group_titles", strings.Join(titles, ", "))
}

// LineRanges writes sorted line numbers as ranges: "1–2, 15".
func (v *view) LineRanges(lines []int) string { return importer.LineRanges(lines) }

// Differing says which rows found again, left as they are, differ from
// what is stored: "2 lignes retrouvées diffèrent … : ligne 5 (Statut
// Gagnée, enregistré : Ouverte ; Montant 9 999,00 €, enregistré : 0,00 €)".
func (v *view) Differing(rep *importer.Report) string {
	shown := make([]string, len(rep.Differing))
	for i, d := range rep.Differing {
		fields := make([]string, len(d.Fields))
		for j, f := range d.Fields {
			fields[j] = translate(v.Lang, "imp.difference_field", v.FieldLabel(f.Field), v.differenceValue(f.Field, f.File), v.differenceValue(f.Field, f.Stored))
		}
		sep := "; "
		if v.Lang == "fr" {
			sep = " ; "
		}
		shown[i] = translate(v.Lang, "imp.difference", d.Line, strings.Join(fields, sep))
	}
	if rep.MoreDiffering > 0 {
		shown = append(shown, translate(v.Lang, "imp.and_more", rep.MoreDiffering))
	}
	return v.N("imp.differing", len(rep.Differing)+rep.MoreDiffering, strings.Join(shown, ", "))
}

// differenceValue writes a FieldDiff's value in the reader's language: a
// status's label, an amount in the org's currency, "none" for nothing.
func (v *view) differenceValue(field, value string) string {
	switch {
	case value == "":
		return translate(v.Lang, "imp.difference_none")
	case field == "status":
		return translate(v.Lang, "status."+value)
	case field == "amount":
		if m, err := closer.ParseDecimal(value); err == nil {
			return v.Money(m)
		}
	}
	return value
}
