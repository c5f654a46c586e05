package closer

import "math"

// Diagnostics (SPEC section 3): plain-language findings drawn from the
// figures of a period, for the team and for each salesperson. A person is
// compared with the rest of the team (or, alone, with their own earlier
// periods); the team with its own earlier periods. Never with fixed
// "standard ratios". No finding rests on fewer than Thresholds.MinSample,
// nor is compared with a base (the rest of the team, or the scope's earlier
// periods) of fewer; its numbers say how many both rest on (SPEC 3).

// Thresholds tune when a finding is drawn. They are relative (factors and
// points above a comparison), so that each team is measured against itself.
// Zero fields take the defaults of DefaultThresholds.
type Thresholds struct {
	// MinSample is the fewest closures (or, for on hold, opportunities in the
	// portfolio) a finding may rest on.
	MinSample int `json:"min_sample"`
	// Factor and Points: a share (on hold, lost, vanished) is high when it is
	// at least Factor times the comparison's and Points percentage points above it.
	Factor float64 `json:"factor"`
	Points float64 `json:"points"`
	// WinPoints: a win rate is high when it is that many points above the comparison.
	WinPoints float64 `json:"win_points"`
	// RevenueShare: revenue is under target below this fraction of the target.
	RevenueShare float64 `json:"revenue_share"`
	// PriceShare: "price" dominates the losses from this share of them.
	PriceShare float64 `json:"price_share"`
	// NoVanishSample is the fewest closures for "not a single vanished" to mean something.
	NoVanishSample int `json:"no_vanish_sample"`
	// HistoryPeriods is how many earlier periods of the same length make the history.
	HistoryPeriods int `json:"history_periods"`
}

// DefaultThresholds returns the thresholds used unless an owner sets others.
func DefaultThresholds() Thresholds {
	return Thresholds{MinSample: 10, Factor: 1.5, Points: 8, WinPoints: 10, RevenueShare: 0.9,
		PriceShare: 0.4, NoVanishSample: 20, HistoryPeriods: 4}
}

// WithDefaults returns th with its zero fields set to the defaults.
func (th Thresholds) WithDefaults() Thresholds {
	d := DefaultThresholds()
	if th.MinSample <= 0 {
		th.MinSample = d.MinSample
	}
	if th.Factor <= 0 {
		th.Factor = d.Factor
	}
	if th.Points <= 0 {
		th.Points = d.Points
	}
	if th.WinPoints <= 0 {
		th.WinPoints = d.WinPoints
	}
	if th.RevenueShare <= 0 {
		th.RevenueShare = d.RevenueShare
	}
	if th.PriceShare <= 0 {
		th.PriceShare = d.PriceShare
	}
	if th.NoVanishSample <= 0 {
		th.NoVanishSample = d.NoVanishSample
	}
	if th.HistoryPeriods <= 0 {
		th.HistoryPeriods = d.HistoryPeriods
	}
	return th
}

// Scorecard is what the diagnostics know of one scope (the team when
// OwnerID is 0): its figures in the period and over the earlier periods,
// its portfolio now, its target, and its losses ranked.
type Scorecard struct {
	OwnerID int64
	Name    string
	Current Figures // closures and orders in the period
	History Figures // the same over the Thresholds.HistoryPeriods earlier periods
	// HistoryActive is how many of those earlier periods hold at least one
	// closure of the scope: a history of 11 closures may come from one
	// period of the four, and its finding says so.
	HistoryActive int
	Open          int   // open opportunities now
	OnHold        int   // on hold now
	Overdue       int   // on hold with a review date already past
	Target        Money // revenue target of the period, when HasTarget
	HasTarget     bool
	Competitors   Breakdown // who won the losses of the period
	LossReasons   Breakdown // why
}

// DiagnosisInput is everything Diagnose reads: the team and each person.
// The portfolios (Open, OnHold, Overdue) are counted on Today: the on-hold
// snapshot is now (SPEC 3), and says nothing of a period that does not
// include today, whose findings therefore leave it out.
type DiagnosisInput struct {
	Period   Period
	Today    Date
	Currency string
	Team     Scorecard
	People   []Scorecard
}

// FindingCode names a kind of finding; codes are stable (API, tests, texts).
type FindingCode string

// The findings.
const (
	FindingManyOnHold     FindingCode = "many_on_hold"    // relaunch process, or a slow market
	FindingEasyWins       FindingCode = "easy_wins"       // high win rate, revenue under target
	FindingManyLost       FindingCode = "many_lost"       // value proposition, pricing, competitors
	FindingManyVanished   FindingCode = "many_vanished"   // listening, offer fit, indirect competition
	FindingNoVanished     FindingCode = "no_vanished"     // never leaving the comfort zone
	FindingUnlinkedOrders FindingCode = "unlinked_orders" // orders without opportunities inflate the apparent rate
)

