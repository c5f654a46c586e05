package web

import (
	"net/http"
	"strconv"

	"closer"
)

// The contact pages: the people at an account, added, edited and erased
// from the account's page.

var contactFields = []string{"name", "email", "phone", "job_title"}

// contactFormData is the contact form, new (Contact nil) or editing.
type contactFormData struct {
	Account *closer.Account
	Contact *closer.Contact
	Form    *recForm
}

// newContactPage shows an empty contact form for an account.
func (s *Server) newContactPage(w http.ResponseWriter, r *http.Request) {
	acc, err := s.recAccount(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if a, _ := closer.ActorFromContext(r.Context()); a.CanCreate() != nil {
		s.failPage(w, r, a.CanCreate())
		return
	}
	s.showContactForm(w, r, http.StatusOK, contactFormData{Account: acc, Form: newRecForm(contactFields...)})
}

// editContactPage shows a contact's form filled in.
func (s *Server) editContactPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.recContact(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if a, _ := closer.ActorFromContext(r.Context()); a.CanChange(d.Contact.OwnerID) != nil {
		s.failPage(w, r, a.CanChange(d.Contact.OwnerID))
		return
	}
	c := d.Contact
	for k, v := range map[string]string{"name": c.Name, "email": c.Email, "phone": c.Phone, "job_title": c.JobTitle} {
		d.Form.Values.Set(k, v)
	}
	s.showContactForm(w, r, http.StatusOK, d)
}

// recContact finds the contact of the path and its account.
func (s *Server) recContact(r *http.Request) (contactFormData, error) {
	id, err := recPathID(r, "id")
	if err != nil {
		return contactFormData{}, err
	}
	c, err := s.Accounts.FindContact(r.Context(), id)
	if err != nil {
		return contactFormData{}, err
	}
	d := contactFormData{Contact: c, Form: newRecForm(contactFields...)}
	if c.AccountID != 0 {
		if d.Account, err = s.Accounts.FindAccount(r.Context(), c.AccountID); err != nil {
			return d, err
		}
	}
	return d, nil
}

func (s *Server) showContactForm(w http.ResponseWriter, r *http.Request, status int, d contactFormData) {
	title := "rec.contacts.new"
	if d.Contact != nil {
		title = "rec.contacts.edit"
	}
	s.render(w, r, status, "contact_form", s.newView(w, r, title, d))
}

// contactFromForm reads the contact form into c.
func contactFromForm(f *recForm, c *closer.Contact) {
	c.Name, c.Email, c.Phone, c.JobTitle = f.Get("name"), f.Get("email"), f.Get("phone"), f.Get("job_title")
}

// contactRefused puts a refused contact on its form; a bad e-mail address
// gets a message in the reader's language.
func (s *Server) contactRefused(w http.ResponseWriter, r *http.Request, d contactFormData, err error) {
	if closer.ErrorField(err) == "email" && closer.ErrorCode(err) == closer.EINVALID {
		d.Form.fail("email", translate(recLang(r), "rec.contacts.bad_email"))
	} else if !s.recRefused(w, r, d.Form, err) {
		return
	}
	s.showContactForm(w, r, http.StatusUnprocessableEntity, d)
}

// postNewContact adds a contact to an account and goes back to its page.
func (s *Server) postNewContact(w http.ResponseWriter, r *http.Request) {
	acc, err := s.recAccount(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	d := contactFormData{Account: acc, Form: postedRecForm(r, contactFields...)}
	c := &closer.Contact{AccountID: acc.ID}
	contactFromForm(d.Form, c)
	if err := s.Accounts.CreateContact(r.Context(), c); err != nil {
		s.contactRefused(w, r, d, err)
		return
	}
	flash(w, r, translate(recLang(r), "rec.contacts.created", c.Name))
	http.Redirect(w, r, recOrgPath(r, "accounts/"+strconv.FormatInt(acc.ID, 10)+"#contacts"), http.StatusSeeOther)
}

// postContact saves a contact's form.
func (s *Server) postContact(w http.ResponseWriter, r *http.Request) {
	d, err := s.recContact(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	cur := d.Contact
	d.Form = postedRecForm(r, contactFields...)
	c := &closer.Contact{ID: cur.ID, AccountID: cur.AccountID}
	contactFromForm(d.Form, c)
	if err := s.Accounts.UpdateContact(r.Context(), c); err != nil {
		s.contactRefused(w, r, d, err)
		return
	}
	flash(w, r, translate(recLang(r), "rec.contacts.saved", c.Name))
	http.Redirect(w, r, contactBack(r, c.AccountID), http.StatusSeeOther)
}

// postDeleteContact erases a contact (owners only).
func (s *Server) postDeleteContact(w http.ResponseWriter, r *http.Request) {
	d, err := s.recContact(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if err := s.Accounts.DeleteContact(r.Context(), d.Contact.ID); err != nil {
		s.failPage(w, r, err)
		return
	}
	flash(w, r, translate(recLang(r), "rec.contacts.deleted", d.Contact.Name))
	http.Redirect(w, r, contactBack(r, d.Contact.AccountID), http.StatusSeeOther)
}

// contactBack is where a contact's form leads: its account's page.
func contactBack(r *http.Request, accountID int64) string {
	if accountID == 0 {
		return recOrgPath(r, "accounts")
	}
	return recOrgPath(r, "accounts/"+strconv.FormatInt(accountID, 10)+"#contacts")
}
