package web_test

import (
	"context"
	"strings"
	"testing"

	"closer"

	"github.com/chromedp/chromedp"
)

// TestBrowserConsultant follows the outside consultant: signed in, they land
// on their portfolio of two client orgs, sort it by a column, open one org,
// write a note for the quarter, edit it and read its history.
func TestBrowserConsultant(t *testing.T) {
	b := newBrowser(t)
	db := b.DB
	recFrench(t, b)
	must(t, db.AddMember(closer.NewSystemContext(context.Background()), "other", "consultant@acme.test", closer.RoleConsultant))
	o := &closer.Opportunity{Title: "Fenêtres Dupont", Amount: 500000}
	must(t, db.CreateOpportunity(b.Owner, o))

	// Sign in: a consultant of two orgs lands on the portfolio.
	b.signInTo(t, "consultant@acme.test", fixturePassword, "#portfolio")
	if got := b.text(t, "h1"); !strings.Contains(got, "Portefeuille") {
		t.Fatalf("landing page: %q", got)
	}
	// Sort by on-hold amount, then reverse it: the header says how it is sorted.
	b.run(t,
		chromedp.Click(chromedp.CSS("#sort-on_hold_amount")),
		chromedp.WaitVisible(chromedp.CSS(`th[aria-sort="descending"] #sort-on_hold_amount`)),
		chromedp.Click(chromedp.CSS("#sort-on_hold_amount")),
		chromedp.WaitVisible(chromedp.CSS(`th[aria-sort="ascending"] #sort-on_hold_amount`)),
	)
	if url := get(t, b, chromedp.Location()); !strings.Contains(url, "sort=on_hold_amount") || !strings.Contains(url, "dir=asc") {
		t.Errorf("sorted URL: %s", url)
	}
	// Open acme, then its notes from the navigation.
	b.run(t,
		chromedp.Click(chromedp.CSS(`#org-acme th a[href="/o/acme/dashboard"]`)),
		chromedp.WaitVisible(chromedp.CSS("header .nav")),
		chromedp.Click(chromedp.CSS(`header .nav a[href="/o/acme/notes"]`)),
		chromedp.WaitVisible(chromedp.CSS("#note-form")),
	)
	// Write a note for the current quarter (the default period).
	b.run(t,
		chromedp.SendKeys(chromedp.CSS("#note-body"), "Relancer les affaires en attente.\nCommencer par les plus anciennes."),
		chromedp.Click(chromedp.CSS("#note-submit")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if got := b.text(t, ".note-list .note-body"); !strings.Contains(got, "Commencer par les plus anciennes.") {
		t.Fatalf("note after writing: %q", got)
	}
	// Open it and edit it.
	b.run(t,
		chromedp.Click(chromedp.CSS(`.note-list .note-meta a`)),
		chromedp.WaitVisible(chromedp.CSS("#note-edit-form")),
		chromedp.SetValue(chromedp.CSS("#note-edit-body"), "Relancer les 5 affaires en attente depuis plus de 60 jours."),
		chromedp.Click(chromedp.CSS("#note-edit-submit")),
		chromedp.WaitVisible(chromedp.CSS("#version-2")),
	)
	if got := b.text(t, "#note-current"); got != "Relancer les 5 affaires en attente depuis plus de 60 jours." {
		t.Errorf("current text: %q", got)
	}
	if got := b.text(t, "#version-1"); !strings.Contains(got, "Version 1") || !strings.Contains(got, "Commencer par les plus anciennes.") {
		t.Errorf("history keeps the first version: %q", got)
	}
	if got := b.text(t, ".flash"); !strings.Contains(got, "version précédente est conservée") {
		t.Errorf("flash after editing: %q", got)
	}
}
