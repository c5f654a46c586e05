package closer

import (
	"context"
	"math"
	"sort"
)

// The statistics of SPEC section 3. The store counts in SQL and hands the
// counts to the functions of this file, which alone derive every figure:
// pages, API, exports and diagnostics all read them from here.

// Figures are the statistics of one scope (the team, an owner, a month) over
// a period. The JSON names are the API's contract (SPEC section 4). Rates
// are fractions 0..1, nil (null) when their denominator is 0.
type Figures struct {
	Won                int       `json:"won"`
	Lost               int       `json:"lost"`
	Vanished           int       `json:"vanished"`
	Closed             int       `json:"closed"`
	WinRate            *float64  `json:"win_rate"`
	CompetitiveWinRate *float64  `json:"competitive_win_rate"`
	LossRate           *float64  `json:"loss_rate"`
	VanishRate         *float64  `json:"vanish_rate"`
	WonAmount          Money     `json:"won_amount"`
	LostAmount         Money     `json:"lost_amount"`
	VanishedAmount     Money     `json:"vanished_amount"`
	OrdersLinked       int       `json:"orders_linked"`
	OrdersDirect       int       `json:"orders_direct"`
	OrdersRecurring    int       `json:"orders_recurring"`
	ApparentWinRate    *float64  `json:"apparent_win_rate"`
	MedianCycleDays    CycleDays `json:"median_cycle_days"`
	// OnHold is the on-hold snapshot; only the total of a Stats carries it.
	OnHold *OnHold `json:"on_hold,omitempty"`
}

// CycleDays holds the median number of days from detection to closure per
// outcome, nil where the scope has no such closure.
type CycleDays struct {
	Won      *float64 `json:"won"`
	Lost     *float64 `json:"lost"`
	Vanished *float64 `json:"vanished"`
}

// OnHold is the snapshot of the opportunities on hold: how many, their
// expected value, the median days since they were put on hold, and how many
// have a review date already past (in the org's time zone).
type OnHold struct {
	Count          int      `json:"count"`
	Amount         Money    `json:"amount"`
	MedianAgeDays  *float64 `json:"median_age_days"`
	OverdueReviews int      `json:"overdue_reviews"`
}

// AddClosures adds n opportunities of status st worth amount (the won amount
// for won, the last expected one for lost and vanished). Open and on-hold
// opportunities are never closures and add nothing; an unknown status panics,
// so that a new status cannot silently drop out of the counts.
func (f *Figures) AddClosures(st Status, n int, amount Money) {
	switch st {
	case StatusWon:
		f.Won += n
		f.WonAmount += amount
	case StatusLost:
		f.Lost += n
		f.LostAmount += amount
	case StatusVanished:
		f.Vanished += n
		f.VanishedAmount += amount
	case StatusOpen, StatusOnHold:
		// not a closure: never in closed nor in the ratios
	default:
		panic("closer: unknown status " + string(st))
	}
	f.derive()
}

// AddOrders adds n orders of kind k; an unknown kind panics.
func (f *Figures) AddOrders(k OrderKind, n int) {
	switch k {
	case OrderLinked:
		f.OrdersLinked += n
	case OrderDirect:
		f.OrdersDirect += n
	case OrderRecurring:
		f.OrdersRecurring += n
	default:
		panic("closer: unknown order kind " + string(k))
	}
	f.derive()
}

// SetMedianCycle records the median cycle days of one outcome.
func (f *Figures) SetMedianCycle(st Status, days float64) {
	switch st {
	case StatusWon:
		f.MedianCycleDays.Won = &days
	case StatusLost:
		f.MedianCycleDays.Lost = &days
	case StatusVanished:
		f.MedianCycleDays.Vanished = &days
	case StatusOpen, StatusOnHold:
		panic("closer: no cycle time for a " + string(st) + " opportunity")
	default:
		panic("closer: unknown status " + string(st))
	}
}

// Orders returns the number of orders of every kind.
func (f *Figures) Orders() int { return f.OrdersLinked + f.OrdersDirect + f.OrdersRecurring }

// UnlinkedOrders returns the orders placed without a followed opportunity.
func (f *Figures) UnlinkedOrders() int { return f.OrdersDirect + f.OrdersRecurring }

// derive computes closed and every rate from the counts: the one place that
// defines them (SPEC section 3).
func (f *Figures) derive() {
	f.Closed = f.Won + f.Lost + f.Vanished
	f.WinRate = Ratio(f.Won, f.Closed)
	f.CompetitiveWinRate = Ratio(f.Won, f.Won+f.Lost)
	f.LossRate = Ratio(f.Lost, f.Closed)
	f.VanishRate = Ratio(f.Vanished, f.Closed)
	f.ApparentWinRate = Ratio(f.Orders(), f.Closed)
}