// FindingCodes lists every finding, for tests and documentation.
var FindingCodes = []FindingCode{FindingManyOnHold, FindingEasyWins, FindingManyLost, FindingManyVanished, FindingNoVanished, FindingUnlinkedOrders}

// Severity says how urgently a finding deserves a look.
type Severity string

// The severities, from the mildest.
const (
	SeverityInfo    Severity = "info"
	SeverityWarning Severity = "warning"
	SeverityAlert   Severity = "alert"
)

// Basis says what a finding compares the scope with.
type Basis string

// The bases of comparison.
const (
	BasisTeam    Basis = "team"    // the rest of the team in the same period
	BasisHistory Basis = "history" // the same scope over its earlier periods
	BasisSelf    Basis = "self"    // two figures of the scope itself (apparent vs real win rate)
)

// Scope is who a finding is about: the team (OwnerID 0) or one salesperson.
type Scope struct {
	OwnerID int64  `json:"owner_id"`
	Name    string `json:"name"`
}

// IsTeam reports whether the finding is about the whole team.
func (s Scope) IsTeam() bool { return s.OwnerID == 0 }

// Numbers are the evidence of a finding: the scope's figure (Value, often a
// share 0..1 of Count out of Of) against the comparison's (Compare), and the
// details some findings add.
type Numbers struct {
	Value          float64   `json:"value"`
	Compare        float64   `json:"compare"`
	History        *float64  `json:"history,omitempty"`    // the scope's own earlier value, when compared with the team
	CompareOf      int       `json:"compare_of,omitempty"` // the closures (on hold: opportunities) Compare rests on
	HistoryOf      int       `json:"history_of,omitempty"` // the closures History rests on
	Count          int       `json:"count"`
	Of             int       `json:"of"`
	Overdue        int       `json:"overdue,omitempty"`
	Amount         Money     `json:"amount,omitempty"`
	Target         Money     `json:"target,omitempty"`
	Direct         int       `json:"direct,omitempty"`
	Recurring      int       `json:"recurring,omitempty"`
	TopCompetitors Breakdown `json:"top_competitors,omitempty"`
	TopReasons     Breakdown `json:"top_reasons,omitempty"`
	PriceShare     float64   `json:"price_share,omitempty"`
	PriceDominates bool      `json:"price_dominates,omitempty"`
	Periods        int       `json:"periods,omitempty"`        // how many earlier periods the history covers
	PeriodsClosed  int       `json:"periods_closed,omitempty"` // how many of those hold closures of the scope
	Currency       string    `json:"currency,omitempty"`
}

// Finding is one diagnostic: what, about whom, how sure (Sample), the
// numbers, and the texts of diagnose_text.go (Text).
type Finding struct {
	Code     FindingCode `json:"code"`
	Scope    Scope       `json:"scope"`
	Severity Severity    `json:"severity"`
	Sample   int         `json:"sample"`
	Basis    Basis       `json:"basis"`
	Numbers  Numbers     `json:"numbers"`
}

// Diagnosis is the findings of a period, with the thresholds used.
type Diagnosis struct {
	Period     Period     `json:"period"`
	Thresholds Thresholds `json:"thresholds"`
	Findings   []Finding  `json:"findings"`
}

// Diagnose draws the findings from the figures: first the team's, then each
// person's in the order given.
func Diagnose(in DiagnosisInput, th Thresholds) []Finding {
	th = th.WithDefaults()
	d := diagnoser{th: th, in: in}
	out := []Finding{}
	out = append(out, d.scope(in.Team, nil)...)
	for _, p := range in.People {
		rest := minus(in.Team, p)
		out = append(out, d.scope(p, &rest)...)
	}
	return out
}

type diagnoser struct {
	th Thresholds
	in DiagnosisInput
}

// comparison is the figure a scope is measured against, where it comes
// from, and how many closures it rests on (never fewer than MinSample).
type comparison struct {
	value     float64
	of        int // the closures value rests on
	basis     Basis
	history   *float64 // the scope's own past, shown beside a team comparison
	historyOf int      // the closures history (or, on BasisHistory, value) rests on
	active    int      // the earlier periods holding those closures
}

// numbers returns the evidence of a closure share: value, count of of, and
// the comparison with what it rests on.
func (d diagnoser) numbers(value float64, count, of int, c comparison) Numbers {
	n := Numbers{Value: value, Compare: c.value, CompareOf: c.of, History: c.history, Count: count, Of: of}
	if c.basis == BasisHistory || c.history != nil {
		n.Periods, n.PeriodsClosed = d.th.HistoryPeriods, c.active
		if c.history != nil {
			n.HistoryOf = c.historyOf
		}
	}
	return n
}

