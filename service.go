package closer

import (
	"context"
	"time"
)

// The service interfaces below are what adapters implement (sqlstore) and
// what the HTTP layer, the importer and the command line call. Org-scoped
// methods read the Actor from the context: it fixes the org (a record of
// another org is ENOTFOUND) and is checked against the role rules.

// Page is a window over a list. Limit 0 means the default (50); the maximum is 500.
type Page struct {
	Limit  int
	Offset int
}

// Normalize bounds a page to sensible values.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = 50
	} else if p.Limit > 500 {
		p.Limit = 500
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}

// Clock tells the time; tests inject a fixed one.
type Clock func() time.Time

// OrgService manages orgs, users, memberships and API tokens.
type OrgService interface {
	// CreateOrg creates an org with the default lists in lang ("fr" or "en").
	CreateOrg(ctx context.Context, org *Org, lang string) error
	FindOrgBySlug(ctx context.Context, slug string) (*Org, error)
	// OrgsOf lists the orgs a user is an active member of, with their role.
	OrgsOf(ctx context.Context, userID int64) ([]*Org, error)
	// Actor returns who a user is in the org of slug; ENOTFOUND when not an active member.
	Actor(ctx context.Context, userID int64, slug string) (Actor, *Org, error)

	CreateUser(ctx context.Context, u *User, password string) error
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// Authenticate checks an e-mail and password; EUNAUTHORIZED otherwise.
	Authenticate(ctx context.Context, email, password string) (*User, error)

	// Members lists the members of the actor's org.
	Members(ctx context.Context) ([]Member, error)
	// AddMember adds a user to the org of slug with a role (owners, or the system).
	AddMember(ctx context.Context, slug, email string, role Role) error
	// UpdateMember changes a member's role or deactivates them (owners only).
	UpdateMember(ctx context.Context, userID int64, role *Role, active *bool) error
	// ReassignOpportunities hands the open and on-hold opportunities of member
	// from to the active member to (owners only) and answers how many moved.
	ReassignOpportunities(ctx context.Context, from, to int64) (int, error)

	// CreateToken makes a personal API token and returns its secret, shown once.
	CreateToken(ctx context.Context, userID int64, name string) (string, *Token, error)
	// UserByToken returns the user of a token secret and records its use.
	UserByToken(ctx context.Context, secret string) (*User, error)
}

// ListService manages the org's configurable lists (owners change them).
type ListService interface {
	Lists(ctx context.Context) (*Lists, error)
	CreateListItem(ctx context.Context, it *ListItem) error
	UpdateListItem(ctx context.Context, it *ListItem) error
}

// AccountFilter selects accounts.
type AccountFilter struct {
	Q       string
	OwnerID int64
	Page
}

// ContactFilter selects contacts.
type ContactFilter struct {
	Q         string
	AccountID int64
	Page
}

// AccountService manages accounts and their contacts.
type AccountService interface {
	CreateAccount(ctx context.Context, a *Account) error
	// AccountNamed finds the org's account named a.Name (SameName) and
	// fills a with it, or creates a when there is none, in one write: two
	// people typing one new name at once make one account. It reports
	// whether it created the account.
	AccountNamed(ctx context.Context, a *Account) (created bool, err error)
	FindAccount(ctx context.Context, id int64) (*Account, error)
	FindAccounts(ctx context.Context, f AccountFilter) ([]*Account, int, error)
	UpdateAccount(ctx context.Context, a *Account) error
	DeleteAccount(ctx context.Context, id int64) error

	CreateContact(ctx context.Context, c *Contact) error
	// ContactNamed does for a contact what AccountNamed does for an
	// account, at c.AccountID (at any account when it is 0).
	ContactNamed(ctx context.Context, c *Contact) (created bool, err error)
	FindContact(ctx context.Context, id int64) (*Contact, error)
	FindContacts(ctx context.Context, f ContactFilter) ([]*Contact, int, error)
	UpdateContact(ctx context.Context, c *Contact) error
	DeleteContact(ctx context.Context, id int64) error
}

