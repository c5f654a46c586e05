package sqlstore_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// fixedNow is "now" in the opportunity tests: today is 2024-06-15 in Paris.
var fixedNow = time.Date(2024, 6, 15, 10, 0, 0, 0, time.UTC)

// team is an org with a member of every role, a competitor, an account and a contact.
type team struct {
	org                         *closer.Org
	owner, manager, consultant  context.Context
	sales1, sales2              context.Context
	ownerID, sales1ID, sales2ID int64
	accountID, contactID        int64
	stages                      []closer.ListItem
}

// newTeam creates the org slug with its members, on a clock stopped at fixedNow.
func newTeam(t *testing.T, db *sqlstore.DB, slug string) *team {
	t.Helper()
	db.Now = func() time.Time { return fixedNow }
	ctx, org := newOrg(t, db, slug)
	tm := &team{org: org, owner: ctx}
	a, _ := closer.ActorFromContext(ctx)
	tm.ownerID = a.UserID
	tm.manager, _ = addMemberAs(t, db, slug, "manager", closer.RoleManager)
	tm.consultant, _ = addMemberAs(t, db, slug, "consultant", closer.RoleConsultant)
	tm.sales1, tm.sales1ID = addMemberAs(t, db, slug, "sales1", closer.RoleSales)
	tm.sales2, tm.sales2ID = addMemberAs(t, db, slug, "sales2", closer.RoleSales)
	if err := db.CreateListItem(ctx, &closer.ListItem{Kind: closer.ListCompetitors, Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	l, err := db.Lists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tm.stages = l.Stages
	tm.accountID = rawAccount(t, db, org.ID, "Menuiserie Dupont")
	if err := db.SQL().QueryRow(`INSERT INTO contacts (org_id, account_id, name, name_key, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		org.ID, tm.accountID, "Jeanne Dupont", "jeanne dupont", "2024-01-01T00:00:00.000000Z").Scan(&tm.contactID); err != nil {
		t.Fatal(err)
	}
	return tm
}

// addMember creates a user who is a member of slug with role, and returns
// their context and id.
func addMemberAs(t testing.TB, db *sqlstore.DB, slug, name string, role closer.Role) (context.Context, int64) {
	t.Helper()
	sys := closer.NewSystemContext(context.Background())
	u := &closer.User{Email: name + "@" + slug + ".test", Name: name}
	if err := db.CreateUser(sys, u, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.AddMember(sys, slug, u.Email, role); err != nil {
		t.Fatal(err)
	}
	a, _, err := db.Actor(sys, u.ID, slug)
	if err != nil {
		t.Fatal(err)
	}
	return closer.NewContextWithActor(context.Background(), a), u.ID
}

// insertAccount stores an account directly, so that these tests do not
// depend on the account store.
func rawAccount(t *testing.T, db *sqlstore.DB, orgID int64, name string) int64 {
	t.Helper()
	var id int64
	if err := db.SQL().QueryRow(`INSERT INTO accounts (org_id, name, name_key, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		orgID, name, closer.SortKey(name), "2024-01-01T00:00:00.000000Z").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// create stores an open opportunity detected on 2024-06-01 worth 1,000.00.
func mustOpportunity(t *testing.T, db *sqlstore.DB, ctx context.Context, title string) *closer.Opportunity {
	t.Helper()
	o := &closer.Opportunity{Title: title, DetectedOn: closer.MustDate("2024-06-01"), Amount: 100000}
	if err := db.CreateOpportunity(ctx, o); err != nil {
		t.Fatalf("create %q: %v", title, err)
	}
	return o
}

func cents(m closer.Money) *closer.Money { return &m }
func strp(s string) *string              { return &s }
func datep(s string) *closer.Date        { d := closer.MustDate(s); return &d }

// wantCode fails unless err has the code want.
func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := closer.ErrorCode(err); got != want {
		t.Fatalf("%s: got %v (code %q), want code %q", what, err, got, want)
	}
}

func TestCreateOpportunity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "dupont")
		o := &closer.Opportunity{Title: "  Cuisine Martin  ", AccountID: tm.accountID, ContactID: tm.contactID}
		if err := db.CreateOpportunity(tm.sales1, o); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindOpportunity(tm.consultant, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Cuisine Martin" || got.OwnerID != tm.sales1ID || got.Status != closer.StatusOpen ||
			got.StageID != tm.stages[0].ID || got.FurthestStageID != tm.stages[0].ID ||
			got.DetectedOn != closer.MustDate("2024-06-15") || got.Version != 1 || !got.Created.Equal(fixedNow) ||
			got.OwnerName != "sales1" || got.AccountName != "Menuiserie Dupont" || got.ContactName != "Jeanne Dupont" {
			t.Fatalf("stored opportunity: %+v", got)
		}
		if o.ID != got.ID || o.Version != 1 || o.OwnerName != "sales1" {
			t.Fatalf("created opportunity not filled: %+v", o)
		}
		evs, err := db.OpportunityEvents(tm.owner, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 || evs[0].Kind != closer.EventCreated || evs[0].To != "open" || evs[0].UserName != "sales1" || !evs[0].At.Equal(fixedNow) {
			t.Fatalf("created events: %+v", evs)
		}

		// Created already closed: one created event carrying the status;
		// the stage defaults to the first one whatever the status (SPEC 4),
		// the detection to the close date, earlier than today.
		won := &closer.Opportunity{Title: "Old win", Status: closer.StatusWon, ClosedOn: closer.MustDate("2024-01-10"), Amount: 5000}
		if err := db.CreateOpportunity(tm.owner, won); err != nil {
			t.Fatal(err)
		}
		lists, err := db.Lists(tm.owner)
		if err != nil {
			t.Fatal(err)
		}
		first, _ := lists.FirstStage()
		if won.DetectedOn != closer.MustDate("2024-01-10") || won.StageID != first.ID || won.FurthestStageID != first.ID {
			t.Fatalf("closed at creation: %+v", won)
		}
		if evs, _ := db.OpportunityEvents(tm.owner, won.ID); len(evs) != 1 || evs[0].To != "won" {
			t.Fatalf("closed at creation events: %+v", evs)
		}

		martinCtx, martin := newOrg(t, db, "martin")
		foreignAccount := rawAccount(t, db, martin.ID, "Foreign")
		foreigner, _ := closer.ActorFromContext(martinCtx)
		foreignUser := foreigner.UserID
		for _, c := range []struct {
			name  string
			ctx   context.Context
			o     closer.Opportunity
			code  string
			field string
		}{
			{"no title", tm.owner, closer.Opportunity{Title: "   "}, closer.EINVALID, "title"},
			{"invalid UTF-8", tm.owner, closer.Opportunity{Title: "bad \xff"}, closer.EINVALID, "title"},
			{"negative amount", tm.owner, closer.Opportunity{Title: "x", Amount: -1}, closer.EINVALID, "amount"},
			{"huge amount", tm.owner, closer.Opportunity{Title: "x", Amount: closer.MaxMoney + 1}, closer.EINVALID, "amount"},
			{"detected in the future", tm.owner, closer.Opportunity{Title: "x", DetectedOn: closer.MustDate("2024-06-16")}, closer.EINVALID, "detected_on"},
			{"foreign account", tm.owner, closer.Opportunity{Title: "x", AccountID: foreignAccount}, closer.EINVALID, "account"},
			{"unknown contact", tm.owner, closer.Opportunity{Title: "x", ContactID: 999999}, closer.EINVALID, "contact"},
			{"foreign owner", tm.owner, closer.Opportunity{Title: "x", OwnerID: foreignUser}, closer.EINVALID, "owner"},
			{"unknown stage", tm.owner, closer.Opportunity{Title: "x", StageID: 999999}, closer.EINVALID, "stage"},
			{"lost without reason", tm.owner, closer.Opportunity{Title: "x", Status: closer.StatusLost, ClosedOn: closer.MustDate("2024-06-01")}, closer.EINVALID, "loss_reason"},
			{"unknown status", tm.owner, closer.Opportunity{Title: "x", Status: "closed"}, closer.EINVALID, "status"},
			{"on hold without reason", tm.owner, closer.Opportunity{Title: "x", Status: closer.StatusOnHold}, closer.EINVALID, "hold_reason"},
			{"sales for a colleague", tm.sales1, closer.Opportunity{Title: "x", OwnerID: tm.sales2ID}, closer.EFORBIDDEN, "owner"},
			{"consultant", tm.consultant, closer.Opportunity{Title: "x"}, closer.EFORBIDDEN, ""},
			{"nobody", context.Background(), closer.Opportunity{Title: "x"}, closer.EUNAUTHORIZED, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				err := db.CreateOpportunity(c.ctx, &c.o)
				if closer.ErrorCode(err) != c.code || closer.ErrorField(err) != c.field {
					t.Fatalf("got %v, want code %q field %q", err, c.code, c.field)
				}
			})
		}
		if _, total, err := db.FindOpportunities(tm.owner, closer.OpportunityFilter{}); err != nil || total != 2 {
			t.Fatalf("refused creations stored something: total %d, %v", total, err)
		}
	})
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

func TestOpportunityVersionConflict(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "dupont")
		o := mustOpportunity(t, db, tm.owner, "Escalier")
		mine, err := db.UpdateOpportunity(tm.owner, o.ID, 1, closer.OpportunityUpdate{Title: strp("Escalier chêne")})
		if err != nil || mine.Version != 2 {
			t.Fatalf("update at the current version: %v %+v", err, mine)
		}
		// A colleague still holding version 1 is refused, whatever the change.
		stale := []func() error{
			func() error {
				_, err := db.UpdateOpportunity(tm.manager, o.ID, 1, closer.OpportunityUpdate{Amount: cents(1)})
				return err
			},
			func() error {
				_, err := db.HoldOpportunity(tm.manager, o.ID, 1, closer.HoldInput{HoldReason: "x", ReviewOn: closer.MustDate("2024-07-01")})
				return err
			},
			func() error {
				_, err := db.CloseOpportunity(tm.manager, o.ID, 1, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-15"), Amount: cents(1)})
				return err
			},
			func() error {
				_, err := db.UpdateOpportunity(tm.manager, o.ID, 3, closer.OpportunityUpdate{Amount: cents(1)})
				return err
			},
		}
		for i, f := range stale {
			err := f()
			wantCode(t, "stale version", err, closer.ECONFLICT)
			if want := "(your version "; !strings.Contains(closer.ErrorMessage(err), want) {
				t.Fatalf("stale %d: message %q", i, closer.ErrorMessage(err))
			}
		}
		got, err := db.FindOpportunity(tm.owner, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if *got != *mine {
			t.Fatalf("a stale change was stored:\n%+v\n%+v", got, mine)
		}
		if evs, _ := db.OpportunityEvents(tm.owner, o.ID); len(evs) != 1 {
			t.Fatalf("a stale change recorded events: %+v", evs)
		}
		// Version 0 means "whatever the version": the last writer wins knowingly.
		if got, err := db.UpdateOpportunity(tm.manager, o.ID, 0, closer.OpportunityUpdate{Amount: cents(1)}); err != nil || got.Version != 3 {
			t.Fatalf("update without version: %v %+v", err, got)
		}
	})
}