// scope returns the findings of one scorecard; rest is the rest of the team
// for a person, nil for the team itself.
func (d diagnoser) scope(s Scorecard, rest *Scorecard) []Finding {
	var out []Finding
	for _, f := range []func(Scorecard, *Scorecard) *Finding{d.onHold, d.easyWins, d.manyLost, d.manyVanished, d.noVanished, d.unlinkedOrders} {
		if x := f(s, rest); x != nil {
			x.Scope = Scope{OwnerID: s.OwnerID, Name: s.Name}
			x.Numbers.Currency = d.in.Currency
			out = append(out, *x)
		}
	}
	return out
}

// compare picks what a closure share of s is measured against: the rest of
// the team when it has a sample, else the scope's own history when it has
// one. A base of fewer than MinSample closures is no base: the history
// then is not shown either. share reads the figure from a Figures; ok is
// false when neither has a sample.
func (d diagnoser) compare(s Scorecard, rest *Scorecard, share func(Figures) *float64) (comparison, bool) {
	var hist *float64
	if s.History.Closed >= d.th.MinSample {
		hist = share(s.History)
	}
	if rest != nil && rest.Current.Closed >= d.th.MinSample {
		if v := share(rest.Current); v != nil {
			return comparison{value: *v, of: rest.Current.Closed, basis: BasisTeam, history: hist,
				historyOf: s.History.Closed, active: s.HistoryActive}, true
		}
	}
	if hist != nil {
		return comparison{value: *hist, of: s.History.Closed, basis: BasisHistory, active: s.HistoryActive}, true
	}
	return comparison{}, false
}

// high reports whether v is high against c: at least Factor times and
// Points above.
func (d diagnoser) high(v, c float64) bool {
	return atLeast(v, d.th.Factor*c) && atLeast((v-c)*100, d.th.Points)
}

// atLeast reports whether a ≥ b, where a and b are computed in floating
// point from exact fractions and decimal thresholds: a value exactly at a
// threshold is at it, though float64 may put it a hair under (3 of 10 is
// exactly 1.5 times 2 of 10, yet 0.3 < 1.5 × 0.2 in float64; 0.7 − 0.6 is
// 10 points, yet (0.7 − 0.6) × 100 < 10). Every threshold of the
// diagnostics is compared through it.
func atLeast(a, b float64) bool {
	return a >= b-1e-9*max(1, math.Abs(a), math.Abs(b))
}

// onHold flags a share of today's portfolio on hold well above the rest of
// the team's. It rests on the portfolio (open and on hold), not on
// closures: MinSample counts its opportunities. It is today's backlog, so
// it is drawn only for a period that includes today, never for a past one.
func (d diagnoser) onHold(s Scorecard, rest *Scorecard) *Finding {
	if !d.in.Period.Contains(d.in.Today) {
		return nil // no snapshot at the end of a past period
	}
	portfolio := s.Open + s.OnHold
	if rest == nil || portfolio < d.th.MinSample || rest.Open+rest.OnHold < d.th.MinSample {
		return nil // the team has no past on-hold snapshot to compare with
	}
	v := float64(s.OnHold) / float64(portfolio)
	c := float64(rest.OnHold) / float64(rest.Open+rest.OnHold)
	if !d.high(v, c) {
		return nil
	}
	sev := SeverityWarning
	if s.Overdue*2 >= s.OnHold {
		sev = SeverityAlert
	}
	return &Finding{Code: FindingManyOnHold, Severity: sev, Sample: portfolio, Basis: BasisTeam,
		Numbers: Numbers{Value: v, Compare: c, CompareOf: rest.Open + rest.OnHold, Count: s.OnHold, Of: portfolio, Overdue: s.Overdue}}
}

func (d diagnoser) easyWins(s Scorecard, rest *Scorecard) *Finding {
	f := s.Current
	if f.Closed < d.th.MinSample || !s.HasTarget || s.Target <= 0 || f.WinRate == nil {
		return nil
	}
	c, ok := d.compare(s, rest, func(g Figures) *float64 { return g.WinRate })
	if !ok || !atLeast((*f.WinRate-c.value)*100, d.th.WinPoints) || atLeast(float64(f.WonAmount), d.th.RevenueShare*float64(s.Target)) {
		return nil
	}
	n := d.numbers(*f.WinRate, f.Won, f.Closed, c)
	n.Amount, n.Target = f.WonAmount, s.Target
	return &Finding{Code: FindingEasyWins, Severity: SeverityWarning, Sample: f.Closed, Basis: c.basis, Numbers: n}
}

