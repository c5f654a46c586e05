package closer

import "testing"

// TestActivityCheckOpportunity: an activity about an opportunity and an
// account is about that opportunity's account; one about either alone,
// or about an opportunity without an account yet, fits.
func TestActivityCheckOpportunity(t *testing.T) {
	for _, c := range []struct {
		name               string
		opp, acct, oppAcct int64
		ok                 bool
	}{
		{"same account", 1, 7, 7, true},
		{"another account", 1, 7, 8, false},
		{"no account of its own", 1, 0, 8, true},
		{"opportunity without account", 1, 7, 0, true},
		{"no opportunity", 0, 7, 8, true},
	} {
		a := &Activity{OpportunityID: c.opp, AccountID: c.acct}
		err := a.CheckOpportunity(c.oppAcct)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		} else if err != nil && ErrorField(err) != "account" {
			t.Errorf("%s: field %q, want account", c.name, ErrorField(err))
		}
	}
}
