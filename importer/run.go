package importer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"closer"
)

// Options tune a Run.
type Options struct {
	// DryRun checks and counts everything, and writes nothing.
	DryRun bool
	// Now tells the time (default time.Now); "today", in the org's time
	// zone, bounds detection and close dates.
	Now closer.Clock
	// Progress, when set, is told how many rows are checked, then written,
	// every few thousand rows (checkEvery) and at the end of each phase,
	// then that the writes are being finished (PhaseFinishing: a large
	// import's indexes and commit take a while). It runs on Run's
	// goroutine: it should return at once.
	Progress func(Progress)
}

// errRejected rolls the Bulk back when some rows have problems.
var errRejected = errors.New("importer: rows rejected")

// Run imports a table read with the mapping m into the acting member's org,
// all or nothing: every row is checked first and every problem collected;
// if there is any, nothing is written and the returned error (EINVALID)
// says so beside the report. Otherwise every record, and the list entries,
// owners and accounts they need, are written in one Bulk transaction.
func Run(ctx context.Context, svc closer.BulkService, m *Mapping, t *Table, opts Options) (*Report, error) {
	actor, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := actor.CanCreate(); err != nil {
		return nil, err
	} else if err := m.Validate(); err != nil {
		return nil, err
	}
	c, err := compile(m, t)
	// Closer's export of accounts read as contacts would import each
	// account as a contact: the profile of each export reads its own.
	if entity, own := ownExport(t.Header); own && entity != m.Entity && (err != nil || readsOwnColumns(m)) {
		return nil, closer.FieldError("columns", "This file is Closer's own export of %s, not of %s: import it with the profile %s.", entity, m.Entity, ownProfiles[entity])
	} else if err != nil {
		return nil, err
	}
	missing := MissingColumns(m, t)
	if err := requiredMissing(m, t, missing); err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	rep := &Report{Entity: m.Entity, Rows: len(t.Rows) + len(t.Problems) + t.Skipped, DryRun: opts.DryRun, LeftOut: t.LeftOut, MissingColumns: missing}
	rep.GroupTitles = t.GroupTitles
	rep.LeftAside = c.leftAside()
	if len(missing) > 0 {
		rep.UnreadColumns = c.unreadColumns(t)
	}
	if len(t.Sheets) > 1 {
		rep.Sheet, rep.Sheets = t.Sheet, t.Sheets
	}
	for _, p := range t.Problems {
		rep.problem(p)
	}
	rep.MoreProblems += t.Skipped
	t = c.withoutFailedFormulas(c.withoutSkipped(t, rep), rep)
	rep.HiddenRows = rowsAmong(t.Rows, t.Hidden)
	err = svc.Bulk(ctx, opts.DryRun, func(b closer.Bulk) error {
		today := closer.DateOf(opts.Now(), b.Org().Location())
		c.currency, c.loc = b.Org().Currency, b.Org().Location()
		res := newResolver(b, m.StageOrder)
		res.noteOwnerEmails(c, t)
		var write func() error
		switch m.Entity {
		case EntityOpportunities:
			write = importOpportunities(ctx, c, res, t, rep, opts.Progress, actor.UserID, today)
		case EntityAccounts:
			write = importAccounts(ctx, c, res, t, rep, opts.Progress)
		case EntityContacts:
			write = importContacts(ctx, c, res, t, rep, opts.Progress)
		case EntityOrders:
			write = importOrders(ctx, c, res, t, rep, opts.Progress, actor.UserID, today)
		case EntityQuotes:
			write = importQuotes(ctx, c, res, t, rep, opts.Progress, today)
		case EntityActivities:
			write = importActivities(ctx, c, res, t, rep, opts.Progress, actor.UserID, today)
		default:
			return fmt.Errorf("importer: unknown entity %q", m.Entity)
		}
		if err := ctx.Err(); err != nil {
			return err
		} else if !rep.OK() {
			return errRejected
		}
		if err := res.create(b.Org().Slug, rep); err != nil {
			return err
		} else if err := write(); err != nil {
			return err
		}
		if opts.Progress != nil {
			opts.Progress(Progress{Phase: PhaseFinishing, Rows: rep.Imported, Total: rep.Imported})
		}
		return nil
	})
	switch {
	case errors.Is(err, errRejected):
		if n := len(rep.Problems) + rep.MoreProblems; n != 1 {
			return rep, closer.Errorf(closer.EINVALID, "%d problems in the file: nothing was imported.", n)
		}
		return rep, closer.Errorf(closer.EINVALID, "1 problem in the file: nothing was imported.")
	case err != nil:
		return nil, err
	}
	return rep, nil
}

// importOpportunities checks every row, noting problems in the report, and
// returns what writes the opportunities once the referenced records exist.
// A row that finds again an opportunity of the org is left as it is, and
// creates nothing (see knownRows).
//
// The rows are read twice rather than kept as opportunities between the
// check and the write: an opportunity takes more memory than its row (a
// million rows would hold twice the table), and building one again costs
// less than writing it, which runs beside on its own goroutine (see
// sqlstore's Bulk). The second reading finds what the first did: the
// resolver answers the same ids for the same names; what the rows count
// for in the report (ignored cells, holds without a date) is taken before.
func importOpportunities(ctx context.Context, c *columns, res *resolver, t *Table, rep *Report, progress func(Progress), actorID int64, today closer.Date) func() error {
	rs := newOpportunityRows(c, res)
	known, err := rs.knownRows(ctx, t)
	if err != nil {
		return func() error { return err }
	}
	var o closer.Opportunity
	check, n := newPace(ctx, progress, PhaseChecking, len(t.Rows)), 0
	for i := range t.Rows {
		if check.stop(i) {
			return nil
		}
		if known != nil && known[i] {
			rep.Unchanged++
			continue
		}
		if p := rs.build(&t.Rows[i], &o, actorID, today); p != nil {
			rep.problem(*p)
			continue
		}
		n++
	}
	check.done()
	rs.reportIgnored(rep)
	rs.reportRetired(rep)
	rs.reportAgain(rep)
	rep.NoHoldDate = rs.noHoldDate
	return func() error {
		rep.ByStatus = map[closer.Status]int{}
		write := newPace(ctx, progress, PhaseWriting, n)
		for i := range t.Rows {
			if known != nil && known[i] {
				continue
			}
			if write.stop(rep.Imported) {
				return ctx.Err()
			}
			r := &t.Rows[i]
			if p := rs.build(r, &o, actorID, today); p != nil {
				return fmt.Errorf("line %d: checked, then refused: %s", r.Line, p.Reason)
			}
			rs.remap(&o)
			if err := res.b.AddOpportunity(&o); err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
			rep.ByStatus[o.Status]++
			rep.Imported++
		}
		write.done()
		return nil
	}
}
