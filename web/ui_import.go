package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"closer"
	"closer/importer"
)

// The import screen (managers and owners): upload a CSV or XLSX file, map
// its columns (from a built-in profile or by hand) with a preview of its
// first rows, then a dry run or the real import, all or nothing. The file
// waits between the steps in a server-side temp file known by a random id;
// the browser only ever holds the id. An import runs in a goroutine whose
// phase a small JSON endpoint reports for the progress bar.

const (
	importTTL         = time.Hour // an upload is forgotten (and its file deleted) after this
	importPreviewRows = 10
	importMaxValues   = 50 // distinct values offered for translation
	importJobTimeout  = 15 * time.Minute
	importWait        = 2 * time.Second // how long a page waits for a job before showing its progress
)

// importUpload is a file waiting to be imported, and its latest job.
type importUpload struct {
	id, name, path string
	orgID, userID  int64
	created        time.Time
	mapping        *importer.Mapping // the mapping last submitted, to show it again
	profile        string
	entity         string // what the file holds: importer.EntityOpportunities, …
	job            *importJob
}

// importJob is one run of the importer over an upload.
type importJob struct {
	mu    sync.Mutex
	phase string // reading, then importer.PhaseChecking and PhaseWriting, done
	// rows of the phase done so far, out of total (the importer's
	// Progress): the file's rows when checking, those to write (not those
	// found again in the org) when writing; once done, both are the file's
	// rows, read.
	rows, total, read int
	dryRun            bool
	report            *importer.Report
	err               error
	done              chan struct{}
}

// importProgress is the answer of GET .../import/{id}/progress: the phase
// (reading, checking, writing, done), the rows of the phase done so far and
// its rows in all (0 while reading; see importJob).
type importProgress struct {
	Phase  string `json:"phase"`
	Rows   int    `json:"rows"`
	Total  int    `json:"total"`
	Done   bool   `json:"done"`
	DryRun bool   `json:"dry_run"`
}

func (j *importJob) set(phase string, rows, total int) {
	j.mu.Lock()
	j.phase, j.rows, j.total = phase, rows, total
	j.mu.Unlock()
}

func (j *importJob) progress() importProgress {
	j.mu.Lock()
	defer j.mu.Unlock()
	return importProgress{Phase: j.phase, Rows: j.rows, Total: j.total, Done: j.phase == "done", DryRun: j.dryRun}
}

// importUploads holds the uploads of every org, by id. It lives in memory:
// a restart forgets them and the reader uploads the file again.
var importUploads = struct {
	sync.Mutex
	m map[string]*importUpload
}{m: map[string]*importUpload{}}

// sweepImports forgets the uploads older than importTTL and deletes their
// files; the first sweep of a process also deletes the files that an earlier
// process left behind when it stopped.
func sweepImports(now time.Time) {
	leftovers.Do(func() { removeStaleUploads(now) })
	importUploads.Lock()
	defer importUploads.Unlock()
	for id, u := range importUploads.m {
		if now.Sub(u.created) > importTTL && (u.job == nil || u.job.progress().Done) {
			if u.path != "" {
				os.Remove(u.path)
			}
			delete(importUploads.m, id)
		}
	}
}

// leftovers runs removeStaleUploads once per process.
var leftovers sync.Once

// removeStaleUploads deletes the upload files in the temporary directory that
// are older than importTTL: no process still serves them.
func removeStaleUploads(now time.Time) {
	paths, _ := filepath.Glob(filepath.Join(os.TempDir(), "closer-import-*"))
	for _, p := range paths {
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() && now.Sub(fi.ModTime()) > importTTL {
			os.Remove(p)
		}
	}
}

// importUploadOf returns the upload of {id} if it belongs to the reader in
// this org; anything else is not found.
func importUploadOf(r *http.Request) (*importUpload, error) {
	sweepImports(time.Now())
	a, err := closer.CurrentActor(r.Context())
	if err != nil {
		return nil, err
	}
	importUploads.Lock()
	u, ok := importUploads.m[r.PathValue("id")]
	importUploads.Unlock()
	if !ok || u.orgID != a.OrgID || u.userID != a.UserID {
		return nil, closer.Errorf(closer.ENOTFOUND, "This upload has expired: upload the file again.")
	}
	return u, nil
}

