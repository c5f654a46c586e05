package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"closer"
)

// dayNow is "now" in the day pages' tests: Monday 16 June 2025 in Paris.
var dayNow = time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)

// dayEnv is the day pages' set-up (pageEnv) with the org's stages and the
// opportunities a test creates, by title.
type dayEnv struct {
	*pageEnv
	stages []closer.ListItem
	opps   map[string]*closer.Opportunity
}

func newDayEnv(t *testing.T) *dayEnv {
	t.Helper()
	e := &dayEnv{pageEnv: newPageEnv(t, dayNow), opps: map[string]*closer.Opportunity{}}
	lists, err := e.db.Lists(e.owner)
	must(t, err)
	e.stages = lists.Stages
	return e
}

// opp creates an opportunity as the member of email.
func (e *dayEnv) opp(email string, o closer.Opportunity) *closer.Opportunity {
	e.t.Helper()
	must(e.t, e.db.CreateOpportunity(e.ctx[email], &o))
	e.opps[o.Title] = &o
	return &o
}

// hold puts an opportunity on hold as the member of email.
func (e *dayEnv) hold(email string, o *closer.Opportunity, reason string, review closer.Date) *closer.Opportunity {
	e.t.Helper()
	held, err := e.db.HoldOpportunity(e.ctx[email], o.ID, o.Version, closer.HoldInput{HoldReason: reason, ReviewOn: review})
	must(e.t, err)
	e.opps[held.Title] = held
	return held
}

// dayFixture fills acme with the opportunities the scenarios use.
func dayFixture(t *testing.T) *dayEnv {
	e := newDayEnv(t)
	d := closer.MustDate
	acc := &closer.Account{Name: "Boulangerie Dupont"}
	must(t, e.db.CreateAccount(e.ctx["sales@acme.test"], acc))
	e.opp("sales@acme.test", closer.Opportunity{Title: "Four à pain", AccountID: acc.ID, StageID: e.stages[0].ID, Amount: 1250000,
		NextActionOn: d("2025-06-10"), NextAction: "Rappeler le gérant"})
	e.opp("sales2@acme.test", closer.Opportunity{Title: "Pétrin", AccountID: acc.ID, StageID: e.stages[1].ID, Amount: 480000,
		NextActionOn: d("2025-06-20"), NextAction: "Visite"})
	e.opp("sales@acme.test", closer.Opportunity{Title: "Vitrine réfrigérée", StageID: e.stages[2].ID, Amount: 90000})
	held := e.opp("sales@acme.test", closer.Opportunity{Title: "Chambre froide", AccountID: acc.ID, StageID: e.stages[2].ID, Amount: 2300000,
		NextActionOn: d("2025-06-30"), NextAction: "x"})
	e.hold("sales@acme.test", held, "Appel d'offres en cours", d("2025-06-16"))
	return e
}

