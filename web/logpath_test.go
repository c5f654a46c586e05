package web

import "testing"

// TestLogPath: an invitation's secret never reaches the request log whole.
func TestLogPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/o/acme/today", "/o/acme/today"},
		{"/invitations/inv_AbCdEfGhIjKlMnOp", "/invitations/inv_AbCd…"},
		{"/api/v1/invitations/inv_AbCdEfGhIjKlMnOp/accept", "/api/v1/invitations/inv_AbCd…/accept"},
		{"/invitations/short", "/invitations/short"},
	} {
		if got := logPath(c.in); got != c.want {
			t.Errorf("logPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
