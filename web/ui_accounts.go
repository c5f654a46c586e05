package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"closer"
)

// The pages of accounts (the customer companies) and the small form and
// list helpers that the records pages (accounts, contacts, orders, quotes,
// activities) share. Their names start with rec so that they do not collide
// with the other areas' helpers.

// recPageSize is the length of a records list page.
const recPageSize = 50

// recForm is a form's input and, after a refused submission, the messages
// next to the offending fields: the page shows the input as typed.
type recForm struct {
	Values url.Values
	Errors map[string]string // by field name, already translated
	Error  string            // a message about no field the form shows
	fields []string
}

// newRecForm returns an empty form showing fields; a field error about any
// other field is shown at the top of the form.
func newRecForm(fields ...string) *recForm {
	return &recForm{Values: url.Values{}, Errors: map[string]string{}, fields: fields}
}

// postedRecForm returns the submitted values of a form showing fields.
func postedRecForm(r *http.Request, fields ...string) *recForm {
	f := newRecForm(fields...)
	r.ParseForm()
	for _, k := range fields {
		f.Values.Set(k, strings.TrimSpace(r.PostForm.Get(k)))
	}
	return f
}

// Get returns a field's value as typed.
func (f *recForm) Get(name string) string { return f.Values.Get(name) }

// Invalid reports whether a field was refused.
func (f *recForm) Invalid(name string) bool { return f.Errors[name] != "" }

// ErrorFor returns the message about a field, or "".
func (f *recForm) ErrorFor(name string) string { return f.Errors[name] }

// fail records a message about a field (the first one wins).
func (f *recForm) fail(field, msg string) {
	for _, k := range f.fields {
		if k == field {
			if f.Errors[field] == "" {
				f.Errors[field] = msg
			}
			return
		}
	}
	if f.Error == "" {
		f.Error = msg
	}
}

// failed reports whether the form holds a message.
func (f *recForm) failed() bool { return len(f.Errors) > 0 || f.Error != "" }

// recRefused puts a store's refusal on the form and reports true when it is bad
// input (the form is shown again, 422); any other error answers its page.
func (s *Server) recRefused(w http.ResponseWriter, r *http.Request, f *recForm, err error) bool {
	if closer.ErrorCode(err) != closer.EINVALID {
		s.failPage(w, r, err)
		return false
	}
	f.fail(closer.ErrorField(err), errorText(recLang(r), err))
	return true
}

// recToday is today in the org's time zone.
func (s *Server) recToday(r *http.Request) closer.Date {
	loc := time.UTC
	if org := orgFromContext(r.Context()); org != nil {
		loc = org.Location()
	}
	return closer.DateOf(s.now(), loc)
}

// recWords is a view for a handler's messages: the reader's words and
// money, without the page's queries.
func recWords(r *http.Request) *view {
	return &view{Lang: recLang(r), Org: orgFromContext(r.Context())}
}

// recLang is the reader's language.
func recLang(r *http.Request) string { return preferredLang(userFromContext(r.Context()), r) }

// recPathID reads a record id from the path; a malformed one is unknown.
func recPathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, closer.Errorf(closer.ENOTFOUND, "Not found.")
	}
	return id, nil
}