func TestDayPages(t *testing.T) {
	e := dayFixture(t)
	for _, c := range []struct {
		name, who, path string
		status          int
		want, not       []string
	}{
		{"no session", "", "/o/acme/today", http.StatusSeeOther, nil, nil},
		{"another org's day", "owner@other.test", "/o/acme/today", http.StatusNotFound, []string{"Page introuvable"}, []string{"Four à pain"}},
		{"my day", "sales@acme.test", "/o/acme/today", http.StatusOK,
			[]string{"Ma journée", "Rappeler le gérant", "6 jours de retard", "Appel d&#39;offres en cours", "Vitrine réfrigérée", "Sans client", "Sans prochaine action",
				"Aucune opportunité clôturée", `href="/o/acme/opportunities/`},
			[]string{"Pétrin", "Toute l&#39;équipe"}},
		{"a colleague's day has nothing overdue", "sales2@acme.test", "/o/acme/today", http.StatusOK,
			[]string{"Rien à faire aujourd&#39;hui", "Aucune opportunité en attente à revoir", "Toutes les opportunités en cours ont un client"}, []string{"Four à pain"}},
		{"the team's day, for a manager", "manager@acme.test", "/o/acme/today?owner=all", http.StatusOK,
			[]string{"La journée de l&#39;équipe", "Rappeler le gérant", "Sophie Bernard", `<option value="all" selected>`}, nil},
		{"a consultant sees the team by default", "consultant@acme.test", "/o/acme/today", http.StatusOK,
			[]string{"La journée de l&#39;équipe", "Rappeler le gérant"}, []string{`value="me"`}},
		{"one salesperson's day", "owner@acme.test", "/o/acme/today?owner=" + strconv.FormatInt(e.ids["sales2@acme.test"], 10), http.StatusOK,
			[]string{"Sa journée", "Rien à faire aujourd&#39;hui"}, []string{"Rappeler le gérant"}},
		{"board", "owner@acme.test", "/o/acme/board", http.StatusOK,
			[]string{"Détection", "Qualification", "Proposition", "Négociation", "12\u202f500\u00a0€", "Four à pain", "Pétrin",
				`class="move"`, `draggable="true"`, "En retard : 10 juin 2025"},
			[]string{"Chambre froide"}},
		{"board of one owner", "owner@acme.test", "/o/acme/board?owner=" + strconv.FormatInt(e.ids["sales2@acme.test"], 10), http.StatusOK,
			[]string{"Pétrin"}, []string{"Four à pain"}},
		{"board for a consultant: no move control", "consultant@acme.test", "/o/acme/board", http.StatusOK,
			[]string{"Four à pain", "Pétrin"}, []string{`class="move"`, "draggable", "Nouvelle opportunité"}},
		{"relaunch queue", "sales@acme.test", "/o/acme/relaunch", http.StatusOK,
			[]string{"Chambre froide", "Appel d&#39;offres en cours", "/resume", "#close"}, []string{"Four à pain"}},
		{"relaunch queue for a consultant", "consultant@acme.test", "/o/acme/relaunch", http.StatusOK,
			[]string{"Chambre froide"}, []string{"/resume"}},
		{"relaunch queue of a colleague: empty", "sales@acme.test", "/o/acme/relaunch?owner=" + strconv.FormatInt(e.ids["sales2@acme.test"], 10), http.StatusOK,
			[]string{"Aucune opportunité en attente"}, []string{"Chambre froide"}},
		{"a malformed owner is ignored", "sales@acme.test", "/o/acme/board?owner=%27x", http.StatusOK, []string{"Four à pain"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := e.do(c.who, "GET", c.path, nil)
			if res.status != c.status {
				t.Fatalf("status %d, want %d\n%s", res.status, c.status, res.body)
			}
			wantTexts(t, res.body, c.want, c.not)
		})
	}
	// A salesperson's board: their own cards move, a colleague's do not.
	res := e.do("sales@acme.test", "GET", "/o/acme/board", nil)
	if own, other := e.opps["Four à pain"].ID, e.opps["Pétrin"].ID; !strings.Contains(res.body, "/opportunities/"+strconv.FormatInt(own, 10)+"/stage") ||
		strings.Contains(res.body, "/opportunities/"+strconv.FormatInt(other, 10)+"/stage") {
		t.Errorf("sales board: move forms on the wrong cards")
	}
}

func TestMoveStage(t *testing.T) {
	e := dayFixture(t)
	four := e.opps["Four à pain"]
	path := "/o/acme/opportunities/" + strconv.FormatInt(four.ID, 10) + "/stage"
	form := func(version int, stage int64) url.Values {
		return url.Values{"version": {strconv.Itoa(version)}, "stage": {strconv.FormatInt(stage, 10)}, "back": {"/o/acme/board?owner=all"}}
	}
	// Refused before anything changes.
	for _, c := range []struct {
		name, who, path string
		form            url.Values
		status          int
	}{
		{"consultant", "consultant@acme.test", path, form(four.Version, e.stages[1].ID), http.StatusForbidden},
		{"a colleague", "sales2@acme.test", path, form(four.Version, e.stages[1].ID), http.StatusForbidden},
		{"another org", "owner@other.test", path, form(four.Version, e.stages[1].ID), http.StatusNotFound},
		{"unknown opportunity", "owner@acme.test", "/o/acme/opportunities/999999/stage", form(1, e.stages[1].ID), http.StatusNotFound},
		{"malformed id", "owner@acme.test", "/o/acme/opportunities/abc/stage", form(1, e.stages[1].ID), http.StatusNotFound},
		{"no session", "", path, form(four.Version, e.stages[1].ID), http.StatusSeeOther},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := e.do(c.who, "POST", c.path, c.form)
			if res.status != c.status {
				t.Fatalf("status %d, want %d\n%s", res.status, c.status, res.body)
			}
			if c.status == http.StatusForbidden && !strings.Contains(res.body, "Action non autorisée") {
				t.Errorf("403 page: %s", res.body)
			}
		})
	}
	got, err := e.db.FindOpportunity(e.owner, four.ID)
	must(t, err)
	if got.StageID != e.stages[0].ID || got.Version != four.Version {
		t.Fatalf("a refused move changed the opportunity: %+v", got)
	}

	// The owner moves it: back to the board (keeping its filter), with a flash.
	res := e.do("sales@acme.test", "POST", path, form(four.Version, e.stages[1].ID))
	if res.status != http.StatusSeeOther || res.location != "/o/acme/board?owner=all" || !strings.Contains(res.flash, "« Four à pain » est passée à l'étape Qualification") {
		t.Fatalf("move: %+v", res)
	}
	got, err = e.db.FindOpportunity(e.owner, four.ID)
	must(t, err)
	if got.StageID != e.stages[1].ID || got.Version != four.Version+1 {
		t.Fatalf("after the move: stage %d version %d", got.StageID, got.Version)
	}

	// The same form again is stale: the flash says someone changed it.
	res = e.do("sales@acme.test", "POST", path, form(four.Version, e.stages[2].ID))
	if res.status != http.StatusSeeOther || !strings.Contains(res.flash, "Quelqu'un a modifié cette opportunité") {
		t.Fatalf("stale move: %+v", res)
	}
	// A stage of the list only; an on-hold opportunity does not move; the back link stays on the site.
	bad := form(got.Version, 424242)
	bad.Set("back", "https://evil.test/")
	res = e.do("sales@acme.test", "POST", path, bad)
	if res.status != http.StatusSeeOther || res.location != "/o/acme/board" || !strings.Contains(res.flash, "Déplacement refusé") {
		t.Fatalf("unknown stage: %+v", res)
	}
	held := e.opps["Chambre froide"]
	res = e.do("sales@acme.test", "POST", "/o/acme/opportunities/"+strconv.FormatInt(held.ID, 10)+"/stage", form(held.Version, e.stages[0].ID))
	if !strings.Contains(res.flash, "seule une opportunité en cours change d'étape") {
		t.Fatalf("moving an on-hold opportunity: %+v", res)
	}
	// The flash shows once, on the next page.
	req := formRequest(t, "GET", e.srv.URL+"/o/acme/board", newSession(t, e.db, e.ids["sales@acme.test"]), nil)
	req.AddCookie(&http.Cookie{Name: "closer_flash", Value: url.QueryEscape("Bravo")})
	if _, b := sendRequest(t, req); !strings.Contains(b, `<p class="flash" role="status">Bravo</p>`) {
		t.Errorf("the board does not show the flash")
	}
}

