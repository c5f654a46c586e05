package importer

import "context"

// Progress is how far a Run has gone, for a progress bar or a counter: the
// rows of the table checked, then the records written (a dry run hands
// them to the Bulk too, which checks them and writes nothing), then the end
// of the writes. Rows counts the rows
// of the phase done so far, out of Total: the table's rows when checking;
// the records to write when writing (the rows found again in the org are
// not written).
type Progress struct {
	Phase string
	Rows  int
	Total int
}

// The phases a Run reports, in their order.
const (
	PhaseChecking  = "checking"
	PhaseWriting   = "writing"
	PhaseFinishing = "finishing" // the last writes, the indexes, the commit (or the rollback of a dry run)
)

// checkEvery is how many rows pass between two looks at the context, and
// two reports of the progress.
const checkEvery = 4096

// pace looks at the context and reports the progress of one phase, every
// checkEvery rows: often enough for a bar, rarely enough to cost nothing.
type pace struct {
	ctx    context.Context
	report func(Progress) // nil: none wanted
	phase  string
	total  int
}

func newPace(ctx context.Context, report func(Progress), phase string, total int) *pace {
	return &pace{ctx: ctx, report: report, phase: phase, total: total}
}

// stop is called before row i of the phase: every checkEvery rows it
// reports i rows done and says whether the context ended the Run.
func (p *pace) stop(i int) bool {
	if i%checkEvery != 0 {
		return false
	}
	if p.report != nil {
		p.report(Progress{Phase: p.phase, Rows: i, Total: p.total})
	}
	return p.ctx.Err() != nil
}

// done reports the phase's every row done.
func (p *pace) done() {
	if p.report != nil {
		p.report(Progress{Phase: p.phase, Rows: p.total, Total: p.total})
	}
}
