package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"closer"
)

// TestImportPreviewTakesASlot: the mapping step reads the whole file (its
// rows counted, its values listed), which costs an import's memory; so it
// takes an import's slot. While acme's dry run runs, another file of acme
// shows no preview (409, the import's reason, in French or English), and
// the mapping posted with it comes back as it was; on a server of one
// import, another org's preview is refused as its import would be. Once
// the dry run ends, the preview shows the file.
func TestImportPreviewTakesASlot(t *testing.T) {
	e := newRecEnv(t)
	org, err := e.db.FindOrgBySlug(closer.NewSystemContext(context.Background()), "acme")
	must(t, err)
	h := newHeldBulk(e.db, org.ID, 0)
	s := newTestServer(t, e.db, recNow)
	s.Bulk, s.MaxImports = h, 1
	e.srv = httptest.NewServer(s.Handler())
	defer e.srv.Close()
	mgr := "manager@acme.test"

	first := e.upload(mgr, "pipeline.csv", importCSV, "maven")
	jobPage := e.do(mgr, "POST", first.location, mappingForm("dryrun"))
	if jobPage.status != http.StatusSeeOther {
		t.Fatalf("dry run: %d\n%s", jobPage.status, jobPage.body)
	}
	h.waitHeld(t)

	second := e.upload(mgr, "pipeline.csv", importCSV, "maven")
	busy := "Un import est déjà en cours pour cette organisation : réessayez quand il sera terminé."
	res := e.do(mgr, "GET", second.location, nil)
	wantPage(t, "the mapping step while acme imports", res, http.StatusConflict, busy)
	wantTexts(t, res.body, nil, []string{`id="preview"`, "Aperçu"})

	req := formRequest(t, "GET", e.srv.URL+second.location, newSession(t, e.db, e.ids[mgr]), nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.8")
	res = newPageResponse(sendRequest(t, req))
	wantPage(t, "the mapping step in English", res, http.StatusConflict, "An import is already running for this organization: try again when it ends.")

	// A refreshed preview: refused, the mapping kept for the next try.
	res = e.do(mgr, "POST", second.location, mappingForm("preview"))
	wantPage(t, "a refreshed preview while acme imports", res, http.StatusConflict, busy,
		`<option value="opportunity_id" selected>opportunity_id</option>`, `<option value="close_value" selected>close_value</option>`,
		`name="nval.status" value="3"`, `name="from.status.0" value="Engaging"`, `name="from.status.2" value="Won"`, `<option value="won" selected>`,
		`name="from.stage.0" value="Engaging"`, `id="to-stage-0" name="to.stage.0" value="Engaging"`, `name="def.loss_reason" value="Not recorded"`)
	wantTexts(t, res.body, nil, []string{`id="preview"`})
	if n := strings.Count(res.body, busy); n != 1 {
		t.Errorf("the reason shown %d times", n)
	}
	// An import of that file: refused once, with its mapping kept.
	res = e.do(mgr, "POST", second.location, mappingForm("dryrun"))
	wantPage(t, "a dry run while acme imports", res, http.StatusConflict, busy, `<option value="deal_stage" selected>deal_stage</option>`)
	if n := strings.Count(res.body, busy); n != 1 {
		t.Errorf("the refused dry run's reason shown %d times", n)
	}

	// Another org, on a server of one import.
	other := e.uploadTo("owner@other.test", "other", "pipeline.csv", importCSV, "maven")
	res = e.do("owner@other.test", "GET", other.location, nil)
	wantPage(t, "another org's mapping step on a full server", res, http.StatusConflict, "Le serveur exécute déjà 1 imports : réessayez dans quelques minutes.")

	close(h.release)
	if rep := e.importJob(mgr, jobPage.location); rep.status != http.StatusOK || !strings.Contains(rep.body, `id="summary"`) {
		t.Fatalf("the held dry run: %d\n%s", rep.status, rep.body)
	}
	res = e.do(mgr, "GET", second.location, nil)
	wantPage(t, "the mapping step once the dry run ended", res, http.StatusOK, `id="preview"`, "Aperçu : premières lignes sur 3", "Volets Petit")
	res = e.do("owner@other.test", "GET", other.location, nil)
	wantPage(t, "the other org's mapping step", res, http.StatusOK, `id="preview"`)
	// The previews gave their slots back: an import runs.
	started := e.do(mgr, "POST", second.location, mappingForm("dryrun"))
	if started.status != http.StatusSeeOther {
		t.Fatalf("a dry run after the previews: %d\n%s", started.status, started.body)
	}
	if rep := e.importJob(mgr, started.location); rep.status != http.StatusOK || !strings.Contains(rep.body, `id="summary"`) {
		t.Errorf("the dry run after the previews: %d\n%s", rep.status, rep.body)
	}
}
