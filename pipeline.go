package closer

import "context"

// The salesperson's day: what to do today, where the open opportunities
// stand on the pipeline, and what waits to be relaunched. These are read
// models over opportunities and activities, shaped for the pages that show
// them; the relaunch queue itself is OpportunityService.FindOpportunities
// with status on_hold sorted by held_on.

// DueAction is one thing to do by a day: an open opportunity's next action,
// or an open activity (not done yet).
type DueAction struct {
	On            Date         // the next action's or the activity's due date
	What          string       // the next action, or the activity's subject
	ActivityID    int64        // 0 for an opportunity's own next action
	ActivityKind  ActivityKind // "" for an opportunity's next action
	OpportunityID int64        // 0 for an activity about an account only
	Title         string       // the opportunity's title, "" when there is none
	AccountID     int64
	AccountName   string
	OwnerID       int64
	OwnerName     string
}

// Agenda is one person's (or the whole team's) day, as of a date, in four
// blocks. Each block holds at most the filter's limit of rows, most urgent
// first, and the total it would hold without the limit.
type Agenda struct {
	// Due: open opportunities whose next action is due (next_action_on on
	// or before the day) and open activities due, the oldest first.
	Due      []DueAction
	DueTotal int
	// Reviews: on-hold opportunities whose review date has come, the oldest first.
	Reviews      []*Opportunity
	ReviewsTotal int
	// Unplanned: open opportunities without a next action or without an
	// account, the oldest detected first.
	Unplanned      []*Opportunity
	UnplannedTotal int
	// Closed: opportunities closed (won, lost, vanished) in the last
	// RecentDays days, the latest first.
	Closed      []*Opportunity
	ClosedTotal int
}

// RecentDays is how far back the agenda's "recently closed" block looks.
const RecentDays = 14

// AgendaFilter says whose day, which day, and how many rows per block.
type AgendaFilter struct {
	OwnerID int64 // 0: the whole team
	Today   Date  // the day of the agenda, in the org's time zone
	Limit   int   // rows per block; 0 means 20, at most 200
}

// StageColumn is one column of the pipeline board: a stage, how many open
// opportunities sit there and their total expected amount, and the first
// of them (the most urgent next action first, those without one last).
type StageColumn struct {
	Stage  ListItem
	Count  int
	Amount Money
	Cards  []*Opportunity
}

// PipelineService answers the salesperson's day pages over the actor's org.
type PipelineService interface {
	// Agenda returns the day of one owner (or the team, for owner 0).
	Agenda(ctx context.Context, f AgendaFilter) (*Agenda, error)
	// Board returns one column per active stage, in pipeline order, plus
	// the retired stages that still hold open opportunities, with at most
	// perColumn cards each (0 means 30, at most 200); ownerID 0 is the team.
	// A card holds what the board shows: its id, org, title, owner (id and
	// name), account (id and name), stage, status, amount, next action and
	// version; its other fields are left zero.
	Board(ctx context.Context, ownerID int64, perColumn int) ([]StageColumn, error)
}
