package importer

import (
	"slices"
	"strings"

	"closer"
)

// opportunityRows builds opportunities from rows; its fields are the
// mapping's, compiled once.
type opportunityRows struct {
	c   *columns
	res *resolver

	title, owner, account, contact, source, stage, status, amount       *field
	detectedOn, expectedCloseOn, nextActionOn, nextAction, holdReason   *field
	reviewOn, closedOn, lossReason, competitor, vanishReason, noteField *field
	heldOn, currency                                                    *field
	accountCity, accountPhone, contactEmail                             *field

	// ignored counts the rows whose cell a field of their status does not
	// use was not empty (a close date on an open row): see noteIgnored.
	ignored map[IgnoredField]int
	// noHoldDate counts the on-hold rows without a hold date, held since
	// their detection date.
	noHoldDate int
	// retired counts the rows that keep a retired entry of a list: see
	// noteRetired.
	retired map[RetiredEntry]int

	// What knownRows found (see reportAgain): the rows without a detection
	// date found again, the lines of those imported beside a closed
	// opportunity of their title, the rows found again that differ.
	undatedFound  int
	besideClosed  []int
	differing     []Difference
	moreDiffering int
	members       map[int64]closer.Member // by user id, see memberByID
}

func newOpportunityRows(c *columns, res *resolver) *opportunityRows {
	f := c.fields
	return &opportunityRows{c: c, res: res,
		title: f["title"], owner: f["owner"], account: f["account"], contact: f["contact"], source: f["source"],
		stage: f["stage"], status: f["status"], amount: f["amount"], detectedOn: f["detected_on"],
		expectedCloseOn: f["expected_close_on"], nextActionOn: f["next_action_on"], nextAction: f["next_action"],
		holdReason: f["hold_reason"], reviewOn: f["review_on"], closedOn: f["closed_on"], lossReason: f["loss_reason"],
		competitor: f["competitor"], vanishReason: f["vanish_reason"], noteField: f["note"], heldOn: f["held_on"], currency: f["currency"],
		accountCity: f["account_city"], accountPhone: f["account_phone"], contactEmail: f["contact_email"], ignored: map[IgnoredField]int{}, retired: map[RetiredEntry]int{}}
}

// statusFields are the fields that only some statuses use; the domain
// drops them on the others (closer.Opportunity's clearUnused).
var statusFields = []struct {
	name string
	uses func(closer.Status) bool
}{
	{"hold_reason", onHold}, {"review_on", onHold}, {"held_on", onHold},
	{"closed_on", closer.Status.IsClosure},
	{"loss_reason", lost}, {"competitor", lost},
	{"vanish_reason", func(s closer.Status) bool { return s == closer.StatusVanished }},
}

func onHold(s closer.Status) bool { return s == closer.StatusOnHold }
func lost(s closer.Status) bool   { return s == closer.StatusLost }

// noteIgnored counts, per field, the row's cells that its status does not
// use and that the import therefore drops (a close date or a loss reason
// on an open row, a hold reason on a won one): the report says how many,
// since such cells often mean that a status was translated wrongly. A
// default is not the file's and counts for nothing, nor does a column
// that a field the status uses reads too (HubSpot's Close Date is both
// the expected and the actual close date).
func (rs *opportunityRows) noteIgnored(r *Row, st closer.Status) {
	for _, sf := range statusFields {
		f := rs.c.fields[sf.name]
		if sf.uses(st) || f == nil || len(f.cols) == 0 {
			continue
		}
		v, i := f.pick(r)
		if i < 0 || f.translate(v) == "" || rs.readByUsedField(i, st) {
			continue
		}
		rs.ignored[IgnoredField{Field: sf.name, Status: st}]++
	}
}

// readByUsedField reports whether column i gives its value to a field the
// status uses.
func (rs *opportunityRows) readByUsedField(i int, st closer.Status) bool {
	for name, f := range rs.c.fields {
		if !slices.Contains(f.cols, i) {
			continue
		}
		used := true
		for _, sf := range statusFields {
			if sf.name == name {
				used = sf.uses(st)
			}
		}
		if used {
			return true
		}
	}
	return false
}

// reportIgnored writes the counts of noteIgnored into the report, in the
// entity's order of fields, then the statuses' order.
func (rs *opportunityRows) reportIgnored(rep *Report) {
	for _, name := range rs.c.names {
		for _, st := range closer.Statuses {
			if n := rs.ignored[IgnoredField{Field: name, Status: st}]; n > 0 {
				rep.Ignored = append(rep.Ignored, IgnoredField{Field: name, Status: st, Rows: n})
			}
		}
	}
}

