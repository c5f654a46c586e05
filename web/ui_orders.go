package web

import (
	"net/http"
	"strconv"
	"strings"

	"closer"
)

// The order pages: the orders list with its totals per kind, and the order
// form. Direct and recurring orders are tracked apart from linked ones: they
// are not won opportunities and must not inflate the win rate.

// ordersData is the orders list.
type ordersData struct {
	Orders      []*closer.Order
	Rows        []orderRow // Orders ready to print
	Accounts    map[int64]string
	Opps        map[int64]closer.OpportunityRef
	People      recPeople
	Kinds       []closer.OrderKind
	Totals      []closer.OrderTotal // per kind, over the filtered range whatever the kind filter
	Count       int
	Sum         closer.Money
	Kind        string
	AccountID   int64
	AccountName string
	OwnerID     int64
	From, To    string
	FilterError string
	Filtered    bool
	Pager       recPager
}

// orderRow is one line of the orders list with its words, amounts and
// links worked out once in Go (flat, method-free, as oppRow).
type orderRow struct {
	Kind, KindLabel, OrderedOn string
	AccountURL, AccountName    string
	OppURL, OppTitle           string // the linked opportunity, if any
	Reference, OwnerName       string
	Amount                     string
	URL                        string // the order's path, for its actions
	Can                        bool
}

// orderRows prepares the list's lines for the reader.
func orderRows(v *view, d *ordersData) []orderRow {
	rows := make([]orderRow, len(d.Orders))
	for i, o := range d.Orders {
		r := orderRow{Kind: string(o.Kind), KindLabel: v.T("rec.orders.kind." + string(o.Kind)), OrderedOn: v.Date(o.OrderedOn),
			AccountURL: v.OrgURL("accounts/", strconv.FormatInt(o.AccountID, 10)), AccountName: d.Accounts[o.AccountID],
			Reference: o.Reference, OwnerName: d.People.Name(o.OwnerID), Amount: v.Money(o.Amount),
			URL: v.OrgURL("orders/", strconv.FormatInt(o.ID, 10)), Can: v.Can(o.OwnerID)}
		if o.OpportunityID != 0 {
			if ref := d.Opps[o.OpportunityID]; ref.ID != 0 {
				r.OppURL, r.OppTitle = v.OrgURL("opportunities/", strconv.FormatInt(ref.ID, 10)), ref.Title
			}
		}
		rows[i] = r
	}
	return rows
}

// ordersPage lists the org's orders, filtered by kind, account, owner and
// date, with their totals per kind.
func (s *Server) ordersPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	lang := recLang(r)
	d := ordersData{Kinds: closer.OrderKinds, Kind: q.Get("kind"), AccountID: recQueryID(r, "account"), OwnerID: recQueryID(r, "owner"),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), AccountName: strings.TrimSpace(q.Get("account_name"))}
	f := closer.SalesFilter{OwnerID: d.OwnerID, Page: closer.Page{Limit: recPageSize, Offset: recOffset(r)}}
	if d.Kind != "" && d.Kind != string(closer.OrderLinked) && d.Kind != string(closer.OrderDirect) && d.Kind != string(closer.OrderRecurring) {
		d.Kind = ""
	}
	var err error
	if f.From, err = closer.ParseDate(d.From); err != nil {
		d.FilterError = translate(lang, "rec.bad_date")
	}
	if f.To, err = closer.ParseDate(d.To); err != nil {
		d.FilterError = translate(lang, "rec.bad_date")
	} else if err := closer.CheckRange("to", f.From, f.To); err != nil {
		d.FilterError = errorText(lang, err)
	}
	if d.AccountID != 0 {
		acc, err := s.Accounts.FindAccount(ctx, d.AccountID)
		if err != nil {
			s.failPage(w, r, err)
			return
		}
		d.AccountName = acc.Name
	} else if d.AccountName != "" {
		acc, err := s.recAccountByName(ctx, d.AccountName)
		if closer.ErrorCode(err) == closer.ENOTFOUND {
			d.FilterError = translate(lang, "rec.orders.no_such_account", d.AccountName)
		} else if err != nil {
			s.failPage(w, r, err)
			return
		} else {
			d.AccountID, d.AccountName = acc.ID, acc.Name
		}
	}
	f.AccountID = d.AccountID
	d.Filtered = d.Kind != "" || d.AccountID != 0 || d.OwnerID != 0 || d.From != "" || d.To != "" || d.AccountName != ""
	if d.People, err = s.recPeople(ctx); err != nil {
		s.failPage(w, r, err)
		return
	}
	if d.FilterError == "" {
		if d.Totals, err = s.Lookups.OrderTotals(ctx, f); err != nil {
			s.failPage(w, r, err)
			return
		}
		for _, t := range d.Totals {
			d.Count += t.Count
			d.Sum += t.Amount
		}
		// The totals per kind already count the list: no second count.
		total := d.Count
		for _, t := range d.Totals {
			if string(t.Kind) == d.Kind {
				total = t.Count
			}
		}
		f.Kind, f.SkipTotal = d.Kind, true
		if d.Orders, _, err = s.Sales.FindOrders(ctx, f); err != nil {
			s.failPage(w, r, err)
			return
		}
		d.Pager = recPager{Total: total, Offset: f.Offset, Limit: recPageSize, Shown: len(d.Orders)}
		accIDs, oppIDs := make([]int64, len(d.Orders)), make([]int64, len(d.Orders))
		for i, o := range d.Orders {
			accIDs[i], oppIDs[i] = o.AccountID, o.OpportunityID
		}
		if d.Accounts, err = s.Lookups.AccountNames(ctx, accIDs); err == nil {
			d.Opps, err = s.Lookups.OpportunityRefs(ctx, oppIDs)
		}
		if err != nil {
			s.failPage(w, r, err)
			return
		}
	}
	status := http.StatusOK
	if d.FilterError != "" {
		status = http.StatusBadRequest
	}
	v := s.newView(w, r, "rec.orders.title", nil)
	d.Rows = orderRows(v, &d)
	v.Data = d
	s.render(w, r, status, "orders", v)
}

