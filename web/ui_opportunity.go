package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"closer"
)

// The opportunity page: its details, its closure or hold, its timeline, its
// quotes and orders, and the lifecycle actions as dialogs. A refused action
// shows the page again with that dialog open, the input kept and the
// message next to the field.

type oppPageData struct {
	Opp      *closer.Opportunity
	Lists    *closer.Lists
	Members  []closer.Member
	Timeline []timelineEntry
	Quotes   []*closer.Quote
	Orders   []*closer.Order
	AfterWin bool   // just won: offer the next steps
	Open     string // the dialog (or inline form) shown again with errors
	Notice   string // a refusal whose dialog the page no longer offers
	forms    map[string]*form
}

// Form returns the form of a dialog: the one shown again with its errors, or
// its pre-filled defaults.
func (d *oppPageData) Form(name string) *form { return d.forms[name] }

// IsOpen reports whether the dialog name opens by itself.
func (d *oppPageData) IsOpen(name string) bool { return d.Open == name }

// Name returns the name of an entry of one of the org's lists.
func (d *oppPageData) Name(kind string, id int64) string {
	return d.Lists.Name(closer.ListKind(kind), id)
}

// Active returns the entries of a list still offered for new choices.
func (d *oppPageData) Active(kind string) []closer.ListItem {
	var out []closer.ListItem
	for _, it := range d.Lists.Of(closer.ListKind(kind)) {
		if !it.Retired {
			out = append(out, it)
		}
	}
	return out
}

// Late reports whether the next action is overdue.
func (d *oppPageData) Late(today closer.Date) bool {
	o := d.Opp
	return !o.NextActionOn.IsZero() && o.NextActionOn.Before(today) && !o.Status.IsClosure()
}

// ReviewLate reports whether an on-hold opportunity's review date is past.
func (d *oppPageData) ReviewLate(today closer.Date) bool {
	return d.Opp.Status == closer.StatusOnHold && d.Opp.ReviewOn.Before(today)
}

// QuoteStatuses and ActivityKinds list the choices of the inline forms.
func (d *oppPageData) QuoteStatuses() []closer.QuoteStatus  { return closer.QuoteStatuses }
func (d *oppPageData) ActivityKinds() []closer.ActivityKind { return closer.ActivityKinds }

// timelineEntry is one line of the timeline: an event or an activity.
type timelineEntry struct {
	At       time.Time   // events
	Day      closer.Date // activities: done, else due
	Who      string
	Text     string
	Kind     string // event kind or "activity"
	Done     bool
	Activity *closer.Activity
}

// opportunityPage shows one opportunity.
func (s *Server) opportunityPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, "opp.title", nil)
	id, err := pathID(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	o, err := s.Opportunities.FindOpportunity(r.Context(), id)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	s.renderOpportunity(w, r, v, http.StatusOK, o, "", nil)
}

// renderOpportunity shows the page of o; open names the dialog to show
// again with fm, the refused form.
func (s *Server) renderOpportunity(w http.ResponseWriter, r *http.Request, v *view, status int, o *closer.Opportunity, open string, fm *form) {
	ctx := r.Context()
	d := &oppPageData{Opp: o, Open: open}
	var err error
	if d.Lists, err = s.Lists.Lists(ctx); err != nil {
		s.failPage(w, r, err)
		return
	}
	if d.Members, err = s.Orgs.Members(ctx); err != nil {
		s.failPage(w, r, err)
		return
	}
	events, err := s.Opportunities.OpportunityEvents(ctx, o.ID)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	f := closer.SalesFilter{OpportunityID: o.ID, Page: closer.Page{Limit: 200}}
	activities, _, err := s.Sales.FindActivities(ctx, f)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if d.Quotes, _, err = s.Sales.FindQuotes(ctx, f); err != nil {
		s.failPage(w, r, err)
		return
	}
	if d.Orders, _, err = s.Sales.FindOrders(ctx, f); err != nil {
		s.failPage(w, r, err)
		return
	}
	d.Timeline = timeline(v, d.Lists, d.Members, events, activities)
	d.AfterWin = o.Status == closer.StatusWon && r.URL.Query().Get("won") == "1"
	d.forms = defaultForms(v, o)
	if fm != nil {
		d.forms[open] = fm
		if !dialogOffered(open, o.Status) {
			d.Notice, d.Open = fm.Message, ""
		}
		if open == "order" || open == "followup" {
			d.AfterWin = true
		}
	}
	v.Title = o.Title
	v.Data = d
	s.render(w, r, status, "opportunity", v)
}

