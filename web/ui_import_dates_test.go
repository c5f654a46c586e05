package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestImportScreenDateFormats: the mapping step offers every date format the
// importer reads, labelled by an example and what comes first, guesses the
// one of a LibreOffice file whose dates are written as shown (03/05/24,
// month first), and proposes its "Close Date" column for the close date; the
// file then imports from the web (N11 of the fifth QA round: six Go layouts
// only, none with a two-digit year).
func TestImportScreenDateFormats(t *testing.T) {
	e := newRecEnv(t)
	mgr := "manager@acme.test"
	res := e.upload(mgr, "lo_us.csv", "Title,Status,Amount,Close Date\nA,Won,1234.56,03/05/24\nB,Won,500,12/20/23\n", "")
	if res.status != 303 {
		t.Fatalf("upload: %d %q", res.status, res.body)
	}
	page := e.do(mgr, "GET", res.location, nil)
	sel := regexp.MustCompile(`(?s)<select id="date_format" name="date_format"[^>]*>(.*?)</select>`).FindStringSubmatch(page.body)
	if page.status != 200 || sel == nil {
		t.Fatalf("mapping page: %d\n%s", page.status, page.body)
	}
	for _, want := range []string{
		`<option value="01/02/06" selected>03/05/24 (mois en premier)</option>`,
		`<option value="02/01/2006" >05/03/2024 (jour en premier)</option>`,
		`<option value="2006-01-02" >2024-03-05 (année en premier)</option>`,
		`<option value="2 January 2006" >5 March 2024 (mois en lettres, en français ou en anglais)</option>`,
		`<option value="Jan 2, 2006" >Mar 5, 2024 (mois en lettres, en français ou en anglais)</option>`,
		`<option value="01/02/2006 3:04 PM" >03/05/2024 2:30 PM (mois en premier)</option>`,
	} {
		if !strings.Contains(sel[1], want) {
			t.Errorf("date formats lack %s:\n%s", want, sel[1])
		}
	}
	if got := selectedColumn(page.body, "closed_on"); got != "Close Date" {
		t.Errorf("closed_on proposed %q, want Close Date", got)
	}
	form := url.Values{"action": {"dryrun"}, "delimiter": {"auto"}, "encoding": {"auto"}, "date_format": {"01/02/06"}, "decimal_separator": {"."},
		"col.title": {"Title"}, "col.status": {"Status"}, "col.amount": {"Amount"}, "col.closed_on": {"Close Date"},
		"nval.status": {"1"}, "from.status.0": {"Won"}, "to.status.0": {"won"}}
	rep := e.importJob(mgr, e.do(mgr, "POST", res.location, form).location)
	if rep.status != 200 || !strings.Contains(rep.body, "2 opportunités seraient importées sur 2 lignes") {
		t.Fatalf("dry run: %d\n%s", rep.status, rep.body)
	}

	// A profile's own format, none of those offered, is kept and shown.
	res = e.upload(mgr, "sf.csv", "Opportunity Name,Stage,Close Date\nA,Prospecting,3/5/2024\n", "salesforce")
	page = e.do(mgr, "GET", res.location, nil)
	if !strings.Contains(page.body, `<option value="1/2/2006" selected>3/5/2024 (format de la correspondance : 1/2/2006)</option>`) {
		t.Errorf("the profile's format is not offered:\n%s", page.body)
	}
}