// orderFormData is the order form, new (Order nil) or editing.
type orderFormData struct {
	Order        *closer.Order
	Account      *closer.Account       // the order's account, once known
	Opps         []*closer.Opportunity // the account's opportunities, for a linked order
	AccountNames []string              // suggestions while no account is chosen
	People       recPeople
	Kinds        []closer.OrderKind
	Form         *recForm
	FromAccount  bool // opened from the account's page: go back there
}

var orderFields = []string{"account", "account_name", "kind", "opportunity", "amount", "ordered_on", "reference", "owner", "from"}

// newOrderPage shows an empty order form, for the account of ?account= when given.
func (s *Server) newOrderPage(w http.ResponseWriter, r *http.Request) {
	if a, _ := closer.ActorFromContext(r.Context()); a.CanCreate() != nil {
		s.failPage(w, r, a.CanCreate())
		return
	}
	d := orderFormData{Form: newRecForm(orderFields...)}
	if id := recQueryID(r, "account"); id != 0 {
		acc, err := s.Accounts.FindAccount(r.Context(), id)
		if err != nil {
			s.failPage(w, r, err)
			return
		}
		d.Account, d.FromAccount = acc, true
		d.Form.Values.Set("from", "account")
	}
	d.Form.Values.Set("ordered_on", s.recToday(r).String())
	s.showOrderForm(w, r, http.StatusOK, d)
}

