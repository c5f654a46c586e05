package closer

import (
	"context"
	"time"
)

// SavedFilter is a named filter of a list page (its query string), kept per
// user and org: "my open deals over 10 k€", "on hold since spring".
type SavedFilter struct {
	ID      int64
	UserID  int64
	Page    string // the list it filters, e.g. "opportunities"
	Name    string
	Query   string // the page's URL query, without paging
	Created time.Time
}

// Validate checks a saved filter before it is stored.
func (f *SavedFilter) Validate() error {
	f.Name = NormalizeName(f.Name)
	if f.Name == "" {
		return FieldError("name", "Give the filter a name.")
	} else if err := CheckLine("name", f.Name, 100); err != nil {
		return err
	} else if f.Page == "" || len(f.Page) > 50 {
		return FieldError("page", "Unknown list page.")
	} else if len(f.Query) > 2000 {
		return FieldError("query", "The filter is too long.")
	}
	return nil
}

// SavedFilterService keeps the saved filters of the acting member. They are
// personal view settings, not org data: every role, consultants included,
// may save their own.
type SavedFilterService interface {
	// SavedFilters lists the actor's saved filters of one page, by name.
	SavedFilters(ctx context.Context, page string) ([]*SavedFilter, error)
	// CreateSavedFilter saves a filter; a name already used on the page is ECONFLICT.
	CreateSavedFilter(ctx context.Context, f *SavedFilter) error
	// DeleteSavedFilter deletes one of the actor's saved filters.
	DeleteSavedFilter(ctx context.Context, id int64) error
}
