package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"closer"
)

// TestSettingsAccess: managers and owners open the settings; salespeople and
// consultants are refused the page and every form behind it.
func TestSettingsAccess(t *testing.T) {
	e := newRecEnv(t)
	l, err := e.db.Lists(e.ctx["owner@acme.test"])
	must(t, err)
	stage := idOf(l.Stages[0].ID)
	for _, sc := range []struct {
		who, method, path string
		form              url.Values
		status            int
		shows, hides      string
	}{
		{"owner@acme.test", "GET", "/o/acme/settings", nil, 200, `id="members"`, ""},
		{"manager@acme.test", "GET", "/o/acme/settings", nil, 200, `id="target-form"`, `id="members"`},
		{"manager@acme.test", "GET", "/o/acme/settings", nil, 200, "", `action="/o/acme/settings/lists/stages"`},
		{"sales@acme.test", "GET", "/o/acme/settings", nil, 403, "", ""},
		{"consultant@acme.test", "GET", "/o/acme/settings", nil, 403, "", ""},
		{"sales@acme.test", "POST", "/o/acme/settings/lists/stages", url.Values{"name": {"Sneaky"}}, 403, "", ""},
		{"manager@acme.test", "POST", "/o/acme/settings/lists/stages", url.Values{"name": {"Sneaky"}}, 403, "", ""},
		{"consultant@acme.test", "POST", "/o/acme/settings/lists/stages/" + stage, url.Values{"action": {"retire"}}, 403, "", ""},
		{"sales@acme.test", "POST", "/o/acme/settings/targets", url.Values{"period": {"year:2025-01-01"}, "amount": {"1000"}}, 403, "", ""},
		{"manager@acme.test", "POST", "/o/acme/settings/members/" + idOf(e.ids["sales@acme.test"]), url.Values{"role": {"owner"}}, 403, "", ""},
		{"owner@other.test", "GET", "/o/acme/settings", nil, 404, "", ""},
		{"owner@acme.test", "POST", "/o/acme/settings/lists/nope", url.Values{"name": {"X"}}, 404, "", ""},
	} {
		res := e.do(sc.who, sc.method, sc.path, sc.form)
		if res.status != sc.status {
			t.Errorf("%s %s %s: status %d, want %d", sc.who, sc.method, sc.path, res.status, sc.status)
			continue
		}
		if sc.shows != "" && !strings.Contains(res.body, sc.shows) {
			t.Errorf("%s %s: page lacks %s", sc.who, sc.path, sc.shows)
		}
		if sc.hides != "" && strings.Contains(res.body, sc.hides) {
			t.Errorf("%s %s: page shows %s", sc.who, sc.path, sc.hides)
		}
	}
	l2, err := e.db.Lists(e.ctx["owner@acme.test"])
	must(t, err)
	if len(l2.Stages) != len(l.Stages) || l2.Stages[0].Retired {
		t.Errorf("refused forms changed the stages: %+v", l2.Stages)
	}
}

