package web

import (
	"net/http"
	"slices"

	"closer"
)

// getAuditLog answers the org's audit log, newest first (owners only),
// filtered by action and by who acted (an id or an e-mail, like owner).
func (s *Server) getAuditLog(w http.ResponseWriter, r *http.Request) {
	f, err := s.auditFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	entries, total, err := s.Audit.AuditLog(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(entries, total))
}

// auditFilter reads action, user (a member, an inactive one included: who
// else acted in the org), limit and offset. The owner check comes
// first, so that a refused reader learns nothing from a bad parameter.
func (s *Server) auditFilter(r *http.Request) (closer.AuditFilter, error) {
	a, err := closer.CurrentActor(r.Context())
	if err != nil {
		return closer.AuditFilter{}, err
	} else if err := a.CanAdminister(); err != nil {
		return closer.AuditFilter{}, err
	}
	f := closer.AuditFilter{Action: r.URL.Query().Get("action")} // exactly, as every closed set of values
	if f.Action != "" && !slices.Contains(closer.AuditActions, f.Action) {
		return f, invalidRequest("action", "Action must be %s, not %q.", orList(closer.AuditActions), f.Action)
	}
	if f.Page, err = pageParams(r); err != nil {
		return f, err
	}
	f.UserID, err = s.queryMember(r, "user")
	return f, err
}

// recordExport writes an export to the audit log before it streams: an
// export that cannot be recorded does not happen.
func (s *Server) recordExport(r *http.Request, entity, format string) error {
	return s.Audit.Record(r.Context(), closer.AuditEntry{Action: closer.AuditExport, Target: entity, Detail: format})
}
