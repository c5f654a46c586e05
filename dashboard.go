package closer

import (
	"context"
	"maps"
	"slices"
)

// The dashboard shows, on one screen, how a team's opportunities end. Most
// of its figures come from StatsService; DashboardService adds the two
// splits that Stats cannot give in one call: the closures per owner and
// month (outcome mix and win-rate trends), and the on-hold snapshot per owner.

// MonthClosures counts the closures of one owner in one month ("2025-03")
// with one status, and their value (won amount, or last expected amount).
type MonthClosures struct {
	OwnerID int64
	Month   string
	Status  Status
	Count   int
	Amount  Money
}

// HeldNow is the on-hold snapshot of an org now (count, value, median age,
// overdue reviews), for the team and for each owner with opportunities on
// hold, and the team's opportunities on hold by age (HoldAges).
type HeldNow struct {
	Team   OnHold
	Owners map[int64]OnHold
	Ages   []AgeBucket
}

// DashboardService gathers the dashboard's per-owner splits for the
// actor's org, each in one grouped query.
type DashboardService interface {
	// MonthlyClosures counts the closures of p per owner, month and status.
	MonthlyClosures(ctx context.Context, p Period) ([]MonthClosures, error)
	// HeldNow takes the on-hold snapshot of the team and of each owner.
	HeldNow(ctx context.Context) (HeldNow, error)
}

// MedianOfCounts returns the median of values counted by value (value →
// how many): the middle value, or the mean of the two middle values; nil
// when nothing is counted.
func MedianOfCounts(counts map[int]int) *float64 {
	total := 0
	for _, n := range counts {
		total += n
	}
	lo, hi := (total+1)/2, (total+2)/2 // 1-based ranks of the middle values
	sum, middles, seen := 0, 0, 0
	for _, v := range slices.Sorted(maps.Keys(counts)) {
		first := seen + 1
		seen += counts[v]
		if first <= lo && lo <= seen {
			sum, middles = sum+v, middles+1
		}
		if hi != lo && first <= hi && hi <= seen {
			sum, middles = sum+v, middles+1
		}
		if seen >= hi {
			break
		}
	}
	return Median(float64(sum), middles)
}

// AgeBucket is a range of days on hold, From included, To excluded (0: no
// end; From -1: the day put on hold is not known), with the opportunities
// on hold that old and their expected value.
type AgeBucket struct {
	From, To int
	Count    int
	Amount   Money
}

// HoldAges returns the empty age ranges of the opportunities on hold: under
// a month, one to three months, three to six, six months and more. An
// opportunity put on hold on a later day than today (a date typed ahead)
// counts as under a month; those put on hold on a day not known go in a
// last range, From -1, added only when there are some.
func HoldAges() []AgeBucket {
	return []AgeBucket{{From: 0, To: 30}, {From: 30, To: 90}, {From: 90, To: 180}, {From: 180}}
}