// OpportunityFilter selects opportunities. Zero fields do not filter.
type OpportunityFilter struct {
	Statuses  []Status
	OwnerID   int64
	StageID   int64
	SourceID  int64
	AccountID int64
	Q         string // in the title and the account's name
	// Closed between two dates (inclusive), detected between two dates.
	ClosedFrom, ClosedTo     Date
	DetectedFrom, DetectedTo Date
	// Sort is one of "recent" (the order of creation), "amount",
	// "next_action", "closed_on", "title", "held_on"; Desc sorts it
	// descending ("recent" with Desc: the newest first). No Sort at all is
	// the newest first.
	Sort string
	Desc bool
	Page
}

// OpportunityService manages opportunities through their lifecycle. Every
// change of status, stage, owner or amount is recorded as an event. version,
// when not 0, must match the stored one or the change is refused (ECONFLICT).
type OpportunityService interface {
	CreateOpportunity(ctx context.Context, o *Opportunity) error
	FindOpportunity(ctx context.Context, id int64) (*Opportunity, error)
	FindOpportunities(ctx context.Context, f OpportunityFilter) ([]*Opportunity, int, error)
	UpdateOpportunity(ctx context.Context, id int64, version int, upd OpportunityUpdate) (*Opportunity, error)
	HoldOpportunity(ctx context.Context, id int64, version int, in HoldInput) (*Opportunity, error)
	ResumeOpportunity(ctx context.Context, id int64, version int) (*Opportunity, error)
	CloseOpportunity(ctx context.Context, id int64, version int, in CloseInput) (*Opportunity, error)
	ReopenOpportunity(ctx context.Context, id int64, version int) (*Opportunity, error)
	DeleteOpportunity(ctx context.Context, id int64, version int) error
	OpportunityEvents(ctx context.Context, id int64) ([]Event, error)
}

// SalesFilter selects quotes, orders or activities.
type SalesFilter struct {
	OpportunityID int64
	AccountID     int64
	OwnerID       int64
	Kind          string // order kind or activity kind
	Open          *bool  // activities: not done yet (true) or done (false)
	From, To      Date   // quotes: sent; orders: ordered; activities: due
	// Sort orders activities: "" by due date, undated ones last; "done" by
	// done date, newest first, those not done last. Quotes and orders ignore it.
	Sort string
	// SkipTotal spares the count of every match when the caller does not
	// show it (a "next page" link, or totals it already has): the Find
	// methods then return -1 as the total.
	SkipTotal bool
	Page
}

// Activity sorts of SalesFilter.Sort.
const (
	SortDue  = ""     // by due date, undated ones last
	SortDone = "done" // by done date, newest first
)

// SalesService manages quotes, orders, activities and targets.
type SalesService interface {
	CreateQuote(ctx context.Context, q *Quote) error
	FindQuote(ctx context.Context, id int64) (*Quote, error)
	FindQuotes(ctx context.Context, f SalesFilter) ([]*Quote, int, error)
	UpdateQuote(ctx context.Context, q *Quote) error
	DeleteQuote(ctx context.Context, id int64) error

	CreateOrder(ctx context.Context, o *Order) error
	FindOrder(ctx context.Context, id int64) (*Order, error)
	FindOrders(ctx context.Context, f SalesFilter) ([]*Order, int, error)
	UpdateOrder(ctx context.Context, o *Order) error
	DeleteOrder(ctx context.Context, id int64) error

	CreateActivity(ctx context.Context, a *Activity) error
	FindActivity(ctx context.Context, id int64) (*Activity, error)
	FindActivities(ctx context.Context, f SalesFilter) ([]*Activity, int, error)
	UpdateActivity(ctx context.Context, a *Activity) error
	DeleteActivity(ctx context.Context, id int64) error

	// SetTarget creates or replaces the target of a person (or the team) for a period.
	SetTarget(ctx context.Context, t *Target) error
	// FindTargets returns the targets whose period overlaps from..to (inclusive;
	// a zero date leaves that side open): every target for userID 0, one
	// member's for a positive id, the team's only for a negative one (-1).
	FindTargets(ctx context.Context, userID int64, from, to Date) ([]*Target, error)
	DeleteTarget(ctx context.Context, id int64) error
}

