package web_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestImportSkipRuleSurvivesTheForm: the pipedrive profile leaves deleted
// deals out. The mapping step shows that rule read-only, offers no
// translation for the values of the rows it leaves out, and posts it back:
// the dry run, and the import after it, leave those rows out and say how
// many (F18).
func TestImportSkipRuleSurvivesTheForm(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	file := "Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Stage,Deal - Owner,Deal - Deal created,Deal - Won time\n" +
		"Toiture,100,EUR,Won,Qualified,Boss,2017-01-05 10:00:00,2017-02-01 10:00:00\n" +
		"Doublon,100,EUR,Deleted,Qualified,Boss,2017-01-05 10:00:00,\n" +
		"Façade,50,EUR,Open,Qualified,Boss,2017-01-06 10:00:00,\n"
	res := e.uploadAs(mgr, "deals.csv", file, "pipedrive", "")
	if res.status != 303 {
		t.Fatalf("upload: %d %q", res.status, res.body)
	}
	page := e.do(mgr, "GET", res.location, nil)
	if !strings.Contains(page.body, `<li>Les lignes dont la colonne « Status » vaut Deleted sont laissées de côté`) {
		t.Errorf("the mapping step does not show the skip rule:\n%s", page.body)
	}
	if strings.Contains(page.body, `value="Deleted"`) {
		t.Errorf("the mapping step offers to translate the status of a row left out:\n%s", page.body)
	}
	hidden := regexp.MustCompile(`<input type="hidden" name="skip" value="([^"]*)">`).FindStringSubmatch(page.body)
	if hidden == nil {
		t.Fatalf("no skip field in the form:\n%s", page.body)
	}
	form := url.Values{"action": {"dryrun"}, "profile": {"pipedrive"}, "delimiter": {"auto"}, "encoding": {"auto"},
		"date_format": {"2006-01-02 15:04:05"}, "decimal_separator": {"."}, "skip": {html.UnescapeString(hidden[1])},
		"col.title": {"Deal - Title"}, "col.amount": {"Deal - Value"}, "col.status": {"Deal - Status"}, "col.stage": {"Deal - Stage"},
		"col.owner": {"Deal - Owner"}, "col.detected_on": {"Deal - Deal created"}, "col.closed_on": {"Deal - Won time"}, "col.currency": {"Deal - Currency"},
		"nval.status": {"2"}, "from.status.0": {"Open"}, "to.status.0": {"open"}, "from.status.1": {"Won"}, "to.status.1": {"won"},
		"def.loss_reason": {"Not recorded"}, "def.competitor": {"unknown"}}
	post := e.do(mgr, "POST", res.location, form)
	if post.status != 303 {
		t.Fatalf("mapping form: %d\n%s", post.status, post.body)
	}
	rep := e.importJob(mgr, post.location)
	if rep.status != 200 || !strings.Contains(rep.body, `id="skipped-rows">1 ligne laissée de côté par la règle skip de la correspondance`) {
		t.Fatalf("dry run: %d\n%s", rep.status, rep.body)
	}
	// The mapping step, shown again, keeps it.
	if again := e.do(mgr, "GET", res.location, nil); !strings.Contains(again.body, `id="skip-rule"`) {
		t.Errorf("the rule is gone from the mapping step:\n%s", again.body)
	}
	done := e.importJob(mgr, e.do(mgr, "POST", res.location+"/run", url.Values{}).location)
	if done.status != 200 || !strings.Contains(done.body, `id="skipped-rows"`) {
		t.Fatalf("import: %d\n%s", done.status, done.body)
	}
	var n int
	if err := e.db.SQL().QueryRow(`SELECT COUNT(*) FROM opportunities WHERE title IN ('Toiture', 'Doublon', 'Façade')`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d opportunities imported (%v), want 2", n, err)
	}
}
