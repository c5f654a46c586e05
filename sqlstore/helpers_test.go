package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
)

// joinAs makes the user of email (created without a password when new) a
// member of slug with role, through the owner's context, and returns the
// member's context.
func joinAs(t *testing.T, db *sqlstore.DB, ownerCtx context.Context, slug, email string, role closer.Role) context.Context {
	t.Helper()
	sys := closer.NewSystemContext(context.Background())
	u, err := db.FindUserByEmail(sys, email)
	if closer.ErrorCode(err) == closer.ENOTFOUND {
		u = &closer.User{Email: email, Name: strings.SplitN(email, "@", 2)[0]}
		err = db.CreateUser(sys, u, "")
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AddMember(ownerCtx, slug, email, role); err != nil {
		t.Fatalf("add %s as %s: %v", email, role, err)
	}
	a, _, err := db.Actor(sys, u.ID, slug)
	if err != nil {
		t.Fatal(err)
	}
	return closer.NewContextWithActor(context.Background(), a)
}

// userOf returns the id of the member acting in ctx.
func userOf(ctx context.Context) int64 {
	a, _ := closer.ActorFromContext(ctx)
	return a.UserID
}

// wantErr fails unless err has code and, when field is not empty, names field.
func wantErr(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	if got := closer.ErrorCode(err); got != code {
		t.Fatalf("%s: got %v (code %q), want code %q", what, err, got, code)
	}
	if field != "" && closer.ErrorField(err) != field {
		t.Fatalf("%s: got field %q (%v), want field %q", what, closer.ErrorField(err), err, field)
	}
}

// salesNow is "now" in the sales tests: today is 2024-06-15 in Paris.
var salesNow = time.Date(2024, 6, 15, 10, 0, 0, 0, time.UTC)

// crew is an org with a member of every role: two salespeople, so that
// "own" and "colleague's" records can be told apart.
type crew struct {
	org                                 *closer.Org
	owner, manager, sales, colleague    context.Context
	consultant                          context.Context
	ownerID, managerID, salesID, collID int64
}

// newCrew creates the org slug with its members, on a clock stopped at salesNow.
func newCrew(t *testing.T, db *sqlstore.DB, slug string) *crew {
	t.Helper()
	db.Now = func() time.Time { return salesNow }
	ctx, org := newOrg(t, db, slug)
	c := &crew{org: org, owner: ctx}
	c.manager = joinAs(t, db, ctx, slug, "manager@"+slug+".test", closer.RoleManager)
	c.sales = joinAs(t, db, ctx, slug, "sales@"+slug+".test", closer.RoleSales)
	c.colleague = joinAs(t, db, ctx, slug, "colleague@"+slug+".test", closer.RoleSales)
	c.consultant = joinAs(t, db, ctx, slug, "consultant@"+slug+".test", closer.RoleConsultant)
	c.ownerID, c.managerID, c.salesID, c.collID = userOf(ctx), userOf(c.manager), userOf(c.sales), userOf(c.colleague)
	return c
}

// rawOpportunity stores an open opportunity directly, so that these tests do
// not depend on the opportunity store; accountID 0 leaves it without account.
func rawOpportunity(t *testing.T, db *sqlstore.DB, orgID, ownerID, accountID int64) int64 {
	t.Helper()
	var account any
	if accountID != 0 {
		account = accountID
	}
	var id int64
	if err := db.SQL().QueryRow(`INSERT INTO opportunities (org_id, title, title_key, owner_id, account_id, status, detected_on, created_at, updated_at)
		VALUES ($1, $2, 'deal', $3, $4, 'open', '2024-06-01', $5, $5) RETURNING id`,
		orgID, "Deal", ownerID, account, "2024-06-01T00:00:00.000000Z").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// rawWonOpportunity stores an opportunity won on 2024-06-01 directly, for
// the orders linked to it; accountID 0 leaves it without account.
func rawWonOpportunity(t *testing.T, db *sqlstore.DB, orgID, ownerID, accountID int64) int64 {
	t.Helper()
	id := rawOpportunity(t, db, orgID, ownerID, accountID)
	if _, err := db.SQL().Exec(`UPDATE opportunities SET status = 'won', closed_on = '2024-06-01', amount = 100000 WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// mustAccount creates an account owned by the member of ctx.
func mustAccount(t *testing.T, db *sqlstore.DB, ctx context.Context, name string) *closer.Account {
	t.Helper()
	a := &closer.Account{Name: name}
	if err := db.CreateAccount(ctx, a); err != nil {
		t.Fatalf("create account %q: %v", name, err)
	}
	return a
}