// Bulk writes many records of the actor's org in one transaction, for the
// importer and the demo generator. IDs are assigned as records are added;
// nothing is visible to others until the transaction commits.
type Bulk interface {
	Org() *Org
	Lists() *Lists
	AddListItem(it *ListItem) error
	// Members lists the org's members, including inactive ones.
	Members() []Member
	// AddUser creates a user without a password and makes them a member.
	AddUser(name, email string, role Role) (int64, error)
	// AccountID finds an account by exact name, else by the one name equal
	// to it case aside (0 when there is none).
	AccountID(name string) int64
	// AccountsNamed lists the accounts whose name is name case aside, the
	// oldest first (those the bulk added included), with what tells
	// homonyms apart.
	AccountsNamed(name string) []AccountRef
	// ContactID finds a contact at an account by name, ignoring case (0
	// when there is none).
	ContactID(accountID int64, name string) (int64, error)
	// ContactAt finds a contact at an account by name and, when email is
	// given, by e-mail among those of that name (the one with it, else the
	// first without any): what tells homonymous contacts apart.
	ContactAt(accountID int64, name, email string) (int64, error)
	// Opportunity finds an opportunity by title or id, preferring those
	// at accountID: it, or a zero OpportunityRef and how many the reference
	// matched (none, or several; see sqlstore). The opportunity found stays
	// as returned until the bulk ends: an order linked to it is checked
	// against its status (Order.CheckLinkedTo), which no one changes before.
	Opportunity(ref string, accountID int64) (o OpportunityRef, matches int, err error)
	// OpportunitiesTitled lists the opportunities whose title is title
	// case aside, the oldest first, with their close date and amount: what
	// an import of orders tells same-titled ones apart by.
	OpportunitiesTitled(title string) ([]OpportunityRef, error)
	// ContactByEmail finds a contact by e-mail, case aside, at accountID,
	// or at any account or none with accountID 0 (0 when there is none,
	// and for an empty e-mail): one e-mail at two accounts is two contacts.
	ContactByEmail(email string, accountID int64) (int64, error)
	// OrderExists reports whether the org has an order of that reference,
	// trimmed and case aside.
	OrderExists(reference string) (bool, error)
	// QuoteExists reports whether the opportunity has a quote of that
	// number, trimmed and case aside, among those the org had when the
	// bulk began: an import of quotes leaves it as it is.
	QuoteExists(opportunityID int64, number string) (bool, error)
	// ActivityExists reports whether the org had, when the bulk began, an
	// activity of a's kind, owner, subject (case aside), due and done
	// dates, opportunity and account: an import of activities leaves it
	// as it is.
	ActivityExists(a *Activity) (bool, error)
	// OpportunityKeys lists the org's opportunities by OpportunityKey, with
	// what an import compares (KnownOpportunity), the oldest first, read
	// from the database at each call (nil when the org has none): an import
	// calls it once, before adding any, and leaves as it is a row that finds
	// one again.
	OpportunityKeys() ([]KnownOpportunity, error)
	AddAccount(a *Account) error
	AddContact(c *Contact) error
	// AddOpportunity stores an already validated opportunity and its events
	// (a created event at detection, a status event at closure, plus extra).
	AddOpportunity(o *Opportunity, extra ...Event) error
	AddQuote(q *Quote) error
	AddOrder(o *Order) error
	AddActivity(a *Activity) error
	AddTarget(t *Target) error
}

// BulkService runs fn over a Bulk; everything fn added is committed if fn
// returns nil and dryRun is false, and nothing is written otherwise.
type BulkService interface {
	Bulk(ctx context.Context, dryRun bool, fn func(b Bulk) error) error
}
