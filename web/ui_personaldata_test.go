package web_test

import (
	"strings"
	"testing"

	"closer"
)

// TestPersonalDataPages: owners and managers download a contact's personal
// data and erase the contact from the contact's page; others are refused.
func TestPersonalDataPages(t *testing.T) {
	e := newRecEnv(t)
	acc := e.account("sales@acme.test", "Dupont SARL")
	c := &closer.Contact{Name: "Marie Dupont", Email: "marie@dupont.test", AccountID: acc.ID}
	must(t, e.db.CreateContact(e.ctx["sales@acme.test"], c))
	base := "/o/acme/contacts/" + idOf(c.ID)

	if res := e.do("manager@acme.test", "GET", base+"/edit", nil); !strings.Contains(res.body, `id="erase-contact"`) || !strings.Contains(res.body, `data-confirm=`) {
		t.Errorf("the manager's contact page lacks the erase button with its confirmation (status %d)", res.status)
	}
	if res := e.do("sales@acme.test", "GET", base+"/edit", nil); strings.Contains(res.body, `id="personal-data"`) {
		t.Errorf("the salesperson sees the personal data section")
	}
	for _, sc := range []struct {
		who, method, path string
		status            int
	}{
		{"sales@acme.test", "GET", base + "/personal-data", 403},
		{"consultant@acme.test", "GET", base + "/personal-data", 403},
		{"sales@acme.test", "POST", base + "/erase", 403},
		{"consultant@acme.test", "POST", base + "/erase", 403},
		{"owner@other.test", "POST", base + "/erase", 404},
	} {
		if res := e.do(sc.who, sc.method, sc.path, nil); res.status != sc.status {
			t.Errorf("%s %s %s: status %d, want %d", sc.who, sc.method, sc.path, res.status, sc.status)
		}
	}
	if res := e.do("manager@acme.test", "GET", base+"/personal-data", nil); res.status != 200 || !strings.Contains(res.body, `"email":"marie@dupont.test"`) {
		t.Errorf("download: status %d\n%s", res.status, res.body)
	}
	res := e.do("owner@acme.test", "POST", base+"/erase", nil)
	if res.status != 303 || res.flash == "" {
		t.Fatalf("erase: status %d, flash %q", res.status, res.flash)
	}
	got, err := e.db.FindContact(e.ctx["owner@acme.test"], c.ID)
	must(t, err)
	if got.Name != closer.ErasedContactName(c.ID) || got.Email != "" {
		t.Errorf("the contact is not erased: %+v", got)
	}
}