// build reads one row into an opportunity, prepared and validated by the
// domain as any other entry point would; a problem names the first fault.
// Fields the row's status does not use are not resolved, so that a default
// loss reason creates nothing for won rows.
func (rs *opportunityRows) build(r *Row, o *closer.Opportunity, actorID int64, today closer.Date) *Problem {
	*o = closer.Opportunity{}
	var ok bool
	if o.Status, ok = rs.statusOf(r); !ok {
		p := Problem{Line: r.Line, Field: "status", Value: rs.status.text(r)}.because(
			"not a status: translate it in the mapping's values to open, on_hold, won, lost or vanished")
		return &p
	}
	rs.noteIgnored(r, o.Status)
	o.Title = rs.title.text(r)
	o.NextAction = rs.nextAction.text(r)
	o.Note = rs.noteField.note(r)
	var p *Problem
	if p = rs.c.checkCurrency(rs.currency, r); p != nil {
		return p
	} else if o.Amount, p = rs.c.amount(rs.amount, r); p != nil {
		return p
	} else if o.Status == closer.StatusWon && !rs.amount.amountGiven(r) {
		// The domain cannot tell an amount of 0 from none; the row can. A
		// win counts for its amount: an empty cell would count as nothing.
		p := Problem{Line: r.Line, Field: "amount"}.because("a won opportunity needs its won amount (write 0 if it was free)")
		return &p
	}
	for _, d := range []struct {
		f   *field
		dst *closer.Date
		use bool
	}{
		{rs.detectedOn, &o.DetectedOn, true}, {rs.expectedCloseOn, &o.ExpectedCloseOn, true},
		{rs.nextActionOn, &o.NextActionOn, true}, {rs.reviewOn, &o.ReviewOn, o.Status == closer.StatusOnHold},
		{rs.heldOn, &o.HeldOn, o.Status == closer.StatusOnHold},
		{rs.closedOn, &o.ClosedOn, o.Status.IsClosure()},
	} {
		if d.use {
			if *d.dst, p = rs.c.date(d.f, r); p != nil {
				return p
			}
		}
	}
	if o.DetectedOn.IsZero() && !o.ExpectedCloseOn.IsZero() && o.ExpectedCloseOn.Before(today) &&
		(o.ClosedOn.IsZero() || o.ExpectedCloseOn.Before(o.ClosedOn)) {
		// The day it was detected is unknown, and today would come after
		// the day it was expected to close (an overdue opportunity, an old
		// one): the domain refuses an expected close date before the
		// detection. The expected close date is the latest it can have
		// been detected; Prepare takes the close date when that is earlier.
		o.DetectedOn = o.ExpectedCloseOn
	}
	if o.Status == closer.StatusOnHold && o.HeldOn.IsZero() {
		// The day it was put on hold is unknown: "today" would give every
		// imported hold an age of 0, and the relaunch queue (longest on
		// hold first) no order. The detection date is the earliest it can
		// have been, and keeps the oldest first; the report counts them.
		o.HeldOn = o.DetectedOn // or, without one, today (Prepare)
		rs.noHoldDate++
	}
	var err error
	if o.OwnerID, err = rs.res.rowOwner(rs.c, r); err != nil {
		return ownerProblem(rs.c, r, err)
	} else if current(o.Status) && rs.res.inactive(o.OwnerID) {
		p := Problem{Line: r.Line, Field: "owner", Value: rs.owner.text(r)}.because(
			"a deactivated member: an open or on-hold opportunity needs an active owner (a closed one may keep the owner it had); give these rows another owner, or reactivate them first (Settings → Members)")
		return &p
	} else if o.AccountID, err = rs.res.accountAt(rs.account.text(r), rs.accountCity.text(r), rs.accountPhone.text(r), rs.c.locatesAccounts(), o.OwnerID); err != nil {
		return rs.problem(r, rs.account, err)
	} else if o.ContactID, err = rs.res.contact(rs.contact.text(r), rs.contactEmail.text(r), o.AccountID, o.OwnerID); err != nil {
		return rs.problem(r, rs.byName(closer.ErrorField(err)), err)
	} else if o.SourceID, err = rs.res.listItem(closer.ListSources, rs.source.text(r)); err != nil {
		return rs.problem(r, rs.source, err)
	} else if o.StageID, err = rs.res.listItem(closer.ListStages, rs.stage.text(r)); err != nil {
		return rs.problem(r, rs.stage, err)
	} else if current(o.Status) && rs.res.retired(closer.ListStages, o.StageID) {
		p := Problem{Line: r.Line, Field: "stage", Value: rs.stage.text(r)}.because(
			"a retired stage: an open or on-hold opportunity needs a stage in use (a closed one may keep a retired stage); translate it to another stage in the mapping's values, or bring it back in Settings first")
		return &p
	}
	switch o.Status {
	case closer.StatusOnHold:
		o.HoldReason = rs.holdReason.text(r)
	case closer.StatusLost:
		if o.LossReasonID, err = rs.res.listItem(closer.ListLossReasons, rs.lossReason.text(r)); err != nil {
			return rs.problem(r, rs.lossReason, err)
		}
		if c := rs.competitor.text(r); closer.SameName(c, closer.CompetitorUnknown) {
			o.CompetitorUnknown = true
		} else if o.CompetitorID, err = rs.res.listItem(closer.ListCompetitors, c); err != nil {
			return rs.problem(r, rs.competitor, err)
		}
	case closer.StatusVanished:
		if o.VanishReasonID, err = rs.res.listItem(closer.ListVanishReasons, rs.vanishReason.text(r)); err != nil {
			return rs.problem(r, rs.vanishReason, err)
		}
	case closer.StatusOpen, closer.StatusWon:
	}
	o.Prepare(rs.res.lists, actorID, today)
	if err := o.Validate(rs.res.lists, today); err != nil {
		return rs.problem(r, rs.byName(closer.ErrorField(err)), err)
	}
	rs.noteRetired(o)
	return nil
}