// TestSettingsLists: the owner renames a stage, moves it, retires and
// restores it, adds a reason about price; a refused name is shown again.
func TestSettingsLists(t *testing.T) {
	e := newRecEnv(t)
	owner := "owner@acme.test"
	l, err := e.db.Lists(e.ctx[owner])
	must(t, err)
	first, second := l.Stages[0], l.Stages[1]
	path := "/o/acme/settings/lists/stages/" + idOf(first.ID)

	res := e.do(owner, "POST", path, url.Values{"action": {"save"}, "name": {"Repérage"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/o/acme/settings#list-stages") || !strings.Contains(res.flash, "Repérage") {
		t.Fatalf("rename: %d %q %q", res.status, res.location, res.flash)
	}
	res = e.do(owner, "POST", path, url.Values{"action": {"down"}, "name": {"ignored"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("move down: %d", res.status)
	}
	l, err = e.db.Lists(e.ctx[owner])
	must(t, err)
	if l.Stages[0].ID != second.ID || l.Stages[1].ID != first.ID || l.Stages[1].Name != "Repérage" {
		t.Fatalf("stages after rename and move: %+v", l.Stages)
	}
	e.do(owner, "POST", path, url.Values{"action": {"up"}})
	e.do(owner, "POST", path, url.Values{"action": {"retire"}})
	l, err = e.db.Lists(e.ctx[owner])
	must(t, err)
	if l.Stages[0].ID != first.ID || !l.Stages[0].Retired {
		t.Fatalf("stages after up and retire: %+v", l.Stages)
	}
	page := e.do(owner, "GET", "/o/acme/settings", nil)
	if !strings.Contains(page.body, `value="restore"`) {
		t.Errorf("a retired stage offers no restore")
	}
	e.do(owner, "POST", path, url.Values{"action": {"restore"}})
	l, err = e.db.Lists(e.ctx[owner])
	must(t, err)
	if l.Stages[0].Retired {
		t.Fatalf("stage not restored")
	}

	// A reason about price.
	res = e.do(owner, "POST", "/o/acme/settings/lists/loss_reasons", url.Values{"name": {"Remise concurrente"}, "price": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("add reason: %d %s", res.status, res.body)
	}
	l, err = e.db.Lists(e.ctx[owner])
	must(t, err)
	it, err := l.Resolve(closer.ListLossReasons, "Remise concurrente", true)
	if err != nil || !it.Price || it.Position != len(l.LossReasons) {
		t.Fatalf("added reason: %+v %v", it, err)
	}
	// A competitor, without the price flag even if posted.
	e.do(owner, "POST", "/o/acme/settings/lists/competitors", url.Values{"name": {"Menuiseries Martin"}, "price": {"1"}})
	l, err = e.db.Lists(e.ctx[owner])
	must(t, err)
	if c, err := l.Resolve(closer.ListCompetitors, "Menuiseries Martin", true); err != nil || c.Price {
		t.Fatalf("competitor: %+v %v", c, err)
	}

	// Refused: an empty name, a duplicate; the input is kept beside the message.
	res = e.do(owner, "POST", "/o/acme/settings/lists/sources", url.Values{"name": {"  "}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="add-sources-error"`) || !strings.Contains(res.body, `aria-invalid="true"`) {
		t.Errorf("empty name: %d", res.status)
	}
	res = e.do(owner, "POST", "/o/acme/settings/lists/stages/"+idOf(first.ID), url.Values{"action": {"save"}, "name": {second.Name}})
	if res.status != http.StatusUnprocessableEntity && res.status != http.StatusConflict {
		t.Fatalf("duplicate name: %d", res.status)
	}
	if !strings.Contains(res.body, `id="name-`+idOf(first.ID)+`-error"`) || !strings.Contains(res.body, `value="`+second.Name+`"`) {
		t.Errorf("duplicate name not shown on its row")
	}
}

// TestSettingsTargets: a manager sets a quarter's target for a salesperson
// and one for the team; the grid shows them; the owner deletes one (a
// manager is not offered the delete button, and is refused it).
func TestSettingsTargets(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	sales := e.ids["sales@acme.test"]
	res := e.do(mgr, "POST", "/o/acme/settings/targets", url.Values{"owner": {idOf(sales)}, "period": {"quarter:2025-04-01"}, "amount": {"12 500,50"}, "year": {"2025"}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.location, "#targets") {
		t.Fatalf("set target: %d %s", res.status, res.body)
	}
	e.do(mgr, "POST", "/o/acme/settings/targets", url.Values{"owner": {""}, "period": {"year:2025-01-01"}, "amount": {"400000"}})
	ts, err := e.db.FindTargets(e.ctx[mgr], 0, closer.Date{}, closer.Date{})
	must(t, err)
	if len(ts) != 2 {
		t.Fatalf("targets: %+v", ts)
	}
	var q *closer.Target
	for _, x := range ts {
		if x.UserID == sales {
			q = x
		}
	}
	if q == nil || q.Period != closer.PeriodQuarter || q.Amount != 1250050 || q.StartsOn.String() != "2025-04-01" {
		t.Fatalf("quarter target: %+v", q)
	}
	page := e.do(mgr, "GET", "/o/acme/settings?year=2025", nil)
	if !strings.Contains(page.body, "12\u202f500") && !strings.Contains(page.body, "12 500") && !strings.Contains(page.body, "12\u00a0500") {
		t.Errorf("grid lacks the quarter's amount")
	}
	if !strings.Contains(page.body, "400") || !strings.Contains(page.body, "T2 2025") {
		t.Errorf("page lacks the team's target or the period label")
	}
	// Refused: an unreadable amount, a period that is not one.
	res = e.do(mgr, "POST", "/o/acme/settings/targets", url.Values{"owner": {idOf(sales)}, "period": {"month:2025-03-01"}, "amount": {"beaucoup"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="target-amount-error"`) || !strings.Contains(res.body, `value="beaucoup"`) {
		t.Errorf("bad amount: %d", res.status)
	}
	res = e.do(mgr, "POST", "/o/acme/settings/targets", url.Values{"period": {"quarter:2025-02-01"}, "amount": {"10"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="target-period-error"`) {
		t.Errorf("bad period: %d", res.status)
	}
	deleteTarget := "/o/acme/settings/targets/" + idOf(q.ID) + "/delete"
	if strings.Contains(page.body, deleteTarget) {
		t.Errorf("a manager is offered to delete a target")
	}
	if owner := e.do("owner@acme.test", "GET", "/o/acme/settings?year=2025", nil); !strings.Contains(owner.body, deleteTarget) {
		t.Errorf("the owner is not offered to delete a target")
	}
	if res = e.do(mgr, "POST", deleteTarget, url.Values{"year": {"2025"}}); res.status != http.StatusForbidden {
		t.Fatalf("a manager deletes: %d", res.status)
	}
	res = e.do("owner@acme.test", "POST", deleteTarget, url.Values{"year": {"2025"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.status)
	}
	ts, err = e.db.FindTargets(e.ctx[mgr], sales, closer.Date{}, closer.Date{})
	must(t, err)
	if len(ts) != 0 {
		t.Errorf("target not deleted: %+v", ts)
	}
}

// TestSettingsMembers: the owner changes a role and deactivates a member;
// the last owner cannot step down, and the page says why.
func TestSettingsMembers(t *testing.T) {
	e := newRecEnv(t)
	owner := "owner@acme.test"
	sales2 := idOf(e.ids["sales2@acme.test"])
	res := e.do(owner, "POST", "/o/acme/settings/members/"+sales2, url.Values{"action": {"role"}, "role": {"manager"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("change role: %d %s", res.status, res.body)
	}
	res = e.do(owner, "POST", "/o/acme/settings/members/"+sales2, url.Values{"action": {"deactivate"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.status)
	}
	ms, err := e.db.Members(e.ctx[owner])
	must(t, err)
	for _, m := range ms {
		if idOf(m.UserID) == sales2 && (m.Role != closer.RoleManager || m.Active) {
			t.Errorf("member after change: %+v", m)
		}
	}
	self := idOf(e.ids[owner])
	res = e.do(owner, "POST", "/o/acme/settings/members/"+self, url.Values{"action": {"role"}, "role": {"sales"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="role-`+self+`-error"`) {
		t.Fatalf("last owner: %d", res.status)
	}
	res = e.do(owner, "POST", "/o/acme/settings/members/"+self, url.Values{"action": {"deactivate"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="active-`+self+`-error"`) {
		t.Fatalf("last owner deactivation: %d", res.status)
	}
}

// importCSV is a small maven-like file: two won, one lost, one open at a
// new stage; badLine is a row whose close date is impossible (line 4).
const importCSV = "opportunity_id,sales_agent,account,deal_stage,engage_date,close_date,close_value\n" +
	"Fenêtres Dupont,Anna Martin,Dupont SARL,Won,2025-01-10,2025-02-01,1200\n" +
	"Portes Durand,Anna Martin,Durand SA,Lost,2025-01-12,2025-03-01,800\n" +
	"Volets Petit,Bruno Roy,Petit & Fils,Engaging,2025-04-02,,\n"

const badLine = "Verrière Leroy,Bruno Roy,Leroy,Won,2025-02-01,2025-13-45,900\n"

// upload posts a file through the import screen's multipart form.
func (e *recEnv) upload(email, name, content, profile string) pageResponse {
	e.t.Helper()
	return e.uploadAs(email, name, content, profile, "")
}

// uploadAs posts a file that holds entity (empty: the form's default).
func (e *recEnv) uploadAs(email, name, content, profile, entity string) pageResponse {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	must(e.t, mw.WriteField("profile", profile))
	if entity != "" {
		must(e.t, mw.WriteField("entity", entity))
	}
	fw, err := mw.CreateFormFile("file", name)
	must(e.t, err)
	fw.Write([]byte(content))
	must(e.t, mw.Close())
	req, err := http.NewRequest("POST", e.srv.URL+"/o/acme/import", &body)
	must(e.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: "closer_session", Value: newSession(e.t, e.db, e.ids[email])})
	return newPageResponse(sendRequest(e.t, req))
}

// importJob follows a job to its report: each visit of the job page waits
// for the job a moment, so a small file answers within a few visits.
func (e *recEnv) importJob(email, jobPath string) pageResponse {
	e.t.Helper()
	for range 30 {
		res := e.do(email, "GET", jobPath, nil)
		if !strings.Contains(res.body, `id="import-running"`) {
			return res
		}
	}
	e.t.Fatalf("the import at %s never finished", jobPath)
	return pageResponse{}
}

// mappingForm is the mapping step's form as the maven profile fills it.
func mappingForm(action string) url.Values {
	return url.Values{"action": {action}, "profile": {"maven"}, "delimiter": {","}, "encoding": {"utf-8"}, "date_format": {"2006-01-02"}, "decimal_separator": {"."},
		"col.title": {"opportunity_id"}, "col.owner": {"sales_agent"}, "col.account": {"account"}, "col.status": {"deal_stage"}, "col.stage": {"deal_stage"},
		"col.detected_on": {"engage_date"}, "col.closed_on": {"close_date"}, "col.amount": {"close_value"},
		"nval.status": {"3"}, "from.status.0": {"Won"}, "to.status.0": {"won"}, "from.status.1": {"Lost"}, "to.status.1": {"lost"}, "from.status.2": {"Engaging"}, "to.status.2": {"open"},
		"nval.stage": {"3"}, "from.stage.0": {"Won"}, "to.stage.0": {""}, "from.stage.1": {"Lost"}, "to.stage.1": {""}, "from.stage.2": {"Engaging"}, "to.stage.2": {"Engaging"},
		"def.loss_reason": {"Not recorded"}, "def.competitor": {"unknown"}}
}

// TestImportScreen: sales and consultants are refused; a manager uploads a
// file, sees its preview and the maven mapping, gets the bad row's line from
// a dry run, then imports a good file for real.
func TestImportScreen(t *testing.T) {
	e := newRecEnv(t)
	for _, who := range []string{"sales@acme.test", "consultant@acme.test"} {
		if res := e.do(who, "GET", "/o/acme/import", nil); res.status != http.StatusForbidden {
			t.Errorf("%s: import page %d", who, res.status)
		}
		if res := e.upload(who, "x.csv", importCSV, "maven"); res.status != http.StatusForbidden {
			t.Errorf("%s: upload %d", who, res.status)
		}
	}
	mgr := "manager@acme.test"
	if res := e.upload(mgr, "empty.csv", "", ""); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="import-error"`) {
		t.Errorf("empty file: %d", res.status)
	}

	// A file with a bad row: the dry run names its line, nothing is written.
	res := e.upload(mgr, "pipeline.csv", importCSV+badLine, "maven")
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/o/acme/import/") {
		t.Fatalf("upload: %d %q", res.status, res.body)
	}
	mapPath := res.location
	page := e.do(mgr, "GET", mapPath, nil)
	if page.status != 200 || !strings.Contains(page.body, "Fenêtres Dupont") || !strings.Contains(page.body, `<option value="deal_stage" selected>`) ||
		!strings.Contains(page.body, `name="from.status.0" value="Engaging"`) {
		t.Fatalf("mapping page: %d\n%s", page.status, page.body)
	}
	if other := e.do("owner@acme.test", "GET", mapPath, nil); other.status != http.StatusNotFound {
		t.Errorf("another member reached the upload: %d", other.status)
	}
	res = e.do(mgr, "POST", mapPath, mappingForm("dryrun"))
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location, "/job") {
		t.Fatalf("dry run: %d", res.status)
	}
	rep := e.importJob(mgr, res.location)
	if rep.status != http.StatusUnprocessableEntity || !strings.Contains(rep.body, `id="problems"`) || !strings.Contains(rep.body, `<td class="num">5</td>`) ||
		!strings.Contains(rep.body, "2025-13-45") {
		t.Fatalf("dry run report: %d\n%s", rep.status, rep.body)
	}
	prog := e.do(mgr, "GET", strings.TrimSuffix(res.location, "/job")+"/progress", nil)
	if prog.status != 200 || !strings.Contains(prog.body, `"phase":"done"`) || !strings.Contains(prog.body, `"total":4`) {
		t.Errorf("progress: %d %s", prog.status, prog.body)
	}

	// The good file: a dry run, then the import; the opportunities exist.
	res = e.upload(mgr, "pipeline.csv", importCSV, "maven")
	mapPath = res.location
	res = e.do(mgr, "POST", mapPath, mappingForm("dryrun"))
	rep = e.importJob(mgr, res.location)
	if rep.status != 200 || !strings.Contains(rep.body, `id="import-for-real"`) {
		t.Fatalf("dry run of the good file: %d\n%s", rep.status, rep.body)
	}
	if _, n, _ := e.db.FindOpportunities(e.ctx[mgr], closer.OpportunityFilter{}); n != 0 {
		t.Fatalf("a dry run wrote %d opportunities", n)
	}
	res = e.do(mgr, "POST", mapPath+"/run", url.Values{})
	rep = e.importJob(mgr, res.location)
	if rep.status != 200 || !strings.Contains(rep.body, `id="summary"`) || !strings.Contains(rep.body, "Engaging") || !strings.Contains(rep.body, "Anna Martin") {
		t.Fatalf("import: %d\n%s", rep.status, rep.body)
	}
	opps, n, err := e.db.FindOpportunities(e.ctx[mgr], closer.OpportunityFilter{Sort: "title"})
	must(t, err)
	if n != 3 || opps[0].Title != "Fenêtres Dupont" || opps[0].Status != closer.StatusWon || opps[0].Amount != 120000 {
		t.Fatalf("imported: %d %+v", n, opps)
	}
	// The file is gone once imported: the mapping page says the upload expired.
	if again := e.do(mgr, "GET", mapPath, nil); again.status != http.StatusNotFound {
		t.Errorf("mapping page after import: %d", again.status)
	}
	// The same file again: its opportunities are found, left as they are.
	res = e.upload(mgr, "pipeline.csv", importCSV, "maven")
	res = e.do(mgr, "POST", res.location, mappingForm("import"))
	rep = e.importJob(mgr, res.location)
	if rep.status != 200 || !strings.Contains(rep.body, `<li id="unchanged">3 opportunités déjà dans l&#39;organisation (même client, même titre, même date de détection), laissées telles quelles</li>`) {
		t.Fatalf("the same file again: %d\n%s", rep.status, rep.body)
	}
	if _, n, _ := e.db.FindOpportunities(e.ctx[mgr], closer.OpportunityFilter{}); n != 3 {
		t.Fatalf("the same file again: %d opportunities, want 3", n)
	}
}

// TestImportScreenTitleRows: a file whose table starts below a title shows
// where its header is, numbers its preview by the file's lines, and its
// dry run lists the lines left out.
func TestImportScreenTitleRows(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	res := e.upload(mgr, "pipeline.csv", "Pipeline 2025\nExported on 27/11/2026\n\n"+importCSV, "maven")
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %q", res.status, res.body)
	}
	mapPath := res.location
	page := e.do(mgr, "GET", mapPath, nil)
	if page.status != 200 || !strings.Contains(page.body, `id="left-out"`) || !strings.Contains(page.body, "1–2") ||
		!strings.Contains(page.body, `<th scope="col">4</th><th scope="col">opportunity_id</th>`) || !strings.Contains(page.body, "<tr><td>5</td>") {
		t.Fatalf("mapping page: %d\n%s", page.status, page.body)
	}
	res = e.do(mgr, "POST", mapPath, mappingForm("dryrun"))
	rep := e.importJob(mgr, res.location)
	if rep.status != 200 || !strings.Contains(rep.body, `<li id="left-out">`) || !strings.Contains(rep.body, "1–2") {
		t.Fatalf("dry run report: %d\n%s", rep.status, rep.body)
	}
}

// TestImportScreenSheets: a workbook that opens on a summary sheet shows
// its sheets; the maven profile reads the sheet that has its columns, and
// the manager can pick another one.
func TestImportScreenSheets(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Summary")
	f.SetSheetRow("Summary", "A1", &[]any{"Year", "Won"})
	f.SetSheetRow("Summary", "A2", &[]any{2025, 2})
	f.NewSheet("Pipeline")
	for i, line := range strings.Split(strings.TrimSpace(importCSV), "\n") {
		cells := []any{}
		for _, c := range strings.Split(line, ",") {
			cells = append(cells, c)
		}
		f.SetSheetRow("Pipeline", fmt.Sprintf("A%d", i+1), &cells)
	}
	var buf bytes.Buffer
	must(t, f.Write(&buf))
	res := e.upload(mgr, "pipeline.xlsx", buf.String(), "maven")
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %q", res.status, res.body)
	}
	mapPath := res.location
	page := e.do(mgr, "GET", mapPath, nil)
	if page.status != 200 || !strings.Contains(page.body, `<select id="sheet" name="sheet"`) || !strings.Contains(page.body, `<option value="Pipeline" selected>`) ||
		!strings.Contains(page.body, "Fenêtres Dupont") {
		t.Fatalf("mapping page: %d\n%s", page.status, page.body)
	}
	form := mappingForm("preview")
	form.Set("sheet", "Summary")
	page = e.do(mgr, "POST", mapPath, form)
	if !strings.Contains(page.body, `<option value="Summary" selected>`) || !strings.Contains(page.body, `<th scope="col">Year</th>`) {
		t.Fatalf("the summary sheet: %d\n%s", page.status, page.body)
	}
}

// TestImportScreenAccountsAndOrders: the import screen also takes a list of
// customers, whose names already in the org are left as they are, and a
// list of orders, whose kinds the manager translates. (An account is the
// org's when its name, city and phone are: Dupont SARL is in Lyon.)
func TestImportScreenAccountsAndOrders(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	e.account(mgr, "Dupont SARL")
	accounts := "Raison sociale;Ville;Site\nDupont SARL;Lyon;\nMenuiserie Roy;Angers;www.menuiserie-roy.fr\nVolets Petit;Tours;\n"
	res := e.uploadAs(mgr, "clients.csv", accounts, "", "accounts")
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %q", res.status, res.body)
	}
	mapPath := res.location
	page := e.do(mgr, "GET", mapPath, nil)
	if page.status != 200 || !strings.Contains(page.body, `<input type="hidden" name="entity" value="accounts">`) ||
		!strings.Contains(page.body, `id="col-website"`) || strings.Contains(page.body, `id="col-title"`) || strings.Contains(page.body, `id="def-`) {
		t.Fatalf("mapping page: %d\n%s", page.status, page.body)
	}
	form := url.Values{"action": {"import"}, "entity": {"accounts"}, "delimiter": {"auto"}, "encoding": {"auto"}, "date_format": {"2006-01-02"},
		"decimal_separator": {"."}, "col.name": {"Raison sociale"}, "col.city": {"Ville"}, "col.website": {"Site"}}
	res = e.do(mgr, "POST", mapPath, form)
	rep := e.importJob(mgr, res.location)
	if rep.status != 200 || !strings.Contains(rep.body, "2 clients importés sur 3 lignes") || !strings.Contains(rep.body, `id="unchanged"`) ||
		!strings.Contains(rep.body, `href="/o/acme/accounts" id="see-accounts"`) {
		t.Fatalf("accounts imported: %d\n%s", rep.status, rep.body)
	}
	accs, n, err := e.db.FindAccounts(e.ctx[mgr], closer.AccountFilter{})
	must(t, err)
	if n != 3 {
		t.Fatalf("accounts: %d %+v", n, accs)
	}

	orders := "Client,Type,Montant,Date,Réf\nDupont SARL,Récurrente,\"1200.50\",2025-03-01,C-1\nVolets Petit,Directe,300,2025-04-02,C-2\n"
	res = e.uploadAs(mgr, "commandes.csv", orders, "maven", "orders") // a profile reads opportunities: left aside
	mapPath = res.location
	page = e.do(mgr, "GET", mapPath, nil)
	if page.status != 200 || !strings.Contains(page.body, `id="def-kind"`) || !strings.Contains(page.body, `name="profile" value=""`) {
		t.Fatalf("orders mapping page: %d\n%s", page.status, page.body)
	}
	// Columns named like a field, in French or English, are picked for it,
	// and the date format and decimal separator that read their values.
	if !strings.Contains(page.body, `<option value="." selected>`) || !strings.Contains(page.body, `<option value="2006-01-02" selected>`) {
		t.Errorf("options guessed for ISO dates and amounts with a point: %s", page.body)
	}
	for field, want := range map[string]string{"account": "Client", "amount": "Montant", "kind": "", "ordered_on": ""} {
		if got := selectedColumn(page.body, field); got != want {
			t.Errorf("column guessed for %s: %q, want %q", field, got, want)
		}
	}
	form = url.Values{"action": {"preview"}, "entity": {"orders"}, "delimiter": {"auto"}, "encoding": {"auto"}, "date_format": {"2006-01-02"},
		"decimal_separator": {"."}, "col.account": {"Client"}, "col.kind": {"Type"}, "col.amount": {"Montant"}, "col.ordered_on": {"Date"},
		"col.reference": {"Réf"}}
	page = e.do(mgr, "POST", mapPath, form)
	if page.status != 200 || !strings.Contains(page.body, `name="from.kind.0" value="Directe"`) ||
		!strings.Contains(page.body, `<option value="direct" selected>`) || !strings.Contains(page.body, `<option value="recurring" selected>`) {
		t.Fatalf("orders mapping page, read again (the kinds named in French are picked): %d\n%s", page.status, page.body)
	}
	form.Set("action", "import")
	for k, v := range map[string]string{"nval.kind": "2", "from.kind.0": "Directe", "to.kind.0": "direct", "from.kind.1": "Récurrente", "to.kind.1": "recurring"} {
		form.Set(k, v)
	}
	res = e.do(mgr, "POST", mapPath, form)
	rep = e.importJob(mgr, res.location)
	if rep.status != 200 || !strings.Contains(rep.body, "2 commandes importées sur 2 lignes") || !strings.Contains(rep.body, `id="see-orders"`) {
		t.Fatalf("orders imported: %d\n%s", rep.status, rep.body)
	}
	got, n, err := e.db.FindOrders(e.ctx[mgr], closer.SalesFilter{})
	must(t, err)
	kinds := map[string]closer.OrderKind{}
	for _, o := range got {
		kinds[o.Reference] = o.Kind
	}
	if n != 2 || kinds["C-1"] != closer.OrderRecurring || kinds["C-2"] != closer.OrderDirect {
		t.Fatalf("orders: %d %+v", n, kinds)
	}
}

// selectedColumn returns the column the mapping step selects for field.
func selectedColumn(body, field string) string {
	sel := regexp.MustCompile(`(?s)<select id="col-` + field + `" name="col\.` + field + `">(.*?)</select>`).FindStringSubmatch(body)
	if sel == nil {
		return "?"
	}
	if m := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(sel[1]); m != nil {
		return m[1]
	}
	return ""
}
