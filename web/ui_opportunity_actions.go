package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"closer"
)

// Creating and editing opportunities, and the actions of the opportunity
// page: hold, close (won, lost, vanished), reopen, delete, next action,
// quotes, linked orders and follow-up activities. Every form posts, then
// redirects with a flash; a refused one is shown again (422, or 409 for a
// stale version) with the input kept and the message next to the field.

// accountSuggestions bounds the accounts the form suggests (by name); a name
// typed beyond them is still found, or created.
const accountSuggestions = 200

type oppFormData struct {
	Opp       *closer.Opportunity // nil for a new one
	Form      *form
	Lists     *closer.Lists
	Owners    []closer.Member
	CanAssign bool
	Accounts  []*closer.Account // suggestions for the account field
	Contacts  []*closer.Contact // suggestions for the contact field
}

// Active returns the entries of a list the form offers: those still
// offered for new choices, and the opportunity's own stage or source when
// it was retired since. As a departed owner, a retired one stays selected
// rather than silently replaced: a browser sends the first option of a
// select that holds none selected, so an edit of the title would move the
// opportunity to the first stage (an event) and drop its source.
func (d *oppFormData) Active(kind string) []closer.ListItem {
	var current int64
	if d.Opp != nil && closer.ListKind(kind) == closer.ListStages {
		current = d.Opp.StageID
	} else if d.Opp != nil && closer.ListKind(kind) == closer.ListSources {
		current = d.Opp.SourceID
	}
	var out []closer.ListItem
	for _, it := range d.Lists.Of(closer.ListKind(kind)) {
		if !it.Retired || (current != 0 && it.ID == current) {
			out = append(out, it)
		}
	}
	return out
}

// StageEditable reports whether the form offers the stage (open ones only:
// the others keep theirs until they are resumed or reopened).
func (d *oppFormData) StageEditable() bool { return d.Opp == nil || d.Opp.Status == closer.StatusOpen }

// opportunityForm pre-fills the form of o (a new one when o is nil).
func opportunityForm(v *view, o *closer.Opportunity) *form {
	f := newForm(v.Lang)
	if o == nil {
		return f.Set("detected_on", v.Today.String()).Set("owner", idString(v.Actor.UserID))
	}
	f.Set("title", o.Title).Set("account", o.AccountName).Set("contact", o.ContactName).Set("owner", idString(o.OwnerID))
	f.Set("source", idString(o.SourceID)).Set("stage", idString(o.StageID))
	f.Set("amount", moneyInput(v.Lang, o.Amount)).Set("detected_on", o.DetectedOn.String())
	f.Set("expected_close_on", o.ExpectedCloseOn.String()).Set("next_action_on", o.NextActionOn.String())
	f.Set("next_action", o.NextAction).Set("note", o.Note).Set("version", strconv.Itoa(o.Version))
	return f
}

// renderOpportunityForm shows the new or edit form.
func (s *Server) renderOpportunityForm(w http.ResponseWriter, r *http.Request, v *view, status int, o *closer.Opportunity, fm *form) {
	ctx := r.Context()
	d := &oppFormData{Opp: o, Form: fm, CanAssign: v.CanManage()}
	var err error
	if d.Lists, err = s.Lists.Lists(ctx); err != nil {
		s.failPage(w, r, err)
		return
	}
	members, err := s.Orgs.Members(ctx)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	current := false
	for _, m := range members {
		if m.Active && m.Role != closer.RoleConsultant {
			d.Owners = append(d.Owners, m)
			current = current || (o != nil && m.UserID == o.OwnerID)
		}
	}
	if o != nil && !current {
		// A departed owner stays selected rather than silently replaced.
		d.Owners = append(d.Owners, closer.Member{UserID: o.OwnerID, Name: o.OwnerName})
	}
	if d.Accounts, _, err = s.Accounts.FindAccounts(ctx, closer.AccountFilter{Page: closer.Page{Limit: accountSuggestions}}); err != nil {
		s.failPage(w, r, err)
		return
	}
	if o != nil && o.AccountID != 0 {
		if d.Contacts, _, err = s.Accounts.FindContacts(ctx, closer.ContactFilter{AccountID: o.AccountID, Page: closer.Page{Limit: 200}}); err != nil {
			s.failPage(w, r, err)
			return
		}
	}
	v.Data = d
	s.render(w, r, status, "opportunity_form", v)
}

