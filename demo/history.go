package demo

import (
	"strconv"

	"closer"
)

// addOpportunities adds the opportunities of the two years, shared among
// the salespeople by their habits.
func (g *generator) addOpportunities() error {
	shares := g.shares()
	for i := range g.opts.Opportunities {
		if i%10_000 == 0 {
			if err := g.ctx.Err(); err != nil {
				return err
			}
		}
		if err := g.addOpportunity(g.weighted(shares)); err != nil {
			return err
		}
	}
	return nil
}

// story is what happened to one opportunity, for its quotes and activities.
type story struct {
	o        *closer.Opportunity
	acc      account
	what     string        // what was offered, for notes
	stageOn  []closer.Date // the day each stage was reached (index 0: detection)
	expected closer.Money  // the expected amount before closure
	// history: the opportunity keeps its stage moves' events and its done
	// activities; a large demo (largeDemo) keeps them for one in five.
	history bool
}

// addOpportunity lives one opportunity through the domain's transitions:
// detection, stage moves, sometimes a hold and a resume, then its outcome,
// and records each step as an event.
func (g *generator) addOpportunity(pi int) error {
	p := g.people[pi]
	acc := g.accounts[g.byOwner[pi][g.intn(len(g.byOwner[pi]))]]
	prod := p.products[g.intn(len(p.products))]
	q := g.between(prod.qty[0], prod.qty[1])
	detected := g.start.AddDays(g.intn(731))
	outcome := g.weighted(p.outcomes[:])
	if outcome == outOnHold && !p.oldHolds && detected.Before(g.today.AddDays(-150)) {
		w := p.outcomes
		w[outOnHold] = 0 // others resume or close what they parked long ago
		outcome = g.weighted(w[:])
	}
	var cycle int
	switch outcome {
	case outWon:
		cycle = g.between(12, 75)
	case outLost:
		cycle = g.between(20, 110)
	case outVanished:
		cycle = g.between(30, 200)
	case outOnHold:
		cycle = g.between(10, 45)
	}
	end := detected.AddDays(cycle)
	open := end.After(g.today)
	if open {
		end = g.today
	}
	o := &closer.Opportunity{Title: prod.title(q) + " – " + acc.name, OwnerID: p.id, AccountID: acc.id, ContactID: acc.contactID,
		SourceID: g.source(), Amount: euros(q * g.between(prod.unitEuro[0], prod.unitEuro[1])), DetectedOn: detected,
		ExpectedCloseOn: detected.AddDays(g.between(30, 90))}
	if open && g.chance(0.1) {
		o.AccountID, o.ContactID = 0, 0 // young ones may wait for their account
	}
	o.Prepare(g.lists, p.id, detected)
	s := &story{o: o, acc: acc, what: prod.what(q), expected: o.Amount, history: g.opts.Opportunities < largeDemo || g.chance(0.2)}

	// A closed opportunity sometimes spent a while on hold on its way.
	var holdOn, resumeOn closer.Date
	holdShare := 0.05
	if p.oldHolds {
		holdShare = 0.25
	}
	if !open && outcome != outOnHold && cycle >= 30 && g.chance(holdShare) {
		holdOn, resumeOn = detected.AddDays(cycle/3), detected.AddDays(2*cycle/3)
	}
	movesEnd := end
	if !holdOn.IsZero() {
		movesEnd = holdOn
	}
	var extra []closer.Event
	extra, err := g.moveStages(s, g.furthest(outcome, open, detected, cycle), movesEnd, extra)
	if err != nil {
		return err
	}
	if !holdOn.IsZero() {
		if err := o.Hold(g.lists, closer.HoldInput{HoldReason: holdReasons[g.intn(len(holdReasons))], ReviewOn: resumeOn}, holdOn); err != nil {
			return invalid("opportunity", o.Title, err)
		} else if err := o.Resume(g.lists, resumeOn); err != nil {
			return invalid("opportunity", o.Title, err)
		}
		extra = append(extra,
			closer.Event{Kind: closer.EventStatus, At: g.at(holdOn, 17), UserID: p.id, From: "open", To: "on_hold"},
			closer.Event{Kind: closer.EventStatus, At: g.at(resumeOn, 9), UserID: p.id, From: "on_hold", To: "open"})
	}
	if err := g.conclude(s, outcome, open, end); err != nil {
		return invalid("opportunity", o.Title, err)
	}
	if !open {
		// The closure (or the hold) at the end of the day, in the org's
		// time zone, and not later than now when it is today's.
		extra = append(extra, closer.Event{Kind: closer.EventStatus, At: g.at(end, 18), UserID: p.id, From: "open", To: string(o.Status)})
	}
	if err := o.Validate(g.lists, g.today); err != nil {
		return invalid("opportunity", o.Title, err)
	}
	if err := g.b.AddOpportunity(o, extra...); err != nil {
		return err
	}
	g.sum.Opportunities++
	g.sum.Statuses[o.Status]++
	if o.Status == closer.StatusWon {
		p.won[g.month(o.ClosedOn)] += o.Amount
	}
	return g.addSales(s)
}