// recQueryID reads an optional id from the query or the form (0 when absent or malformed).
func recQueryID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(r.FormValue(name), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// recOffset reads the list offset of the query.
func recOffset(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("offset"))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// recPager is the "previous / next" of a list page. A long list that is not
// counted (Total -1) says whether rows follow with More.
type recPager struct {
	Total, Offset, Limit, Shown int
	More                        bool
}

// Counted reports whether the pager knows the total.
func (p recPager) Counted() bool { return p.Total >= 0 }

// From and To number the rows shown (1-based).
func (p recPager) From() int { return p.Offset + 1 }

// To is the number of the last row shown.
func (p recPager) To() int { return p.Offset + p.Shown }

// HasPrev and HasNext say whether there is a page before and after.
func (p recPager) HasPrev() bool { return p.Offset > 0 }

// HasNext reports whether rows follow this page.
func (p recPager) HasNext() bool {
	if !p.Counted() {
		return p.More
	}
	return p.Offset+p.Shown < p.Total
}

// PrevOffset and NextOffset are the offsets of those pages, for .Query.
func (p recPager) PrevOffset() string { return strconv.Itoa(max(0, p.Offset-p.Limit)) }

// NextOffset is the offset of the next page.
func (p recPager) NextOffset() string { return strconv.Itoa(p.Offset + p.Limit) }

// recPeople is the org's members, to name owners and to offer them in forms.
type recPeople struct {
	Active []closer.Member
	Names  map[int64]string
}

// Name returns a member's display name.
func (p recPeople) Name(id int64) string { return p.Names[id] }

func (s *Server) recPeople(ctx context.Context) (recPeople, error) {
	ms, err := s.Orgs.Members(ctx)
	if err != nil {
		return recPeople{}, err
	}
	p := recPeople{Names: map[int64]string{}}
	for _, m := range ms {
		p.Names[m.UserID] = m.Name
		if m.Active && m.Role != closer.RoleConsultant {
			p.Active = append(p.Active, m)
		}
	}
	return p, nil
}

// recMoneyInput writes an amount for an input field, without grouping.
func recMoneyInput(lang string, m closer.Money) string {
	s := strconv.FormatInt(int64(m)/100, 10)
	if c := int64(m) % 100; c != 0 {
		sep := "."
		if lang == "fr" {
			sep = ","
		}
		s += sep + twoDigits(c)
	}
	return s
}

// recAccountByName finds the account of the org named name (closer.SameName).
func (s *Server) recAccountByName(ctx context.Context, name string) (*closer.Account, error) {
	accs, _, err := s.Accounts.FindAccounts(ctx, closer.AccountFilter{Q: name, Page: closer.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	for _, a := range accs {
		if closer.SameName(a.Name, name) {
			return a, nil
		}
	}
	if len(accs) == 1 {
		return accs[0], nil
	}
	return nil, closer.Errorf(closer.ENOTFOUND, "No account named %q.", name)
}

// recAccountChoices lists account names for an input's suggestions.
func (s *Server) recAccountChoices(ctx context.Context) ([]string, error) {
	accs, _, err := s.Accounts.FindAccounts(ctx, closer.AccountFilter{Page: closer.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	out := make([]string, len(accs))
	for i, a := range accs {
		out[i] = a.Name
	}
	return out, nil
}

// accountsData is the accounts list.
type accountsData struct {
	Accounts []*closer.Account
	People   recPeople
	Q        string
	OwnerID  int64
	Pager    recPager
	Filtered bool
}

// accountsPage lists the org's accounts, searched by name and owner.
func (s *Server) accountsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f := closer.AccountFilter{Q: strings.TrimSpace(q.Get("q")), OwnerID: recQueryID(r, "owner"), Page: closer.Page{Limit: recPageSize, Offset: recOffset(r)}}
	accs, total, err := s.Accounts.FindAccounts(ctx, f)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	people, err := s.recPeople(ctx)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	d := accountsData{Accounts: accs, People: people, Q: f.Q, OwnerID: f.OwnerID, Filtered: f.Q != "" || f.OwnerID != 0,
		Pager: recPager{Total: total, Offset: f.Offset, Limit: recPageSize, Shown: len(accs)}}
	s.render(w, r, http.StatusOK, "accounts", s.newView(w, r, "rec.accounts.title", d))
}

// accountFormData is the account form, new (Account nil) or editing.
type accountFormData struct {
	Account *closer.Account
	Form    *recForm
	People  recPeople
}

var accountFields = []string{"name", "city", "phone", "website", "note", "owner"}

// newAccountPage shows an empty account form.
func (s *Server) newAccountPage(w http.ResponseWriter, r *http.Request) {
	if a, _ := closer.ActorFromContext(r.Context()); a.CanCreate() != nil {
		s.failPage(w, r, a.CanCreate())
		return
	}
	s.showAccountForm(w, r, http.StatusOK, nil, newRecForm(accountFields...))
}

// editAccountPage shows an account's form filled in.
func (s *Server) editAccountPage(w http.ResponseWriter, r *http.Request) {
	acc, err := s.recAccount(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if a, _ := closer.ActorFromContext(r.Context()); a.CanChange(acc.OwnerID) != nil {
		s.failPage(w, r, a.CanChange(acc.OwnerID))
		return
	}
	f := newRecForm(accountFields...)
	for k, v := range map[string]string{"name": acc.Name, "city": acc.City, "phone": acc.Phone, "website": acc.Website,
		"note": acc.Note, "owner": strconv.FormatInt(acc.OwnerID, 10)} {
		f.Values.Set(k, v)
	}
	s.showAccountForm(w, r, http.StatusOK, acc, f)
}

func (s *Server) showAccountForm(w http.ResponseWriter, r *http.Request, status int, acc *closer.Account, f *recForm) {
	people, err := s.recPeople(r.Context())
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	title := "rec.accounts.new"
	if acc != nil {
		title = "rec.accounts.edit"
	}
	s.render(w, r, status, "account_form", s.newView(w, r, title, accountFormData{Account: acc, Form: f, People: people}))
}

func (s *Server) recAccount(r *http.Request) (*closer.Account, error) {
	id, err := recPathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.Accounts.FindAccount(r.Context(), id)
}

// accountFromForm reads the account form into acc.
func accountFromForm(f *recForm, acc *closer.Account) {
	acc.Name, acc.City, acc.Phone = f.Get("name"), f.Get("city"), f.Get("phone")
	acc.Website, acc.Note = f.Get("website"), f.Get("note")
	acc.OwnerID, _ = strconv.ParseInt(f.Get("owner"), 10, 64)
}

// postNewAccount stores a new account and opens its page.
func (s *Server) postNewAccount(w http.ResponseWriter, r *http.Request) {
	f := postedRecForm(r, accountFields...)
	acc := &closer.Account{}
	accountFromForm(f, acc)
	if err := s.Accounts.CreateAccount(r.Context(), acc); err != nil {
		if s.recRefused(w, r, f, err) {
			s.showAccountForm(w, r, http.StatusUnprocessableEntity, nil, f)
		}
		return
	}
	flash(w, r, translate(recLang(r), "rec.accounts.created", acc.Name))
	http.Redirect(w, r, recOrgPath(r, "accounts/"+strconv.FormatInt(acc.ID, 10)), http.StatusSeeOther)
}

// postAccount saves an account's form.
func (s *Server) postAccount(w http.ResponseWriter, r *http.Request) {
	cur, err := s.recAccount(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	f := postedRecForm(r, accountFields...)
	acc := &closer.Account{ID: cur.ID}
	accountFromForm(f, acc)
	if err := s.Accounts.UpdateAccount(r.Context(), acc); err != nil {
		if s.recRefused(w, r, f, err) {
			s.showAccountForm(w, r, http.StatusUnprocessableEntity, cur, f)
		}
		return
	}
	flash(w, r, translate(recLang(r), "rec.accounts.saved", acc.Name))
	http.Redirect(w, r, recOrgPath(r, "accounts/"+strconv.FormatInt(acc.ID, 10)), http.StatusSeeOther)
}

// postDeleteAccount deletes an account (owners only); an account that
// opportunities or orders use is refused and its page says why.
func (s *Server) postDeleteAccount(w http.ResponseWriter, r *http.Request) {
	acc, err := s.recAccount(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	err = s.Accounts.DeleteAccount(r.Context(), acc.ID)
	if closer.ErrorCode(err) == closer.ECONFLICT {
		s.showAccount(w, r, http.StatusConflict, acc, true)
		return
	} else if err != nil {
		s.failPage(w, r, err)
		return
	}
	flash(w, r, translate(recLang(r), "rec.accounts.deleted", acc.Name))
	http.Redirect(w, r, recOrgPath(r, "accounts"), http.StatusSeeOther)
}

// recOrgPath returns the path of a page of the request's org.
func recOrgPath(r *http.Request, p string) string {
	return "/o/" + r.PathValue("slug") + "/" + p
}

// accountData is an account's page: its details and everything that hangs
// on it, each list bounded (the totals say how many there are).
type accountData struct {
	Account       *closer.Account
	People        recPeople
	Contacts      []*closer.Contact
	ContactsTotal int
	Opportunities []*closer.Opportunity
	OppsTotal     int
	Stages        map[int64]string
	Orders        []*closer.Order
	OrdersTotal   int
	OrderOpps     map[int64]closer.OpportunityRef
	Activities    []*closer.Activity
	ActsTotal     int
	DeleteRefused bool // a delete was refused: the page says what uses the account
}

// accountPage shows an account with its contacts, opportunities, orders and activities.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	acc, err := s.recAccount(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	s.showAccount(w, r, http.StatusOK, acc, false)
}

// accountListLimit bounds each list of the account page.
const accountListLimit = 20

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, status int, acc *closer.Account, refused bool) {
	ctx := r.Context()
	d := accountData{Account: acc, DeleteRefused: refused, Stages: map[int64]string{}}
	var err error
	fail := func(e error) bool {
		if e != nil && err == nil {
			err = e
		}
		return err != nil
	}
	d.People, err = s.recPeople(ctx)
	if !fail(err) {
		d.Contacts, d.ContactsTotal, err = s.Accounts.FindContacts(ctx, closer.ContactFilter{AccountID: acc.ID, Page: closer.Page{Limit: 200}})
	}
	if !fail(err) {
		d.Opportunities, d.OppsTotal, err = s.Opportunities.FindOpportunities(ctx, closer.OpportunityFilter{AccountID: acc.ID, Page: closer.Page{Limit: accountListLimit}})
	}
	if !fail(err) {
		d.Orders, d.OrdersTotal, err = s.Sales.FindOrders(ctx, closer.SalesFilter{AccountID: acc.ID, Page: closer.Page{Limit: accountListLimit}})
	}
	if !fail(err) {
		d.Activities, d.ActsTotal, err = s.Sales.FindActivities(ctx, closer.SalesFilter{AccountID: acc.ID, Page: closer.Page{Limit: accountListLimit}})
	}
	if !fail(err) {
		ids := make([]int64, 0, len(d.Orders))
		for _, o := range d.Orders {
			ids = append(ids, o.OpportunityID)
		}
		d.OrderOpps, err = s.Lookups.OpportunityRefs(ctx, ids)
	}
	if !fail(err) && len(d.Opportunities) > 0 {
		var l *closer.Lists
		if l, err = s.Lists.Lists(ctx); err == nil {
			for _, st := range l.Stages {
				d.Stages[st.ID] = st.Name
			}
		}
	}
	if fail(err) {
		s.failPage(w, r, err)
		return
	}
	v := s.newView(w, r, "", d)
	v.Title = acc.Name
	s.render(w, r, status, "account", v)
}

// recordPageRoutes lists the pages of accounts, contacts, orders, quotes and activities.
func (s *Server) recordPageRoutes() []Route {
	return []Route{
		{"GET", "/o/{slug}/accounts", OrgPage, s.accountsPage},
		{"GET", "/o/{slug}/accounts/new", OrgPage, s.newAccountPage},
		{"POST", "/o/{slug}/accounts", OrgPage, s.postNewAccount},
		{"GET", "/o/{slug}/accounts/{id}", OrgPage, s.accountPage},
		{"GET", "/o/{slug}/accounts/{id}/edit", OrgPage, s.editAccountPage},
		{"POST", "/o/{slug}/accounts/{id}", OrgPage, s.postAccount},
		{"POST", "/o/{slug}/accounts/{id}/delete", OrgPage, s.postDeleteAccount},
		{"GET", "/o/{slug}/accounts/{id}/contacts/new", OrgPage, s.newContactPage},
		{"POST", "/o/{slug}/accounts/{id}/contacts", OrgPage, s.postNewContact},
		{"GET", "/o/{slug}/contacts/{id}/edit", OrgPage, s.editContactPage},
		{"POST", "/o/{slug}/contacts/{id}", OrgPage, s.postContact},
		{"POST", "/o/{slug}/contacts/{id}/delete", OrgPage, s.postDeleteContact},
		{"GET", "/o/{slug}/orders", OrgPage, s.ordersPage},
		{"GET", "/o/{slug}/orders/new", OrgPage, s.newOrderPage},
		{"POST", "/o/{slug}/orders", OrgPage, s.postNewOrder},
		{"GET", "/o/{slug}/orders/{id}/edit", OrgPage, s.editOrderPage},
		{"POST", "/o/{slug}/orders/{id}", OrgPage, s.postOrder},
		{"POST", "/o/{slug}/orders/{id}/delete", OrgPage, s.postDeleteOrder},
		{"GET", "/o/{slug}/quotes", OrgPage, s.quotesPage},
		{"POST", "/o/{slug}/quotes/{id}/status", OrgPage, s.postQuoteStatus},
		{"GET", "/o/{slug}/activities", OrgPage, s.activitiesPage},
		{"GET", "/o/{slug}/activities/new", OrgPage, s.newActivityPage},
		{"POST", "/o/{slug}/activities", OrgPage, s.postNewActivity},
		{"GET", "/o/{slug}/activities/{id}/edit", OrgPage, s.editActivityPage},
		{"POST", "/o/{slug}/activities/{id}", OrgPage, s.postActivity},
		{"POST", "/o/{slug}/activities/{id}/done", OrgPage, s.postActivityDone},
		{"POST", "/o/{slug}/activities/{id}/delete", OrgPage, s.postDeleteActivity},
	}
}