// newOpportunityPage shows the empty form.
func (s *Server) newOpportunityPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.new", nil)
	if err := v.Actor.CanCreate(); err != nil {
		s.failPage(w, r, err)
		return
	}
	fm := opportunityForm(v, nil)
	if acc := r.URL.Query().Get("account"); acc != "" {
		if id, err := strconv.ParseInt(acc, 10, 64); err == nil {
			if a, err := s.Accounts.FindAccount(r.Context(), id); err == nil {
				fm.Set("account", a.Name)
			}
		}
	}
	s.renderOpportunityForm(w, r, v, http.StatusOK, nil, fm)
}

// uiCreateOpportunity creates an opportunity from the form.
func (s *Server) uiCreateOpportunity(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.new", nil)
	if err := v.Actor.CanCreate(); err != nil {
		s.failPage(w, r, err)
		return
	}
	ctx := r.Context()
	fm := parseForm(r, v.Lang)
	o := &closer.Opportunity{Title: fm.Text("title"), OwnerID: v.Actor.UserID, NextAction: fm.Text("next_action"), Note: fm.Text("note")}
	if v.CanManage() {
		o.OwnerID = fm.ID("owner")
	}
	o.SourceID, o.StageID = fm.ID("source"), fm.ID("stage")
	o.Amount = fm.Money("amount")
	o.DetectedOn, o.ExpectedCloseOn, o.NextActionOn = fm.Date("detected_on"), fm.Date("expected_close_on"), fm.Date("next_action_on")
	lists, err := s.Lists.Lists(ctx)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	// Check the opportunity before creating its account or contact, so that
	// a refused form leaves nothing behind.
	check := *o
	check.Prepare(lists, v.Actor.UserID, v.Today)
	if err := check.Validate(lists, v.Today); err != nil && !fm.Fail(err) {
		s.failPage(w, r, err)
		return
	}
	if !fm.OK() {
		s.renderOpportunityForm(w, r, v, fm.Status(), nil, fm)
		return
	}
	var created []string
	if o.AccountID, o.ContactID, created, err = s.resolveAccountContact(ctx, v.Lang, fm.Text("account"), fm.Text("contact")); err != nil {
		if fm.Fail(err) {
			s.renderOpportunityForm(w, r, v, fm.Status(), nil, fm)
		} else {
			s.failPage(w, r, err)
		}
		return
	}
	if err := s.Opportunities.CreateOpportunity(ctx, o); err != nil {
		if fm.Fail(err) {
			s.renderOpportunityForm(w, r, v, fm.Status(), nil, fm)
		} else {
			s.failPage(w, r, err)
		}
		return
	}
	msg := v.T("opp.created", o.Title)
	for _, c := range created {
		msg += " " + c
	}
	flash(w, r, msg)
	http.Redirect(w, r, v.OrgURL("opportunities/", strconv.FormatInt(o.ID, 10)), http.StatusSeeOther)
}

// resolveAccountContact finds the account and the contact typed by name
// (closer.SameName), and creates those that do not exist yet, each in one
// write (AccountNamed, ContactNamed): two colleagues typing one new name at
// the same moment make one account. It returns sentences in lang naming
// what it created.
func (s *Server) resolveAccountContact(ctx context.Context, lang, accountName, contactName string) (int64, int64, []string, error) {
	var created []string
	var accountID int64
	if accountName != "" {
		a := &closer.Account{Name: accountName}
		made, err := s.Accounts.AccountNamed(ctx, a)
		if err != nil {
			return 0, 0, nil, fieldOf(err, "account")
		} else if made {
			created = append(created, translate(lang, "opp.account_created", a.Name))
		}
		accountID = a.ID
	}
	var contactID int64
	if contactName != "" {
		c := &closer.Contact{Name: contactName, AccountID: accountID}
		made, err := s.Accounts.ContactNamed(ctx, c)
		if err != nil {
			return 0, 0, nil, fieldOf(err, "contact")
		} else if made {
			created = append(created, translate(lang, "opp.contact_created", c.Name))
		}
		contactID = c.ID
	}
	return accountID, contactID, created, nil
}