// furthest returns the index of the furthest stage an opportunity reaches:
// won ones went to the end, vanished ones died early, open ones advance
// with their age.
func (g *generator) furthest(outcome int, open bool, detected closer.Date, cycle int) int {
	last := len(g.stages) - 1
	f := 0
	switch {
	case open:
		f = detected.DaysUntil(g.today) * len(g.stages) / max(cycle, 1)
	case outcome == outWon:
		f = last - g.weighted([]float64{0.75, 0.25})
	case outcome == outLost:
		f = last - g.intn(3)
	case outcome == outVanished:
		f = g.intn(3)
	case outcome == outOnHold:
		f = g.between(1, max(1, last))
	}
	return max(0, min(f, last))
}

// moveStages moves o from the first stage to stage f, on days spread
// between its detection and until, and appends the stage events (when the
// story keeps its history).
func (g *generator) moveStages(s *story, f int, until closer.Date, extra []closer.Event) ([]closer.Event, error) {
	o := s.o
	span := o.DetectedOn.DaysUntil(until)
	s.stageOn = append(s.stageOn, o.DetectedOn)
	for k := 1; k <= f; k++ {
		day := o.DetectedOn.AddDays(span * k / (f + 1))
		from := o.StageID
		if err := o.MoveStage(g.lists, strconv.FormatInt(g.stages[k].ID, 10), day); err != nil {
			return nil, invalid("opportunity", o.Title, err)
		}
		s.stageOn = append(s.stageOn, day)
		if !s.history {
			continue
		}
		extra = append(extra, closer.Event{Kind: closer.EventStage, At: g.at(day, 10+k), UserID: o.OwnerID,
			From: strconv.FormatInt(from, 10), To: strconv.FormatInt(o.StageID, 10)})
	}
	return extra, nil
}

// conclude gives o its final status through the domain's transitions.
func (g *generator) conclude(s *story, outcome int, open bool, end closer.Date) error {
	o, l := s.o, g.lists
	if open {
		// Some overdue, but none planned before the detection: a young
		// opportunity's next action is due on its detection day at the
		// earliest.
		o.NextActionOn = g.today.AddDays(g.between(-min(20, o.DetectedOn.DaysUntil(g.today)), 21))
		o.NextAction = nextActions[g.intn(len(nextActions))]
		return nil
	}
	in := closer.CloseInput{ClosedOn: end}
	switch outcome {
	case outOnHold:
		return o.Hold(l, closer.HoldInput{HoldReason: holdReasons[g.intn(len(holdReasons))], ReviewOn: end.AddDays(g.between(20, 90))}, end)
	case outWon:
		won := o.Amount * closer.Money(g.between(90, 100)) / 100 / 1000 * 1000
		in.Outcome, in.Amount = closer.StatusWon, &won
	case outLost:
		in.Outcome = closer.StatusLost
		reason := g.lossReason()
		in.LossReason = strconv.FormatInt(reason.ID, 10)
		competitor := "unknown"
		if g.chance(0.8) {
			c := l.Competitors[g.intn(len(l.Competitors))]
			competitor = strconv.FormatInt(c.ID, 10)
			if reason.Price {
				in.Note = itoa(g.between(5, 25)) + " % plus cher que " + c.Name + " sur " + s.what + "."
			}
		} else if reason.Price {
			in.Note = itoa(g.between(5, 25)) + " % plus cher que l'offre retenue (concurrent inconnu) sur " + s.what + "."
		}
		if !reason.Price {
			in.Note = otherLossNotes[g.intn(len(otherLossNotes))]
		}
		in.Competitor = competitor
	case outVanished:
		in.Outcome = closer.StatusVanished
		in.VanishReason = strconv.FormatInt(g.pick(l.VanishReasons).ID, 10)
	}
	return o.Close(l, in, end)
}

// lossReason draws a loss reason, price the most often (as in real life).
func (g *generator) lossReason() closer.ListItem {
	l := g.lists.LossReasons
	for _, r := range l {
		if r.Price && !r.Retired && g.chance(0.4) {
			return r
		}
	}
	return g.pick(l)
}

// pick draws an active entry of a list.
func (g *generator) pick(items []closer.ListItem) closer.ListItem {
	for {
		if it := items[g.intn(len(items))]; !it.Retired {
			return it
		}
	}
}

// source draws how an opportunity was detected.
func (g *generator) source() int64 {
	if len(g.lists.Sources) == 0 {
		return 0
	}
	return g.pick(g.lists.Sources).ID
}
