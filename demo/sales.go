package demo

import (
	"closer"
)

// addSales adds what follows an opportunity: its quotes, the orders of a
// win and the activities of its salesperson.
func (g *generator) addSales(s *story) error {
	o := s.o
	end := g.today
	if !o.ClosedOn.IsZero() {
		end = o.ClosedOn
	} else if !o.HeldOn.IsZero() {
		end = o.HeldOn
	}
	reached := len(s.stageOn) - 1
	if reached >= 1 || g.chance(0.3) {
		sent := minDate(o.DetectedOn.AddDays(g.between(3, 15)), end)
		if reached >= 2 {
			sent = s.stageOn[2]
		}
		status := closer.QuoteSent
		switch o.Status {
		case closer.StatusWon:
			status = closer.QuoteAccepted
		case closer.StatusLost:
			status = closer.QuoteDeclined
		case closer.StatusVanished:
			status = closer.QuoteExpired
		case closer.StatusOpen, closer.StatusOnHold:
		}
		if g.chance(0.1) { // a first offer, revised
			if err := g.addQuote(o, s.expected*108/100, sent, closer.QuoteDeclined); err != nil {
				return err
			}
			sent = minDate(sent.AddDays(g.between(2, 10)), end)
		}
		if err := g.addQuote(o, o.Amount, sent, status); err != nil {
			return err
		}
	}
	if o.Status == closer.StatusWon {
		if err := g.addLinkedOrders(s); err != nil {
			return err
		}
	}
	return g.addActivities(s)
}

// addQuote numbers a quote DEV-YYYY-NNNN, validates and adds it.
func (g *generator) addQuote(o *closer.Opportunity, amount closer.Money, sent closer.Date, status closer.QuoteStatus) error {
	if g.quoteNo == nil {
		g.quoteNo = map[int]int{}
	}
	y := sent.Year()
	g.quoteNo[y]++
	q := &closer.Quote{OpportunityID: o.ID, Number: "DEV-" + itoa(y) + "-" + pad(g.quoteNo[y], 4), Amount: amount, SentOn: sent, Status: status}
	if err := q.Validate(g.today); err != nil {
		return invalid("quote", q.Number, err)
	} else if err := q.CheckOpportunity(o.DetectedOn); err != nil {
		return invalid("quote", q.Number, err)
	}
	g.sum.Quotes++
	return g.b.AddQuote(q)
}

// addLinkedOrders adds the order of a win, sometimes as a deposit and the balance.
func (g *generator) addLinkedOrders(s *story) error {
	o := s.o
	on := minDate(o.ClosedOn.AddDays(g.between(0, 5)), g.today)
	balanceOn := o.ClosedOn.AddDays(g.between(20, 60))
	owner := o.OwnerID
	if g.chance(0.15) && !balanceOn.After(g.today) {
		deposit := o.Amount * 30 / 100
		if err := g.addOrder(&closer.Order{AccountID: o.AccountID, OpportunityID: o.ID, OwnerID: owner, Kind: closer.OrderLinked, Amount: deposit, OrderedOn: on}); err != nil {
			return err
		}
		return g.addOrder(&closer.Order{AccountID: o.AccountID, OpportunityID: o.ID, OwnerID: owner, Kind: closer.OrderLinked, Amount: o.Amount - deposit, OrderedOn: balanceOn})
	}
	return g.addOrder(&closer.Order{AccountID: o.AccountID, OpportunityID: o.ID, OwnerID: owner, Kind: closer.OrderLinked, Amount: o.Amount, OrderedOn: on})
}

// largeDemo is the number of opportunities from which the demo writes the
// done activities (first call, site visit, installation) and the stage
// moves' events of only one opportunity in five (story.history), and all
// the activities still to do and every status change: the pages and the
// figures use the latter; the done activities made up half the rows of a
// demo of a million opportunities, and the stage events half its events
// (about 2 of its 4 million), each with two indexes to build.
const largeDemo = 100_000

// addActivities adds the first call, the site visit, and what is still to
// do: the next action of an open one, the relaunch of one on hold (overdue
// when its review date is past), the installation of a win. A large demo
// keeps the done ones of one opportunity in five (story.history).
func (g *generator) addActivities(s *story) error {
	o := s.o
	owner := o.OwnerID
	add := func(kind closer.ActivityKind, subject string, due, done closer.Date) error {
		a := &closer.Activity{Kind: kind, OwnerID: owner, Subject: subject, DueOn: due, DoneOn: done, OpportunityID: o.ID, AccountID: o.AccountID}
		if err := a.Validate(g.today); err != nil {
			return invalid("activity", subject, err)
		}
		g.sum.Activities++
		return g.b.AddActivity(a)
	}
	if s.history {
		if err := add(closer.ActivityCall, "Premier appel – prise de besoin", o.DetectedOn, o.DetectedOn); err != nil {
			return err
		}
	}
	if s.history && len(s.stageOn) > 1 {
		if err := add(closer.ActivityMeeting, "Métré sur place", s.stageOn[1], s.stageOn[1]); err != nil {
			return err
		}
	}
	switch o.Status {
	case closer.StatusOpen:
		return add(closer.ActivityTask, o.NextAction, o.NextActionOn, closer.Date{})
	case closer.StatusOnHold:
		return add(closer.ActivityRelaunch, "Relancer : "+o.HoldReason, o.ReviewOn, closer.Date{})
	case closer.StatusWon:
		if s.history && g.chance(0.5) {
			due := o.ClosedOn.AddDays(g.between(20, 50))
			done := due
			if due.After(g.today) {
				done = closer.Date{}
			}
			return add(closer.ActivityTask, "Planifier la pose", due, done)
		}
	case closer.StatusLost, closer.StatusVanished:
	}
	return nil
}
