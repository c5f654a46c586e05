package web

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"closer"
	"closer/importer"
)

// maxImportFile bounds the file of POST .../imports; larger imports go
// through the command line (closer import).
const maxImportFile = 64 << 20

// maxImportField bounds the text parts (mapping, profile, dry_run).
const maxImportField = 1 << 20

// importRequestTime bounds POST .../imports: its upload and its import,
// which a large file on a loaded server makes outlast the server's own
// timeouts (closer serve: 5 minutes to read a request, 5 to answer it; a
// file of 62 MB once took 5 min 15 s, committed, and its client got no
// answer). The request gets this long to upload and import, and a minute
// more to answer: an import still running then is stopped, nothing
// written, and the answer says so.
const importRequestTime = 30 * time.Minute

// importRequest is what the multipart form of POST .../imports holds.
type importRequest struct {
	fileName string
	file     []byte
	hasFile  bool
	mapping  string
	profile  string
	dryRun   bool
}

// importFailure is the answer of an import refused for its rows: the error
// envelope every error has, and the report listing each bad row.
type importFailure struct {
	Error  errorDetail      `json:"error"`
	Report *importer.Report `json:"report"`
}

// createImport imports a CSV or XLSX file, all or nothing (managers and
// owners): 200 with the report when every row is valid (and written,
// unless dry_run), 422 with the report and its bad rows when not, and then
// nothing is written; 409 when the org's import, or as many as the server
// runs at once, is running (importSlots).
func (s *Server) createImport(w http.ResponseWriter, r *http.Request) {
	actor, err := closer.CurrentActor(r.Context())
	if err == nil {
		err = actor.CanManage()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.importSlotFree(actor.OrgID); err != nil {
		// Refused before the file is read: the answer goes at once, and
		// the connection closes rather than read what the client still
		// sends (Go's server would otherwise read up to 256 KB of it
		// before answering).
		w.Header().Set("Connection", "close")
		s.fail(w, r, err)
		return
	}
	ctx, cancel := importDeadline(w, r)
	defer cancel()
	in, err := readImportForm(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := in.mappingDoc()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	release, err := s.importSlot(actor.OrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer release()
	t, err := importer.ReadBytes(in.fileName, in.file, m)
	in.file = nil // the table holds the rows: the file's bytes can go while they are imported
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := importer.Run(ctx, s.Bulk, m, t, importer.Options{DryRun: in.dryRun, Now: s.Now})
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = closer.FieldError("file", "The import took longer than %d minutes and was stopped: nothing was imported. Import this file with closer import, which has no time limit.", int(importRequestTime/time.Minute))
	}
	if err != nil && rep != nil && closer.ErrorCode(err) == closer.EINVALID {
		writeJSON(w, http.StatusUnprocessableEntity, importFailure{
			Error:  errorDetail{Code: closer.EINVALID, Message: closer.ErrorMessage(err), Field: "file"},
			Report: rep,
		})
		return
	}
	s.answer(w, r, http.StatusOK, rep, err)
}

// importDeadline gives an import's request importRequestTime from now to
// read its body (a large file on a slow line), and a minute more to
// answer, past the server's own timeouts; it returns the context that
// stops the import at importRequestTime, so that the answer still goes.
func importDeadline(w http.ResponseWriter, r *http.Request) (context.Context, context.CancelFunc) {
	now := time.Now()
	rc := http.NewResponseController(w)
	// A writer that cannot move its deadlines (a test's recorder) has none
	// to move: the errors say nothing to act upon.
	_ = rc.SetReadDeadline(now.Add(importRequestTime))
	_ = rc.SetWriteDeadline(now.Add(importRequestTime + time.Minute))
	return context.WithDeadline(r.Context(), now.Add(importRequestTime))
}

// mappingDoc returns the mapping of the request: its mapping document, or
// the built-in profile it names (exactly one of the two).
func (in *importRequest) mappingDoc() (*importer.Mapping, error) {
	switch {
	case in.mapping != "" && in.profile != "":
		return nil, invalidRequest("profile", "Send either a mapping or a profile, not both.")
	case in.profile != "":
		m, ok := importer.Profile(in.profile)
		if !ok {
			var names []string
			for _, p := range importer.Profiles() {
				names = append(names, p.Name)
			}
			return nil, invalidRequest("profile", "Unknown profile %q (built in: %s).", in.profile, strings.Join(names, ", "))
		}
		return m, nil
	case in.mapping != "":
		return importer.ParseMapping(strings.NewReader(in.mapping))
	}
	return nil, invalidRequest("mapping", "Send a mapping (a JSON document) or the name of a built-in profile.")
}

// readImportForm reads the multipart form of POST .../imports: file, mapping
// or profile, dry_run. A malformed form, an unknown or repeated part, or a
// file over maxImportFile answers 400.
func readImportForm(w http.ResponseWriter, r *http.Request) (*importRequest, error) {
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "multipart/form-data" || params["boundary"] == "" {
		return nil, invalidRequest("", "Send the file as multipart/form-data (fields file, mapping or profile, dry_run).")
	}
	body := http.MaxBytesReader(w, r.Body, maxImportFile+4*maxImportField)
	mr := multipart.NewReader(body, params["boundary"])
	in := &importRequest{}
	seen := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, formError(err)
		}
		name := part.FormName()
		if seen[name] {
			return nil, invalidRequest(name, "The form has %q twice.", name)
		}
		seen[name] = true
		switch name {
		case "file":
			in.fileName = part.FileName()
			if in.file, err = readPart(part, maxImportFile, "file"); err != nil {
				return nil, err
			}
			in.hasFile = true
		case "mapping", "profile", "dry_run":
			v, err := readPart(part, maxImportField, name)
			if err != nil {
				return nil, err
			}
			switch name {
			case "mapping":
				in.mapping = strings.TrimSpace(string(v))
			case "profile":
				in.profile = strings.TrimSpace(string(v))
			case "dry_run":
				if in.dryRun, err = strconv.ParseBool(strings.TrimSpace(string(v))); err != nil {
					return nil, invalidRequest("dry_run", "dry_run must be true or false, not %q.", shortText(string(v)))
				}
			}
		default:
			return nil, invalidRequest(name, "Unknown form field %q (file, mapping, profile, dry_run).", shortText(name))
		}
	}
	if !in.hasFile {
		return nil, invalidRequest("file", "Send the CSV or XLSX file in the form field file.")
	}
	return in, nil
}