// editOrderPage shows an order's form filled in.
func (s *Server) editOrderPage(w http.ResponseWriter, r *http.Request) {
	o, err := s.recOrder(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if a, _ := closer.ActorFromContext(r.Context()); a.CanChange(o.OwnerID) != nil {
		s.failPage(w, r, a.CanChange(o.OwnerID))
		return
	}
	d := orderFormData{Order: o, Form: newRecForm(orderFields...)}
	if d.Account, err = s.Accounts.FindAccount(r.Context(), o.AccountID); err != nil {
		s.failPage(w, r, err)
		return
	}
	for k, v := range map[string]string{"kind": string(o.Kind), "opportunity": strconv.FormatInt(o.OpportunityID, 10),
		"amount": recMoneyInput(recLang(r), o.Amount), "ordered_on": o.OrderedOn.String(), "reference": o.Reference,
		"owner": strconv.FormatInt(o.OwnerID, 10)} {
		d.Form.Values.Set(k, v)
	}
	s.showOrderForm(w, r, http.StatusOK, d)
}

func (s *Server) recOrder(r *http.Request) (*closer.Order, error) {
	id, err := recPathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.Sales.FindOrder(r.Context(), id)
}

// showOrderForm renders the order form with the account's opportunities
// (or, while no account is chosen, suggestions of account names).
func (s *Server) showOrderForm(w http.ResponseWriter, r *http.Request, status int, d orderFormData) {
	ctx := r.Context()
	var err error
	d.Kinds = closer.OrderKinds
	d.FromAccount = d.Form.Get("from") == "account"
	if d.Account != nil {
		d.Opps, _, err = s.Opportunities.FindOpportunities(ctx, closer.OpportunityFilter{AccountID: d.Account.ID, Page: closer.Page{Limit: 500}})
		if err == nil && d.Form.Get("kind") == "" {
			d.Form.Values.Set("kind", string(closer.OrderDirect))
			if len(d.Opps) > 0 {
				d.Form.Values.Set("kind", string(closer.OrderLinked))
			}
		}
	} else {
		d.AccountNames, err = s.recAccountChoices(ctx)
		if d.Form.Get("kind") == "" {
			d.Form.Values.Set("kind", string(closer.OrderDirect))
		}
	}
	if err == nil {
		d.People, err = s.recPeople(ctx)
	}
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	title := "rec.orders.new"
	if d.Order != nil {
		title = "rec.orders.edit"
	}
	s.render(w, r, status, "order_form", s.newView(w, r, title, d))
}

// orderFromForm reads the order form into o and d.Account, noting on the
// form what it cannot read. It reports whether the form can go to the store.
func (s *Server) orderFromForm(r *http.Request, d *orderFormData, o *closer.Order) (bool, error) {
	ctx, f, lang := r.Context(), d.Form, recLang(r)
	if d.Account == nil {
		if id, _ := strconv.ParseInt(f.Get("account"), 10, 64); id > 0 {
			acc, err := s.Accounts.FindAccount(ctx, id)
			if err != nil && closer.ErrorCode(err) != closer.ENOTFOUND {
				return false, err
			}
			d.Account = acc
		} else if name := f.Get("account_name"); name != "" {
			acc, err := s.recAccountByName(ctx, name)
			if closer.ErrorCode(err) == closer.ENOTFOUND {
				f.fail("account", translate(lang, "rec.orders.no_such_account", name))
			} else if err != nil {
				return false, err
			}
			d.Account = acc
		}
		if d.Account == nil && !f.Invalid("account") {
			f.fail("account", translate(lang, "rec.orders.account_required"))
		}
	}
	if d.Account != nil {
		o.AccountID = d.Account.ID
		f.Values.Set("account", strconv.FormatInt(d.Account.ID, 10))
	}
	o.Kind = closer.OrderKind(f.Get("kind"))
	if o.Kind == closer.OrderLinked {
		o.OpportunityID, _ = strconv.ParseInt(f.Get("opportunity"), 10, 64)
	}
	if f.Get("amount") == "" {
		f.fail("amount", translate(lang, "rec.amount_required"))
	} else if m, err := parseMoney(lang, f.Get("amount")); m < 0 {
		f.fail("amount", translate(lang, "rec.negative_amount"))
	} else if err != nil {
		f.fail("amount", translate(lang, "rec.bad_amount"))
	} else {
		o.Amount = m
	}
	var err error
	if o.OrderedOn, err = closer.ParseDate(f.Get("ordered_on")); err != nil {
		f.fail("ordered_on", translate(lang, "rec.bad_date"))
	}
	o.Reference = f.Get("reference")
	o.OwnerID, _ = strconv.ParseInt(f.Get("owner"), 10, 64)
	return !f.failed(), nil
}

// postNewOrder records an order.
func (s *Server) postNewOrder(w http.ResponseWriter, r *http.Request) {
	d := orderFormData{Form: postedRecForm(r, orderFields...)}
	o := &closer.Order{}
	ok, err := s.orderFromForm(r, &d, o)
	if err != nil {
		s.failPage(w, r, err)
		return
	} else if !ok {
		s.showOrderForm(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	if err := s.Sales.CreateOrder(r.Context(), o); err != nil {
		if s.recRefused(w, r, d.Form, err) {
			s.showOrderForm(w, r, http.StatusUnprocessableEntity, d)
		}
		return
	}
	v := recWords(r)
	flash(w, r, v.T("rec.orders.created", v.T("rec.orders.kind."+string(o.Kind)), v.Money(o.Amount), d.Account.Name))
	http.Redirect(w, r, orderBack(r, d), http.StatusSeeOther)
}

// postOrder saves an order's form.
func (s *Server) postOrder(w http.ResponseWriter, r *http.Request) {
	cur, err := s.recOrder(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	d := orderFormData{Order: cur, Form: postedRecForm(r, orderFields...)}
	if d.Account, err = s.Accounts.FindAccount(r.Context(), cur.AccountID); err != nil {
		s.failPage(w, r, err)
		return
	}
	o := &closer.Order{ID: cur.ID}
	ok, err := s.orderFromForm(r, &d, o)
	if err != nil {
		s.failPage(w, r, err)
		return
	} else if !ok {
		s.showOrderForm(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	if err := s.Sales.UpdateOrder(r.Context(), o); err != nil {
		if s.recRefused(w, r, d.Form, err) {
			s.showOrderForm(w, r, http.StatusUnprocessableEntity, d)
		}
		return
	}
	flash(w, r, translate(recLang(r), "rec.orders.saved"))
	http.Redirect(w, r, orderBack(r, d), http.StatusSeeOther)
}

// postDeleteOrder deletes an order (owners only, as every deletion).
func (s *Server) postDeleteOrder(w http.ResponseWriter, r *http.Request) {
	o, err := s.recOrder(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if err := s.Sales.DeleteOrder(r.Context(), o.ID); err != nil {
		s.failPage(w, r, err)
		return
	}
	flash(w, r, translate(recLang(r), "rec.orders.deleted"))
	http.Redirect(w, r, recOrgPath(r, "orders"), http.StatusSeeOther)
}

// orderBack is where a saved order leads: the account's page when the form
// was opened there, else the orders list.
func orderBack(r *http.Request, d orderFormData) string {
	if d.FromAccount || d.Form.Get("from") == "account" {
		return recOrgPath(r, "accounts/"+strconv.FormatInt(d.Account.ID, 10)+"#orders")
	}
	return recOrgPath(r, "orders")
}
