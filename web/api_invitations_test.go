package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestInvitationsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		const org = "/api/v1/orgs/acme"
		f.run(t, []scenario{
			{name: "manager invites", as: "manager", method: "POST", path: org + "/invitations", body: `{"email": "outsider@example.test", "role": "sales"}`, status: 403},
			{name: "consultant lists", as: "consultant", method: "GET", path: org + "/invitations", status: 403},
			{name: "foreign org", as: "outsider", method: "GET", path: org + "/invitations", status: 404},
			{name: "bad role", as: "owner", method: "POST", path: org + "/invitations", body: `{"email": "outsider@example.test", "role": "boss"}`, status: 422, field: "role"},
			{name: "bad e-mail", as: "owner", method: "POST", path: org + "/invitations", body: `{"email": "nope", "role": "sales"}`, status: 422, field: "email"},
			{name: "revoke unknown", as: "owner", method: "DELETE", path: org + "/invitations/999999", status: 404},
		})
		created := f.do(t, "owner", "POST", org+"/invitations", `{"email": "outsider@example.test", "role": "sales"}`, nil)
		if created.status != 201 {
			t.Fatalf("invite: %d %s", created.status, created.body)
		}
		var inv struct {
			ID     int64  `json:"id"`
			Secret string `json:"secret"`
		}
		must(t, json.Unmarshal(created.body, &inv))
		f.ids["inv"] = inv.ID
		if list := f.do(t, "owner", "GET", org+"/invitations", "", nil); inv.Secret == "" || strings.Contains(string(list.body), inv.Secret) {
			t.Fatalf("the secret is missing from the creation or shown in the list: %q", inv.Secret)
		}
		accept := "/api/v1/invitations/" + inv.Secret + "/accept"
		f.run(t, []scenario{
			{name: "pending list", as: "owner", method: "GET", path: org + "/invitations", status: 200, want: []string{`"total":1`, `"email":"outsider@example.test"`}},
			{name: "another user accepts", as: "sales", method: "POST", path: accept, status: 403},
			{name: "without a token", method: "POST", path: accept, status: 401},
			{name: "not a member yet", as: "outsider", method: "GET", path: org, status: 404},
			{name: "the invited user accepts", as: "outsider", method: "POST", path: accept, status: 200, want: []string{`"slug":"acme"`}},
			{name: "now a salesperson", as: "outsider", method: "GET", path: org, status: 200, want: []string{`"role":"sales"`}},
			{name: "used twice", as: "outsider", method: "POST", path: accept, status: 404},
			{name: "revoke a used one", as: "owner", method: "DELETE", path: org + "/invitations/{inv}", status: 404},
			{name: "another invitation", as: "owner", method: "POST", path: org + "/invitations", body: `{"email": "x@example.test", "role": "consultant"}`, status: 201, save: "inv2"},
			{name: "a foreign owner revokes", as: "outsider", method: "DELETE", path: "/api/v1/orgs/other/invitations/{inv2}", status: 404},
			{name: "revoke", as: "owner", method: "DELETE", path: org + "/invitations/{inv2}", status: 204},
			{name: "nothing pending", as: "owner", method: "GET", path: org + "/invitations", status: 200, want: []string{`"total":0`}},
		})
	})
}

// TestInvitingAMemberAPI: inviting an active member who can sign in is a
// 422 on email naming the Members page, not an invitation that changes
// nothing; an invitation older than the membership gives its role when
// accepted, and the audit log tells the acceptance and the change of role.
// Accepting used to answer 200 and use the invitation, the role unchanged,
// while the log recorded the new role.
func TestInvitingAMemberAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		const org = "/api/v1/orgs/acme"
		sys := closer.NewSystemContext(context.Background())
		for _, key := range []string{"julien", "sophie"} {
			u := &closer.User{Email: key + "@example.test", Name: "User " + key}
			must(t, db.CreateUser(sys, u, "long enough password"))
			secret, _, err := db.CreateToken(sys, u.ID, "test")
			must(t, err)
			f.tokens[key], f.ids[key] = secret, u.ID
		}
		must(t, db.AddMember(sys, "acme", "julien@example.test", closer.RoleSales))
		created := f.do(t, "owner", "POST", org+"/invitations", `{"email": "sophie@example.test", "role": "manager"}`, nil)
		if created.status != 201 {
			t.Fatalf("invite: %d %s", created.status, created.body)
		}
		var inv struct {
			Secret string `json:"secret"`
		}
		must(t, json.Unmarshal(created.body, &inv))
		must(t, db.AddMember(sys, "acme", "sophie@example.test", closer.RoleSales)) // she joins meanwhile
		f.run(t, []scenario{
			{name: "invite a member", as: "owner", method: "POST", path: org + "/invitations", body: `{"email": "julien@example.test", "role": "manager"}`, status: 422, field: "email",
				want: []string{`julien@example.test is already a member of this organization, as salesperson: change their role on the Members page rather than invite them.`}},
			{name: "nothing more pending", as: "owner", method: "GET", path: org + "/invitations", status: 200, want: []string{`"total":1`, `"email":"sophie@example.test"`}},
			{name: "an older invitation accepted", as: "sophie", method: "POST", path: "/api/v1/invitations/" + inv.Secret + "/accept", status: 200, want: []string{`"slug":"acme"`}},
			{name: "with its role", as: "sophie", method: "GET", path: org, status: 200, want: []string{`"role":"manager"`}},
			{name: "the acceptance logged", as: "owner", method: "GET", path: org + "/audit?action=invitation.accept", status: 200,
				want: []string{`"total":1`, `"target":"sophie@example.test","detail":"manager"`}},
			{name: "the change of role logged", as: "owner", method: "GET", path: org + "/audit?action=member.role", status: 200,
				want: []string{`"total":1`, `"target":"sophie@example.test","detail":"sales → manager"`}},
		})
	})
}
