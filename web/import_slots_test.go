package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// heldBulk holds the imports of one org inside their Bulk until the test
// lets them go: an import that runs as long as the test needs. Once it has
// added after opportunities (0: at the start, before any), an import
// signals held and waits for release; the other orgs' imports run through.
type heldBulk struct {
	closer.BulkService
	org     int64
	after   int
	held    chan struct{} // receives one value per import held
	release chan struct{} // closed to let them all go
}

func newHeldBulk(db closer.BulkService, org int64, after int) *heldBulk {
	return &heldBulk{BulkService: db, org: org, after: after, held: make(chan struct{}, 4), release: make(chan struct{})}
}

func (h *heldBulk) Bulk(ctx context.Context, dryRun bool, fn func(b closer.Bulk) error) error {
	if a, _ := closer.CurrentActor(ctx); a.OrgID != h.org {
		return h.BulkService.Bulk(ctx, dryRun, fn)
	}
	if h.after == 0 {
		h.hold()
	}
	return h.BulkService.Bulk(ctx, dryRun, func(b closer.Bulk) error { return fn(&heldWrites{Bulk: b, h: h}) })
}

func (h *heldBulk) hold() {
	h.held <- struct{}{}
	<-h.release
}

// heldWrites counts the opportunities an import adds, and holds it after
// its heldBulk's count.
type heldWrites struct {
	closer.Bulk
	h     *heldBulk
	added int
}

func (w *heldWrites) AddOpportunity(o *closer.Opportunity, extra ...closer.Event) error {
	if w.added++; w.added == w.h.after+1 && w.h.after > 0 {
		w.h.hold()
	}
	return w.Bulk.AddOpportunity(o, extra...)
}

// waitHeld waits until an import is held: it has started, and stays where
// it is until released. A minute without one fails the test (an import
// that never started), rather than hanging it.
func (h *heldBulk) waitHeld(t *testing.T) {
	t.Helper()
	select {
	case <-h.held:
	case <-time.After(time.Minute):
		t.Fatal("the import was never held")
	}
}

// TestImportsAPIOneAtATime: while an import of an org runs, a second one of
// the same org answers 409 and runs nothing; another org's import runs;
// once the first ends, the org imports again. A server that runs one
// import at a time refuses another org's while one runs, saying so.
func TestImportsAPIOneAtATime(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		org, err := db.FindOrgBySlug(closer.NewSystemContext(context.Background()), "acme")
		must(t, err)
		dry, dryCT := form(t, "deals.csv", "file", closedRows(), "mapping", closedMapping, "dry_run", "true")
		otherRows := strings.ReplaceAll(strings.ReplaceAll(closedRows(), "User sales2", "User outsider"), "User sales", "User outsider")

		for _, limit := range []int{0, 1} {
			h := newHeldBulk(db, org.ID, 0)
			s := newTestServer(t, db, today)
			s.Bulk, s.MaxImports = h, limit
			f.srv = httptest.NewServer(s.Handler())

			// The first import of acme, held inside its Bulk.
			first := make(chan int, 1)
			go func() { first <- postImport(f.srv.URL+"/api/v1/orgs/acme/imports", f.tokens["manager"], dry, dryCT) }()
			h.waitHeld(t)

			second := f.do(t, "owner", "POST", "/api/v1/orgs/acme/imports", dry, dryCT)
			if e := errorOf(t, second); second.status != http.StatusConflict || e["code"] != "conflict" ||
				e["message"] != "An import is already running for this organization: try again when it ends." {
				t.Errorf("server of %d: a second import of acme: %d %s", limit, second.status, second.body)
			}
			// A file still uploading is refused before the server reads it:
			// the answer comes while the body never ends.
			if status := postUnending(t, f.srv.URL+"/api/v1/orgs/acme/imports", f.tokens["owner"], dry[:len(dry)/2], dryCT); status != http.StatusConflict {
				t.Errorf("server of %d: a second import of acme, still uploading: %d", limit, status)
			}
			other, otherCT := form(t, "deals.csv", "file", otherRows, "mapping", closedMapping, "dry_run", "true")
			got := f.do(t, "outsider", "POST", "/api/v1/orgs/other/imports", other, otherCT)
			switch {
			case limit == 0 && (got.status != http.StatusOK || !bytes.Contains(got.body, []byte(`"imported":22`))):
				t.Errorf("another org's import beside acme's: %d %s", got.status, got.body)
			case limit == 1 && (got.status != http.StatusConflict || errorOf(t, got)["message"] != "The server is running 1 imports already: try again in a few minutes."):
				t.Errorf("a server of one import, another org's: %d %s", got.status, got.body)
			}

			close(h.release)
			if status := <-first; status != http.StatusOK {
				t.Fatalf("the first import: %d", status)
			}
			// The slot is free again: acme imports (held no more).
			if again := f.do(t, "owner", "POST", "/api/v1/orgs/acme/imports", dry, dryCT); again.status != http.StatusOK {
				t.Errorf("acme after its import: %d %s", again.status, again.body)
			}
			f.srv.Close()
		}
	})
}