// accountNamed returns the id of the account named name (closer.SameName), or 0
// when the org has none.
func (s *Server) accountNamed(ctx context.Context, name string) (int64, error) {
	accs, _, err := s.Accounts.FindAccounts(ctx, closer.AccountFilter{Q: name, Page: closer.Page{Limit: 100}})
	if err != nil {
		return 0, err
	}
	for _, a := range accs {
		if closer.SameName(a.Name, name) {
			return a.ID, nil
		}
	}
	return 0, nil
}

// fieldOf points an account or contact error at the opportunity form's field.
func fieldOf(err error, field string) error {
	if e, ok := err.(*closer.Error); ok && e.Code == closer.EINVALID {
		c := *e
		c.Field = field
		return &c
	}
	return err
}

// loadOpportunity reads the opportunity of the path and checks that the
// reader may change it; it fails the page otherwise.
func (s *Server) loadOpportunity(w http.ResponseWriter, r *http.Request, v *view) (*closer.Opportunity, bool) {
	return s.loadOpportunityFor(w, r, v, func(o *closer.Opportunity) error { return v.Actor.CanChange(o.OwnerID) })
}

// loadOpportunityToAddTo finds the opportunity of the path for a record
// added to it (a quote, a linked order): a new record is its creator's, so
// a salesperson may add one to a colleague's opportunity (Actor.CanCreate);
// the store checks again.
func (s *Server) loadOpportunityToAddTo(w http.ResponseWriter, r *http.Request, v *view) (*closer.Opportunity, bool) {
	return s.loadOpportunityFor(w, r, v, func(*closer.Opportunity) error { return v.Actor.CanCreate() })
}

// loadOpportunityFor finds the opportunity of the path and checks may on it.
func (s *Server) loadOpportunityFor(w http.ResponseWriter, r *http.Request, v *view, may func(*closer.Opportunity) error) (*closer.Opportunity, bool) {
	id, err := pathID(r)
	if err != nil {
		s.failPage(w, r, err)
		return nil, false
	}
	o, err := s.Opportunities.FindOpportunity(r.Context(), id)
	if err == nil {
		err = may(o)
	}
	if err != nil {
		s.failPage(w, r, err)
		return nil, false
	}
	return o, true
}

// editOpportunityPage shows the form of an opportunity.
func (s *Server) editOpportunityPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.edit", nil)
	o, ok := s.loadOpportunity(w, r, v)
	if !ok {
		return
	}
	s.renderOpportunityForm(w, r, v, http.StatusOK, o, opportunityForm(v, o))
}

// uiUpdateOpportunity saves the form of an opportunity, with its version.
func (s *Server) uiUpdateOpportunity(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.edit", nil)
	o, ok := s.loadOpportunity(w, r, v)
	if !ok {
		return
	}
	ctx := r.Context()
	fm := parseForm(r, v.Lang)
	version := fm.Int("version")
	upd := closer.OpportunityUpdate{Title: fm.Ptr("title"), Source: fm.Ptr("source"), NextAction: fm.Ptr("next_action"), Note: fm.Ptr("note")}
	if v.CanManage() {
		owner := fm.ID("owner")
		upd.Owner = &owner
	}
	if o.Status == closer.StatusOpen {
		upd.Stage = fm.Ptr("stage")
	}
	amount := fm.Money("amount")
	upd.Amount = &amount
	upd.DetectedOn, upd.ExpectedCloseOn, upd.NextActionOn = fm.DatePtr("detected_on"), fm.DatePtr("expected_close_on"), fm.DatePtr("next_action_on")
	if !fm.OK() {
		s.renderOpportunityForm(w, r, v, fm.Status(), o, fm)
		return
	}
	var created []string
	accountName, contactName := fm.Text("account"), fm.Text("contact")
	account, contact := o.AccountID, o.ContactID
	if !closer.SameName(accountName, o.AccountName) || !closer.SameName(contactName, o.ContactName) {
		// Check the change before creating its account or contact, so that
		// a refused form leaves nothing behind.
		if err := s.checkOpportunityUpdate(ctx, v, o, upd, accountName); err != nil {
			if fm.Fail(err) {
				s.renderOpportunityForm(w, r, v, fm.Status(), o, fm)
			} else {
				s.failPage(w, r, err)
			}
			return
		}
		var err error
		if account, contact, created, err = s.resolveAccountContact(ctx, v.Lang, accountName, contactName); err != nil {
			if fm.Fail(err) {
				s.renderOpportunityForm(w, r, v, fm.Status(), o, fm)
			} else {
				s.failPage(w, r, err)
			}
			return
		}
	}
	upd.Account, upd.Contact = &account, &contact
	saved, err := s.Opportunities.UpdateOpportunity(ctx, o.ID, version, upd)
	if err != nil {
		if fm.Fail(err) {
			s.renderOpportunityForm(w, r, v, fm.Status(), o, fm)
		} else {
			s.failPage(w, r, err)
		}
		return
	}
	msg := v.T("opp.saved", saved.Title)
	for _, c := range created {
		msg += " " + c
	}
	flash(w, r, msg)
	http.Redirect(w, r, oppURL(v, saved.ID, ""), http.StatusSeeOther)
}

