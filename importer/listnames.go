package importer

import (
	"strings"

	"closer"
)

// findListItem finds the entry of the org's list k that a file's value
// names, by name only: a cell is the name of a stage, reason, competitor or
// source (or what the mapping's values translate it to), never a database
// id. A column of codes ("3", "-1") would otherwise land on whichever entry
// has that id in this org's list (and on the entries the import is about to
// create, whose ids are temporary), another in another org, silently; a
// code is a name like any other, to translate in values.
//
// The entry of that name case aside (closer.SameListName, as the API and
// the settings tell entries apart) is it; else the one entry of that name
// accents aside too (closer.SortKey, as owners are matched): "Negociation"
// is Négociation, "DELAI" Délai, rather than a second entry beside it at the
// end of the list. Two entries that the name matches so (a list that holds
// "Délai" and "Delai", neither written as the cell is) are an error that
// names them: the import does not guess. found is false when no entry
// matches: the import then creates one.
func findListItem(l *closer.Lists, k closer.ListKind, name string) (it closer.ListItem, found bool, err error) {
	name = strings.TrimSpace(name)
	items := l.Of(k)
	for _, e := range items {
		if closer.SameListName(e.Name, name) {
			return e, true, nil
		}
	}
	key := closer.SortKey(name)
	var same []closer.ListItem
	for _, e := range items {
		if closer.SortKey(strings.TrimSpace(e.Name)) == key {
			same = append(same, e)
		}
	}
	switch len(same) {
	case 0:
		return closer.ListItem{}, false, nil
	case 1:
		return same[0], true, nil
	}
	names := make([]string, len(same))
	for i, e := range same {
		names[i] = "«" + e.Name + "»"
	}
	return closer.ListItem{}, false, closer.FieldError(k.Field(), "%d entries of the list match this name, accents and case aside (%s): the import cannot tell which one is meant; write it as one of them, or translate it in the mapping's values.",
		len(same), strings.Join(names, ", "))
}
