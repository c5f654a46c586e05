package web

import (
	"net/http"
	"time"

	"closer"
)

// quoteJSON is a quote (devis) as the API shows it.
type quoteJSON struct {
	ID          int64              `json:"id"`
	Opportunity int64              `json:"opportunity"`
	Number      string             `json:"number"`
	Amount      closer.Money       `json:"amount"`
	SentOn      closer.Date        `json:"sent_on"`
	Status      closer.QuoteStatus `json:"status"`
	Created     time.Time          `json:"created_at"`
}

func newQuoteJSON(q *closer.Quote) quoteJSON {
	return quoteJSON{ID: q.ID, Opportunity: q.OpportunityID, Number: q.Number, Amount: q.Amount,
		SentOn: q.SentOn, Status: q.Status, Created: q.Created}
}

// quoteInput is the body of POST and PATCH on quotes: absent fields stay.
type quoteInput struct {
	Opportunity nullable[ref]                `json:"opportunity"`
	Number      nullable[string]             `json:"number"`
	Amount      nullable[closer.Money]       `json:"amount"`
	SentOn      nullable[closer.Date]        `json:"sent_on"`
	Status      nullable[closer.QuoteStatus] `json:"status"`
}

// patchable refuses null on what a quote keeps in a PATCH (its
// opportunity).
func (in quoteInput) patchable() error { return in.Opportunity.kept("opportunity") }

// applyQuote changes the fields present in the body.
func applyQuote(in quoteInput, q *closer.Quote) error {
	if in.Opportunity.Set {
		id, err := recordID(in.Opportunity.Value, "opportunity")
		if err != nil {
			return err
		}
		q.OpportunityID = id
	}
	setString(&q.Number, in.Number)
	if in.Amount.Set {
		q.Amount = in.Amount.Value
	}
	if in.SentOn.Set {
		q.SentOn = in.SentOn.Value
	}
	if in.Status.Set {
		q.Status = in.Status.Value
	}
	return nil
}

// listQuotes answers quotes, filtered by opportunity and sent date (from, to).
func (s *Server) listQuotes(w http.ResponseWriter, r *http.Request) {
	f, err := s.salesFilter(r, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	quotes, total, err := s.Sales.FindQuotes(r.Context(), f)
	items := make([]quoteJSON, 0, len(quotes))
	for _, q := range quotes {
		items = append(items, newQuoteJSON(q))
	}
	s.answer(w, r, http.StatusOK, newList(items, total), err)
}

// createQuote creates a quote for an opportunity.
func (s *Server) createQuote(w http.ResponseWriter, r *http.Request) {
	var in quoteInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	var q closer.Quote
	if err := applyQuote(in, &q); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Sales.CreateQuote(r.Context(), &q); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerQuote(w, r, http.StatusCreated, q.ID)
}

// getQuote answers one quote.
func (s *Server) getQuote(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerQuote(w, r, http.StatusOK, id)
}

// updateQuote changes the fields present in the body.
func (s *Server) updateQuote(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in quoteInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	} else if err := in.patchable(); err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := s.Sales.FindQuote(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := applyQuote(in, q); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Sales.UpdateQuote(r.Context(), q); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerQuote(w, r, http.StatusOK, id)
}

// deleteQuote deletes a quote (owners only, as every deletion).
func (s *Server) deleteQuote(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.Sales.DeleteQuote(r.Context(), id)
	}
	s.answerNoContent(w, r, err)
}

// answerQuote answers the quote of id as the store now has it.
func (s *Server) answerQuote(w http.ResponseWriter, r *http.Request, status int, id int64) {
	q, err := s.Sales.FindQuote(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, newQuoteJSON(q))
}
