// Package demo fills an organization with a realistic French small business,
// Menuiseries Lambert & Fils (windows, doors and verandas around Nantes):
// four salespeople whose habits differ the way real people's do, two years
// of opportunities through every status, quotes, orders of the three kinds,
// activities and targets. It writes through closer.Bulk, so the same
// generator serves the command line, the server's --demo and benchmarks.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"closer"
)

// Options shape a generated organization.
type Options struct {
	// Opportunities is how many to generate (default 600); accounts, orders
	// and activities scale with it, keeping the proportions.
	Opportunities int
	// Seed makes the data reproducible: the same seed, options and org give
	// the same records (default 1).
	Seed uint64
	// Today is the last day of the two years of history (default: the day
	// of Now in the org's time zone).
	Today closer.Date
	// Now is the instant of the generation (default: time.Now()): no event
	// of Today is later, so that a timeline never shows a closure that has
	// not happened yet.
	Now time.Time
}

// Summary counts what Generate added.
type Summary struct {
	Salespeople   int
	Accounts      int
	Contacts      int
	Opportunities int
	Quotes        int
	Orders        int
	Activities    int
	Targets       int
	Statuses      map[closer.Status]int
	OrderKinds    map[closer.OrderKind]int
}

// DefaultOpportunities is the size of the demo when Options leave it unset.
const DefaultOpportunities = 600

// Generate fills the org of b. Every record is built through the domain's
// rules (Prepare, MoveStage, Hold, Close…) and validated; a record that does
// not validate stops the generation with an error, so the demo never shows
// data the application itself would refuse.
func Generate(ctx context.Context, b closer.Bulk, opts Options) (Summary, error) {
	if opts.Opportunities <= 0 {
		opts.Opportunities = DefaultOpportunities
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	loc := b.Org().Location()
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Today.IsZero() {
		opts.Today = closer.DateOf(opts.Now, loc)
	}
	g := &generator{ctx: ctx, b: b, opts: opts, today: opts.Today, now: opts.Now, loc: loc,
		rng: rand.New(rand.NewPCG(opts.Seed, 0x4c616d62657274)),
		sum: Summary{Statuses: map[closer.Status]int{}, OrderKinds: map[closer.OrderKind]int{}}}
	g.start = g.today.AddDays(-730)
	for _, step := range []func() error{g.setupLists, g.setupPeople, g.addAccounts, g.addOpportunities, g.addUnlinkedOrders, g.addTargets} {
		if err := step(); err != nil {
			return g.sum, err
		}
	}
	return g.sum, nil
}

// generator holds the state of one generation.
type generator struct {
	ctx   context.Context
	b     closer.Bulk
	opts  Options
	rng   *rand.Rand
	loc   *time.Location
	now   time.Time // no event of today is later
	today closer.Date
	start closer.Date // two years before today
	sum   Summary

	lists   *closer.Lists
	stages  []closer.ListItem // the active stages, in pipeline order
	people  []*person
	byEmail map[string]*person
	// accounts holds the generated accounts; byOwner their indexes per salesperson.
	accounts []account
	byOwner  [][]int
	// counters number quotes and orders per year.
	quoteNo map[int]int
	orderNo map[int]int
}

// account is what the generator remembers of an account.
type account struct {
	id, contactID int64
	owner         int
	name          string
	institution   bool // a social landlord, a town hall…: recurring orders
}

// intn returns a number in [0, n).
func (g *generator) intn(n int) int { return g.rng.IntN(n) }

// between returns a number in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// weighted returns an index drawn with the given weights.
func (g *generator) weighted(w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	r := g.rng.Float64() * total
	for i, x := range w {
		if r < x {
			return i
		}
		r -= x
	}
	return len(w) - 1
}

// at returns the instant of day d at hour h in the org's time zone, or now
// when that hour of today is still to come: what happened today happened
// before the demo was loaded.
func (g *generator) at(d closer.Date, h int) time.Time {
	t := time.Date(d.Year(), d.Month(), d.Day(), h, 0, 0, 0, g.loc)
	if t.After(g.now) && !g.now.Before(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, g.loc)) {
		return g.now
	}
	return t
}

// minDate returns the earlier of two dates.
func minDate(a, b closer.Date) closer.Date {
	if b.Before(a) {
		return b
	}
	return a
}

// euros turns an amount in euros into minor units, rounded to ten euros.
func euros(v int) closer.Money { return closer.Money((v+5)/10*10) * 100 }

// invalid reports a generated record the domain refuses: a bug of the generator.
func invalid(what, name string, err error) error {
	return fmt.Errorf("demo: generated %s %q does not validate: %w", what, name, err)
}
