package web_test

import (
	"net/url"
	"strings"
	"testing"

	"closer"
)

// TestReassignPage: the owner deactivates a salesperson, who can no longer
// open the org's pages, and hands their open opportunity to a colleague from
// the members section; other roles are refused.
func TestReassignPage(t *testing.T) {
	e := newRecEnv(t)
	sales, sales2 := e.ids["sales@acme.test"], e.ids["sales2@acme.test"]
	opp := &closer.Opportunity{Title: "Fenêtres Dupont", OwnerID: sales}
	must(t, e.db.CreateOpportunity(e.ctx["manager@acme.test"], opp))
	reassign := "/o/acme/settings/members/" + idOf(sales) + "/reassign"
	to := url.Values{"to": {idOf(sales2)}}

	if res := e.do("owner@acme.test", "GET", "/o/acme/settings", nil); !strings.Contains(res.body, `action="`+reassign+`"`) {
		t.Fatalf("the members section has no hand-over form (status %d)", res.status)
	}
	for _, sc := range []struct {
		who    string
		status int
	}{{"manager@acme.test", 403}, {"consultant@acme.test", 403}, {"sales2@acme.test", 403}, {"owner@other.test", 404}} {
		if res := e.do(sc.who, "POST", reassign, to); res.status != sc.status {
			t.Errorf("%s hands over: status %d, want %d", sc.who, res.status, sc.status)
		}
	}

	if res := e.do("owner@acme.test", "POST", "/o/acme/settings/members/"+idOf(sales), url.Values{"action": {"deactivate"}}); res.status != 303 {
		t.Fatalf("deactivate: status %d\n%s", res.status, res.body)
	}
	if res := e.do("sales@acme.test", "GET", "/o/acme/today", nil); res.status != 404 {
		t.Errorf("a deactivated member opens the org's day: status %d, want 404", res.status)
	}
	if res := e.do("owner@acme.test", "POST", reassign, url.Values{"to": {""}}); res.status != 422 || !strings.Contains(res.body, `id="reassign-`+idOf(sales)+`-error"`) {
		t.Errorf("no member chosen: status %d, want 422 with the error on the row", res.status)
	}
	res := e.do("owner@acme.test", "POST", reassign, to)
	if res.status != 303 || !strings.Contains(res.flash, "1 ") {
		t.Fatalf("hand over: status %d, flash %q", res.status, res.flash)
	}
	got, err := e.db.FindOpportunity(e.ctx["owner@acme.test"], opp.ID)
	must(t, err)
	if got.OwnerID != sales2 || got.Version != opp.Version+1 {
		t.Errorf("after the hand-over: owner %d version %d, want %d and %d", got.OwnerID, got.Version, sales2, opp.Version+1)
	}
	evs, err := e.db.OpportunityEvents(e.ctx["owner@acme.test"], opp.ID)
	must(t, err)
	if last := evs[len(evs)-1]; last.Kind != closer.EventOwner || last.From != idOf(sales) || last.To != idOf(sales2) {
		t.Errorf("the timeline does not show the hand-over: %+v", last)
	}
}
