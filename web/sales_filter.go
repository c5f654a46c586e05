package web

import (
	"net/http"

	"closer"
)

// salesFilter reads the filters shared by quotes, orders and activities:
// opportunity, account, owner, kind (checked against kinds), open, from, to,
// limit and offset. A bad value answers 400 naming its parameter.
func (s *Server) salesFilter(r *http.Request, kinds []string) (closer.SalesFilter, error) {
	var f closer.SalesFilter
	var err error
	if f.Page, err = pageParams(r); err != nil {
		return f, err
	}
	if f.OpportunityID, err = s.queryOpportunity(r); err != nil {
		return f, err
	}
	if f.AccountID, err = s.queryAccount(r); err != nil {
		return f, err
	}
	if f.OwnerID, err = s.queryOwner(r); err != nil {
		return f, err
	}
	if f.Open, err = queryBool(r, "open"); err != nil {
		return f, err
	}
	if f.From, f.To, err = queryDateRange(r, "from", "to"); err != nil {
		return f, err
	}
	if f.Kind = r.URL.Query().Get("kind"); r.URL.Query().Has("kind") && !contains(kinds, f.Kind) {
		return f, invalidRequest("kind", "Kind must be %s, not %q.", orList(kinds), f.Kind)
	}
	return f, nil
}

// kindNames returns the names of a string-typed enumeration.
func kindNames[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
