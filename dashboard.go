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

// HeldGroup counts the opportunities of one owner put on hold on one day
// (HeldOn zero: the day is not known), and their expected value.
type HeldGroup struct {
	OwnerID int64
	HeldOn  Date
	Count   int
	Amount  Money
}

// HeldNow is the on-hold snapshot of an org now: its opportunities on hold
// per owner and day put on hold, and per owner how many of them are past
// their review date.
type HeldNow struct {
	Groups  []HeldGroup
	Overdue map[int64]int
}

// DashboardService gathers the dashboard's per-owner splits for the
// actor's org, each in one grouped query.
type DashboardService interface {
	// MonthlyClosures counts the closures of p per owner, month and status.
	MonthlyClosures(ctx context.Context, p Period) ([]MonthClosures, error)
	// HeldNow counts the opportunities on hold now per owner and day put on
	// hold, and the overdue reviews per owner.
	HeldNow(ctx context.Context) (HeldNow, error)
}

// OnHoldByOwner turns the snapshot into each owner's (the same figures as
// Figures.OnHold for the team): count, value, median age in days at today,
// overdue reviews.
func OnHoldByOwner(h HeldNow, today Date) map[int64]OnHold {
	out := map[int64]OnHold{}
	ages := map[int64]map[int]int{}
	for _, g := range h.Groups {
		o := out[g.OwnerID]
		o.Count += g.Count
		o.Amount += g.Amount
		out[g.OwnerID] = o
		if !g.HeldOn.IsZero() {
			if ages[g.OwnerID] == nil {
				ages[g.OwnerID] = map[int]int{}
			}
			ages[g.OwnerID][g.HeldOn.DaysUntil(today)] += g.Count
		}
	}
	for id, n := range h.Overdue {
		o := out[id]
		o.OverdueReviews += n
		out[id] = o
	}
	for id, a := range ages {
		o := out[id]
		o.MedianAgeDays = MedianOfCounts(a)
		out[id] = o
	}
	return out
}

// TeamOnHold adds up the snapshot of every owner into the team's.
func TeamOnHold(h HeldNow, today Date) OnHold {
	all := HeldNow{Groups: make([]HeldGroup, len(h.Groups)), Overdue: map[int64]int{}}
	for i, g := range h.Groups {
		g.OwnerID = 0
		all.Groups[i] = g
	}
	for _, n := range h.Overdue {
		all.Overdue[0] += n
	}
	return OnHoldByOwner(all, today)[0]
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

// AgeBucket is a range of days on hold, From included, To excluded (0: no end).
type AgeBucket struct {
	From, To int
	Count    int
	Amount   Money
}

// HoldAgeBuckets spreads the opportunities on hold by age: under a month,
// one to three months, three to six, six months and more, and unknown age
// last (From -1) when some have no day put on hold.
func HoldAgeBuckets(groups []HeldGroup, today Date) []AgeBucket {
	out := []AgeBucket{{From: 0, To: 30}, {From: 30, To: 90}, {From: 90, To: 180}, {From: 180}}
	unknown := AgeBucket{From: -1}
	for _, g := range groups {
		if g.HeldOn.IsZero() {
			unknown.Count += g.Count
			unknown.Amount += g.Amount
			continue
		}
		age := g.HeldOn.DaysUntil(today)
		for i := range out {
			if age >= out[i].From && (out[i].To == 0 || age < out[i].To) || i == 0 && age < 0 {
				out[i].Count += g.Count
				out[i].Amount += g.Amount
				break
			}
		}
	}
	if unknown.Count > 0 {
		out = append(out, unknown)
	}
	return out
}