func TestOpportunityEvents(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "dupont")
		o := mustOpportunity(t, db, tm.sales1, "Parquet")
		d, q, p := tm.stages[0].ID, tm.stages[1].ID, tm.stages[2].ID
		// A manager moves the stage, raises the amount and hands it to a colleague in one change.
		if _, err := db.UpdateOpportunity(tm.manager, o.ID, 1, closer.OpportunityUpdate{Stage: strp("Qualification"), Amount: cents(150000), Owner: &tm.sales2ID, NextAction: strp("Rappeler")}); err != nil {
			t.Fatal(err)
		}
		// A change that touches none of status, stage, owner and amount records nothing.
		if _, err := db.UpdateOpportunity(tm.sales2, o.ID, 2, closer.OpportunityUpdate{Title: strp("Parquet massif")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateOpportunity(tm.manager, o.ID, 3, closer.OpportunityUpdate{Stage: strp("Proposition")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.HoldOpportunity(tm.sales2, o.ID, 4, closer.HoldInput{HoldReason: "Permis", ReviewOn: closer.MustDate("2024-07-01")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ResumeOpportunity(tm.sales2, o.ID, 5); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CloseOpportunity(tm.sales2, o.ID, 6, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-14"), Amount: cents(180000)}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReopenOpportunity(tm.owner, o.ID, 7); err != nil {
			t.Fatal(err)
		}
		evs, err := db.OpportunityEvents(tm.consultant, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		id := idText
		want := []closer.Event{
			{Kind: closer.EventCreated, To: "open", UserName: "sales1"},
			{Kind: closer.EventStage, From: id(d), To: id(q), UserName: "manager"},
			{Kind: closer.EventOwner, From: id(tm.sales1ID), To: id(tm.sales2ID), UserName: "manager"},
			{Kind: closer.EventAmount, From: "100000", To: "150000", UserName: "manager"},
			{Kind: closer.EventStage, From: id(q), To: id(p), UserName: "manager"},
			{Kind: closer.EventStatus, From: "open", To: "on_hold", UserName: "sales2"},
			{Kind: closer.EventStatus, From: "on_hold", To: "open", UserName: "sales2"},
			{Kind: closer.EventStatus, From: "open", To: "won", UserName: "sales2"},
			{Kind: closer.EventAmount, From: "150000", To: "180000", UserName: "sales2"},
			{Kind: closer.EventStatus, From: "won", To: "open", UserName: "Owner dupont"},
		}
		if len(evs) != len(want) {
			t.Fatalf("got %d events, want %d: %+v", len(evs), len(want), evs)
		}
		for i, w := range want {
			e := evs[i]
			if e.Kind != w.Kind || e.From != w.From || e.To != w.To || e.UserName != w.UserName || e.OpportunityID != o.ID || !e.At.Equal(fixedNow) {
				t.Errorf("event %d: got %+v, want %+v", i, e, w)
			}
			if i > 0 && e.ID <= evs[i-1].ID {
				t.Errorf("events out of order: %+v", evs)
			}
		}
	})
}

// TestOpportunityRoles checks who may change what: a consultant nothing, a
// salesperson their own, a manager everything, only the owner deletes.
func TestOpportunityRoles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "dupont")
		actions := []struct {
			name string
			do   func(ctx context.Context, id int64) error
		}{
			{"update", func(ctx context.Context, id int64) error {
				_, err := db.UpdateOpportunity(ctx, id, 0, closer.OpportunityUpdate{NextAction: strp("Relancer")})
				return err
			}},
			{"hold", func(ctx context.Context, id int64) error {
				_, err := db.HoldOpportunity(ctx, id, 0, closer.HoldInput{HoldReason: "Budget 2025", ReviewOn: closer.MustDate("2024-09-01")})
				return err
			}},
			{"close", func(ctx context.Context, id int64) error {
				_, err := db.CloseOpportunity(ctx, id, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-15"), Amount: cents(1)})
				return err
			}},
			{"reopen", func(ctx context.Context, id int64) error {
				_, err := db.ReopenOpportunity(ctx, id, 0)
				return err
			}},
			{"resume", func(ctx context.Context, id int64) error {
				_, err := db.ResumeOpportunity(ctx, id, 0)
				return err
			}},
			{"hand to a colleague", func(ctx context.Context, id int64) error {
				_, err := db.UpdateOpportunity(ctx, id, 0, closer.OpportunityUpdate{Owner: &tm.sales2ID})
				return err
			}},
		}
		for _, c := range []struct {
			who     string
			ctx     context.Context
			ownerOf context.Context // who creates the opportunity acted on
			want    string
		}{
			{"consultant", tm.consultant, tm.sales1, closer.EFORBIDDEN},
			{"sales on a colleague's", tm.sales1, tm.sales2, closer.EFORBIDDEN},
			{"sales on their own", tm.sales1, tm.sales1, ""},
			{"manager", tm.manager, tm.sales2, ""},
			{"owner", tm.owner, tm.sales1, ""},
		} {
			t.Run(c.who, func(t *testing.T) {
				o := mustOpportunity(t, db, c.ownerOf, "Roles "+c.who)
				for _, a := range actions {
					if a.name == "resume" {
						// the actions above leave it open (or closed then reopened): park it first
						if _, err := db.HoldOpportunity(tm.owner, o.ID, 0, closer.HoldInput{HoldReason: "x", ReviewOn: closer.MustDate("2024-09-01")}); err != nil {
							t.Fatal(err)
						}
					}
					want := c.want
					if a.name == "hand to a colleague" && c.who == "sales on their own" {
						want = closer.EFORBIDDEN // a salesperson cannot give theirs away
					}
					before, _ := db.FindOpportunity(tm.owner, o.ID)
					err := a.do(c.ctx, o.ID)
					wantCode(t, a.name, err, want)
					after, _ := db.FindOpportunity(tm.owner, o.ID)
					if want != "" && after.Version != before.Version {
						t.Fatalf("%s: a forbidden change was stored", a.name)
					}
				}
				err := db.DeleteOpportunity(c.ctx, o.ID, 0)
				if c.who == "owner" {
					wantCode(t, "delete", err, "")
				} else {
					wantCode(t, "delete", err, closer.EFORBIDDEN)
				}
			})
		}
		// Once a manager handed their opportunity to a colleague, a salesperson no longer changes it.
		o := mustOpportunity(t, db, tm.sales1, "Handed")
		if _, err := db.UpdateOpportunity(tm.manager, o.ID, 0, closer.OpportunityUpdate{Owner: &tm.sales2ID}); err != nil {
			t.Fatal(err)
		}
		_, err := db.UpdateOpportunity(tm.sales1, o.ID, 0, closer.OpportunityUpdate{Owner: &tm.sales1ID})
		wantCode(t, "take it back", err, closer.EFORBIDDEN)
		// Everyone reads.
		for _, ctx := range []context.Context{tm.consultant, tm.sales1, tm.sales2, tm.manager} {
			if _, err := db.FindOpportunity(ctx, o.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.OpportunityEvents(ctx, o.ID); err != nil {
				t.Fatal(err)
			}
		}
		// Nobody signed in reads nothing.
		_, err = db.FindOpportunity(context.Background(), o.ID)
		wantCode(t, "anonymous find", err, closer.EUNAUTHORIZED)
		_, _, err = db.FindOpportunities(context.Background(), closer.OpportunityFilter{})
		wantCode(t, "anonymous list", err, closer.EUNAUTHORIZED)
		_, err = db.ResumeOpportunity(context.Background(), o.ID, 0)
		wantCode(t, "anonymous resume", err, closer.EUNAUTHORIZED)
	})
}

// TestOpportunityTenantIsolation checks that an opportunity of another org
// answers exactly as an unknown id, and stays untouched.
func TestOpportunityTenantIsolation(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "dupont")
		martin, _ := newOrg(t, db, "martin")
		theirs := mustOpportunity(t, db, martin, "Chez Martin")
		mustOpportunity(t, db, tm.owner, "Chez Dupont")
		for _, id := range []int64{theirs.ID, 987654} {
			_, err := db.FindOpportunity(tm.owner, id)
			wantCode(t, "find", err, closer.ENOTFOUND)
			_, err = db.UpdateOpportunity(tm.owner, id, 0, closer.OpportunityUpdate{Title: strp("Pris")})
			wantCode(t, "update", err, closer.ENOTFOUND)
			_, err = db.HoldOpportunity(tm.owner, id, 0, closer.HoldInput{HoldReason: "x", ReviewOn: closer.MustDate("2024-09-01")})
			wantCode(t, "hold", err, closer.ENOTFOUND)
			_, err = db.ResumeOpportunity(tm.owner, id, 0)
			wantCode(t, "resume", err, closer.ENOTFOUND)
			_, err = db.CloseOpportunity(tm.owner, id, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-15"), Amount: cents(1)})
			wantCode(t, "close", err, closer.ENOTFOUND)
			_, err = db.ReopenOpportunity(tm.owner, id, 0)
			wantCode(t, "reopen", err, closer.ENOTFOUND)
			_, err = db.OpportunityEvents(tm.owner, id)
			wantCode(t, "events", err, closer.ENOTFOUND)
			err = db.DeleteOpportunity(tm.owner, id, 0)
			wantCode(t, "delete", err, closer.ENOTFOUND)
			_, err = db.FindOpportunity(tm.consultant, id)
			wantCode(t, "find as consultant", err, closer.ENOTFOUND)
		}
		got, err := db.FindOpportunity(martin, theirs.ID)
		if err != nil || *got != *theirs {
			t.Fatalf("the other org's opportunity changed: %v %+v", err, got)
		}
		list, total, err := db.FindOpportunities(tm.owner, closer.OpportunityFilter{Q: "Chez"})
		if err != nil || total != 1 || len(list) != 1 || list[0].Title != "Chez Dupont" {
			t.Fatalf("list shows another org: %d %+v %v", total, list, err)
		}
	})
}

