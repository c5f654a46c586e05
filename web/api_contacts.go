package web

import (
	"net/http"
	"time"

	"closer"
)

// contactJSON is a contact as the API shows it.
type contactJSON struct {
	ID       int64      `json:"id"`
	Account  nullableID `json:"account"`
	Owner    nullableID `json:"owner"`
	Name     string     `json:"name"`
	Email    string     `json:"email"`
	Phone    string     `json:"phone"`
	JobTitle string     `json:"job_title"`
	Created  time.Time  `json:"created_at"`
}

func newContactJSON(c *closer.Contact) contactJSON {
	return contactJSON{ID: c.ID, Account: nullableID(c.AccountID), Owner: nullableID(c.OwnerID), Name: c.Name,
		Email: c.Email, Phone: c.Phone, JobTitle: c.JobTitle, Created: c.Created}
}

// contactInput is the body of POST and PATCH on contacts: absent fields stay.
type contactInput struct {
	Account  nullable[ref]    `json:"account"`
	Owner    nullable[ref]    `json:"owner"`
	Name     nullable[string] `json:"name"`
	Email    nullable[string] `json:"email"`
	Phone    nullable[string] `json:"phone"`
	JobTitle nullable[string] `json:"job_title"`
}

// applyContact changes the fields present in the body.
func (s *Server) applyContact(r *http.Request, in contactInput, c *closer.Contact) error {
	if in.Account.Set {
		id, err := s.accountID(r.Context(), in.Account.Value)
		if err != nil {
			return err
		}
		c.AccountID = id
	}
	if in.Owner.Set {
		id, err := s.userID(r.Context(), in.Owner.Value, "owner")
		if err != nil {
			return err
		}
		c.OwnerID = id
	}
	setString(&c.Name, in.Name)
	setString(&c.Email, in.Email)
	setString(&c.Phone, in.Phone)
	setString(&c.JobTitle, in.JobTitle)
	return nil
}

// listContacts answers contacts, filtered by q (in the name) and account.
func (s *Server) listContacts(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	account, err := s.queryAccount(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	contacts, total, err := s.Accounts.FindContacts(r.Context(), closer.ContactFilter{Q: r.URL.Query().Get("q"), AccountID: account, Page: p})
	items := make([]contactJSON, 0, len(contacts))
	for _, c := range contacts {
		items = append(items, newContactJSON(c))
	}
	s.answer(w, r, http.StatusOK, newList(items, total), err)
}

// createContact creates a contact; its owner defaults to the creator.
func (s *Server) createContact(w http.ResponseWriter, r *http.Request) {
	var in contactInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	var c closer.Contact
	if err := s.applyContact(r, in, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Accounts.CreateContact(r.Context(), &c); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerContact(w, r, http.StatusCreated, c.ID)
}

// getContact answers one contact.
func (s *Server) getContact(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerContact(w, r, http.StatusOK, id)
}

// updateContact changes the fields present in the body.
func (s *Server) updateContact(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in contactInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.Accounts.FindContact(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.applyContact(r, in, c); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Accounts.UpdateContact(r.Context(), c); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerContact(w, r, http.StatusOK, id)
}

// deleteContact deletes a contact (personal data erased on request; owners
// only, as every deletion).
func (s *Server) deleteContact(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.Accounts.DeleteContact(r.Context(), id)
	}
	s.answerNoContent(w, r, err)
}

// answerContact answers the contact of id as the store now has it.
func (s *Server) answerContact(w http.ResponseWriter, r *http.Request, status int, id int64) {
	c, err := s.Accounts.FindContact(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, newContactJSON(c))
}
