package closer

import (
	"strconv"
	"time"
)

// EventKind names what an event records.
type EventKind string

// The recorded changes of an opportunity.
const (
	EventCreated EventKind = "created" // To holds the initial status
	EventStatus  EventKind = "status"  // From and To hold statuses
	EventStage   EventKind = "stage"   // From and To hold stage ids
	EventOwner   EventKind = "owner"   // From and To hold user ids
	EventAmount  EventKind = "amount"  // From and To hold amounts in minor units
)

// Event is one append-only record of a change: who, when, from, to. Events
// make past figures reproducible and drive time-in-stage analysis.
type Event struct {
	ID            int64     `json:"id"`
	OpportunityID int64     `json:"opportunity_id"`
	At            time.Time `json:"at"`
	UserID        int64     `json:"user_id"`
	UserName      string    `json:"user_name,omitempty"`
	Kind          EventKind `json:"kind"`
	From          string    `json:"from"`
	To            string    `json:"to"`
}

// Changes lists the events that turn before into after: status, stage, owner
// and amount changes, in that order.
func Changes(before, after *Opportunity) []Event {
	var evs []Event
	add := func(k EventKind, from, to string) {
		if from != to {
			evs = append(evs, Event{OpportunityID: after.ID, Kind: k, From: from, To: to})
		}
	}
	id := func(v int64) string {
		if v == 0 {
			return ""
		}
		return strconv.FormatInt(v, 10)
	}
	add(EventStatus, string(before.Status), string(after.Status))
	add(EventStage, id(before.StageID), id(after.StageID))
	add(EventOwner, id(before.OwnerID), id(after.OwnerID))
	add(EventAmount, strconv.FormatInt(int64(before.Amount), 10), strconv.FormatInt(int64(after.Amount), 10))
	return evs
}