// TestImportScreenProgress: while an import writes, the progress endpoint
// and the job's page report the rows written so far out of the file's; once
// done, the whole file.
func TestImportScreenProgress(t *testing.T) {
	e := newRecEnv(t)
	org, err := e.db.FindOrgBySlug(closer.NewSystemContext(context.Background()), "acme")
	must(t, err)
	// Held after 5,000 opportunities: the progress said 4,096 written. The
	// import holds SQLite's write lock meanwhile: the requests then use a
	// session opened before.
	h := newHeldBulk(e.db, org.ID, 5000)
	s := newTestServer(t, e.db, recNow)
	s.Bulk = h
	e.srv = httptest.NewServer(s.Handler())
	defer e.srv.Close()
	mgr := "manager@acme.test"
	session := newSession(t, e.db, e.ids[mgr])
	get := func(path string) pageResponse {
		return newPageResponse(sendRequest(t, formRequest(t, "GET", e.srv.URL+path, session, nil)))
	}

	var big strings.Builder
	big.WriteString("opportunity_id,sales_agent,account,deal_stage,engage_date,close_date,close_value\n")
	const rows = 6000
	for i := range rows {
		fmt.Fprintf(&big, "D%05d,Anna Martin,Acme %d,Won,2025-01-%02d,2025-02-%02d,%d\n", i, i%7, i%28+1, i%28+1, 100+i)
	}
	res := e.upload(mgr, "big.csv", big.String(), "maven")
	jobPage := e.do(mgr, "POST", res.location, mappingForm("dryrun"))
	if jobPage.status != http.StatusSeeOther {
		t.Fatalf("dry run: %d\n%s", jobPage.status, jobPage.body)
	}
	h.waitHeld(t)
	progressPath := strings.TrimSuffix(jobPage.location, "/job") + "/progress"
	var p struct {
		Phase       string
		Rows, Total int
		Done        bool
	}
	prog := get(progressPath)
	must(t, json.Unmarshal([]byte(prog.body), &p))
	if p.Phase != "writing" || p.Rows != 4096 || p.Total != rows || p.Done {
		t.Errorf("progress while writing: %s", prog.body)
	}
	wantPage(t, "the job's page while it writes", get(jobPage.location), http.StatusOK, `id="import-running"`,
		"Préparation des écritures (essai à blanc : rien n&#39;est écrit)… — <span id=\"import-rows\">4\u202f096 lignes sur 6\u202f000</span>", `value="4096"`)

	close(h.release)
	if rep := e.importJob(mgr, jobPage.location); rep.status != http.StatusOK || !strings.Contains(rep.body, `id="summary"`) {
		t.Fatalf("the dry run: %d\n%s", rep.status, rep.body)
	}
	prog = get(progressPath)
	must(t, json.Unmarshal([]byte(prog.body), &p))
	if p.Phase != "done" || p.Rows != rows || p.Total != rows || !p.Done {
		t.Errorf("progress once done: %s", prog.body)
	}
}

