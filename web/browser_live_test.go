package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"closer"
	"closer/live"
)

// liveBrowser is newBrowser's Chromium and store, served by a server whose
// pages update live.
func liveBrowser(t *testing.T) *browserEnv {
	t.Helper()
	b := newBrowser(t)
	feed := live.NewBroker(live.DefaultWindow, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := liveServer(t, b.DB, feed)
	srv.Now = nil // the browser tests run on the real clock
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { feed.Close(); ts.Close() })
	b.URL = ts.URL
	return b
}

// apiAs sends an API request as the user of email (with a new token) and
// returns the decoded answer, failing unless the status is want.
func apiAs(t *testing.T, b *browserEnv, email, method, path, body string, want int) map[string]any {
	t.Helper()
	token, _, err := b.DB.CreateToken(closer.NewSystemContext(context.Background()), userID(t, b.DB, email), "live test")
	must(t, err)
	res, answer := sendRequest(t, apiRequest(t, method, b.URL+path, token, body))
	var out map[string]any
	json.Unmarshal([]byte(answer), &out)
	if res.StatusCode != want {
		t.Fatalf("%s %s answered %d, want %d: %v", method, path, res.StatusCode, want, out)
	}
	return out
}

func TestBrowserBoardUpdatesLive(t *testing.T) {
	b := liveBrowser(t)
	st := stagesOf(t, b)
	sales := userID(t, b.DB, "sales@acme.test")
	four := browserOpp(t, b, closer.Opportunity{Title: "Four à pain", OwnerID: sales, StageID: st[0].ID, Amount: 1250000})

	signInFrench(t, b, "sales@acme.test")
	col0 := `.column[data-stage="` + idOf(st[0].ID) + `"]`
	card := "#opp-" + idOf(four.ID)
	b.run(t,
		chromedp.Navigate(b.URL+"/o/acme/board"),
		chromedp.WaitVisible(chromedp.CSS(`[data-live][data-live-state="open"]`)),
	)
	if got := b.text(t, col0+" .count"); got != "1" {
		t.Fatalf("first column count %q, want 1", got)
	}
	before := b.text(t, card+" .meta")

	// A colleague creates an opportunity and changes the amount of another
	// through the API: the open board shows both without a reload.
	get(t, b, chromedp.Evaluate[bool](`window.notReloaded = true`))
	created := apiAs(t, b, "manager@acme.test", "POST", "/api/v1/orgs/acme/opportunities",
		`{"title": "Pétrin neuf", "owner": "`+idOf(sales)+`", "amount": 480000}`, http.StatusCreated)
	newCard := "#opp-" + idOf(int64(created["id"].(float64)))
	apiAs(t, b, "manager@acme.test", "PATCH", "/api/v1/orgs/acme/opportunities/"+idOf(four.ID), `{"amount": 2990000}`, http.StatusOK)
	b.run(t, chromedp.WaitVisible(chromedp.CSS(col0+" "+newCard)))
	// Two changes may arrive as one update or as two: wait for both.
	get(t, b, chromedp.Poll[bool](`document.querySelector(`+jsString(col0+" .count")+`).textContent === "2" &&
		document.querySelector(`+jsString(card+" .meta")+`).innerText !== `+jsString(before)+` &&
		document.querySelector(`+jsString(card+" .meta")+`).innerText.includes("29")`, chromedp.WithPollingTimeout(stepTimeout)))
	if !get(t, b, chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Fatal("the page was reloaded instead of updated")
	}
	if got := b.text(t, card+" .meta"); !strings.Contains(got, "29") {
		t.Errorf("card after the amount change: %q", got)
	}

	// While the reader is choosing in a card's move form, the board waits;
	// when they leave it, the board updates and the form stays open.
	b.run(t,
		chromedp.Click(chromedp.CSS(newCard+" summary")),
		chromedp.Focus(chromedp.CSS(newCard+" select[name=stage]")),
	)
	apiAs(t, b, "manager@acme.test", "POST", "/api/v1/orgs/acme/opportunities",
		`{"title": "Vitrine réfrigérée", "owner": "`+idOf(sales)+`"}`, http.StatusCreated)
	b.run(t, chromedp.WaitVisible(chromedp.CSS(`[data-live][data-live-pending]`)))
	if got := b.text(t, col0+" .count"); got != "2" {
		t.Fatalf("the board changed under the reader's focus: count %q", got)
	}
	b.run(t,
		chromedp.Click(chromedp.CSS("h1")),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-live][data-live-pending]`)),
	)
	get(t, b, chromedp.Poll[bool](`document.querySelector(`+jsString(col0+" .count")+`).textContent === "3"`))
	if !get(t, b, chromedp.Evaluate[bool](`document.querySelector(`+jsString(newCard+" details")+`).open`)) {
		t.Error("the open move form was closed by the update")
	}

	// A keyboard reader on a card's link keeps their place through an update.
	b.run(t, chromedp.Focus(chromedp.CSS(card+" > a")))
	apiAs(t, b, "manager@acme.test", "POST", "/api/v1/orgs/acme/opportunities",
		`{"title": "Balance", "owner": "`+idOf(sales)+`"}`, http.StatusCreated)
	get(t, b, chromedp.Poll[bool](`document.querySelector(`+jsString(col0+" .count")+`).textContent === "4"`))
	if !get(t, b, chromedp.Evaluate[bool](`document.activeElement === document.querySelector(`+jsString(card+" > a")+`)`)) {
		t.Error("the focus was lost by the update")
	}

	// The fresh cards still drag and drop (closer.js enhanced them).
	col1 := `.column[data-stage="` + idOf(st[1].ID) + `"]`
	b.run(t,
		chromedp.DragAndDrop(chromedp.CSS(card+" > a"), chromedp.CSS(col1+" h2")),
		chromedp.WaitVisible(chromedp.CSS(col1+" "+card)),
	)
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
