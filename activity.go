package closer

import (
	"time"
)

// ActivityKind says what an activity is.
type ActivityKind string

// The kinds of activity.
const (
	ActivityCall     ActivityKind = "call"
	ActivityMeeting  ActivityKind = "meeting"
	ActivityEmail    ActivityKind = "email"
	ActivityTask     ActivityKind = "task"
	ActivityRelaunch ActivityKind = "relaunch"
)

// ActivityKinds lists the kinds of activity.
var ActivityKinds = []ActivityKind{ActivityCall, ActivityMeeting, ActivityEmail, ActivityTask, ActivityRelaunch}

// Activity is a call, meeting, e-mail, task or relaunch, planned (due) and
// done, about an opportunity or an account.
type Activity struct {
	ID            int64        `json:"id"`
	Kind          ActivityKind `json:"kind"`
	OwnerID       int64        `json:"owner"`
	Subject       string       `json:"subject"`
	DueOn         Date         `json:"due_on"`
	DoneOn        Date         `json:"done_on"`
	OpportunityID int64        `json:"opportunity"`
	AccountID     int64        `json:"account"`
	Note          string       `json:"note"`
	Created       time.Time    `json:"created_at"`
}

// Validate checks an activity before it is stored.
func (a *Activity) Validate(today Date) error {
	a.Subject, a.Note = NormalizeName(a.Subject), NormalizeNote(a.Note)
	ok := false
	for _, k := range ActivityKinds {
		ok = ok || k == a.Kind
	}
	if !ok {
		return FieldError("kind", "Activity kind must be call, meeting, email, task or relaunch, not %q.", a.Kind)
	}
	if a.Subject == "" {
		return FieldError("subject", "Say what the activity is about.")
	} else if err := CheckLine("subject", a.Subject, maxTitle); err != nil {
		return err
	} else if err := CheckText("note", a.Note, maxNote); err != nil {
		return err
	}
	if a.DueOn.IsZero() && a.DoneOn.IsZero() {
		return FieldError("due_on", "Give a due date, or the date it was done.")
	}
	if a.DoneOn.After(today) {
		return FieldError("done_on", "The done date %s is in the future.", a.DoneOn)
	}
	return nil
}

// CheckOpportunity checks an activity against its opportunity, whose
// account is accountID (0: none yet): an activity about an opportunity and
// an account is about that opportunity's account, so that the account's
// history shows what was done on its deals. Every entry point that creates
// or changes an activity calls it (the store, the import).
func (a *Activity) CheckOpportunity(accountID int64) error {
	if a.OpportunityID != 0 && a.AccountID != 0 && accountID != 0 && accountID != a.AccountID {
		return FieldError("account", "The activity's account is not the account of its opportunity.")
	}
	return nil
}

// PeriodKind is the length of a target's period.
type PeriodKind string

// The target periods.
const (
	PeriodMonth   PeriodKind = "month"
	PeriodQuarter PeriodKind = "quarter"
	PeriodYear    PeriodKind = "year"
)

// Target is a revenue goal for a salesperson (or the team when UserID is 0)
// over a month, a quarter or a year starting on StartsOn.
type Target struct {
	ID       int64      `json:"id"`
	UserID   int64      `json:"owner"`
	Period   PeriodKind `json:"period"`
	StartsOn Date       `json:"starts_on"`
	Amount   Money      `json:"amount"`
}

// Validate checks a target: its period starts on the first day of a month,
// a quarter or a year.
func (t *Target) Validate() error {
	if t.StartsOn.IsZero() {
		return FieldError("starts_on", "The period's first day is required.")
	} else if t.StartsOn.Day() != 1 {
		return FieldError("starts_on", "A period starts on the first day of a month.")
	}
	switch t.Period {
	case PeriodMonth:
	case PeriodQuarter:
		if (t.StartsOn.Month()-1)%3 != 0 {
			return FieldError("starts_on", "A quarter starts in January, April, July or October.")
		}
	case PeriodYear:
		if t.StartsOn.Month() != 1 {
			return FieldError("starts_on", "A year starts on 1 January.")
		}
	default:
		return FieldError("period", "Period must be month, quarter or year, not %q.", t.Period)
	}
	if t.Amount < 0 || t.Amount > MaxMoney {
		return FieldError("amount", "The amount must be between 0 and %d.", MaxMoney)
	}
	return nil
}

// EndsOn returns the last day of the target's period.
func (t *Target) EndsOn() Date {
	switch t.Period {
	case PeriodQuarter:
		return t.StartsOn.AddMonths(3).AddDays(-1)
	case PeriodYear:
		return t.StartsOn.AddMonths(12).AddDays(-1)
	case PeriodMonth:
	}
	return t.StartsOn.AddMonths(1).AddDays(-1)
}