func TestResume(t *testing.T) {
	e := dayFixture(t)
	held := e.opps["Chambre froide"]
	path := "/o/acme/opportunities/" + strconv.FormatInt(held.ID, 10) + "/resume"
	form := func(version int) url.Values { return url.Values{"version": {strconv.Itoa(version)}} }
	for _, c := range []struct {
		name, who string
		status    int
	}{
		{"consultant", "consultant@acme.test", http.StatusForbidden},
		{"a colleague", "sales2@acme.test", http.StatusForbidden},
		{"another org", "owner@other.test", http.StatusNotFound},
	} {
		if res := e.do(c.who, "POST", path, form(held.Version)); res.status != c.status {
			t.Errorf("%s: status %d, want %d", c.name, res.status, c.status)
		}
	}
	res := e.do("sales@acme.test", "POST", path, form(held.Version-1))
	if res.status != http.StatusSeeOther || res.location != "/o/acme/relaunch" || !strings.Contains(res.flash, "Quelqu'un a modifié") {
		t.Fatalf("stale resume: %+v", res)
	}
	res = e.do("sales@acme.test", "POST", path, form(held.Version))
	if res.status != http.StatusSeeOther || !strings.Contains(res.flash, "« Chambre froide » est relancée") || !strings.Contains(res.flash, "Proposition") {
		t.Fatalf("resume: %+v", res)
	}
	got, err := e.db.FindOpportunity(e.owner, held.ID)
	must(t, err)
	if got.Status != closer.StatusOpen || got.StageID != e.stages[2].ID {
		t.Fatalf("after resume: %s at %d", got.Status, got.StageID)
	}
	res = e.do("sales@acme.test", "POST", path, form(got.Version))
	if !strings.Contains(res.flash, "seule une opportunité en attente peut être relancée") {
		t.Fatalf("resuming an open opportunity: %+v", res)
	}
	if page := e.do("sales@acme.test", "GET", "/o/acme/board", nil); !strings.Contains(page.body, "Chambre froide") {
		t.Errorf("the relaunched opportunity is not on the board")
	}
}

func TestDayPagesInEnglish(t *testing.T) {
	e := dayFixture(t)
	must(t, e.db.SetLang(context.Background(), e.ids["sales@acme.test"], "en"))
	for path, want := range map[string][]string{
		"/o/acme/today":    {"My day", "6 days late", "No account", "Closed in the last 14 days"},
		"/o/acme/board":    {"Pipeline of open opportunities", "Late: 10 Jun 2025", "Move"},
		"/o/acme/relaunch": {"On-hold opportunities to relaunch", "Relaunch"},
	} {
		res := e.do("sales@acme.test", "GET", path, nil)
		for _, w := range want {
			if !strings.Contains(res.body, w) {
				t.Errorf("%s lacks %q\n%s", path, w, res.body)
			}
		}
	}
}