// defaultForms pre-fills the page's dialogs and inline forms.
func defaultForms(v *view, o *closer.Opportunity) map[string]*form {
	ver := strconv.Itoa(o.Version)
	today := v.Today.String()
	fs := map[string]*form{}
	add := func(name string) *form {
		f := newForm(v.Lang).Set("version", ver)
		fs[name] = f
		return f
	}
	add("hold").Set("review_on", v.Today.AddDays(30).String())
	add("won").Set("closed_on", today).Set("amount", moneyInput(v.Lang, o.Amount))
	add("lost").Set("closed_on", today)
	add("vanished").Set("closed_on", today)
	add("reopen")
	add("delete")
	add("stage").Set("stage", idString(o.StageID))
	add("next").Set("next_action_on", o.NextActionOn.String()).Set("next_action", o.NextAction)
	add("quote").Set("status", string(closer.QuoteSent)).Set("sent_on", today).Set("amount", moneyInput(v.Lang, o.Amount))
	add("order").Set("ordered_on", today).Set("amount", moneyInput(v.Lang, o.Amount))
	add("followup").Set("kind", string(closer.ActivityCall)).Set("due_on", v.Today.AddDays(7).String()).
		Set("subject", v.T("opp.followup_subject_default"))
	return fs
}

// timeline merges the events and the activities, newest first, in words.
func timeline(v *view, l *closer.Lists, members []closer.Member, events []closer.Event, acts []*closer.Activity) []timelineEntry {
	names := make(map[string]string, len(members))
	for _, m := range members {
		names[strconv.FormatInt(m.UserID, 10)] = m.Name
	}
	stage := func(id string) string {
		n, _ := strconv.ParseInt(id, 10, 64)
		if name := l.Name(closer.ListStages, n); name != "" {
			return name
		}
		return "—"
	}
	status := func(s string) string {
		if s == "" {
			return "—"
		}
		return v.T("status." + s)
	}
	money := func(s string) string {
		n, _ := strconv.ParseInt(s, 10, 64)
		return v.MoneyShort(closer.Money(n))
	}
	out := make([]timelineEntry, 0, len(events)+len(acts))
	for _, e := range events {
		t := timelineEntry{At: e.At, Who: e.UserName, Kind: string(e.Kind)}
		switch e.Kind {
		case closer.EventCreated:
			t.Text = v.T("opp.timeline.created", status(e.To))
		case closer.EventStatus:
			t.Text = v.T("opp.timeline.status", status(e.From), status(e.To))
		case closer.EventStage:
			t.Text = v.T("opp.timeline.stage", stage(e.From), stage(e.To))
		case closer.EventOwner:
			t.Text = v.T("opp.timeline.owner", names[e.From], names[e.To])
		case closer.EventAmount:
			t.Text = v.T("opp.timeline.amount", money(e.From), money(e.To))
		default:
			t.Text = string(e.Kind)
		}
		out = append(out, t)
	}
	for _, a := range acts {
		day := a.DueOn
		if !a.DoneOn.IsZero() {
			day = a.DoneOn
		}
		out = append(out, timelineEntry{At: day.Time(), Day: day, Kind: "activity", Done: !a.DoneOn.IsZero(),
			Who: names[strconv.FormatInt(a.OwnerID, 10)], Text: v.T("opp.kind."+string(a.Kind)) + " · " + a.Subject, Activity: a})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out
}

// dialogOffered reports whether the page offers a dialog to an opportunity
// of status: a refusal of one it no longer offers (the status changed in
// another tab) is said at the top of the page.
func dialogOffered(dialog string, st closer.Status) bool {
	switch dialog {
	case "hold", "stage":
		return st == closer.StatusOpen
	case "won", "lost", "vanished":
		return !st.IsClosure()
	}
	return true
}