// importAccess refuses the import screen to salespeople and consultants.
func importAccess(r *http.Request) error { return settingsAccess(r) }

// importData is the import screen at one of its steps.
type importData struct {
	Profiles []importer.ProfileInfo
	Profile  string
	Entity   string   // what the file holds
	Entities []string // what a file may hold
	Error    string   // about the file or the whole form
	Upload   *importUpload
	// The mapping step.
	Header       []string
	HeaderLine   int
	Sheet        string   // the sheet read, of an XLSX file
	Sheets       []string // the workbook's sheets
	LeftOut      []int    // the lines outside the table
	LeftOutLines string   // the same, as "1–2, 15"
	Hidden       []int    // the rows a workbook hides, read as the others
	Preview      []importer.Row
	RowCount     int
	Fields       []string
	Columns      map[string]string // field → the file's column
	Values       map[string][]importValue
	Defaults     map[string]string
	Mapping      *importer.Mapping
	DateFormats  []dateOption
	FieldErrors  map[string]string
	Statuses     []closer.Status // the report's statuses, in order
	Required     map[string]bool // the fields a row must fill
	// Missing are the mapped fields whose column the file lacks, by field.
	Missing      map[string]*importer.MissingColumn
	TooManyVals  map[string]bool
	Progress     importProgress
	Report       *importer.Report
	ReportError  string
	MappingJSON  string
	DefaultNames []string
	// Unread is true when the file was not read (no import slot was free):
	// the page shows no preview, and the mapping as it came.
	Unread bool
	// SkipJSON is the mapping's skip rule, which the form shows read-only
	// and posts back as it is (see mappingFromForm).
	SkipJSON string
}

// importValue is one distinct value of a translated column and its target.
type importValue struct {
	From, To string
}

// ID returns the upload's id for the pages.
func (d *importData) ID() string { return d.Upload.id }

// FileName returns the uploaded file's name.
func (d *importData) FileName() string { return d.Upload.name }

// Col returns the column chosen for a field.
func (d *importData) Col(field string) string { return d.Columns[field] }

// importPage shows the upload form.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	if err := importAccess(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "import", s.newView(w, r, "imp.title", &importData{Profiles: importer.Profiles(), Profile: r.URL.Query().Get("profile"),
		Entity: importEntity(r.URL.Query().Get("entity")), Entities: importEntities}))
}