// checkOpportunityUpdate checks upd against o, with the account named
// accountName (found by name, or a stand-in for one the form would create),
// and against o's linked orders and quotes, as the store will: the form creates a typed
// account or contact before it saves, and only what would pass is worth
// creating. The store checks again under its lock.
func (s *Server) checkOpportunityUpdate(ctx context.Context, v *view, o *closer.Opportunity, upd closer.OpportunityUpdate, accountName string) error {
	lists, err := s.Lists.Lists(ctx)
	if err != nil {
		return err
	}
	account := int64(0)
	if accountName != "" {
		account = -1 // an account the form would create: at none of the orders' accounts
		if closer.SameName(accountName, o.AccountName) {
			account = o.AccountID
		} else if id, err := s.accountNamed(ctx, accountName); err != nil {
			return fieldOf(err, "account")
		} else if id != 0 {
			account = id
		}
	}
	upd.Account = &account
	after := *o
	if err := after.Apply(lists, upd, v.Today); err != nil {
		return err
	}
	orders, _, err := s.Sales.FindOrders(ctx, closer.SalesFilter{OpportunityID: o.ID, Page: closer.Page{Limit: 200}})
	if err != nil {
		return err
	} else if err := after.CheckLinkedOrders(o, orders); err != nil {
		return err
	}
	quotes, _, err := s.Sales.FindQuotes(ctx, closer.SalesFilter{OpportunityID: o.ID, Page: closer.Page{Limit: 200}})
	if err != nil {
		return err
	}
	return after.CheckQuotes(o, quotes)
}

// oppURL returns the path of an opportunity's page, or of one of its actions.
func oppURL(v *view, id int64, action string) string {
	u := v.OrgURL("opportunities/", strconv.FormatInt(id, 10))
	if action != "" {
		u += "/" + action
	}
	return u
}

// actionFailed shows the page again with the refused dialog open, or fails
// the page for errors a form cannot show.
func (s *Server) actionFailed(w http.ResponseWriter, r *http.Request, v *view, o *closer.Opportunity, dialog string, fm *form, err error) {
	if err != nil && !fm.Fail(err) {
		s.failPage(w, r, err)
		return
	}
	// A refusal about a field the dialog does not show (the status of an
	// opportunity changed in another tab) is said at the top of the dialog.
	for field, msg := range fm.Errors {
		if !slices.Contains(dialogFields[dialog], field) {
			delete(fm.Errors, field)
			fm.Message = msg
		}
	}
	s.renderOpportunity(w, r, v, fm.Status(), o, dialog, fm)
}

// dialogFields are the fields each dialog or inline form shows.
var dialogFields = map[string][]string{
	"hold":     {"hold_reason", "review_on"},
	"won":      {"closed_on", "amount"},
	"lost":     {"closed_on", "loss_reason", "competitor", "note"},
	"vanished": {"closed_on", "vanish_reason"},
	"reopen":   {},
	"next":     {"next_action_on", "next_action"},
	"quote":    {"number", "amount", "sent_on", "status"},
	"order":    {"amount", "ordered_on", "reference", "account"},
	"followup": {"kind", "subject", "due_on"},
}

