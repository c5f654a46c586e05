package importer

import (
	"context"
	"slices"
	"strings"

	"closer"
)

// fakeStore is an in-memory closer.BulkService for unit tests: it keeps
// what a committed Bulk added, and nothing of a failed or dry one.
type fakeStore struct {
	org      closer.Org
	lists    closer.Lists
	members  []closer.Member
	accounts []closer.Account
	opps     []closer.Opportunity
	orders   []closer.Order
	contacts []closer.Contact
	nextID   int64
}

func newFakeStore() *fakeStore {
	s := &fakeStore{org: closer.Org{ID: 1, Slug: "acme", Name: "Acme", Timezone: "Europe/Paris", Currency: "EUR"}, nextID: 100}
	for _, items := range closer.DefaultLists("en") {
		for _, it := range items {
			s.nextID++
			it.ID = s.nextID
			s.lists.Add(it)
		}
	}
	s.members = []closer.Member{{UserID: 1, Email: "boss@acme.test", Name: "Boss", Role: closer.RoleOwner, Active: true}}
	return s
}

func ownerCtx() context.Context {
	return closer.NewContextWithActor(context.Background(), closer.Actor{UserID: 1, Name: "Boss", OrgID: 1, Role: closer.RoleOwner})
}

func (s *fakeStore) Bulk(ctx context.Context, dryRun bool, fn func(b closer.Bulk) error) error {
	work := &fakeBulk{s: *s}
	work.s.lists = closer.Lists{Stages: slices.Clone(s.lists.Stages), LossReasons: slices.Clone(s.lists.LossReasons),
		VanishReasons: slices.Clone(s.lists.VanishReasons), Competitors: slices.Clone(s.lists.Competitors), Sources: slices.Clone(s.lists.Sources)}
	work.s.members = slices.Clone(s.members)
	work.s.accounts = slices.Clone(s.accounts)
	work.s.opps = slices.Clone(s.opps)
	if err := fn(work); err != nil || dryRun {
		return err
	}
	*s = work.s
	return nil
}

type fakeBulk struct{ s fakeStore }

