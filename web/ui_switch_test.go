package web_test

import (
	"context"
	"strings"
	"testing"

	"closer"
)

// TestOrgSwitcherKeepsTheSection: a reader in two orgs switches from the
// header to the same section of the other org, to its list from a record,
// and to its day when the section is not theirs to open there.
func TestOrgSwitcherKeepsTheSection(t *testing.T) {
	e := newRecEnv(t)
	sys := closer.NewSystemContext(context.Background())
	must(t, e.db.AddMember(sys, "other", "owner@acme.test", closer.RoleConsultant))
	opp := &closer.Opportunity{Title: "Fenêtres Dupont"}
	must(t, e.db.CreateOpportunity(e.ctx["owner@acme.test"], opp))
	for _, sc := range []struct{ path, link string }{
		{"/o/acme/activities", `href="/o/other/activities"`},
		{"/o/acme/opportunities/" + idOf(opp.ID), `href="/o/other/opportunities"`},
		{"/o/acme/settings", `href="/o/other/today"`},
		{"/o/acme/accounts", `href="/o/acme/accounts" aria-current="true"`},
	} {
		res := e.do("owner@acme.test", "GET", sc.path, nil)
		if res.status != 200 || !strings.Contains(res.body, sc.link) {
			t.Errorf("GET %s: status %d, the org switcher lacks %s", sc.path, res.status, sc.link)
		}
	}
	if res := e.do("sales@acme.test", "GET", "/o/acme/accounts", nil); strings.Contains(res.body, `href="/o/other/`) {
		t.Errorf("a member of one org sees a switcher to another")
	}
}
