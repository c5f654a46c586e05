package web

import (
	"cmp"
	"net/http"
	"time"

	"closer"
)

// orderJSON is an order (commande) as the API shows it. opportunity is set
// exactly when kind is linked.
type orderJSON struct {
	ID          int64            `json:"id"`
	Account     int64            `json:"account"`
	Opportunity nullableID       `json:"opportunity"`
	Owner       nullableID       `json:"owner"`
	Kind        closer.OrderKind `json:"kind"`
	Reference   string           `json:"reference"`
	Amount      closer.Money     `json:"amount"`
	OrderedOn   closer.Date      `json:"ordered_on"`
	Created     time.Time        `json:"created_at"`
}

func newOrderJSON(o *closer.Order) orderJSON {
	return orderJSON{ID: o.ID, Account: o.AccountID, Opportunity: nullableID(o.OpportunityID), Owner: nullableID(o.OwnerID),
		Kind: o.Kind, Reference: o.Reference, Amount: o.Amount, OrderedOn: o.OrderedOn, Created: o.Created}
}

// orderInput is the body of POST and PATCH on orders: absent fields stay.
type orderInput struct {
	Account     nullable[ref]              `json:"account"`
	Opportunity nullable[ref]              `json:"opportunity"`
	Owner       nullable[ref]              `json:"owner"`
	Kind        nullable[closer.OrderKind] `json:"kind"`
	Reference   nullable[string]           `json:"reference"`
	Amount      nullable[closer.Money]     `json:"amount"`
	OrderedOn   nullable[closer.Date]      `json:"ordered_on"`
}

// patchable refuses null on what an order keeps in a PATCH: its account,
// its kind, and its owner (the store keeps the current one for none).
func (in orderInput) patchable() error {
	return cmp.Or(in.Account.kept("account"), in.Kind.kept("kind"), in.Owner.kept("owner"))
}

// applyOrder changes the fields present in the body.
func (s *Server) applyOrder(r *http.Request, in orderInput, o *closer.Order) error {
	var err error
	if in.Account.Set {
		if o.AccountID, err = s.accountID(r.Context(), in.Account.Value); err != nil {
			return err
		}
	}
	if in.Opportunity.Set {
		if o.OpportunityID, err = recordID(in.Opportunity.Value, "opportunity"); err != nil {
			return err
		}
	}
	if in.Owner.Set {
		if o.OwnerID, err = s.userID(r.Context(), in.Owner.Value, "owner"); err != nil {
			return err
		}
	}
	if in.Kind.Set {
		o.Kind = in.Kind.Value
	}
	setString(&o.Reference, in.Reference)
	if in.Amount.Set {
		o.Amount = in.Amount.Value
	}
	if in.OrderedOn.Set {
		o.OrderedOn = in.OrderedOn.Value
	}
	return nil
}

// listOrders answers orders, filtered by account, opportunity, owner, kind
// and order date (from, to).
func (s *Server) listOrders(w http.ResponseWriter, r *http.Request) {
	f, err := s.salesFilter(r, kindNames(closer.OrderKinds))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orders, total, err := s.Sales.FindOrders(r.Context(), f)
	items := make([]orderJSON, 0, len(orders))
	for _, o := range orders {
		items = append(items, newOrderJSON(o))
	}
	s.answer(w, r, http.StatusOK, newList(items, total), err)
}

// createOrder records an order of an account, linked to an opportunity or
// not (direct, recurring).
func (s *Server) createOrder(w http.ResponseWriter, r *http.Request) {
	var in orderInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	var o closer.Order
	if err := s.applyOrder(r, in, &o); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Sales.CreateOrder(r.Context(), &o); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerOrder(w, r, http.StatusCreated, o.ID)
}

// getOrder answers one order.
func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerOrder(w, r, http.StatusOK, id)
}

// updateOrder changes the fields present in the body.
func (s *Server) updateOrder(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in orderInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	} else if err := in.patchable(); err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.Sales.FindOrder(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.applyOrder(r, in, o); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Sales.UpdateOrder(r.Context(), o); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerOrder(w, r, http.StatusOK, id)
}

// deleteOrder deletes an order (owners only, as every deletion).
func (s *Server) deleteOrder(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.Sales.DeleteOrder(r.Context(), id)
	}
	s.answerNoContent(w, r, err)
}

// answerOrder answers the order of id as the store now has it.
func (s *Server) answerOrder(w http.ResponseWriter, r *http.Request, status int, id int64) {
	o, err := s.Sales.FindOrder(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, newOrderJSON(o))
}