// Add adds the counts and amounts of g to f (medians and the on-hold
// snapshot cannot be added and are left alone).
func (f *Figures) Add(g Figures) {
	f.Won += g.Won
	f.Lost += g.Lost
	f.Vanished += g.Vanished
	f.WonAmount += g.WonAmount
	f.LostAmount += g.LostAmount
	f.VanishedAmount += g.VanishedAmount
	f.OrdersLinked += g.OrdersLinked
	f.OrdersDirect += g.OrdersDirect
	f.OrdersRecurring += g.OrdersRecurring
	f.derive()
}

// Ratio returns n/d, or nil when d is 0 (shown as "—", serialized as null).
func Ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}

// Percent returns a fraction (0.125) as a whole percentage (13), rounded
// half up: 1 of 8 is 13 %, 5 of 8 is 63 %, 57 of 200 is 29 %. It is the one
// rounding of every rate shown, on the dashboard and in the diagnostics'
// words, so that both say the same of one figure. A fraction computed in
// float64 may fall a hair under its exact half (57/200 × 100 is
// 28.499999999999996), and is taken as the half it is.
func Percent(f float64) int {
	p := f * 100
	return int(math.Floor(p + 0.5 + 1e-9*max(1, math.Abs(p))))
}

// Median returns the median of sum over count middle values: the store sends
// the sum and count of the one or two middle values of a sorted list.
func Median(sum float64, count int) *float64 {
	if count == 0 {
		return nil
	}
	m := sum / float64(count)
	return &m
}

// Grouping says how Stats splits its scope.
type Grouping string

// The groupings of the stats API.
const (
	GroupNone    Grouping = ""
	GroupOwner   Grouping = "owner"
	GroupMonth   Grouping = "month"
	GroupQuarter Grouping = "quarter"
)

// ParseGrouping checks the group query value.
func ParseGrouping(s string) (Grouping, error) {
	switch g := Grouping(s); g {
	case GroupNone, GroupOwner, GroupMonth, GroupQuarter:
		return g, nil
	}
	return "", FieldError("group", "Group must be owner, month or quarter, not %q.", s)
}

// StatsQuery selects the figures to compute: a period, optionally one owner
// (0: the whole team), optionally split into groups.
type StatsQuery struct {
	Period  Period
	OwnerID int64
	Group   Grouping
	// NoOnHold leaves the on-hold snapshot out (Total.OnHold stays nil), for
	// a caller that takes it elsewhere: the dashboard reads it per owner
	// from DashboardService.HeldNow, and its comparisons need none.
	NoOnHold bool
	// NoMedians leaves the median cycle times out (MedianCycleDays stays
	// empty), for a caller that shows none: the dashboard's comparison
	// columns. Every count and amount is the same.
	NoMedians bool
}

// Stats answers a StatsQuery: the figures of the whole scope, and per group
// when grouped (Groups is then non-nil, possibly empty).
type Stats struct {
	Total  Figures `json:"total"`
	Groups []Group `json:"groups,omitzero"`
}

// Group is the figures of one owner, month ("2017-03") or quarter ("2017-Q1").
type Group struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Figures
}

// Funnel shows where opportunities closed in a period died: for each stage
// of the pipeline, how many reached it (their furthest stage is it or a
// later one), how many went further, and how those that stopped there ended.
type Funnel struct {
	Period  Period        `json:"period"`
	Closed  int           `json:"closed"`
	Stages  []FunnelStage `json:"stages"`
	NoStage Outcomes      `json:"no_stage"` // closed without ever being at a stage (imported closed)
}

// FunnelStage is one stage of the funnel.
type FunnelStage struct {
	StageID     int64    `json:"stage_id"`
	Stage       string   `json:"stage"`
	Reached     int      `json:"reached"`
	WentFurther int      `json:"went_further"`
	Stopped     Outcomes `json:"stopped"`
}

// Outcomes counts closures by outcome.
type Outcomes struct {
	Won      int `json:"won"`
	Lost     int `json:"lost"`
	Vanished int `json:"vanished"`
}

// Add adds n closures of status st; open and on hold add nothing.
func (o *Outcomes) Add(st Status, n int) {
	switch st {
	case StatusWon:
		o.Won += n
	case StatusLost:
		o.Lost += n
	case StatusVanished:
		o.Vanished += n
	case StatusOpen, StatusOnHold:
	default:
		panic("closer: unknown status " + string(st))
	}
}

// Total returns the number of closures.
func (o Outcomes) Total() int { return o.Won + o.Lost + o.Vanished }

// StageCount is how many opportunities closed as Status with StageID as
// their furthest stage (0: none), as the store counts them.
type StageCount struct {
	StageID int64
	Status  Status
	Count   int
}

