package web

import (
	"mime"
	"net/http"

	"closer"
	"closer/export"
)

// exportSource returns what an export reads, from the server's services.
func (s *Server) exportSource() export.Source {
	return export.Source{Records: s.Exports, Lists: s.Lists, Orgs: s.Orgs, Lookups: s.Lookups}
}

// writeTracker remembers whether anything reached the client, so that an
// error before the first byte still answers a proper error.
type writeTracker struct {
	http.ResponseWriter
	wrote bool
}

func (t *writeTracker) Write(b []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(b)
}

// getExport streams every record of an entity of the org (opportunities by
// default) as CSV (default), JSON or XLSX, as an attachment; every member
// may export, consultants included, but for the contacts, which a consultant
// does not export (closer.Actor.CanExportContacts): refused before anything
// is recorded or sent. The columns are SPEC section 4's field
// names, references are names and amounts are in major units (see package
// export), so that the file re-imports with a plain mapping.
func (s *Server) getExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format, err := export.ParseFormat(q.Get("format"))
	if err != nil {
		s.fail(w, r, asBadRequest(err))
		return
	}
	entity, err := export.ParseEntity(q.Get("entity"))
	if err != nil {
		s.fail(w, r, asBadRequest(err))
		return
	}
	if entity == export.EntityContacts {
		a, err := closer.CurrentActor(r.Context())
		if err == nil {
			err = a.CanExportContacts()
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	slug := ""
	if org := orgFromContext(r.Context()); org != nil {
		slug = org.Slug
	}
	if err := s.recordExport(r, entity, format); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", export.ContentType(format))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": export.FileName(slug, entity, format)}))
	tw := &writeTracker{ResponseWriter: w}
	err = export.Write(r.Context(), s.exportSource(), entity, format, tw)
	switch {
	case err == nil:
	case !tw.wrote:
		h.Del("Content-Disposition")
		s.fail(w, r, err)
	default:
		// The status is sent: cut the connection so that the client sees
		// a broken transfer, never a complete-looking truncated file.
		if r.Context().Err() == nil {
			s.logger().Error("export failed", "org", slug, "entity", entity, "format", format, "err", err)
		}
		panic(http.ErrAbortHandler)
	}
}
