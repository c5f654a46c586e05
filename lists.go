package closer

import (
	"math"
	"strconv"
	"strings"
)

// ListKind names one of the org's configurable lists.
type ListKind string

// The org's configurable lists.
const (
	ListStages        ListKind = "stages"         // the ordered pipeline of open opportunities
	ListLossReasons   ListKind = "loss_reasons"   // why somebody else got the order
	ListVanishReasons ListKind = "vanish_reasons" // why nobody got it
	ListCompetitors   ListKind = "competitors"    // who wins against us
	ListSources       ListKind = "sources"        // how opportunities are detected
)

// ListKinds lists every configurable list, in settings order.
var ListKinds = []ListKind{ListStages, ListLossReasons, ListVanishReasons, ListCompetitors, ListSources}

// ParseListKind checks that s names a list.
func ParseListKind(s string) (ListKind, error) {
	for _, k := range ListKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", FieldError("kind", "Unknown list %q.", s)
}

// Field returns the opportunity field that takes an entry of this list.
func (k ListKind) Field() string {
	switch k {
	case ListStages:
		return "stage"
	case ListLossReasons:
		return "loss_reason"
	case ListVanishReasons:
		return "vanish_reason"
	case ListCompetitors:
		return "competitor"
	case ListSources:
		return "source"
	}
	return string(k)
}

// ListItem is one entry of a configurable list. Retired entries stay for the
// records that use them but are no longer offered.
type ListItem struct {
	ID       int64    `json:"id"`
	Kind     ListKind `json:"-"`
	Name     string   `json:"name"`
	Position int      `json:"position"`
	Retired  bool     `json:"retired"`
	Price    bool     `json:"price,omitempty"` // a loss reason about price: a lost opportunity then needs a note
}

// Validate checks an entry before it is stored.
func (it *ListItem) Validate() error {
	it.Name = NormalizeName(it.Name)
	if it.Name == "" {
		return FieldError("name", "The name is required.")
	} else if err := CheckLine("name", it.Name, 100); err != nil {
		return err
	} else if it.Kind == ListCompetitors && SameName(it.Name, CompetitorUnknown) {
		return FieldError("name", "%q is built in: it says the winner is not known.", CompetitorUnknown)
	}
	if it.Price && it.Kind != ListLossReasons {
		return FieldError("price", "Only a loss reason can be about price.")
	}
	if it.Position < 0 || it.Position > MaxListPosition {
		return PositionError()
	}
	return nil
}

// MaxListPosition bounds an entry's position: both databases store it as a
// 32-bit integer, and a list never comes near that many entries.
const MaxListPosition = math.MaxInt32

// PositionError is the answer to a position that is not a whole number
// from 1 to MaxListPosition, before the list's length is known.
func PositionError() error {
	return FieldError("position", "The position must be a whole number from 1 (first) to the number of entries in the list (last).")
}

// CheckPosition refuses a position outside 1..last: an org's list holds
// its n entries at positions 1..n, so an entry moves to 1..n, and a new one
// goes to 1..n+1 (n+1: at the end). A position out of range is refused
// naming position, never read as "the end": 0 reads as "first" to people,
// and moving a stage to the end without a word reorders the pipeline and
// the funnel with it. A ListItem's Position 0 means "not given" (a new
// entry goes at the end, a moved one stays); an API request that gives 0
// is refused before it gets here. The store calls it where it applies
// positions, inside the transaction that counts the list.
func CheckPosition(pos, last int) error {
	if pos < 1 || pos > last {
		return FieldError("position", "The position must be a whole number from 1 (first) to %d (last).", last)
	}
	return nil
}

// SameListName reports whether two names of a list's entries are the same
// name (SameName: normalised, case aside): Resolve finds entries by name
// this way, so a list never holds two entries that differ only in case or
// in how "é" or a space is written, which would look alike and split the
// losses by reason or by competitor.
func SameListName(a, b string) bool {
	return SameName(a, b)
}

// CompetitorUnknown is what the competitor field takes when nobody knows who won.
const CompetitorUnknown = "unknown"

// Lists holds an org's configurable lists, to resolve and check references.
type Lists struct {
	Stages        []ListItem
	LossReasons   []ListItem
	VanishReasons []ListItem
	Competitors   []ListItem
	Sources       []ListItem
}

