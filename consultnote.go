package closer

import (
	"context"
	"strings"
	"time"
)

// ConsultantNote is a recommendation an outside consultant (or the team's
// management) attaches to an org and a period: "relaunch the on-hold deals
// older than 60 days before the end of the quarter". The whole team reads
// it. Editing it keeps the previous versions (NoteVersion): advice is
// history, and nobody rewrites what was recommended without a trace.
type ConsultantNote struct {
	ID         int64      `json:"id"`
	Period     PeriodKind `json:"period"`
	StartsOn   Date       `json:"starts_on"`
	Body       string     `json:"body"`
	AuthorID   int64      `json:"author"`      // who wrote the note first
	AuthorName string     `json:"author_name"` // their display name
	EditorID   int64      `json:"editor"`      // who wrote the current version
	EditorName string     `json:"editor_name"`
	Version    int        `json:"version"` // 1 at creation, +1 at every edit
	Created    time.Time  `json:"created_at"`
	Updated    time.Time  `json:"updated_at"`
}

// NoteVersion is one version of a note's text: the current one or an
// earlier one, with who wrote it and when.
type NoteVersion struct {
	Version    int       `json:"version"`
	Body       string    `json:"body"`
	EditorID   int64     `json:"editor"`
	EditorName string    `json:"editor_name"`
	At         time.Time `json:"at"`
}

// MaxNoteLength bounds a note's body, in characters.
const MaxNoteLength = 10000

// NotePeriodOf returns the first day of the month, quarter or year of kind
// that holds day: a form may give any day of the period.
func NotePeriodOf(kind PeriodKind, day Date) (Date, error) {
	if day.IsZero() {
		return Date{}, FieldError("starts_on", "The period's first day is required.")
	}
	p, err := PeriodOfKind(kind, day)
	return p.From, err
}

// PeriodOfKind returns the calendar month, quarter or year that holds day.
func PeriodOfKind(kind PeriodKind, day Date) (Period, error) {
	switch kind {
	case PeriodMonth:
		return MonthOf(day), nil
	case PeriodQuarter:
		return QuarterOf(day), nil
	case PeriodYear:
		return YearOf(day), nil
	}
	return Period{}, FieldError("period", "Period must be month, quarter or year, not %q.", kind)
}

// PeriodRange returns the days the note's period covers.
func (n *ConsultantNote) PeriodRange() Period {
	t := Target{Period: n.Period, StartsOn: n.StartsOn}
	return Period{n.StartsOn, t.EndsOn()}
}

// Validate checks a note before it is stored: a month, quarter or year that
// starts where such a period starts (the rules of targets), and a body.
func (n *ConsultantNote) Validate() error {
	t := Target{Period: n.Period, StartsOn: n.StartsOn}
	if err := t.Validate(); err != nil {
		return err
	}
	return ValidateNoteBody(n.Body)
}

// ValidateNoteBody checks the text of a note: plain text, not blank, at most
// MaxNoteLength characters.
func ValidateNoteBody(body string) error {
	if strings.TrimSpace(body) == "" {
		return FieldError("body", "The note is empty.")
	}
	return CheckText("body", body, MaxNoteLength)
}

// CanWriteNotes allows writing consultant notes: the consultant, whose only
// write they are, and the org's owner and managers. Salespeople read them.
func (a Actor) CanWriteNotes() error {
	switch a.Role {
	case RoleConsultant, RoleOwner, RoleManager:
		return nil
	case RoleSales:
		return Errorf(EFORBIDDEN, "Only a consultant, a manager or the org's owner can write consultant notes.")
	}
	return Errorf(EFORBIDDEN, "Unknown role.")
}

// CanEditNote allows editing a note written by authorID: its author (while
// they may still write notes) and the org's owner. A consultant's advice is
// not rewritten by another consultant or a manager; they add their own note.
func (a Actor) CanEditNote(authorID int64) error {
	if err := a.CanWriteNotes(); err != nil {
		return err
	}
	if a.Role == RoleOwner || a.UserID == authorID {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only its author or the org's owner can edit this note.")
}

// NoteFilter selects notes: those whose period starts between From and To
// (inclusive; zero dates leave that side open), newest period first.
type NoteFilter struct {
	From, To Date
	Page
}

// NoteService keeps the consultant notes of the actor's org. There is no
// deletion: a note is corrected by a new version, and every version stays.
type NoteService interface {
	// FindNotes lists the notes of the filter, newest period first, and
	// the number of matches.
	FindNotes(ctx context.Context, f NoteFilter) ([]*ConsultantNote, int, error)
	// FindNote returns one note; a foreign or unknown id is ENOTFOUND.
	FindNote(ctx context.Context, id int64) (*ConsultantNote, error)
	// CreateNote stores a new note written by the actor (CanWriteNotes).
	CreateNote(ctx context.Context, n *ConsultantNote) error
	// UpdateNote replaces the body of a note (CanEditNote), keeping the
	// previous version. version must match the stored one (ECONFLICT
	// otherwise), unless it is 0.
	UpdateNote(ctx context.Context, id int64, version int, body string) (*ConsultantNote, error)
	// NoteHistory lists every version of a note, the newest first.
	NoteHistory(ctx context.Context, id int64) ([]NoteVersion, error)
}
