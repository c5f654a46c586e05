package web

import (
	"net/http"
	"time"

	"closer"
)

// activityJSON is an activity as the API shows it.
type activityJSON struct {
	ID          int64               `json:"id"`
	Kind        closer.ActivityKind `json:"kind"`
	Owner       nullableID          `json:"owner"`
	Subject     string              `json:"subject"`
	DueOn       closer.Date         `json:"due_on"`
	DoneOn      closer.Date         `json:"done_on"`
	Opportunity nullableID          `json:"opportunity"`
	Account     nullableID          `json:"account"`
	Note        string              `json:"note"`
	Created     time.Time           `json:"created_at"`
}

func newActivityJSON(a *closer.Activity) activityJSON {
	return activityJSON{ID: a.ID, Kind: a.Kind, Owner: nullableID(a.OwnerID), Subject: a.Subject, DueOn: a.DueOn,
		DoneOn: a.DoneOn, Opportunity: nullableID(a.OpportunityID), Account: nullableID(a.AccountID), Note: a.Note, Created: a.Created}
}

// activityInput is the body of POST and PATCH on activities: absent fields stay.
type activityInput struct {
	Kind        nullable[closer.ActivityKind] `json:"kind"`
	Owner       nullable[ref]                 `json:"owner"`
	Subject     nullable[string]              `json:"subject"`
	DueOn       nullable[closer.Date]         `json:"due_on"`
	DoneOn      nullable[closer.Date]         `json:"done_on"`
	Opportunity nullable[ref]                 `json:"opportunity"`
	Account     nullable[ref]                 `json:"account"`
	Note        nullable[string]              `json:"note"`
}

// patchable refuses null on what an activity keeps in a PATCH (its
// owner).
func (in activityInput) patchable() error { return in.Owner.kept("owner") }

// applyActivity changes the fields present in the body.
func (s *Server) applyActivity(r *http.Request, in activityInput, a *closer.Activity) error {
	var err error
	if in.Kind.Set {
		a.Kind = in.Kind.Value
	}
	if in.Owner.Set {
		if a.OwnerID, err = s.userID(r.Context(), in.Owner.Value, "owner"); err != nil {
			return err
		}
	}
	setString(&a.Subject, in.Subject)
	if in.DueOn.Set {
		a.DueOn = in.DueOn.Value
	}
	if in.DoneOn.Set {
		a.DoneOn = in.DoneOn.Value
	}
	if in.Opportunity.Set {
		if a.OpportunityID, err = recordID(in.Opportunity.Value, "opportunity"); err != nil {
			return err
		}
	}
	if in.Account.Set {
		if a.AccountID, err = s.accountID(r.Context(), in.Account.Value); err != nil {
			return err
		}
	}
	setString(&a.Note, in.Note)
	return nil
}

// listActivities answers activities, filtered by opportunity, account,
// owner, kind, open (not done yet) and due date (from, to).
func (s *Server) listActivities(w http.ResponseWriter, r *http.Request) {
	f, err := s.salesFilter(r, kindNames(closer.ActivityKinds))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	acts, total, err := s.Sales.FindActivities(r.Context(), f)
	items := make([]activityJSON, 0, len(acts))
	for _, a := range acts {
		items = append(items, newActivityJSON(a))
	}
	s.answer(w, r, http.StatusOK, newList(items, total), err)
}

// createActivity plans or records an activity; its owner defaults to the creator.
func (s *Server) createActivity(w http.ResponseWriter, r *http.Request) {
	var in activityInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	var a closer.Activity
	if err := s.applyActivity(r, in, &a); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Sales.CreateActivity(r.Context(), &a); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerActivity(w, r, http.StatusCreated, a.ID)
}

// getActivity answers one activity.
func (s *Server) getActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerActivity(w, r, http.StatusOK, id)
}

// updateActivity changes the fields present in the body (done_on marks it done).
func (s *Server) updateActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in activityInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	} else if err := in.patchable(); err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.Sales.FindActivity(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.applyActivity(r, in, a); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Sales.UpdateActivity(r.Context(), a); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerActivity(w, r, http.StatusOK, id)
}

// deleteActivity deletes an activity (owners only, as every deletion).
func (s *Server) deleteActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.Sales.DeleteActivity(r.Context(), id)
	}
	s.answerNoContent(w, r, err)
}

// answerActivity answers the activity of id as the store now has it.
func (s *Server) answerActivity(w http.ResponseWriter, r *http.Request, status int, id int64) {
	a, err := s.Sales.FindActivity(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, newActivityJSON(a))
}