// Of returns the entries of one list.
func (l *Lists) Of(k ListKind) []ListItem {
	switch k {
	case ListStages:
		return l.Stages
	case ListLossReasons:
		return l.LossReasons
	case ListVanishReasons:
		return l.VanishReasons
	case ListCompetitors:
		return l.Competitors
	case ListSources:
		return l.Sources
	}
	return nil
}

// Add appends an entry to the list of its kind.
func (l *Lists) Add(it ListItem) {
	switch it.Kind {
	case ListStages:
		l.Stages = append(l.Stages, it)
	case ListLossReasons:
		l.LossReasons = append(l.LossReasons, it)
	case ListVanishReasons:
		l.VanishReasons = append(l.VanishReasons, it)
	case ListCompetitors:
		l.Competitors = append(l.Competitors, it)
	case ListSources:
		l.Sources = append(l.Sources, it)
	}
}

// Get returns the entry of kind k with id, or false.
func (l *Lists) Get(k ListKind, id int64) (ListItem, bool) {
	for _, it := range l.Of(k) {
		if it.ID == id {
			return it, true
		}
	}
	return ListItem{}, false
}

// Name returns the name of entry id, or "" when there is none.
func (l *Lists) Name(k ListKind, id int64) string {
	it, _ := l.Get(k, id)
	return it.Name
}

// Resolve finds an entry by id (digits) or by name (SameListName: case
// aside, however "é" or a space is written). An empty ref resolves to the
// zero entry. Retired entries resolve too (records keep them) unless
// active is set, for new choices: a retired one is then refused as such,
// naming it, since the list still shows it (retired) and "not in the
// list" would send its reader looking for it there.
func (l *Lists) Resolve(k ListKind, ref string, active bool) (ListItem, error) {
	ref = NormalizeName(ref)
	if ref == "" {
		return ListItem{}, nil
	}
	var retired *ListItem
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		if it, ok := l.Get(k, id); ok {
			if !active || !it.Retired {
				return it, nil
			}
			retired = &it
		}
	}
	for _, it := range l.Of(k) {
		if !SameListName(it.Name, ref) {
			continue
		} else if !active || !it.Retired {
			return it, nil
		} else if retired == nil {
			retired = &it
		}
	}
	if retired != nil {
		return ListItem{}, FieldError(k.Field(), "«%s» is retired: choose an active one (or restore it in Settings).", retired.Name)
	}
	return ListItem{}, FieldError(k.Field(), "%q is not in the org's list of %s.", ref, strings.ReplaceAll(string(k), "_", " "))
}

// FirstStage returns the first active stage of the pipeline.
func (l *Lists) FirstStage() (ListItem, bool) {
	for _, it := range l.Stages {
		if !it.Retired {
			return it, true
		}
	}
	return ListItem{}, false
}

// DefaultLists returns the lists a new org starts with, in French ("fr") or
// English (anything else). The owner edits them in the settings.
func DefaultLists(lang string) map[ListKind][]ListItem {
	fr := lang == "fr"
	pick := func(f, e []string) []string {
		if fr {
			return f
		}
		return e
	}
	out := map[ListKind][]ListItem{}
	add := func(k ListKind, names []string) {
		for i, n := range names {
			out[k] = append(out[k], ListItem{Kind: k, Name: n, Position: i + 1})
		}
	}
	add(ListStages, pick(
		[]string{"Détection", "Qualification", "Proposition", "Négociation"},
		[]string{"Detection", "Qualification", "Proposal", "Negotiation"}))
	add(ListLossReasons, pick(
		[]string{"Prix", "Délai", "Produit inadapté", "Relation avec le concurrent", "Service après-vente", "Réponse trop tardive"},
		[]string{"Price", "Lead time", "Product fit", "Relationship with the competitor", "After-sales service", "Answered too late"}))
	out[ListLossReasons][0].Price = true
	add(ListVanishReasons, pick(
		[]string{"Pas de budget", "Autres priorités", "Statu quo", "Besoin disparu", "Projet annulé", "Plus de réponse"},
		[]string{"No budget", "Other priorities", "Status quo", "Need disappeared", "Project cancelled", "No answer"}))
	add(ListSources, pick(
		[]string{"Recommandation", "Site web", "Salon", "Prospection", "Client existant", "Appel entrant"},
		[]string{"Referral", "Website", "Trade show", "Prospecting", "Existing customer", "Inbound call"}))
	return out
}