// current reports whether an opportunity of status s is still being
// worked: open, or on hold. Its stage and owner must then be in use, as
// the API's would be; a closed one is history, and keeps what it had.
func current(s closer.Status) bool {
	switch s {
	case closer.StatusOpen, closer.StatusOnHold:
		return true
	case closer.StatusWon, closer.StatusLost, closer.StatusVanished:
	}
	return false
}

// noteRetired counts, per entry, the rows whose opportunity keeps a
// retired entry of a list (a closed one's stage or loss reason, a source):
// history keeps what was, and the report says so.
func (rs *opportunityRows) noteRetired(o *closer.Opportunity) {
	for _, e := range []struct {
		k  closer.ListKind
		id int64
	}{{closer.ListSources, o.SourceID}, {closer.ListStages, o.StageID}, {closer.ListLossReasons, o.LossReasonID},
		{closer.ListCompetitors, o.CompetitorID}, {closer.ListVanishReasons, o.VanishReasonID}} {
		if e.id != 0 && rs.res.retired(e.k, e.id) {
			rs.retired[RetiredEntry{Field: e.k.Field(), Name: rs.res.lists.Name(e.k, e.id)}]++
		}
	}
}

// reportRetired writes the counts of noteRetired into the report, in the
// order of the lists.
func (rs *opportunityRows) reportRetired(rep *Report) {
	for _, k := range closer.ListKinds {
		for _, it := range rs.res.lists.Of(k) {
			e := RetiredEntry{Field: k.Field(), Name: it.Name}
			if n := rs.retired[e]; n > 0 {
				e.Rows = n
				rep.Retired = append(rep.Retired, e)
			}
		}
	}
}

// remap swaps the real ids of the records created for the import into o.
func (rs *opportunityRows) remap(o *closer.Opportunity) {
	id := rs.res.id
	o.OwnerID, o.AccountID, o.ContactID, o.SourceID = id(o.OwnerID), id(o.AccountID), id(o.ContactID), id(o.SourceID)
	o.StageID, o.FurthestStageID = id(o.StageID), id(o.FurthestStageID)
	o.LossReasonID, o.CompetitorID, o.VanishReasonID = id(o.LossReasonID), id(o.CompetitorID), id(o.VanishReasonID)
}

func (rs *opportunityRows) byName(name string) *field { return rs.c.fields[name] }

// problem turns a domain error about field f of row r into a Problem.
func (rs *opportunityRows) problem(r *Row, f *field, err error) *Problem {
	return rowProblem(r, f, err)
}

// rowProblem turns an error about field f (nil when unknown) of row r into a
// Problem that names the field and the value the row gave it.
func rowProblem(r *Row, f *field, err error) *Problem {
	p := &Problem{Line: r.Line, Field: closer.ErrorField(err), Reason: strings.TrimSuffix(closer.ErrorMessage(err), ".")}
	if e, ok := err.(*closer.Error); ok {
		p.Format, p.Args = e.Format, e.Args
	}
	if f != nil {
		if p.Field == "" {
			p.Field = f.name
		}
		p.Value = f.text(r)
	}
	return p
}

// withField sets the field an error is about, when it is an application error.
func withField(err error, field string) error {
	if e, ok := err.(*closer.Error); ok {
		e.Field = field
	}
	return err
}
