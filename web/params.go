package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"closer"
)

// Paging bounds of every list endpoint.
const (
	defaultLimit = 50
	maxLimit     = 500
)

// listBody is the envelope of every list answer: a page of items and the
// total number of items the filters select.
type listBody[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// newList returns the envelope of items, never with a null items array.
func newList[T any](items []T, total int) listBody[T] {
	if items == nil {
		items = []T{}
	}
	return listBody[T]{Items: items, Total: total}
}

// pageOf returns a page of items held in memory (orgs, members, lists).
func pageOf[T any](items []T, p closer.Page) listBody[T] {
	total := len(items)
	lo := min(p.Offset, total)
	hi := min(lo+p.Limit, total)
	return newList(items[lo:hi], total)
}

// pageParams reads limit (1 to 500, default 50) and offset (0 or more).
func pageParams(r *http.Request) (closer.Page, error) {
	p := closer.Page{Limit: defaultLimit}
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return p, invalidRequest("limit", "limit must be an integer from 1 to %d, not %q.", maxLimit, v)
		}
		p.Limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, invalidRequest("offset", "offset must be an integer of 0 or more, not %q.", v)
		}
		p.Offset = n
	}
	return p, nil
}

// pathID reads the {id} of the path; anything but a positive integer names
// nothing, and answers 404 like an unknown id.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, closer.Errorf(closer.ENOTFOUND, "Not found: %q is not an id.", r.PathValue("id"))
	}
	return id, nil
}

// queryID reads an optional id parameter (0 when absent).
func queryID(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, invalidRequest(name, "%s must be an id (a positive integer), not %q.", name, v)
	}
	return id, nil
}

// queryDate reads an optional YYYY-MM-DD parameter.
func queryDate(r *http.Request, name string) (closer.Date, error) {
	d, err := closer.ParseDate(r.URL.Query().Get(name))
	if err != nil {
		return d, invalidRequest(name, "%s: %v.", name, err)
	}
	return d, nil
}

// queryDateRange reads two optional YYYY-MM-DD parameters that bound a
// range of dates, fromName's on or before toName's (closer.CheckRange):
// swapped dates answer 400 naming toName, not an empty list.
func queryDateRange(r *http.Request, fromName, toName string) (from, to closer.Date, err error) {
	if from, err = queryDate(r, fromName); err != nil {
		return from, to, err
	}
	if to, err = queryDate(r, toName); err != nil {
		return from, to, err
	}
	if err := closer.CheckRange(toName, from, to); err != nil {
		return from, to, asBadRequest(err)
	}
	return from, to, nil
}

// queryBool reads an optional true/false parameter.
func queryBool(r *http.Request, name string) (*bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, invalidRequest(name, "%s must be true or false, not %q.", name, v)
	}
	return &b, nil
}

// queryOwner reads the owner parameter: a user id or an e-mail address of
// a member of the org (an inactive one included: their history counts);
// anyone else answers 400, as a filter that names nobody would answer an
// empty list taken for a true one.
func (s *Server) queryOwner(r *http.Request) (int64, error) {
	return s.queryMember(r, "owner")
}

// queryMember reads a parameter naming a member of the org (an inactive one
// included), by id or e-mail, as queryOwner does; 0 when it is absent.
func (s *Server) queryMember(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return 0, nil
	}
	id, err := s.userID(r.Context(), ref(v), name)
	if closer.ErrorCode(err) == closer.EINVALID {
		return 0, invalidRequest(name, "%s", closer.ErrorMessage(err))
	} else if err != nil {
		return 0, err
	}
	members, err := s.Orgs.Members(r.Context())
	if err != nil {
		return 0, err
	}
	if !slices.ContainsFunc(members, func(m closer.Member) bool { return m.UserID == id }) {
		return 0, invalidRequest(name, "No member %d in this organization.", id)
	}
	return id, nil
}

// queryAccount reads the account parameter: the id of one of the org's
// accounts. An unknown id, or another org's (which the org cannot tell from
// an unknown one), answers 400 as an unknown owner or stage does: a filter
// that names nothing would answer an empty list taken for a true one.
func (s *Server) queryAccount(r *http.Request) (int64, error) {
	id, err := queryID(r, "account")
	if err != nil || id == 0 {
		return id, err
	}
	_, err = s.Accounts.FindAccount(r.Context(), id)
	return id, unknownRecord(err, "account", "No account %d in this organization.", id)
}

// queryOpportunity reads the opportunity parameter: the id of one of the
// org's opportunities; another answers 400, as in queryAccount.
func (s *Server) queryOpportunity(r *http.Request) (int64, error) {
	id, err := queryID(r, "opportunity")
	if err != nil || id == 0 {
		return id, err
	}
	_, err = s.Opportunities.FindOpportunity(r.Context(), id)
	return id, unknownRecord(err, "opportunity", "No opportunity %d in this organization.", id)
}

// unknownRecord turns the ENOTFOUND of a filter's lookup into a 400 naming
// the parameter; another error is returned as it is.
func unknownRecord(err error, name, format string, args ...any) error {
	if closer.ErrorCode(err) == closer.ENOTFOUND {
		return invalidRequest(name, format, args...)
	}
	return err
}

// userID resolves a reference to a user: an id, or an e-mail address. The
// store checks that the user of an id is a member of the org. An e-mail is
// looked up among the org's members only, so that the answer is the same
// for a user of another org as for nobody: an org learns nothing of who
// else uses Closer.
func (s *Server) userID(ctx context.Context, r ref, field string) (int64, error) {
	if r == "" {
		return 0, nil
	}
	if id, err := strconv.ParseInt(string(r), 10, 64); err == nil && id > 0 {
		return id, nil
	}
	if strings.Contains(string(r), "@") {
		members, err := s.Orgs.Members(ctx)
		if err != nil {
			return 0, err
		}
		for _, m := range members {
			if strings.EqualFold(m.Email, strings.TrimSpace(string(r))) {
				return m.UserID, nil
			}
		}
		return 0, closer.FieldError(field, "Nobody with the e-mail %s is a member of this organization.", r)
	}
	return 0, closer.FieldError(field, "%s must be a user id or an e-mail address, not %q.", field, r)
}

// recordID resolves a reference that only an id can give (a contact, an
// opportunity): digits, or none.
func recordID(r ref, field string) (int64, error) {
	if r == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(string(r), 10, 64)
	if err != nil || id <= 0 {
		return 0, closer.FieldError(field, "%s must be an id, not %q.", field, r)
	}
	return id, nil
}

// nullableID is an id that answers null when it is 0 ("none").
type nullableID int64

// MarshalJSON writes the id, or null for 0.
func (id nullableID) MarshalJSON() ([]byte, error) {
	if id == 0 {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(id), 10), nil
}
