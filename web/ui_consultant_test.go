package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"closer"
)

// consEnv is the page tests' set-up (pageEnv); the acme consultant also
// follows "other".
type consEnv struct{ *pageEnv }

func newConsEnv(t *testing.T) *consEnv {
	t.Helper()
	e := &consEnv{newPageEnv(t, recNow)}
	must(t, e.db.AddMember(closer.NewSystemContext(context.Background()), "other", "consultant@acme.test", closer.RoleConsultant))
	return e
}

func TestPortfolioPage(t *testing.T) {
	e := newConsEnv(t)
	// acme won one deal this quarter; other nothing.
	o := &closer.Opportunity{Title: "Fenêtres", Amount: 500000, DetectedOn: closer.MustDate("2025-04-02"), OwnerID: e.ids["sales@acme.test"]}
	must(t, e.db.CreateOpportunity(e.ctx["manager@acme.test"], o))
	amount := closer.Money(480000)
	_, err := e.db.CloseOpportunity(e.ctx["manager@acme.test"], o.ID, o.Version, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2025-05-05"), Amount: &amount})
	must(t, err)

	// Home sends a consultant of two orgs to the portfolio; a salesperson of one org to their day.
	if r := e.do("consultant@acme.test", "GET", "/", nil); r.location != "/portfolio" {
		t.Fatalf("consultant's home goes to %q", r.location)
	}
	if r := e.do("sales@acme.test", "GET", "/", nil); r.location != "/o/acme/today" {
		t.Fatalf("salesperson's home goes to %q", r.location)
	}
	r := e.do("consultant@acme.test", "GET", "/portfolio", nil)
	wantPage(t, "portfolio", r, 200, "Portefeuille", `id="org-acme"`, `id="org-other"`, `href="/o/acme/dashboard"`, "4\u202f800\u00a0€",
		`aria-sort="ascending"><a href="/portfolio?dir=desc&amp;period=quarter&amp;sort=org"`, `aria-sort="none"><a href="/portfolio?dir=desc&amp;period=quarter&amp;sort=won"`)
	if strings.Index(r.body, `id="org-acme"`) > strings.Index(r.body, `id="org-other"`) {
		t.Error("by org name, Acme comes before Other")
	}
	// Sorted by won, ascending: other (0) before acme (1); the header says so.
	r = e.do("consultant@acme.test", "GET", "/portfolio?sort=won&dir=asc", nil)
	wantPage(t, "sorted", r, 200, `aria-sort="ascending"><a href="/portfolio?dir=desc&amp;period=quarter&amp;sort=won"`)
	if strings.Index(r.body, `id="org-acme"`) < strings.Index(r.body, `id="org-other"`) {
		t.Error("by won ascending, Other comes first")
	}
	// The period picker, and its errors.
	wantPage(t, "by year", e.do("consultant@acme.test", "GET", "/portfolio?period=year", nil), 200, `<option value="year" selected>`)
	wantPage(t, "bad period", e.do("consultant@acme.test", "GET", "/portfolio?period=week", nil), 400)
	// The header links the portfolio for the consultant, not for a salesperson of one org.
	wantPage(t, "consultant's header", e.do("consultant@acme.test", "GET", "/o/acme/today", nil), 200, `href="/portfolio"`)
	if r := e.do("sales@acme.test", "GET", "/o/acme/today", nil); strings.Contains(r.body, `href="/portfolio"`) {
		t.Error("a salesperson of one org sees the portfolio link")
	}
	// In English.
	must(t, e.db.SetLang(context.Background(), e.ids["consultant@acme.test"], "en"))
	wantPage(t, "english", e.do("consultant@acme.test", "GET", "/portfolio", nil), 200, "Portfolio", "Won revenue", "Last activity")
	// Signed out: to the sign-in page.
	if r := e.do("", "GET", "/portfolio", nil); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/signin") {
		t.Fatalf("signed out: %d %s", r.status, r.location)
	}
}

