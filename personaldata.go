package closer

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// PersonalData is everything the org knows about one contact, as the GDPR
// right of access asks: the contact, their account, the opportunities that
// name them with those opportunities' events and activities, and when the
// contact was erased, if they were.
type PersonalData struct {
	Contact       *Contact       `json:"contact"`
	Account       *Account       `json:"account"`
	Opportunities []*Opportunity `json:"opportunities"`
	Activities    []*Activity    `json:"activities"`
	Events        []Event        `json:"events"`
	Erasure       *Erasure       `json:"erasure"`
}

// Erasure records who erased a contact's personal data, and when.
type Erasure struct {
	UserID int64     `json:"user"`
	At     time.Time `json:"at"`
}

// ErasedContactName is the name an erased contact keeps, in both languages
// (orgs have readers of either): it tells the record apart without saying
// who it was.
func ErasedContactName(id int64) string {
	return "Contact effacé / Erased contact " + strconv.FormatInt(id, 10)
}

// PersonalDataService answers and erases what is known about a contact
// (owners and managers only).
type PersonalDataService interface {
	// ContactPersonalData gathers everything known about a contact.
	ContactPersonalData(ctx context.Context, contactID int64) (*PersonalData, error)
	// EraseContact anonymises a contact: their name becomes ErasedContactName,
	// their e-mail, phone and job title are blanked, and so are the notes of
	// the activities of the opportunities that name them. Opportunities keep
	// their amounts, dates and statuses, so the org's figures do not change.
	EraseContact(ctx context.Context, contactID int64) error
}

// IsErasedContactName reports whether name is the one an erased contact
// keeps (ErasedContactName): an import reads such a contact, from an
// export, as the anonymous record it is.
func IsErasedContactName(name string) bool {
	n, ok := strings.CutPrefix(strings.TrimSpace(name), "Contact effacé / Erased contact ")
	if !ok {
		return false
	}
	_, err := strconv.ParseInt(n, 10, 64)
	return err == nil
}
