package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// auditActions returns the actions of the org's log, newest first.
func auditActions(t *testing.T, db *sqlstore.DB, owner context.Context, f closer.AuditFilter) []closer.AuditEntry {
	t.Helper()
	entries, total, err := db.AuditLog(owner, f)
	if err != nil {
		t.Fatal(err)
	}
	if total < len(entries) {
		t.Fatalf("total %d < %d entries", total, len(entries))
	}
	return entries
}

// TestAuditDeletions: every deletion writes its entry in its own
// transaction; a refused or failed deletion leaves none.
func TestAuditDeletions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		client := closer.NewContextWithClient(c.owner, closer.Client{IP: "192.0.2.7"})
		acc := &closer.Account{Name: "Dupont SARL"}
		must(t, db.CreateAccount(c.owner, acc))
		opp := &closer.Opportunity{Title: "Windows", AccountID: acc.ID, OwnerID: c.salesID}
		must(t, db.CreateOpportunity(c.owner, opp))
		contact := &closer.Contact{Name: "Marie Dupont", AccountID: acc.ID}
		must(t, db.CreateContact(c.owner, contact))
		act := &closer.Activity{Kind: closer.ActivityCall, Subject: "Call back", OwnerID: c.salesID, DueOn: closer.MustDate("2024-06-20")}
		must(t, db.CreateActivity(c.sales, act))

		// Refused (role) and failed (conflict, unknown id) deletions: no entry.
		wantErr(t, "sales deletes an opportunity", db.DeleteOpportunity(c.sales, opp.ID, 0), closer.EFORBIDDEN, "")
		wantErr(t, "account still used", db.DeleteAccount(c.owner, acc.ID), closer.ECONFLICT, "")
		wantErr(t, "unknown order", db.DeleteOrder(c.owner, 99999), closer.ENOTFOUND, "")
		if got := auditActions(t, db, c.owner, closer.AuditFilter{Action: closer.AuditDelete("account")}); len(got) != 0 {
			t.Fatalf("a refused deletion left entries: %+v", got)
		}

		must(t, db.DeleteOpportunity(client, opp.ID, 0))
		must(t, db.DeleteContact(c.owner, contact.ID))
		wantErr(t, "sales deletes their activity", db.DeleteActivity(c.sales, act.ID), closer.EFORBIDDEN, "")
		must(t, db.DeleteActivity(c.owner, act.ID))
		must(t, db.DeleteAccount(c.owner, acc.ID))
		got := auditActions(t, db, c.owner, closer.AuditFilter{})
		var deletions []closer.AuditEntry
		for _, e := range got {
			if e.Action != closer.AuditSignIn && len(e.Action) > 7 && e.Action[len(e.Action)-7:] == ".delete" {
				deletions = append(deletions, e)
			}
		}
		want := []struct{ action, detail string }{
			{"account.delete", "Dupont SARL"}, {"activity.delete", "Call back"},
			{"contact.delete", "Marie Dupont"}, {"opportunity.delete", "Windows"},
		}
		if len(deletions) != len(want) {
			t.Fatalf("deletion entries: %+v", deletions)
		}
		for i, w := range want {
			if deletions[i].Action != w.action || deletions[i].Detail != w.detail {
				t.Errorf("entry %d: %+v, want %s %s", i, deletions[i], w.action, w.detail)
			}
		}
		if opp := deletions[3]; opp.UserID != c.ownerID || opp.UserName != "Owner acme" || opp.IP != "192.0.2.7" || !opp.At.Equal(salesNow) {
			t.Errorf("opportunity deletion entry: %+v", opp)
		}
		if deletions[1].UserID != c.ownerID {
			t.Errorf("the activity was deleted by the org's owner: %+v", deletions[1])
		}
		// Another org sees none of it.
		other, _ := newOrg(t, db, "other")
		if got := auditActions(t, db, other, closer.AuditFilter{Action: closer.AuditDelete("account")}); len(got) != 0 {
			t.Fatalf("another org sees acme's log: %+v", got)
		}
	})
}

// TestAuditLogReading: owners only, newest first, filtered and paged.
func TestAuditLogReading(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		for _, ctx := range []context.Context{c.manager, c.sales, c.consultant} {
			_, _, err := db.AuditLog(ctx, closer.AuditFilter{})
			wantErr(t, "non-owner reads the log", err, closer.EFORBIDDEN, "")
		}
		wantErr(t, "record without an action", db.Record(c.owner, closer.AuditEntry{}), closer.EINVALID, "action")
		for i := 0; i < 3; i++ {
			db.Now = func() time.Time { return salesNow.Add(time.Duration(i+1) * time.Minute) }
			must(t, db.Record(c.manager, closer.AuditEntry{Action: closer.AuditExport, Target: "opportunities", Detail: []string{"csv", "json", "xlsx"}[i]}))
		}
		db.Now = func() time.Time { return salesNow }
		must(t, db.Record(c.sales, closer.AuditEntry{Action: closer.AuditExport, Target: "accounts"}))
		got := auditActions(t, db, c.owner, closer.AuditFilter{Action: closer.AuditExport, UserID: c.managerID})
		if len(got) != 3 || got[0].Detail != "xlsx" || got[2].Detail != "csv" || got[0].UserName != "manager" {
			t.Fatalf("manager's exports, newest first: %+v", got)
		}
		page, total, err := db.AuditLog(c.owner, closer.AuditFilter{Action: closer.AuditExport, Page: closer.Page{Limit: 2, Offset: 2}})
		must(t, err)
		if total != 4 || len(page) != 2 || page[0].Detail != "csv" || page[1].Target != "accounts" {
			t.Fatalf("second page: %d %+v", total, page)
		}
	})
}

// TestAuditMembers: role changes and deactivations through UpdateMember
// are recorded; a refused change (the last owner) is not.
func TestAuditMembers(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		manager, owner := closer.RoleManager, closer.RoleSales
		must(t, db.UpdateMember(c.owner, c.salesID, &manager, nil))
		off := false
		must(t, db.UpdateMember(c.owner, c.collID, nil, &off))
		wantErr(t, "demote the last owner", db.UpdateMember(c.owner, c.ownerID, &owner, nil), closer.EINVALID, "role")
		got := auditActions(t, db, c.owner, closer.AuditFilter{})
		var member []closer.AuditEntry
		for _, e := range got {
			if e.Action == closer.AuditMemberRole || e.Action == closer.AuditMemberDeactivate {
				member = append(member, e)
			}
		}
		if len(member) != 2 || member[0].Action != closer.AuditMemberDeactivate || member[0].Target != "colleague@acme.test" ||
			member[1].Target != "sales@acme.test" || member[1].Detail != "sales → manager" {
			t.Fatalf("member entries: %+v", member)
		}
		if adds := auditActions(t, db, c.owner, closer.AuditFilter{Action: closer.AuditMemberAdd}); len(adds) != 4 {
			t.Fatalf("the owner added 4 members: %+v", adds)
		}
	})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
