package demo

import (
	"strings"

	"closer"
)

// EmailDomain is the domain of every demo user's e-mail address.
const EmailDomain = "demo.closer.test"

// person is a salesperson and the habits that shape their figures.
type person struct {
	name, email string
	id          int64
	// share is their part of the team's opportunities.
	share float64
	// outcomes weighs won, lost, vanished and on hold.
	outcomes [4]float64
	// products are what they sell (small jobs or large projects).
	products []product
	// oldHolds: they leave opportunities on hold for months, reviews overdue.
	oldHolds bool
	// targetFactor is their monthly target over their average monthly won revenue.
	targetFactor float64
	won          []closer.Money // won revenue per month since the start
}

// The outcome indexes of person.outcomes.
const (
	outWon = iota
	outLost
	outVanished
	outOnHold
)

// newPeople returns the four salespeople, each with a habit that the
// statistics and diagnostics should find:
//   - Julien wins often, on small easy jobs, far under his revenue target;
//   - Sophie lets many opportunities vanish (she does not qualify the need);
//   - Karim leaves many on hold and does not relaunch them (reviews overdue);
//   - Élodie never lets one vanish: she closes everything won or lost.
func newPeople() []*person {
	return []*person{
		{name: "Julien Moreau", email: "julien@" + EmailDomain, share: 0.30, outcomes: [4]float64{0.62, 0.20, 0.15, 0.03},
			products: smallJobs, targetFactor: 2.2},
		{name: "Sophie Bernard", email: "sophie@" + EmailDomain, share: 0.24, outcomes: [4]float64{0.24, 0.18, 0.53, 0.05},
			products: homeProjects, targetFactor: 1.05},
		{name: "Karim Haddad", email: "karim@" + EmailDomain, share: 0.22, outcomes: [4]float64{0.30, 0.24, 0.12, 0.34},
			products: homeProjects, oldHolds: true, targetFactor: 1.0},
		{name: "Élodie Petit", email: "elodie@" + EmailDomain, share: 0.24, outcomes: [4]float64{0.42, 0.55, 0, 0.03},
			products: bigProjects, targetFactor: 0.95},
	}
}

// setupPeople finds the salespeople among the members by e-mail, and adds
// those missing (without a password).
func (g *generator) setupPeople() error {
	g.people = newPeople()
	for _, p := range g.people {
		for _, m := range g.b.Members() {
			if strings.EqualFold(m.Email, p.email) {
				p.id = m.UserID
			}
		}
		if p.id == 0 {
			id, err := g.b.AddUser(p.name, p.email, closer.RoleSales)
			if err != nil {
				return err
			}
			p.id = id
		}
		p.won = make([]closer.Money, 25)
	}
	g.sum.Salespeople = len(g.people)
	return nil
}

// competitors are the company's usual rivals, added to the org's list.
var competitors = []string{"Dupont Fenêtres", "Ouest Alu Fermetures", "Menuiserie Girard", "Baies & Vérandas de l'Erdre", "Fermetures Le Goff"}

// setupLists adds the competitors, and the French default entries of any
// list the org has emptied, so that every rule can be satisfied.
func (g *generator) setupLists() error {
	l := g.b.Lists()
	for _, name := range competitors {
		if _, err := l.Resolve(closer.ListCompetitors, name, true); err == nil {
			continue
		}
		if err := g.b.AddListItem(&closer.ListItem{Kind: closer.ListCompetitors, Name: name}); err != nil {
			return err
		}
	}
	defaults := closer.DefaultLists("fr")
	for _, k := range closer.ListKinds {
		if k == closer.ListCompetitors || active(l.Of(k)) > 0 {
			continue
		}
		for _, it := range defaults[k] {
			if err := g.b.AddListItem(&it); err != nil {
				return err
			}
		}
	}
	g.lists = g.b.Lists()
	for _, st := range g.lists.Stages {
		if !st.Retired {
			g.stages = append(g.stages, st)
		}
	}
	return nil
}

// active counts the entries still offered.
func active(items []closer.ListItem) int {
	n := 0
	for _, it := range items {
		if !it.Retired {
			n++
		}
	}
	return n
}

// month returns the index of d's month since the start of the history.
func (g *generator) month(d closer.Date) int {
	m := (d.Year()-g.start.Year())*12 + int(d.Month()) - int(g.start.Month())
	return max(0, min(m, 24))
}

// addTargets sets monthly and quarterly targets for every salesperson over
// the two years, from their average won revenue times their factor, and the
// team's quarterly and yearly targets as the sum.
func (g *generator) addTargets() error {
	first := closer.NewDate(g.start.Year(), g.start.Month(), 1)
	team := map[closer.Date]closer.Money{}
	teamYear := map[int]closer.Money{}
	for _, p := range g.people {
		var total closer.Money
		for _, m := range p.won {
			total += m
		}
		monthly := closer.Money(float64(total)/24*p.targetFactor) / 100000 * 100000 // round to 1,000 €
		for i := 0; i <= 24; i++ {
			d := first.AddMonths(i)
			if err := g.addTarget(p.id, closer.PeriodMonth, d, monthly); err != nil {
				return err
			}
			if (d.Month()-1)%3 == 0 {
				if err := g.addTarget(p.id, closer.PeriodQuarter, d, 3*monthly); err != nil {
					return err
				}
				team[d] += 3 * monthly
			}
			teamYear[d.Year()] += monthly
		}
	}
	for i := 0; i <= 24; i++ {
		d := first.AddMonths(i)
		if amount, ok := team[d]; ok {
			if err := g.addTarget(0, closer.PeriodQuarter, d, amount); err != nil {
				return err
			}
		}
		if d.Month() == 1 {
			if err := g.addTarget(0, closer.PeriodYear, d, teamYear[d.Year()]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *generator) addTarget(userID int64, period closer.PeriodKind, starts closer.Date, amount closer.Money) error {
	t := &closer.Target{UserID: userID, Period: period, StartsOn: starts, Amount: amount}
	if err := t.Validate(); err != nil {
		return invalid("target", starts.String(), err)
	}
	g.sum.Targets++
	return g.b.AddTarget(t)
}