func (d diagnoser) manyLost(s Scorecard, rest *Scorecard) *Finding {
	f := s.Current
	if f.Closed < d.th.MinSample || f.LossRate == nil {
		return nil
	}
	c, ok := d.compare(s, rest, func(g Figures) *float64 { return g.LossRate })
	if !ok || !d.high(*f.LossRate, c.value) {
		return nil
	}
	n := d.numbers(*f.LossRate, f.Lost, f.Closed, c)
	n.Amount, n.TopCompetitors, n.TopReasons = f.LostAmount, top(s.Competitors, 3), top(s.LossReasons, 3)
	for _, r := range s.LossReasons {
		if r.Price {
			n.PriceShare += r.Share
		}
	}
	n.PriceDominates = atLeast(n.PriceShare, d.th.PriceShare)
	sev := SeverityWarning
	if n.PriceDominates {
		sev = SeverityAlert
	}
	return &Finding{Code: FindingManyLost, Severity: sev, Sample: f.Closed, Basis: c.basis, Numbers: n}
}

func (d diagnoser) manyVanished(s Scorecard, rest *Scorecard) *Finding {
	f := s.Current
	if f.Closed < d.th.MinSample || f.VanishRate == nil {
		return nil
	}
	c, ok := d.compare(s, rest, func(g Figures) *float64 { return g.VanishRate })
	if !ok || !d.high(*f.VanishRate, c.value) {
		return nil
	}
	n := d.numbers(*f.VanishRate, f.Vanished, f.Closed, c)
	n.Amount = f.VanishedAmount
	return &Finding{Code: FindingManyVanished, Severity: SeverityWarning, Sample: f.Closed, Basis: c.basis, Numbers: n}
}

// noVanished flags a meaningful sample without a single vanished
// opportunity: for a person, only when the rest of the team does see some.
func (d diagnoser) noVanished(s Scorecard, rest *Scorecard) *Finding {
	f := s.Current
	if f.Closed < max(d.th.NoVanishSample, d.th.MinSample) || f.Vanished > 0 {
		return nil
	}
	n := Numbers{Count: f.Closed, Of: f.Closed}
	basis := BasisSelf
	if rest != nil {
		r := rest.Current
		if r.Closed < d.th.MinSample || r.VanishRate == nil || !atLeast(*r.VanishRate*100, d.th.Points) {
			return nil // the person matches the team: the team's finding says it
		}
		n.Compare, n.CompareOf, basis = *r.VanishRate, r.Closed, BasisTeam
	}
	return &Finding{Code: FindingNoVanished, Severity: SeverityInfo, Sample: f.Closed, Basis: basis, Numbers: n}
}

// unlinkedOrders flags an apparent win rate (orders / closures) far above
// the real one because of orders without opportunities. A person is flagged
// only when their gap also stands out from the rest of the team's.
func (d diagnoser) unlinkedOrders(s Scorecard, rest *Scorecard) *Finding {
	f := s.Current
	if f.Closed < d.th.MinSample || f.UnlinkedOrders() == 0 || f.ApparentWinRate == nil {
		return nil
	}
	app, win := *f.ApparentWinRate, *f.WinRate
	if !d.high(app, win) {
		return nil
	}
	basis := BasisSelf
	if rest != nil && rest.Current.Closed >= d.th.MinSample {
		r := rest.Current
		if !d.high(app-win, *r.ApparentWinRate-*r.WinRate) {
			return nil
		}
		basis = BasisTeam
	}
	return &Finding{Code: FindingUnlinkedOrders, Severity: SeverityInfo, Sample: f.Closed, Basis: basis,
		Numbers: Numbers{Value: app, Compare: win, Count: f.UnlinkedOrders(), Of: f.Orders(), Direct: f.OrdersDirect,
			Recurring: f.OrdersRecurring}}
}

// top returns the n first rows of a ranked breakdown.
func top(b Breakdown, n int) Breakdown {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// minus returns the rest of the team: the team's counts without p's.
func minus(team, p Scorecard) Scorecard {
	var r Scorecard
	r.Current = team.Current
	neg := p.Current
	r.Current.Add(Figures{Won: -neg.Won, Lost: -neg.Lost, Vanished: -neg.Vanished,
		WonAmount: -neg.WonAmount, LostAmount: -neg.LostAmount, VanishedAmount: -neg.VanishedAmount,
		OrdersLinked: -neg.OrdersLinked, OrdersDirect: -neg.OrdersDirect, OrdersRecurring: -neg.OrdersRecurring})
	r.Open = team.Open - p.Open
	r.OnHold = team.OnHold - p.OnHold
	r.Overdue = team.Overdue - p.Overdue
	return r
}