// TestDeleteOpportunity checks that quotes, activities and events go with
// the opportunity, and that another opportunity's keep theirs (one with
// linked orders is refused: TestDeleteOpportunityKeepsLinkedOrders).
func TestDeleteOpportunity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "dupont")
		o := mustOpportunity(t, db, tm.owner, "Fenêtres")
		kept := mustOpportunity(t, db, tm.owner, "Portes")
		sqlDB := db.SQL()
		for _, id := range []int64{o.ID, kept.ID} {
			for _, q := range []string{
				`INSERT INTO quotes (org_id, opportunity_id, number, amount, status, created_at) VALUES ($1, $2, 'D-1', 100, 'sent', '2024-06-01T00:00:00.000000Z')`,
				`INSERT INTO activities (org_id, kind, owner_id, subject, opportunity_id, created_at) VALUES ($1, 'call', ` + idText(tm.ownerID) + `, 'Appel', $2, '2024-06-01T00:00:00.000000Z')`,
			} {
				if _, err := sqlDB.Exec(q, tm.org.ID, id); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := db.DeleteOpportunity(tm.owner, o.ID, 0); err != nil {
			t.Fatal(err)
		}
		_, err := db.FindOpportunity(tm.owner, o.ID)
		wantCode(t, "find deleted", err, closer.ENOTFOUND)
		_, err = db.OpportunityEvents(tm.owner, o.ID)
		wantCode(t, "events of deleted", err, closer.ENOTFOUND)
		wantCode(t, "delete twice", db.DeleteOpportunity(tm.owner, o.ID, 0), closer.ENOTFOUND)
		rows := func(q string, args ...any) int {
			var n int
			if err := sqlDB.QueryRow(q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, table := range []string{"quotes", "activities", "events"} {
			if n := rows(`SELECT COUNT(*) FROM `+table+` WHERE opportunity_id = $1`, o.ID); n != 0 {
				t.Errorf("%s of the deleted opportunity: %d left", table, n)
			}
			if n := rows(`SELECT COUNT(*) FROM `+table+` WHERE opportunity_id = $1`, kept.ID); n != 1 {
				t.Errorf("%s of the other opportunity: %d, want 1", table, n)
			}
		}
	})
}