// TestImportScreenOneAtATime: on the import screen, while a dry run of acme
// runs, another file's dry run is refused with the reason on the mapping
// step (409, in French); the other org's import runs; once the first ends,
// the refused file runs.
func TestImportScreenOneAtATime(t *testing.T) {
	e := newRecEnv(t)
	org, err := e.db.FindOrgBySlug(closer.NewSystemContext(context.Background()), "acme")
	must(t, err)
	h := newHeldBulk(e.db, org.ID, 0)
	s := newTestServer(t, e.db, recNow)
	s.Bulk = h
	e.srv = httptest.NewServer(s.Handler())
	defer e.srv.Close()
	mgr := "manager@acme.test"

	first := e.upload(mgr, "pipeline.csv", importCSV, "maven")
	jobPage := e.do(mgr, "POST", first.location, mappingForm("dryrun"))
	if jobPage.status != http.StatusSeeOther {
		t.Fatalf("dry run: %d\n%s", jobPage.status, jobPage.body)
	}
	h.waitHeld(t)

	// Another file of acme: refused, on its mapping step.
	res := e.upload(mgr, "pipeline.csv", importCSV, "maven")
	refused := e.do(mgr, "POST", res.location, mappingForm("dryrun"))
	wantPage(t, "a second import of acme", refused, http.StatusConflict, "Un import est déjà en cours pour cette organisation : réessayez quand il sera terminé.")
	// The other org's import runs.
	other := e.uploadTo("owner@other.test", "other", "pipeline.csv", importCSV, "maven")
	started := e.do("owner@other.test", "POST", other.location, mappingForm("dryrun"))
	if started.status != http.StatusSeeOther || !strings.HasSuffix(started.location, "/job") {
		t.Fatalf("the other org's dry run: %d\n%s", started.status, started.body)
	}
	if rep := e.importJob("owner@other.test", started.location); rep.status != http.StatusOK || !strings.Contains(rep.body, `id="import-for-real"`) {
		t.Errorf("the other org's dry run: %d\n%s", rep.status, rep.body)
	}

	close(h.release)
	if rep := e.importJob(mgr, jobPage.location); rep.status != http.StatusOK || !strings.Contains(rep.body, `id="summary"`) {
		t.Fatalf("the held dry run: %d\n%s", rep.status, rep.body)
	}
	// Its slot is free: the refused file now runs.
	again := e.do(mgr, "POST", res.location, mappingForm("dryrun"))
	if again.status != http.StatusSeeOther {
		t.Fatalf("acme's second file after the first: %d\n%s", again.status, again.body)
	}
	if rep := e.importJob(mgr, again.location); rep.status != http.StatusOK {
		t.Errorf("acme's second file: %d\n%s", rep.status, rep.body)
	}
}

// uploadTo posts a file through the import screen of org.
func (e *recEnv) uploadTo(email, org, name, content, profile string) pageResponse {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	must(e.t, mw.WriteField("profile", profile))
	fw, err := mw.CreateFormFile("file", name)
	must(e.t, err)
	fw.Write([]byte(content))
	must(e.t, mw.Close())
	req, err := http.NewRequest("POST", e.srv.URL+"/o/"+org+"/import", &body)
	must(e.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: "closer_session", Value: newSession(e.t, e.db, e.ids[email])})
	res := newPageResponse(sendRequest(e.t, req))
	if res.status != http.StatusSeeOther {
		e.t.Fatalf("upload to %s: %d\n%s", org, res.status, res.body)
	}
	return res
}

// postImport posts an import form, from a goroutine of its own (no
// testing.T): the answer's status, 0 when it failed to send.
func postImport(url, token, body string, header map[string]string) int {
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	return res.StatusCode
}

// postUnending posts an import whose body sends head and then nothing
// more, and returns the answer's status: one the server gives without
// reading the body. The body ends (in error) once the answer came.
func postUnending(t *testing.T, url, token, head string, header map[string]string) int {
	t.Helper()
	pr, pw := io.Pipe()
	defer pw.CloseWithError(io.ErrUnexpectedEOF)
	go pw.Write([]byte(head))
	// A minute without an answer fails the test (a server that waits for
	// the rest of the file) rather than hanging it: the body ends then,
	// which the client waits for.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	context.AfterFunc(ctx, func() { pw.CloseWithError(ctx.Err()) })
	req, err := http.NewRequestWithContext(ctx, "POST", url, pr)
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("an import still uploading got no answer: %v", err)
		return 0
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	return res.StatusCode
}

// errorOf returns the error object of an answer.
func errorOf(t *testing.T, r response) map[string]any {
	t.Helper()
	var v struct{ Error map[string]any }
	json.Unmarshal(r.body, &v)
	return v.Error
}
