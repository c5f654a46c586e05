package demo

import (
	"closer"
)

// addAccounts adds about one account per eight opportunities (at least 30,
// at most 100,000), each followed by a salesperson, with one or two contacts.
func (g *generator) addAccounts() error {
	n := min(max(g.opts.Opportunities/8, 30), 100_000)
	g.byOwner = make([][]int, len(g.people))
	shares := g.shares()
	slug := func(names []string) []string {
		out := make([]string, len(names))
		for i, s := range names {
			out[i] = closer.Slugify(s)
		}
		return out
	}
	firstSlugs, lastSlugs, tradeSlugs := slug(firstNames), slug(lastNames), slug(trades)
	for i := range n {
		owner := i
		if i >= len(g.people) {
			owner = g.weighted(shares)
		}
		last := g.intn(len(lastNames))
		city := cities[g.intn(len(cities))]
		a := &closer.Account{OwnerID: g.people[owner].id, City: city, Phone: g.phone()}
		domain := ""
		institution := false
		switch r := g.intn(100); {
		case r < 45:
			a.Name = "M. et Mme " + lastNames[last]
		case r < 75:
			t := g.intn(len(trades))
			a.Name = trades[t] + " " + lastNames[last]
			domain = tradeSlugs[t] + "-" + lastSlugs[last] + ".fr"
			a.Website = "https://www." + domain
		case r < 90:
			a.Name = "Résidence Les " + trees[g.intn(len(trees))] + " (" + city + ")"
			a.Note = "Copropriété : décisions votées en assemblée générale."
		default:
			institution = true
			switch inst := institutions[g.intn(len(institutions))]; inst {
			case "Mairie de":
				a.Name = "Mairie de " + city
			case "EHPAD Les":
				a.Name = "EHPAD Les " + trees[g.intn(len(trees))] + " (" + city + ")"
			case "Collège", "Groupe scolaire":
				a.Name = inst + " " + firstNames[g.intn(len(firstNames))] + " " + lastNames[last] + " (" + city + ")"
			default:
				a.Name = inst
			}
			a.Note = "Marchés à bons de commande : commandes d'entretien régulières."
		}
		if err := a.Validate(); err != nil {
			return invalid("account", a.Name, err)
		}
		if err := g.b.AddAccount(a); err != nil {
			return err
		}
		acc := account{id: a.ID, owner: owner, name: a.Name, institution: institution}
		for k := 0; k == 0 || k == 1 && g.chance(0.3); k++ {
			f := g.intn(len(firstNames))
			l := last
			if k > 0 || domain == "" && !g.chance(0.7) {
				l = g.intn(len(lastNames))
			}
			mail := firstSlugs[f] + "." + lastSlugs[l] + "@" + domain
			if domain == "" {
				mail = firstSlugs[f] + "." + lastSlugs[l] + "@" + []string{"orange.fr", "free.fr", "gmail.com", "laposte.net"}[g.intn(4)]
			}
			c := &closer.Contact{AccountID: a.ID, OwnerID: a.OwnerID, Name: firstNames[f] + " " + lastNames[l], Email: mail, Phone: g.phone(),
				JobTitle: []string{"", "Gérant", "Président du conseil syndical", "Responsable des services techniques", "Propriétaire"}[g.intn(5)]}
			if err := c.Validate(); err != nil {
				return invalid("contact", c.Name, err)
			}
			if err := g.b.AddContact(c); err != nil {
				return err
			}
			if k == 0 {
				acc.contactID = c.ID
			}
			g.sum.Contacts++
		}
		g.byOwner[owner] = append(g.byOwner[owner], len(g.accounts))
		g.accounts = append(g.accounts, acc)
	}
	g.sum.Accounts = n
	return nil
}

// shares returns the salespeople's shares of the work.
func (g *generator) shares() []float64 {
	w := make([]float64, len(g.people))
	for i, p := range g.people {
		w[i] = p.share
	}
	return w
}

// phone returns a Loire-Atlantique landline number.
func (g *generator) phone() string {
	return "02 40 " + pad(g.intn(100), 2) + " " + pad(g.intn(100), 2) + " " + pad(g.intn(100), 2)
}

// addUnlinkedOrders adds the orders no opportunity explains: direct sales
// (repairs, counter sales), and the recurring orders of a few institutions
// (monthly maintenance over the two years).
func (g *generator) addUnlinkedOrders() error {
	for range max(10, g.opts.Opportunities/12) {
		acc := g.accounts[g.intn(len(g.accounts))]
		day := g.start.AddDays(g.intn(731))
		if err := g.addOrder(&closer.Order{AccountID: acc.id, OwnerID: g.people[acc.owner].id, Kind: closer.OrderDirect,
			Amount: euros(g.between(150, 2500)), OrderedOn: day}); err != nil {
			return err
		}
	}
	want := max(3, g.opts.Opportunities/200)
	for i := 0; i < len(g.accounts) && want > 0; i++ {
		acc := g.accounts[i]
		if !acc.institution && i < len(g.accounts)-want {
			continue
		}
		want--
		base := g.between(600, 2400)
		for day := g.start.AddDays(g.between(0, 300)); !day.After(g.today); day = day.AddMonths(1) {
			if err := g.addOrder(&closer.Order{AccountID: acc.id, OwnerID: g.people[acc.owner].id, Kind: closer.OrderRecurring,
				Amount: euros(base * g.between(90, 110) / 100), OrderedOn: day}); err != nil {
				return err
			}
		}
	}
	return nil
}

// addOrder numbers an order CMD-YYYY-NNNNN, validates and adds it.
func (g *generator) addOrder(o *closer.Order) error {
	if g.orderNo == nil {
		g.orderNo = map[int]int{}
	}
	y := o.OrderedOn.Year()
	g.orderNo[y]++
	o.Reference = "CMD-" + itoa(y) + "-" + pad(g.orderNo[y], 5)
	if err := o.Validate(g.today); err != nil {
		return invalid("order", o.Reference, err)
	}
	g.sum.Orders++
	g.sum.OrderKinds[o.Kind]++
	return g.b.AddOrder(o)
}
