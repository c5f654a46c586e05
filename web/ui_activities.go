package web

import (
	"context"
	"net/http"
	"strconv"

	"closer"
)

// The activity pages: the reader's calls, meetings, e-mails, tasks and
// relaunches (a manager's whole team on demand), open or done, marked done
// in one click, and the activity form.

// activitiesData is the activities list.
type activitiesData struct {
	Activities []*closer.Activity
	Rows       []activityRow // Activities ready to print
	Accounts   map[int64]string
	Opps       map[int64]closer.OpportunityRef
	People     recPeople
	Done       bool   // the "done" tab, else the "to do" one
	Owner      string // "" (mine), "all" or a member's id
	TeamView   bool   // the reader may look at the team's activities
	Pager      recPager
}

// activityRow is one line of the activities list with its words, dates
// and links worked out once in Go (flat, method-free, as oppRow).
type activityRow struct {
	ID                         int64
	When                       string // the done date, else the due date
	Late                       bool   // not done and due before today
	Kind, Subject              string
	HasOpp                     bool   // the activity is about an opportunity
	OppURL, OppTitle           string // that opportunity, if still there
	AccountURL, AccountName    string // and its account, if any
	OwnerName                  string
	URL                        string // the activity's path, for its actions
	Can, Open                  bool   // the reader may change it; not done yet
	MarkDoneLabel, EditLabel   string // the actions' accessible names
	DeleteLabel, DeleteConfirm string
}

// activityRows prepares the list's lines for the reader.
func activityRows(v *view, d *activitiesData) []activityRow {
	rows := make([]activityRow, len(d.Activities))
	for i, a := range d.Activities {
		r := activityRow{ID: a.ID, Kind: v.T("rec.activities.kind." + string(a.Kind)), Subject: a.Subject,
			OwnerName: d.People.Name(a.OwnerID), URL: v.OrgURL("activities/", strconv.FormatInt(a.ID, 10)),
			Can: v.Can(a.OwnerID), Open: a.DoneOn.IsZero()}
		switch {
		case !a.DoneOn.IsZero():
			r.When = v.Date(a.DoneOn)
		default:
			r.When, r.Late = v.Date(a.DueOn), !a.DueOn.IsZero() && a.DueOn.Before(v.Today)
		}
		if a.OpportunityID != 0 {
			r.HasOpp = true
			if ref := d.Opps[a.OpportunityID]; ref.ID != 0 {
				r.OppURL, r.OppTitle = v.OrgURL("opportunities/", strconv.FormatInt(ref.ID, 10)), ref.Title
			}
		}
		if a.AccountID != 0 {
			r.AccountURL, r.AccountName = v.OrgURL("accounts/", strconv.FormatInt(a.AccountID, 10)), d.Accounts[a.AccountID]
		}
		if r.Can {
			r.MarkDoneLabel, r.EditLabel = v.T("rec.activities.mark_done_named", a.Subject), v.T("rec.edit_named", a.Subject)
			r.DeleteLabel, r.DeleteConfirm = v.T("rec.delete_named", a.Subject), v.T("rec.activities.confirm_delete", a.Subject)
		}
		rows[i] = r
	}
	return rows
}

// activitiesPage lists the reader's activities (or the team's, for those
// who follow it), to do or done; overdue ones are flagged.
func (s *Server) activitiesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, _ := closer.ActorFromContext(ctx)
	q := r.URL.Query()
	d := activitiesData{Done: q.Get("tab") == "done", TeamView: a.CanManage() == nil || a.Role == closer.RoleConsultant, Owner: q.Get("owner")}
	open := !d.Done
	f := closer.SalesFilter{Open: &open, OwnerID: a.UserID, Page: closer.Page{Limit: recPageSize, Offset: recOffset(r)}}
	if d.Done {
		// What was done, newest first. The list grows with the history of the
		// team: it is paged by "next" without counting it all; one row past
		// the page tells whether a next page exists.
		f.Sort, f.SkipTotal, f.Limit = closer.SortDone, true, recPageSize+1
	}
	if !d.TeamView {
		d.Owner = ""
	} else if d.Owner == "" && a.Role == closer.RoleConsultant {
		d.Owner = "all"
	}
	switch d.Owner {
	case "":
	case "all":
		f.OwnerID = 0
	default:
		f.OwnerID = recQueryID(r, "owner")
	}
	var err error
	if d.People, err = s.recPeople(ctx); err != nil {
		s.failPage(w, r, err)
		return
	}
	acts, total, err := s.Sales.FindActivities(ctx, f)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	more := len(acts) > recPageSize
	acts = acts[:min(len(acts), recPageSize)]
	d.Activities, d.Pager = acts, recPager{Total: total, Offset: f.Offset, Limit: recPageSize, Shown: len(acts), More: more}
	accIDs, oppIDs := make([]int64, len(acts)), make([]int64, len(acts))
	for i, act := range acts {
		accIDs[i], oppIDs[i] = act.AccountID, act.OpportunityID
	}
	if d.Accounts, err = s.Lookups.AccountNames(ctx, accIDs); err == nil {
		d.Opps, err = s.Lookups.OpportunityRefs(ctx, oppIDs)
	}
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	v := s.newView(w, r, "rec.activities.title", nil)
	d.Rows = activityRows(v, &d)
	v.Data = d
	s.render(w, r, http.StatusOK, "activities", v)
}