// readPart reads a part of at most limit bytes.
func readPart(p *multipart.Part, limit int64, field string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(p, limit+1))
	if err != nil {
		return nil, formError(err)
	} else if int64(len(b)) > limit {
		return nil, invalidRequest(field, "%s is larger than %d MiB.", field, limit>>20)
	}
	return b, nil
}

// formError turns a failure to read the form into a 400.
func formError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return invalidRequest("file", "The request is larger than %d MiB.", tooLarge.Limit>>20)
	}
	return invalidRequest("", "The multipart form could not be read: %v.", err)
}

// shortText cuts a value quoted in an error message.
func shortText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// profileJSON is a built-in mapping profile: its name, what it reads, and
// the mapping itself, to use as it is or to adapt.
type profileJSON struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Mapping     *importer.Mapping `json:"mapping"`
}

// listImportProfiles answers the built-in mapping profiles (every member),
// a page of them as every list.
func (s *Server) listImportProfiles(w http.ResponseWriter, r *http.Request) {
	page, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var items []profileJSON
	for _, p := range importer.Profiles() {
		m, _ := importer.Profile(p.Name)
		items = append(items, profileJSON{Name: p.Name, Description: p.Description, Mapping: m})
	}
	writeJSON(w, http.StatusOK, pageOf(items, page))
}
