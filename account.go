package closer

import (
	"strings"
	"time"
)

// Account is a customer company (or person) that opportunities and orders
// belong to.
type Account struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	OwnerID int64     `json:"owner"` // the salesperson who follows it
	City    string    `json:"city"`
	Phone   string    `json:"phone"`
	Website string    `json:"website"`
	Note    string    `json:"note"`
	Created time.Time `json:"created_at"`
}

// Validate checks an account before it is stored.
func (a *Account) Validate() error {
	a.Name, a.City, a.Phone = NormalizeName(a.Name), NormalizeName(a.City), NormalizeName(a.Phone)
	if a.Name == "" {
		return FieldError("name", "The account name is required.")
	}
	for _, c := range []struct {
		field, s string
		max      int
	}{{"name", a.Name, maxTitle}, {"city", a.City, maxTitle}, {"phone", a.Phone, 50}} {
		if err := CheckLine(c.field, c.s, c.max); err != nil {
			return err
		}
	}
	a.Note = NormalizeNote(a.Note)
	if err := CheckText("note", a.Note, maxNote); err != nil {
		return err
	}
	a.Website = strings.TrimSpace(a.Website)
	return CheckWebsite("website", a.Website)
}

// Contact is a person at an account. Contacts are personal data: they can be
// exported and erased on request.
type Contact struct {
	ID        int64     `json:"id"`
	AccountID int64     `json:"account"`
	OwnerID   int64     `json:"owner"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Phone     string    `json:"phone"`
	JobTitle  string    `json:"job_title"`
	Created   time.Time `json:"created_at"`
}

// Validate checks a contact before it is stored.
func (c *Contact) Validate() error {
	c.Name, c.Phone, c.JobTitle = NormalizeName(c.Name), NormalizeName(c.Phone), NormalizeName(c.JobTitle)
	if c.Name == "" {
		return FieldError("name", "The contact's name is required.")
	}
	if c.Email != "" {
		e, err := NormalizeEmail(c.Email)
		if err != nil {
			return err
		}
		c.Email = e
	}
	for _, f := range []struct {
		field, s string
		max      int
	}{{"name", c.Name, maxTitle}, {"phone", c.Phone, 50}, {"job_title", c.JobTitle, maxTitle}} {
		if err := CheckLine(f.field, f.s, f.max); err != nil {
			return err
		}
	}
	return nil
}