// postActivityDone marks an activity done today and goes back to the page
// it was marked on.
func (s *Server) postActivityDone(w http.ResponseWriter, r *http.Request) {
	act, err := s.recActivity(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if act.DoneOn.IsZero() {
		act.DoneOn = s.recToday(r)
		if err := s.Sales.UpdateActivity(r.Context(), act); err != nil {
			s.failPage(w, r, err)
			return
		}
	}
	flash(w, r, translate(recLang(r), "rec.activities.marked_done", act.Subject))
	http.Redirect(w, r, activityBack(r), http.StatusSeeOther)
}

// activityBack is the page a form or a button came from (a local path), else the activities list.
func activityBack(r *http.Request) string {
	if b := r.PostFormValue("back"); b != "" {
		return localPath(b)
	}
	return recOrgPath(r, "activities")
}

func (s *Server) recActivity(r *http.Request) (*closer.Activity, error) {
	id, err := recPathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.Sales.FindActivity(r.Context(), id)
}

// activityFormData is the activity form, new (Activity nil) or editing.
type activityFormData struct {
	Activity     *closer.Activity
	Opportunity  *closer.OpportunityRef // what it is about, when an opportunity
	AccountNames []string
	Kinds        []closer.ActivityKind
	People       recPeople
	Form         *recForm
}

var activityFields = []string{"kind", "subject", "due_on", "done_on", "opportunity", "account", "account_name", "note", "owner", "back"}

// newActivityPage shows an empty activity form, about the opportunity or
// the account of the query when given.
func (s *Server) newActivityPage(w http.ResponseWriter, r *http.Request) {
	if a, _ := closer.ActorFromContext(r.Context()); a.CanCreate() != nil {
		s.failPage(w, r, a.CanCreate())
		return
	}
	d := activityFormData{Form: newRecForm(activityFields...)}
	d.Form.Values.Set("kind", string(closer.ActivityCall))
	d.Form.Values.Set("due_on", s.recToday(r).String())
	if id := recQueryID(r, "opportunity"); id != 0 {
		d.Form.Values.Set("opportunity", strconv.FormatInt(id, 10))
	}
	if id := recQueryID(r, "account"); id != 0 {
		acc, err := s.Accounts.FindAccount(r.Context(), id)
		if err != nil {
			s.failPage(w, r, err)
			return
		}
		d.Form.Values.Set("account_name", acc.Name)
		d.Form.Values.Set("back", recOrgPath(r, "accounts/"+strconv.FormatInt(id, 10)+"#activities"))
	}
	s.showActivityForm(w, r, http.StatusOK, d)
}

// editActivityPage shows an activity's form filled in.
func (s *Server) editActivityPage(w http.ResponseWriter, r *http.Request) {
	act, err := s.recActivity(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if a, _ := closer.ActorFromContext(r.Context()); a.CanChange(act.OwnerID) != nil {
		s.failPage(w, r, a.CanChange(act.OwnerID))
		return
	}
	d := activityFormData{Activity: act, Form: newRecForm(activityFields...)}
	for k, v := range map[string]string{"kind": string(act.Kind), "subject": act.Subject, "due_on": act.DueOn.String(),
		"done_on": act.DoneOn.String(), "note": act.Note, "owner": strconv.FormatInt(act.OwnerID, 10)} {
		d.Form.Values.Set(k, v)
	}
	if act.OpportunityID != 0 {
		d.Form.Values.Set("opportunity", strconv.FormatInt(act.OpportunityID, 10))
	}
	if act.AccountID != 0 {
		names, err := s.Lookups.AccountNames(r.Context(), []int64{act.AccountID})
		if err != nil {
			s.failPage(w, r, err)
			return
		}
		d.Form.Values.Set("account_name", names[act.AccountID])
	}
	s.showActivityForm(w, r, http.StatusOK, d)
}

func (s *Server) showActivityForm(w http.ResponseWriter, r *http.Request, status int, d activityFormData) {
	ctx := r.Context()
	d.Kinds = closer.ActivityKinds
	var err error
	if id, _ := strconv.ParseInt(d.Form.Get("opportunity"), 10, 64); id != 0 {
		var refs map[int64]closer.OpportunityRef
		if refs, err = s.Lookups.OpportunityRefs(ctx, []int64{id}); err == nil {
			if ref, ok := refs[id]; ok {
				d.Opportunity = &ref
			}
		}
	}
	if err == nil {
		d.AccountNames, err = s.recAccountChoices(ctx)
	}
	if err == nil {
		d.People, err = s.recPeople(ctx)
	}
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	title := "rec.activities.new"
	if d.Activity != nil {
		title = "rec.activities.edit"
	}
	s.render(w, r, status, "activity_form", s.newView(w, r, title, d))
}

// activityFromForm reads the activity form into act; it reports whether
// the form can go to the store.
func (s *Server) activityFromForm(r *http.Request, f *recForm, act *closer.Activity) (bool, error) {
	lang := recLang(r)
	act.Kind, act.Subject, act.Note = closer.ActivityKind(f.Get("kind")), f.Get("subject"), f.Get("note")
	var err error
	if act.DueOn, err = closer.ParseDate(f.Get("due_on")); err != nil {
		f.fail("due_on", translate(lang, "rec.bad_date"))
	}
	if act.DoneOn, err = closer.ParseDate(f.Get("done_on")); err != nil {
		f.fail("done_on", translate(lang, "rec.bad_date"))
	}
	act.OpportunityID, _ = strconv.ParseInt(f.Get("opportunity"), 10, 64)
	act.OwnerID, _ = strconv.ParseInt(f.Get("owner"), 10, 64)
	act.AccountID = 0
	if name := f.Get("account_name"); name != "" {
		acc, err := s.recAccountByName(r.Context(), name)
		if closer.ErrorCode(err) == closer.ENOTFOUND {
			f.fail("account", translate(lang, "rec.orders.no_such_account", name))
		} else if err != nil {
			return false, err
		} else {
			act.AccountID = acc.ID
		}
	}
	return !f.failed(), nil
}

// postNewActivity plans (or records) an activity.
func (s *Server) postNewActivity(w http.ResponseWriter, r *http.Request) {
	d := activityFormData{Form: postedRecForm(r, activityFields...)}
	act := &closer.Activity{}
	s.saveActivity(w, r, d, act, s.Sales.CreateActivity, "rec.activities.created")
}

// postActivity saves an activity's form.
func (s *Server) postActivity(w http.ResponseWriter, r *http.Request) {
	cur, err := s.recActivity(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	d := activityFormData{Activity: cur, Form: postedRecForm(r, activityFields...)}
	act := &closer.Activity{ID: cur.ID}
	s.saveActivity(w, r, d, act, s.Sales.UpdateActivity, "rec.activities.saved")
}

// saveActivity reads the form into act and saves it with save; a refusal
// shows the form again with the input kept.
func (s *Server) saveActivity(w http.ResponseWriter, r *http.Request, d activityFormData, act *closer.Activity,
	save func(context.Context, *closer.Activity) error, done string) {
	ok, err := s.activityFromForm(r, d.Form, act)
	if err != nil {
		s.failPage(w, r, err)
		return
	} else if !ok {
		s.showActivityForm(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	if err := save(r.Context(), act); err != nil {
		if s.recRefused(w, r, d.Form, err) {
			s.showActivityForm(w, r, http.StatusUnprocessableEntity, d)
		}
		return
	}
	flash(w, r, translate(recLang(r), done, act.Subject))
	http.Redirect(w, r, activityBack(r), http.StatusSeeOther)
}

// postDeleteActivity deletes an activity (owners only, as every deletion).
func (s *Server) postDeleteActivity(w http.ResponseWriter, r *http.Request) {
	act, err := s.recActivity(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if err := s.Sales.DeleteActivity(r.Context(), act.ID); err != nil {
		s.failPage(w, r, err)
		return
	}
	flash(w, r, translate(recLang(r), "rec.activities.deleted", act.Subject))
	http.Redirect(w, r, activityBack(r), http.StatusSeeOther)
}