// postImportUpload keeps the uploaded file in a temp file and opens the mapping step.
func (s *Server) postImportUpload(w http.ResponseWriter, r *http.Request) {
	if err := importAccess(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	a, _ := closer.CurrentActor(r.Context())
	lang := recLang(r)
	d := &importData{Profiles: importer.Profiles(), Entity: importer.EntityOpportunities, Entities: importEntities}
	refuse := func(status int, msg string) {
		d.Error = msg
		s.render(w, r, status, "import", s.newView(w, r, "imp.title", d))
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxImportFile+maxImportField)
	mr, err := r.MultipartReader()
	if err != nil {
		refuse(http.StatusBadRequest, translate(lang, "imp.err.form"))
		return
	}
	var up *importUpload
	defer func() {
		if up != nil && up.path != "" && d.Error != "" {
			os.Remove(up.path)
		}
	}()
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				refuse(http.StatusRequestEntityTooLarge, translate(lang, "imp.err.too_large", maxImportFile>>20))
			} else {
				refuse(http.StatusBadRequest, translate(lang, "imp.err.form"))
			}
			return
		}
		switch part.FormName() {
		case "profile":
			b, _ := io.ReadAll(io.LimitReader(part, 200))
			d.Profile = strings.TrimSpace(string(b))
		case "entity":
			b, _ := io.ReadAll(io.LimitReader(part, 200))
			d.Entity = importEntity(string(b))
		case "file":
			if up != nil || part.FileName() == "" {
				continue
			}
			f, err := os.CreateTemp("", "closer-import-*")
			if err != nil {
				s.failPage(w, r, err)
				return
			}
			up = &importUpload{name: part.FileName(), path: f.Name(), orgID: a.OrgID, userID: a.UserID, created: time.Now()}
			n, err := io.Copy(f, io.LimitReader(part, maxImportFile+1))
			f.Close()
			var tooLarge *http.MaxBytesError
			if n > maxImportFile || errors.As(err, &tooLarge) {
				refuse(http.StatusRequestEntityTooLarge, translate(lang, "imp.err.too_large", maxImportFile>>20))
				return
			} else if err != nil {
				refuse(http.StatusBadRequest, translate(lang, "imp.err.form"))
				return
			} else if n == 0 {
				refuse(http.StatusUnprocessableEntity, translate(lang, "imp.err.empty"))
				return
			}
		}
	}
	if up == nil {
		refuse(http.StatusUnprocessableEntity, translate(lang, "imp.err.no_file"))
		return
	}
	up.id = newImportID()
	up.profile, up.entity = d.Profile, d.Entity
	// A profile reads one entity (closer-contacts: contacts), which the
	// form's default (opportunities) gives way to; an entity chosen
	// otherwise sets aside a profile of another one.
	if m, ok := importer.Profile(d.Profile); ok && (d.Entity == importer.EntityOpportunities || d.Entity == m.Entity) {
		up.entity = importEntity(m.Entity)
	} else if d.Entity != importer.EntityOpportunities {
		up.profile = ""
	}
	importUploads.Lock()
	importUploads.m[up.id] = up
	importUploads.Unlock()
	http.Redirect(w, r, recOrgPath(r, "import/"+up.id), http.StatusSeeOther)
}

