package web

import (
	"net/http"

	"closer"
)

// The quotes page: every quote (devis) of the org across opportunities,
// filtered by status, each one's status changed in place.

// quotesData is the quotes list.
type quotesData struct {
	Quotes   []*closer.Quote
	Opps     map[int64]closer.OpportunityRef
	Accounts map[int64]string
	Statuses []closer.QuoteStatus
	Status   string
	Pager    recPager
}

// quotesPage lists the org's quotes, filtered by status.
func (s *Server) quotesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d := quotesData{Statuses: closer.QuoteStatuses, Status: r.URL.Query().Get("status")}
	if !validQuoteStatus(d.Status) {
		d.Status = ""
	}
	f := closer.SalesFilter{Kind: d.Status, Page: closer.Page{Limit: recPageSize, Offset: recOffset(r)}}
	quotes, total, err := s.Sales.FindQuotes(ctx, f)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	d.Quotes, d.Pager = quotes, recPager{Total: total, Offset: f.Offset, Limit: recPageSize, Shown: len(quotes)}
	ids := make([]int64, len(quotes))
	for i, q := range quotes {
		ids[i] = q.OpportunityID
	}
	if d.Opps, err = s.Lookups.OpportunityRefs(ctx, ids); err != nil {
		s.failPage(w, r, err)
		return
	}
	accIDs := make([]int64, 0, len(d.Opps))
	for _, o := range d.Opps {
		accIDs = append(accIDs, o.AccountID)
	}
	if d.Accounts, err = s.Lookups.AccountNames(ctx, accIDs); err != nil {
		s.failPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "quotes", s.newView(w, r, "rec.quotes.title", d))
}

func validQuoteStatus(s string) bool {
	for _, st := range closer.QuoteStatuses {
		if string(st) == s {
			return true
		}
	}
	return false
}

// postQuoteStatus changes a quote's status (whoever may change its
// opportunity) and goes back to the list.
func (s *Server) postQuoteStatus(w http.ResponseWriter, r *http.Request) {
	id, err := recPathID(r, "id")
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	q, err := s.Sales.FindQuote(r.Context(), id)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	status := r.PostFormValue("status")
	if !validQuoteStatus(status) {
		s.failPage(w, r, closer.FieldError("status", "Quote status must be draft, sent, accepted, declined or expired, not %q.", status))
		return
	}
	q.Status = closer.QuoteStatus(status)
	if q.Status == closer.QuoteSent && q.SentOn.IsZero() {
		q.SentOn = s.recToday(r)
	}
	if err := s.Sales.UpdateQuote(r.Context(), q); err != nil {
		s.failPage(w, r, err)
		return
	}
	v := recWords(r)
	flash(w, r, v.T("rec.quotes.saved", q.Number, v.T("rec.quotes.status."+status)))
	back := recOrgPath(r, "quotes")
	if b := r.PostFormValue("back"); b != "" {
		back = localPath(b)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