func (b *fakeBulk) id() int64            { b.s.nextID++; return b.s.nextID }
func (b *fakeBulk) Org() *closer.Org     { return &b.s.org }
func (b *fakeBulk) Lists() *closer.Lists { return &b.s.lists }
func (b *fakeBulk) AddListItem(it *closer.ListItem) error {
	if err := it.Validate(); err != nil {
		return err
	}
	it.ID = b.id()
	b.s.lists.Add(*it)
	return nil
}
func (b *fakeBulk) Members() []closer.Member { return b.s.members }
func (b *fakeBulk) AddUser(name, email string, role closer.Role) (int64, error) {
	email, err := closer.NormalizeEmail(email)
	if err != nil {
		return 0, err
	}
	for _, m := range b.s.members {
		if m.Email == email {
			return 0, closer.Errorf(closer.ECONFLICT, "e-mail taken")
		}
	}
	id := b.id()
	b.s.members = append(b.s.members, closer.Member{UserID: id, Email: email, Name: name, Role: role, Active: true})
	return id, nil
}
func (b *fakeBulk) AccountID(name string) int64 {
	var folded []int64
	for _, a := range b.s.accounts {
		if a.Name == name {
			return a.ID
		} else if strings.EqualFold(a.Name, name) {
			folded = append(folded, a.ID)
		}
	}
	if len(folded) == 1 {
		return folded[0]
	}
	return 0
}
func (b *fakeBulk) AccountsNamed(name string) []closer.AccountRef {
	var same []closer.AccountRef
	for _, a := range b.s.accounts {
		if strings.EqualFold(a.Name, name) {
			same = append(same, closer.AccountRef{ID: a.ID, Name: a.Name, City: a.City, Phone: a.Phone})
		}
	}
	return same
}
func (b *fakeBulk) AddAccount(a *closer.Account) error {
	a.ID = b.id()
	b.s.accounts = append(b.s.accounts, *a)
	return nil
}
func (b *fakeBulk) AddContact(c *closer.Contact) error {
	c.ID = b.id()
	b.s.contacts = append(b.s.contacts, *c)
	return nil
}
func (b *fakeBulk) AddOpportunity(o *closer.Opportunity, extra ...closer.Event) error {
	if o.OwnerID <= 0 || o.AccountID < 0 || o.StageID < 0 || o.LossReasonID < 0 {
		return closer.Errorf(closer.EINTERNAL, "temporary id leaked: %+v", o)
	}
	o.ID = b.id()
	b.s.opps = append(b.s.opps, *o)
	return nil
}
func (b *fakeBulk) Opportunity(ref string, accountID int64) (closer.OpportunityRef, int, error) {
	var found []closer.OpportunityRef
	for _, o := range b.s.opps {
		if strings.EqualFold(o.Title, ref) {
			found = append(found, closer.OpportunityRef{ID: o.ID, Title: o.Title, AccountID: o.AccountID, OwnerID: o.OwnerID, Status: o.Status, DetectedOn: o.DetectedOn})
		}
	}
	if len(found) != 1 {
		return closer.OpportunityRef{}, len(found), nil
	}
	return found[0], 1, nil
}
func (b *fakeBulk) OrderExists(reference string) (bool, error) {
	for _, o := range b.s.orders {
		if strings.TrimSpace(reference) != "" && strings.EqualFold(strings.TrimSpace(o.Reference), strings.TrimSpace(reference)) {
			return true, nil
		}
	}
	return false, nil
}
func (b *fakeBulk) QuoteExists(int64, string) (bool, error)       { return false, nil }
func (b *fakeBulk) ActivityExists(*closer.Activity) (bool, error) { return false, nil }
func (b *fakeBulk) OpportunityKeys() ([]closer.KnownOpportunity, error) {
	var known []closer.KnownOpportunity
	for _, o := range b.s.opps {
		known = append(known, closer.KnownOpportunity{Key: closer.KeyOf(o.AccountID, o.Title, o.DetectedOn), Status: o.Status,
			StageID: o.StageID, OwnerID: o.OwnerID, Amount: o.Amount, ClosedOn: o.ClosedOn})
	}
	return known, nil
}
func (b *fakeBulk) ContactID(accountID int64, name string) (int64, error) { return 0, nil }
func (b *fakeBulk) ContactAt(accountID int64, name, email string) (int64, error) {
	return 0, nil
}
func (b *fakeBulk) ContactByEmail(email string, accountID int64) (int64, error) {
	for _, c := range b.s.contacts {
		if email != "" && strings.EqualFold(c.Email, email) && (accountID == 0 || c.AccountID == accountID) {
			return c.ID, nil
		}
	}
	return 0, nil
}
func (b *fakeBulk) OpportunitiesTitled(title string) ([]closer.OpportunityRef, error) {
	var found []closer.OpportunityRef
	for _, o := range b.s.opps {
		if strings.EqualFold(o.Title, title) {
			found = append(found, closer.OpportunityRef{ID: o.ID, Title: o.Title, AccountID: o.AccountID, OwnerID: o.OwnerID, Status: o.Status,
				DetectedOn: o.DetectedOn, ClosedOn: o.ClosedOn, Amount: o.Amount})
		}
	}
	return found, nil
}
func (b *fakeBulk) AddQuote(q *closer.Quote) error { return nil }
func (b *fakeBulk) AddOrder(o *closer.Order) error {
	o.ID = b.id()
	b.s.orders = append(b.s.orders, *o)
	return nil
}
func (b *fakeBulk) AddActivity(a *closer.Activity) error { return nil }
func (b *fakeBulk) AddTarget(t *closer.Target) error     { return nil }

// userName returns the name of the member id, or "".
func (s *fakeStore) userName(id int64) string {
	for _, m := range s.members {
		if m.UserID == id {
			return m.Name
		}
	}
	return ""
}
