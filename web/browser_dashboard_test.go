package web_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"closer/demo"
)

// A consultant opens the dashboard, picks the year instead of the quarter,
// sees the charts load, and follows the team's number of won opportunities
// to the list, which shows as many.
func TestBrowserDashboard(t *testing.T) {
	b := newBrowser(t)
	creds, err := demo.Load(context.Background(), b.DB, demo.Options{Opportunities: 300})
	if err != nil {
		t.Fatal(err)
	}
	b.signInTo(t, creds.Emails[len(creds.Emails)-1], creds.Password, "header .nav")
	b.run(t,
		chromedp.Click(chromedp.CSS(`header .nav a[href="/o/demo/dashboard"]`)),
		chromedp.WaitVisible(chromedp.CSS("#team-outcomes")),
	)
	quarter := b.text(t, "#dash-period")
	b.run(t,
		chromedp.SetValue(chromedp.CSS("#p-kind"), "year"),
		chromedp.Click(chromedp.CSS("#p-apply")),
		chromedp.WaitReady(chromedp.CSS(`#p-kind option[value=year][selected]`)),
	)
	year := b.text(t, "#dash-period")
	if year == quarter || !strings.Contains(get(t, b, chromedp.Location()), "kind=year") {
		t.Fatalf("period still %q (was %q)", year, quarter)
	}
	// Every chart loads as an image: the page's policy does not block it.
	loaded := `Array.from(document.querySelectorAll(".dash-charts img")).every(i => i.complete && i.naturalWidth > 0)`
	get(t, b, chromedp.Poll[bool](loaded, chromedp.WithPollingTimeout(stepTimeout)))
	if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll(".dash-charts img").length`)); n != 8 {
		t.Errorf("%d charts", n)
	}
	if path := os.Getenv("CLOSER_SCREENSHOT"); path != "" {
		png := get(t, b, chromedp.FullScreenshot(100))
		os.WriteFile(path, png, 0o644)
	}
	won := digits(b.text(t, `#team-outcomes tfoot a[data-figure=won]`))
	if won == 0 {
		t.Fatal("no opportunity won this year in the demo")
	}
	b.run(t,
		chromedp.Click(chromedp.CSS(`#team-outcomes tfoot a[data-figure=won]`)),
		chromedp.WaitVisible(chromedp.CSS("#opps-count")),
	)
	count := b.text(t, "#opps-count")
	if got := digits(count[strings.LastIndex(count, " "):]); got != won {
		t.Errorf("the dashboard says %d won, the list %q", won, count)
	}
	if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll("#f-closed_from[value]").length`)); n != 1 {
		t.Error("the list does not show the period it is filtered on")
	}
}