// newImportID returns a random id for an upload: 128 bits, in hex.
func newImportID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// importMappingPage shows the mapping step: the profile's mapping (or the
// last one submitted) over the file's preview.
func (s *Server) importMappingPage(w http.ResponseWriter, r *http.Request) {
	if err := importAccess(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	up, err := importUploadOf(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	m := up.mapping
	profile := up.profile
	if p := r.URL.Query().Get("profile"); p != "" || m == nil {
		if p != "" {
			profile = p
		}
		m = nil
		if pm, ok := importer.Profile(profile); ok {
			m = pm
		}
	}
	if m == nil {
		m = &importer.Mapping{Entity: importEntity(up.entity), Columns: map[string]string{}, Delimiter: "auto", Encoding: "auto", DateFormat: closer.DateLayout, DecimalSeparator: "."}
	}
	s.showImportMapping(w, r, http.StatusOK, up, profile, m, nil, "")
}

// showImportMapping reads the file with m's options and shows the mapping step.
//
// Reading the file takes an import's memory (six to nine bytes per byte of
// a CSV file, see defaultMaxImports), so it takes an import's slot too:
// while the org imports, or while the server runs as many imports as it
// may, the page says so (409) and shows the mapping without the file.
// The preview cannot read less than the whole file: it counts the rows,
// lists the lines left out below the table, and the distinct values of
// the columns to translate.
func (s *Server) showImportMapping(w http.ResponseWriter, r *http.Request, status int, up *importUpload, profile string, m *importer.Mapping, fieldErrs map[string]string, msg string) {
	lang := recLang(r)
	entity := importEntity(m.Entity)
	d := &importData{Upload: up, Profiles: importer.Profiles(), Profile: profile, Entity: entity, Mapping: m, Fields: importer.Fields(entity),
		Columns: map[string]string{}, Values: map[string][]importValue{}, Defaults: map[string]string{}, FieldErrors: fieldErrs, Error: msg,
		Required: importRequired[entity], TooManyVals: map[string]bool{}, DefaultNames: importDefaults[entity],
		DateFormats: dateOptions(lang, m.DateFormat)}
	if d.FieldErrors == nil {
		d.FieldErrors = map[string]string{}
	}
	if release, err := s.importSlot(up.orgID); err != nil {
		status = http.StatusConflict
		if d.Error == "" { // a refused import says why already
			d.Error = errorText(lang, err)
		}
		d.keepMapping()
	} else {
		defer release() // until the page is written: the table lives until then
		t, err := readImportFile(up, m)
		if err != nil {
			if closer.ErrorCode(err) != closer.EINVALID {
				s.failPage(w, r, err)
				return
			}
			d.FieldErrors["file"] = errorText(lang, err)
			status = http.StatusUnprocessableEntity
			t = &importer.Table{}
		}
		d.preview(t)
	}
	for _, f := range d.DefaultNames {
		d.Defaults[f] = m.Defaults[f]
	}
	d.MappingJSON = m.String()
	if len(m.Skip) > 0 {
		b, _ := json.Marshal(m.Skip)
		d.SkipJSON = string(b)
	}
	s.render(w, r, status, "import_mapping", s.newView(w, r, "imp.title", d))
}

// preview fills the mapping step from the file's table: its header and
// first rows, the columns the mapping's fields find in it (guessed when
// the mapping names none), and the values to translate.
func (d *importData) preview(t *importer.Table) {
	m := d.Mapping
	if len(m.Columns) == 0 { // a mapping being made: guess what the file says
		guessColumns(m, t)
		importer.GuessOptions(m, t)
	}
	d.Header, d.HeaderLine, d.RowCount, d.Sheet, d.Sheets = t.Header, t.HeaderLine, len(t.Rows), t.Sheet, t.Sheets
	d.LeftOut, d.LeftOutLines = t.LeftOut, importer.LineRanges(t.LeftOut)
	d.Hidden = t.Hidden
	d.Preview = slices.Clone(t.Rows[:min(len(t.Rows), importPreviewRows)]) // not the whole table's array
	for _, f := range d.Fields {
		d.Columns[f] = resolveColumn(t, m.Columns[f])
	}
	if len(t.Header) > 0 {
		d.Missing = map[string]*importer.MissingColumn{}
		for _, mc := range importer.MissingColumns(m, t) {
			d.Missing[mc.Field] = &mc
		}
	}
	skipped := importer.SkipRows(m, t) // their values need no translation
	for _, f := range importValueFields[d.Entity] {
		col := t.Column(d.Columns[f])
		if d.Columns[f] == "" || col < 0 {
			continue
		}
		seen := map[string]bool{}
		var vals []string
		for i, row := range t.Rows {
			v := strings.TrimSpace(row.Cells[col])
			if v == "" || seen[v] || skipped != nil && skipped(&t.Rows[i]) {
				continue
			}
			if len(vals) == importMaxValues {
				d.TooManyVals[f] = true
				break
			}
			seen[v] = true
			vals = append(vals, v)
		}
		sort.Strings(vals)
		for _, v := range vals {
			to, ok := m.Values[f][v]
			if !ok {
				to = guessValue(d.Entity, f, v)
			}
			d.Values[f] = append(d.Values[f], importValue{From: v, To: to})
		}
	}
}

// keepMapping fills the mapping step from the mapping alone, the file
// unread (Unread): its columns as it names them and its values'
// targets, which the form posts back as they came, so that a refused
// preview or import loses nothing that was chosen.
func (d *importData) keepMapping() {
	m := d.Mapping
	d.Unread = true
	for _, f := range d.Fields {
		d.Columns[f] = m.Columns[f]
	}
	for _, f := range importValueFields[d.Entity] {
		for _, from := range slices.Sorted(maps.Keys(m.Values[f])) {
			d.Values[f] = append(d.Values[f], importValue{From: from, To: m.Values[f][from]})
		}
	}
}

// resolveColumn returns the file's column that a mapping's column spec
// ("Contact person|Person?") names, or "".
func resolveColumn(t *importer.Table, spec string) string {
	names, _ := importer.SpecColumns(spec)
	for _, c := range names {
		if i := t.Column(c); i >= 0 {
			return t.Header[i]
		}
	}
	return ""
}

// readImportFile reads an upload with the options of m.
func readImportFile(up *importUpload, m *importer.Mapping) (*importer.Table, error) {
	if up.path == "" {
		return nil, closer.Errorf(closer.ENOTFOUND, "This upload has expired: upload the file again.")
	}
	data, err := os.ReadFile(up.path)
	if err != nil {
		return nil, closer.Errorf(closer.ENOTFOUND, "This upload has expired: upload the file again.")
	}
	opts := *m
	if opts.Delimiter == "tab" {
		opts.Delimiter = "\t"
	}
	t, err := importer.ReadBytes(up.name, data, &opts)
	if err == nil {
		// The screen refuses a file of a header alone, which the command
		// line and the API import as nothing to import (a scripted move of
		// an organization with an empty entity): uploaded here, it is more
		// likely the wrong file.
		err = t.NoRows()
	}
	return t, err
}

// guessColumns fills a mapping that names no column yet with the file's
// columns named like a field: its name ("amount", "ordered_on" or "ordered
// on") or its label in French or English ("Montant", "Amount"), ignoring
// case. The manager sees the guesses on the mapping step and changes them.
func guessColumns(m *importer.Mapping, t *importer.Table) {
	if m.Columns == nil {
		m.Columns = map[string]string{}
	}
	for _, f := range importer.Fields(m.Entity) {
		names := []string{f, strings.ReplaceAll(f, "_", " ")}
		for _, lang := range langs {
			names = append(names, translate(lang, "imp.field."+f))
		}
		names = append(names, importer.ColumnAliases(f)...)
		for _, n := range names {
			if i := t.Column(n); i >= 0 {
				m.Columns[f] = t.Header[i]
				break
			}
		}
	}
}

// importEntities are what a file may hold, in the order the upload form offers them.
var importEntities = importer.Entities

// importEntity returns the entity a form names, opportunities by default.
func importEntity(s string) string {
	if s = strings.TrimSpace(s); slices.Contains(importEntities, s) {
		return s
	}
	return importer.EntityOpportunities
}

// importRequired marks, per entity, the fields every row must fill.
var importRequired = map[string]map[string]bool{
	importer.EntityOpportunities: {"title": true},
	importer.EntityAccounts:      {"name": true},
	importer.EntityContacts:      {"name": true},
	importer.EntityOrders:        {"account": true, "ordered_on": true},
	importer.EntityQuotes:        {"opportunity": true, "number": true},
	importer.EntityActivities:    {"kind": true, "subject": true},
}

// importDefaults are, per entity, the fields the mapping step offers a
// default for: what history rarely records.
var importDefaults = map[string][]string{
	importer.EntityOpportunities: {"loss_reason", "competitor", "vanish_reason"},
	importer.EntityOrders:        {"kind"},
}

// mappingFromForm builds a mapping from the mapping step's form.
func mappingFromForm(r *http.Request) *importer.Mapping {
	r.ParseForm()
	f := r.PostForm
	entity := importEntity(f.Get("entity"))
	m := &importer.Mapping{Entity: entity, Columns: map[string]string{}, Values: map[string]map[string]string{}, Defaults: map[string]string{},
		DateFormat: strings.TrimSpace(f.Get("date_format")), DecimalSeparator: f.Get("decimal_separator"), Delimiter: f.Get("delimiter"), Encoding: f.Get("encoding"),
		Sheet: f.Get("sheet")}
	for _, field := range importer.Fields(entity) {
		if c := strings.TrimSpace(f.Get("col." + field)); c != "" {
			m.Columns[field] = c
		} else if c := strings.TrimSpace(f.Get("missing." + field)); c != "" && c != "?" {
			// The column the mapping looked for and the file lacks, kept
			// (optional) unless another is chosen: the report then says
			// that the field found none, and what it got instead.
			m.Columns[field] = c
		}
		if v := strings.TrimSpace(f.Get("def." + field)); v != "" {
			m.Defaults[field] = v
		}
	}
	// The form edits no skip rule: it shows the profile's, and posts it
	// back as it came, so that a dry run and the import keep it.
	if skip := f.Get("skip"); skip != "" {
		json.Unmarshal([]byte(skip), &m.Skip)
	}
	for _, field := range importValueFields[entity] {
		if m.Columns[field] == "" {
			continue // no column to translate: the values of a column just unset
		}
		n, _ := strconv.Atoi(f.Get("nval." + field))
		for i := 0; i < n && i < importMaxValues; i++ {
			from := f.Get("from." + field + "." + strconv.Itoa(i))
			to := strings.TrimSpace(f.Get("to." + field + "." + strconv.Itoa(i)))
			if from == "" || (field != "stage" && to == "") { // a stage may translate to none
				continue
			}
			if m.Values[field] == nil {
				m.Values[field] = map[string]string{}
			}
			m.Values[field][from] = to
		}
	}
	return m
}

// postImportMapping refreshes the preview with the submitted options, or
// starts a dry run or the import with the submitted mapping.
func (s *Server) postImportMapping(w http.ResponseWriter, r *http.Request) {
	if err := importAccess(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	up, err := importUploadOf(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	lang := recLang(r)
	m := mappingFromForm(r)
	profile := r.PostForm.Get("profile")
	if pm, ok := importer.Profile(profile); ok && pm.Entity == m.Entity {
		m.StageOrder = pm.StageOrder // the form does not show it: the profile's pipeline order
	}
	action := r.PostForm.Get("action")
	if action == "preview" {
		s.showImportMapping(w, r, http.StatusOK, up, profile, m, nil, "")
		return
	}
	check := m.Clone()
	if err := check.Validate(); err != nil {
		field := closer.ErrorField(err)
		errs := map[string]string{field: errorText(lang, err)}
		s.showImportMapping(w, r, http.StatusUnprocessableEntity, up, profile, m, errs, errorText(lang, err))
		return
	}
	up.mapping, up.profile = m, profile
	if err := s.startImport(w, r, up, check, action != "import"); err != nil {
		s.showImportMapping(w, r, http.StatusConflict, up, profile, m, nil, errorText(lang, err))
	}
}

// postImportRun runs the import for real with the mapping of the last dry run.
func (s *Server) postImportRun(w http.ResponseWriter, r *http.Request) {
	if err := importAccess(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	up, err := importUploadOf(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if up.mapping == nil {
		http.Redirect(w, r, recOrgPath(r, "import/"+up.id), http.StatusSeeOther)
		return
	}
	m := up.mapping.Clone()
	if err := m.Validate(); err != nil {
		s.failPage(w, r, err)
		return
	}
	if err := s.startImport(w, r, up, m, false); err != nil {
		s.showImportMapping(w, r, http.StatusConflict, up, up.profile, up.mapping, nil, errorText(recLang(r), err))
	}
}

// startImport runs the importer in a goroutine (one job per upload at a
// time), waits a moment so that small files answer at once, and shows the
// job's page. An upload whose job runs shows that job; when another import
// of the org runs, or as many as the server runs at once (importSlots),
// nothing starts and the error says so: the caller shows it.
func (s *Server) startImport(w http.ResponseWriter, r *http.Request, up *importUpload, m *importer.Mapping, dryRun bool) error {
	importUploads.Lock()
	running := up.job != nil && !up.job.progress().Done
	var release func()
	if !running {
		var err error
		if release, err = s.importSlot(up.orgID); err != nil {
			importUploads.Unlock()
			return err
		}
		up.job = &importJob{phase: "reading", dryRun: dryRun, done: make(chan struct{})}
	}
	job := up.job
	importUploads.Unlock()
	if !running {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), importJobTimeout)
		go func() {
			defer cancel()
			defer close(job.done)
			defer release()
			s.runImport(ctx, up, job, m, release)
		}()
	}
	select {
	case <-job.done:
	case <-time.After(importWait):
	}
	http.Redirect(w, r, recOrgPath(r, "import/"+up.id+"/job"), http.StatusSeeOther)
	return nil
}

// runImport reads the file and runs the importer, recording each phase.
// It releases the import's slot before it says the job is done: the next
// import may start as soon as this one shows its report.
func (s *Server) runImport(ctx context.Context, up *importUpload, job *importJob, m *importer.Mapping, release func()) {
	finish := func(rep *importer.Report, err error) {
		release()
		job.mu.Lock()
		job.report, job.err, job.phase, job.rows, job.total = rep, err, "done", job.read, job.read
		job.mu.Unlock()
	}
	defer func() {
		if p := recover(); p != nil {
			s.logger().Error("import panicked", "panic", p)
			finish(nil, errors.New("import panicked"))
		}
	}()
	t, err := readImportFile(up, m)
	if err != nil {
		finish(nil, err)
		return
	}
	job.mu.Lock()
	job.phase, job.rows, job.total, job.read = importer.PhaseChecking, 0, len(t.Rows), len(t.Rows)
	job.mu.Unlock()
	progress := func(p importer.Progress) { job.set(p.Phase, p.Rows, p.Total) }
	rep, err := importer.Run(ctx, s.Bulk, m, t, importer.Options{DryRun: job.dryRun, Now: s.Now, Progress: progress})
	if err == nil && !job.dryRun {
		importUploads.Lock()
		os.Remove(up.path)
		up.path = ""
		importUploads.Unlock()
		s.publishChange(ctx) // the import ran after its request answered
	}
	finish(rep, err)
}

// importJobPage shows a job's progress (refreshing itself without
// JavaScript) or, once done, its report.
func (s *Server) importJobPage(w http.ResponseWriter, r *http.Request) {
	if err := importAccess(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	up, err := importUploadOf(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if up.job == nil {
		http.Redirect(w, r, recOrgPath(r, "import/"+up.id), http.StatusSeeOther)
		return
	}
	select {
	case <-up.job.done:
	case <-time.After(importWait):
	}
	lang := recLang(r)
	d := &importData{Upload: up, Progress: up.job.progress(), Statuses: closer.Statuses}
	status := http.StatusOK
	if d.Progress.Done {
		up.job.mu.Lock()
		d.Report, err = up.job.report, up.job.err
		up.job.mu.Unlock()
		if err != nil {
			status = http.StatusUnprocessableEntity
			if closer.ErrorCode(err) == closer.EINTERNAL {
				ref := newReference()
				s.logger().Error("import failed", "ref", ref, "err", err)
				d.ReportError = translate(lang, "error.internal", ref)
				status = http.StatusInternalServerError
			} else {
				d.ReportError = errorText(lang, err)
			}
		}
	}
	s.render(w, r, status, "import_job", s.newView(w, r, "imp.title", d))
}

// importProgressJSON answers a job's phase and rows, for the progress bar.
func (s *Server) importProgressJSON(w http.ResponseWriter, r *http.Request) {
	err := importAccess(r)
	var up *importUpload
	if err == nil {
		up, err = importUploadOf(r)
	}
	if err == nil && up.job == nil {
		err = closer.Errorf(closer.ENOTFOUND, "Not found.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, up.job.progress())
}

// importPageRoutes lists the import screen's pages.
func (s *Server) importPageRoutes() []Route {
	return []Route{
		{"GET", "/o/{slug}/import", OrgPage, s.importPage},
		{"POST", "/o/{slug}/import", OrgPage, s.postImportUpload},
		{"GET", "/o/{slug}/import/{id}", OrgPage, s.importMappingPage},
		{"POST", "/o/{slug}/import/{id}", OrgPage, s.postImportMapping},
		{"POST", "/o/{slug}/import/{id}/run", OrgPage, s.postImportRun},
		{"GET", "/o/{slug}/import/{id}/job", OrgPage, s.importJobPage},
		{"GET", "/o/{slug}/import/{id}/progress", OrgPage, s.importProgressJSON},
	}
}