// actionDone redirects to the opportunity's page with a flash.
func actionDone(w http.ResponseWriter, r *http.Request, v *view, id int64, msg, query string) {
	flash(w, r, msg)
	http.Redirect(w, r, oppURL(v, id, "")+query, http.StatusSeeOther)
}

// uiHoldOpportunity parks an opportunity: reason and review date.
func (s *Server) uiHoldOpportunity(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.title", nil)
	o, ok := s.loadOpportunity(w, r, v)
	if !ok {
		return
	}
	fm := parseForm(r, v.Lang)
	in := closer.HoldInput{HoldReason: fm.Text("hold_reason"), ReviewOn: fm.Date("review_on")}
	version := fm.Int("version")
	if !fm.OK() {
		s.actionFailed(w, r, v, o, "hold", fm, nil)
		return
	}
	if _, err := s.Opportunities.HoldOpportunity(r.Context(), o.ID, version, in); err != nil {
		s.actionFailed(w, r, v, o, "hold", fm, err)
		return
	}
	actionDone(w, r, v, o.ID, v.T("opp.held", v.Date(in.ReviewOn)), "")
}

// uiCloseOpportunity closes an opportunity as won, lost or vanished.
func (s *Server) uiCloseOpportunity(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.title", nil)
	o, ok := s.loadOpportunity(w, r, v)
	if !ok {
		return
	}
	fm := parseForm(r, v.Lang)
	outcome := closer.Status(fm.Get("outcome"))
	if !outcome.IsClosureOutcome() {
		s.failPage(w, r, closer.FieldError("outcome", "The outcome must be won, lost or vanished."))
		return
	}
	in := closer.CloseInput{Outcome: outcome, ClosedOn: fm.Date("closed_on"), Note: fm.Text("note")}
	switch outcome {
	case closer.StatusWon:
		in.Amount = fm.OptMoney("amount")
	case closer.StatusLost:
		in.LossReason, in.Competitor = fm.Text("loss_reason"), fm.Text("competitor")
	case closer.StatusVanished:
		in.VanishReason = fm.Text("vanish_reason")
	case closer.StatusOpen, closer.StatusOnHold:
	}
	version := fm.Int("version")
	dialog := string(outcome)
	if !fm.OK() {
		s.actionFailed(w, r, v, o, dialog, fm, nil)
		return
	}
	if _, err := s.Opportunities.CloseOpportunity(r.Context(), o.ID, version, in); err != nil {
		s.actionFailed(w, r, v, o, dialog, fm, err)
		return
	}
	query := ""
	if outcome == closer.StatusWon {
		query = "?won=1"
	}
	actionDone(w, r, v, o.ID, v.T("opp.closed."+dialog), query)
}

// uiReopenOpportunity puts a closed opportunity back to open.
func (s *Server) uiReopenOpportunity(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.title", nil)
	o, ok := s.loadOpportunity(w, r, v)
	if !ok {
		return
	}
	fm := parseForm(r, v.Lang)
	if _, err := s.Opportunities.ReopenOpportunity(r.Context(), o.ID, fm.Int("version")); err != nil {
		s.actionFailed(w, r, v, o, "reopen", fm, err)
		return
	}
	actionDone(w, r, v, o.ID, v.T("opp.reopened"), "")
}

// uiDeleteOpportunity deletes an opportunity (the org's owner only); one
// with linked orders is refused, and its page says which.
func (s *Server) uiDeleteOpportunity(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.title", nil)
	id, err := pathID(r)
	if err == nil {
		err = v.Actor.CanDelete()
	}
	var o *closer.Opportunity
	if err == nil {
		o, err = s.Opportunities.FindOpportunity(r.Context(), id)
	}
	if err == nil {
		// The version the page showed: a change made since (another tab,
		// a colleague) is a conflict, not deleted unseen.
		err = s.Opportunities.DeleteOpportunity(r.Context(), id, parseForm(r, v.Lang).Int("version"))
	}
	if closer.ErrorCode(err) == closer.ECONFLICT {
		// linked orders, or a change since: the page says which, as the API does
		fm := newForm(v.Lang)
		fm.Message = errorText(v.Lang, err)
		s.renderOpportunity(w, r, v, http.StatusConflict, o, "delete", fm)
		return
	} else if err != nil {
		s.failPage(w, r, err)
		return
	}
	flash(w, r, v.T("opp.deleted", o.Title))
	http.Redirect(w, r, v.OrgURL("opportunities"), http.StatusSeeOther)
}