func TestNotePages(t *testing.T) {
	e := newConsEnv(t)
	c := "consultant@acme.test"
	// The consultant writes a note for Q2 2025.
	r := e.do(c, "GET", "/o/acme/notes", nil)
	wantPage(t, "empty notes", r, 200, `id="note-form"`, `<option value="quarter:2025-04-01" selected>`, "Aucune note")
	r = e.do(c, "POST", "/o/acme/notes", url.Values{"period": {"quarter:2025-04-01"}, "body": {"Relancer les <affaires> en attente.\nAvant fin juin."}})
	if r.status != http.StatusSeeOther || r.flash != "Note enregistrée." {
		t.Fatalf("create: %d %q %s", r.status, r.flash, r.body)
	}
	notes, _, err := e.db.FindNotes(e.ctx[c], closer.NoteFilter{})
	must(t, err)
	if len(notes) != 1 {
		t.Fatalf("notes: %v", notes)
	}
	id := idOf(notes[0].ID)
	// Everyone reads it, escaped, newlines kept; only writers see the form.
	r = e.do("sales@acme.test", "GET", "/o/acme/notes", nil)
	wantPage(t, "sales reads", r, 200, "Relancer les &lt;affaires&gt; en attente.\nAvant fin juin.", "T2 2025", "Claire Conseil")
	if strings.Contains(r.body, `id="note-form"`) {
		t.Error("a salesperson sees the note form")
	}
	// Refused input is shown again.
	r = e.do(c, "POST", "/o/acme/notes", url.Values{"period": {"quarter:2025-04-01"}, "body": {"  "}})
	wantPage(t, "empty body", r, 422, `id="note-body-error"`)
	r = e.do(c, "POST", "/o/acme/notes", url.Values{"period": {"quarter:2025-05-01"}, "body": {"x"}})
	wantPage(t, "bad period", r, 422, `id="note-period-error"`)
	if r := e.do("sales@acme.test", "POST", "/o/acme/notes", url.Values{"period": {"quarter:2025-04-01"}, "body": {"x"}}); r.status != 403 {
		t.Fatalf("sales writes a note: %d", r.status)
	}

	// Editing keeps the history; a stale form answers 409 with the current text.
	r = e.do(c, "GET", "/o/acme/notes/"+id, nil)
	wantPage(t, "note page", r, 200, `id="note-edit-form"`, `name="version" value="1"`, "Version 1")
	r = e.do(c, "POST", "/o/acme/notes/"+id, url.Values{"version": {"1"}, "body": {"Relancer les 5 plus anciennes."}})
	if r.status != http.StatusSeeOther || !strings.HasSuffix(r.location, "/o/acme/notes/"+id) {
		t.Fatalf("edit: %d %s %s", r.status, r.location, r.body)
	}
	r = e.do(c, "POST", "/o/acme/notes/"+id, url.Values{"version": {"1"}, "body": {"Mon texte."}})
	wantPage(t, "stale edit", r, 409, "Quelqu&#39;un a modifié cette note", "Mon texte.", `name="version" value="2"`)
	r = e.do("sales@acme.test", "GET", "/o/acme/notes/"+id, nil)
	wantPage(t, "history", r, 200, "Version 2", "Version 1", "version actuelle", "Relancer les 5 plus anciennes.", "Avant fin juin.")
	if strings.Contains(r.body, `id="note-edit-form"`) {
		t.Error("a salesperson sees the edit form")
	}
	if r := e.do("manager@acme.test", "POST", "/o/acme/notes/"+id, url.Values{"version": {"2"}, "body": {"x"}}); r.status != 403 {
		t.Fatalf("manager edits the consultant's note: %d", r.status)
	}
	// Another org's member gets a 404 for the note, as for an unknown one.
	if r := e.do("owner@other.test", "GET", "/o/other/notes/"+id, nil); r.status != 404 {
		t.Fatalf("foreign note: %d", r.status)
	}
	if r := e.do(c, "GET", "/o/acme/notes/999999", nil); r.status != 404 {
		t.Fatalf("unknown note: %d", r.status)
	}
}