// BuildFunnel turns the counts per furthest stage into the funnel over the
// org's stages (in pipeline order; retired stages only when reached).
// A count at a stage that is not in the list is treated as no stage.
func BuildFunnel(p Period, stages []ListItem, counts []StageCount) *Funnel {
	f := &Funnel{Period: p, Stages: []FunnelStage{}}
	stopped := map[int64]*Outcomes{}
	pos := map[int64]int{}
	for _, st := range stages {
		pos[st.ID] = st.Position
		stopped[st.ID] = &Outcomes{}
	}
	for _, c := range counts {
		f.Closed += c.Count
		if o, ok := stopped[c.StageID]; ok {
			o.Add(c.Status, c.Count)
		} else {
			f.NoStage.Add(c.Status, c.Count)
		}
	}
	ordered := append([]ListItem(nil), stages...)
	sort.SliceStable(ordered, func(i, j int) bool { return ordered[i].Position < ordered[j].Position })
	for _, st := range ordered {
		fs := FunnelStage{StageID: st.ID, Stage: st.Name, Stopped: *stopped[st.ID]}
		for id, o := range stopped {
			if pos[id] >= st.Position {
				fs.Reached += o.Total()
			}
		}
		fs.WentFurther = fs.Reached - fs.Stopped.Total()
		if st.Retired && fs.Reached == 0 {
			continue
		}
		f.Stages = append(f.Stages, fs)
	}
	return f
}

// Breakdown is a ranking of closures by competitor or by reason, largest
// count first: where the losses and vanishings go.
type Breakdown []BreakdownRow

// BreakdownRow is one competitor or reason. Key is the list entry's id as
// text, or "unknown" (competitor not known) or "none" (no reason recorded).
type BreakdownRow struct {
	Key    string  `json:"key"`
	Label  string  `json:"label"`
	Count  int     `json:"count"`
	Amount Money   `json:"amount"`
	Share  float64 `json:"share"`           // of the breakdown's total count
	Price  bool    `json:"price,omitempty"` // a loss reason about price
}

// Rank sorts the rows (largest count, then amount, then label) and fills
// each row's share of the total count.
func (b Breakdown) Rank() Breakdown {
	total := 0
	for _, r := range b {
		total += r.Count
	}
	for i := range b {
		if total > 0 {
			b[i].Share = float64(b[i].Count) / float64(total)
		}
	}
	sort.SliceStable(b, func(i, j int) bool {
		if b[i].Count != b[j].Count {
			return b[i].Count > b[j].Count
		} else if b[i].Amount != b[j].Amount {
			return b[i].Amount > b[j].Amount
		}
		return b[i].Label < b[j].Label
	})
	return b
}

// Losses ranks the lost opportunities of a period by who won and by reason.
type Losses struct {
	Period       Period    `json:"period"`
	Lost         int       `json:"lost"`
	Amount       Money     `json:"amount"`
	ByCompetitor Breakdown `json:"by_competitor"`
	ByReason     Breakdown `json:"by_reason"`
}

// Vanishings ranks the vanished opportunities of a period by reason.
type Vanishings struct {
	Period   Period    `json:"period"`
	Vanished int       `json:"vanished"`
	Amount   Money     `json:"amount"`
	ByReason Breakdown `json:"by_reason"`
}

// TargetFor returns the revenue target of a period from the targets of one
// person (or of the team): the sum of the targets whose month, quarter or
// year lies within the period, taking one kind only (the one that covers the
// most days, the finest on a tie) so that a year target and its months are
// not counted twice. ok is false when no target lies within the period.
func TargetFor(p Period, targets []Target) (sum Money, ok bool) {
	days := map[PeriodKind]int{}
	sums := map[PeriodKind]Money{}
	for _, t := range targets {
		if p.Contains(t.StartsOn) && p.Contains(t.EndsOn()) {
			days[t.Period] += t.StartsOn.DaysUntil(t.EndsOn()) + 1
			sums[t.Period] += t.Amount
		}
	}
	best := PeriodKind("")
	for _, k := range []PeriodKind{PeriodMonth, PeriodQuarter, PeriodYear} {
		if days[k] > 0 && (best == "" || days[k] > days[best]) {
			best = k
		}
	}
	return sums[best], best != ""
}

// StatsService computes the statistics of the actor's org. ownerID 0 means
// the whole team.
type StatsService interface {
	// Stats returns the figures of SPEC section 3 for a period, optionally
	// for one owner and split by owner, month or quarter.
	Stats(ctx context.Context, q StatsQuery) (*Stats, error)
	// Funnel returns where the opportunities closed in p stopped.
	Funnel(ctx context.Context, p Period, ownerID int64) (*Funnel, error)
	// Losses ranks the opportunities lost in p by competitor and by reason.
	Losses(ctx context.Context, p Period, ownerID int64) (*Losses, error)
	// Vanishings ranks the opportunities vanished in p by reason.
	Vanishings(ctx context.Context, p Period, ownerID int64) (*Vanishings, error)
	// Diagnose gathers the figures of p and earlier periods for the team and
	// each salesperson, and returns the findings of Diagnose.
	Diagnose(ctx context.Context, p Period, th Thresholds) (*Diagnosis, error)
}