// uiSetNextAction changes the next action (the page's quick edit).
func (s *Server) uiSetNextAction(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.title", nil)
	o, ok := s.loadOpportunity(w, r, v)
	if !ok {
		return
	}
	fm := parseForm(r, v.Lang)
	upd := closer.OpportunityUpdate{NextActionOn: fm.DatePtr("next_action_on"), NextAction: fm.Ptr("next_action")}
	version := fm.Int("version")
	if !fm.OK() {
		s.actionFailed(w, r, v, o, "next", fm, nil)
		return
	}
	if _, err := s.Opportunities.UpdateOpportunity(r.Context(), o.ID, version, upd); err != nil {
		s.actionFailed(w, r, v, o, "next", fm, err)
		return
	}
	actionDone(w, r, v, o.ID, v.T("opp.next_saved"), "")
}

// uiAddQuote adds a quote to the opportunity.
func (s *Server) uiAddQuote(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.title", nil)
	o, ok := s.loadOpportunityToAddTo(w, r, v)
	if !ok {
		return
	}
	fm := parseForm(r, v.Lang)
	q := &closer.Quote{OpportunityID: o.ID, Number: fm.Text("number"), Amount: fm.Money("amount"), SentOn: fm.Date("sent_on"),
		Status: closer.QuoteStatus(fm.Text("status"))}
	if !fm.OK() {
		s.actionFailed(w, r, v, o, "quote", fm, nil)
		return
	}
	if err := s.Sales.CreateQuote(r.Context(), q); err != nil {
		s.actionFailed(w, r, v, o, "quote", fm, err)
		return
	}
	actionDone(w, r, v, o.ID, v.T("opp.quote_added", q.Number), "")
}

// uiAddOrder records an order linked to the opportunity, for its account.
func (s *Server) uiAddOrder(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.title", nil)
	o, ok := s.loadOpportunityToAddTo(w, r, v)
	if !ok {
		return
	}
	fm := parseForm(r, v.Lang)
	ord := &closer.Order{OpportunityID: o.ID, AccountID: o.AccountID, Kind: closer.OrderLinked, Reference: fm.Text("reference"),
		Amount: fm.Money("amount"), OrderedOn: fm.Date("ordered_on")}
	if o.AccountID == 0 {
		fm.SetError("amount", v.T("opp.order_needs_account"))
	}
	if !fm.OK() {
		s.actionFailed(w, r, v, o, "order", fm, nil)
		return
	}
	if err := s.Sales.CreateOrder(r.Context(), ord); err != nil {
		s.actionFailed(w, r, v, o, "order", fm, err)
		return
	}
	actionDone(w, r, v, o.ID, v.T("opp.order_added", v.Money(ord.Amount)), "")
}

// uiAddActivity plans a follow-up activity about the opportunity.
func (s *Server) uiAddActivity(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.title", nil)
	o, ok := s.loadOpportunity(w, r, v)
	if !ok {
		return
	}
	fm := parseForm(r, v.Lang)
	a := &closer.Activity{Kind: closer.ActivityKind(fm.Text("kind")), Subject: fm.Text("subject"), DueOn: fm.Date("due_on"),
		OpportunityID: o.ID, AccountID: o.AccountID}
	if !fm.OK() {
		s.actionFailed(w, r, v, o, "followup", fm, nil)
		return
	}
	if err := s.Sales.CreateActivity(r.Context(), a); err != nil {
		s.actionFailed(w, r, v, o, "followup", fm, err)
		return
	}
	actionDone(w, r, v, o.ID, v.T("opp.activity_added", a.Subject), "")
}
