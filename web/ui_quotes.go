package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"closer"
)

// The quotes page: every quote (devis) of the org across opportunities,
// filtered by status, each one's status changed in place.

// quotesData is the quotes list.
type quotesData struct {
	Quotes   []*closer.Quote
	Rows     []quoteRow // Quotes ready to print
	Opps     map[int64]closer.OpportunityRef
	Accounts map[int64]string
	Statuses []closer.QuoteStatus
	Status   string
	Pager    recPager
}

// quoteRow is one line of the quotes list with its words, amounts and
// links worked out once in Go (flat, method-free, as oppRow); the status
// form's options are written once per status, not once per line.
type quoteRow struct {
	ID                        int64
	Number                    string
	OppURL, OppTitle          string
	OppStatus, OppStatusLabel string
	AccountURL, AccountName   string
	SentOn, Amount            string
	Can                       bool
	StatusOf                  string        // the status select's label
	Options                   template.HTML // its options, the quote's own selected
	StatusLabel               string        // the status, for those who may not change it
}

// quoteRows prepares the list's lines for the reader.
func quoteRows(v *view, d *quotesData) []quoteRow {
	rows := make([]quoteRow, len(d.Quotes))
	options := map[closer.QuoteStatus]template.HTML{}
	for i, q := range d.Quotes {
		opp := d.Opps[q.OpportunityID]
		r := quoteRow{ID: q.ID, Number: q.Number, OppURL: v.OrgURL("opportunities/", strconv.FormatInt(q.OpportunityID, 10)),
			OppTitle: opp.Title, OppStatus: string(opp.Status), OppStatusLabel: v.T("status." + string(opp.Status)),
			SentOn: v.Date(q.SentOn), Amount: v.Money(q.Amount), Can: v.Can(opp.OwnerID)}
		if opp.AccountID != 0 {
			r.AccountURL, r.AccountName = v.OrgURL("accounts/", strconv.FormatInt(opp.AccountID, 10)), d.Accounts[opp.AccountID]
		}
		if r.Can {
			r.StatusOf = v.T("rec.quotes.status_of", q.Number)
			opts, ok := options[q.Status]
			if !ok {
				var b strings.Builder
				for _, st := range d.Statuses {
					b.WriteString(`<option value="` + template.HTMLEscapeString(string(st)) + `" `)
					if st == q.Status {
						b.WriteString(`selected`)
					}
					b.WriteString(`>` + template.HTMLEscapeString(v.T("rec.quotes.status."+string(st))) + `</option>`)
				}
				opts = template.HTML(b.String())
				options[q.Status] = opts
			}
			r.Options = opts
		} else {
			r.StatusLabel = v.T("rec.quotes.status." + string(q.Status))
		}
		rows[i] = r
	}
	return rows
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
	v := s.newView(w, r, "rec.quotes.title", nil)
	d.Rows = quoteRows(v, &d)
	v.Data = d
	s.render(w, r, http.StatusOK, "quotes", v)
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
	q.SetStatus(closer.QuoteStatus(status), s.recToday(r))
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
