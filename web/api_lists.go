package web

import (
	"net/http"

	"closer"
)

// The five configurable lists (stages, loss and vanish reasons, competitors,
// sources) share these handlers, parametrised by their kind.

// listItems answers the entries of one list, in position order, retired
// ones included (records keep them).
func (s *Server) listItems(kind closer.ListKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := pageParams(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		l, err := s.Lists.Lists(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, pageOf(l.Of(kind), p))
	}
}

// listItemInput is the body of POST and PATCH on a list's entries.
type listItemInput struct {
	Name     optional[string] `json:"name"`
	Position optional[number] `json:"position"`
	Retired  optional[bool]   `json:"retired"`
	Price    optional[bool]   `json:"price"`
}

// apply changes the fields present in the body. A position that is not a
// whole number, or below 1, is refused as one beyond the end is (the store
// checks those): 0 is "not given" to the store.
func (in listItemInput) apply(it *closer.ListItem) error {
	if in.Name.Set {
		it.Name = in.Name.Value
	}
	if in.Position.Set {
		n, ok := in.Position.Value.int()
		if !ok || n < 1 {
			return closer.PositionError()
		}
		it.Position = n
	}
	if in.Retired.Set {
		it.Retired = in.Retired.Value
	}
	if in.Price.Set {
		it.Price = in.Price.Value
	}
	return nil
}

// createListItem adds an entry at position (1..n+1), or at the end of a
// list when the position is absent (owners only).
func (s *Server) createListItem(kind closer.ListKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in listItemInput
		if err := readJSON(w, r, &in); err != nil {
			s.fail(w, r, err)
			return
		}
		it := closer.ListItem{Kind: kind}
		if err := in.apply(&it); err != nil {
			s.fail(w, r, err)
			return
		}
		if err := s.Lists.CreateListItem(r.Context(), &it); err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, it)
	}
}

// updateListItem renames, moves, retires or restores an entry (owners only).
func (s *Server) updateListItem(kind closer.ListKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var in listItemInput
		if err := readJSON(w, r, &in); err != nil {
			s.fail(w, r, err)
			return
		}
		l, err := s.Lists.Lists(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		it, ok := l.Get(kind, id)
		if !ok {
			s.fail(w, r, closer.Errorf(closer.ENOTFOUND, "No entry %d in the list of %s.", id, kind))
			return
		}
		if err := in.apply(&it); err != nil {
			s.fail(w, r, err)
			return
		}
		if err := s.Lists.UpdateListItem(r.Context(), &it); err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, it)
	}
}
