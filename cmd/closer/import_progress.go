package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"closer/importer"
)

// progressClock is the clock of the import's row counter: a variable so
// that tests make every call a second later.
var progressClock = time.Now

// rowCounter shows on stderr how far an import has gone, at most once a
// second and not before its first second, so that a small file prints
// nothing: the rows checked, then written, then that the writes are being
// finished (a large import's indexes and commit take seconds: that line
// waits for no second). On a terminal it is one line, written over and
// erased at the end; otherwise (a log) one line each time. Standard output
// keeps the summary alone (SPEC section 4).
type rowCounter struct {
	w        io.Writer
	terminal bool
	dryRun   bool
	now      func() time.Time
	start    time.Time
	next     time.Time // no line before
	shown    bool      // a terminal's line is to erase
}

func newRowCounter(w io.Writer, dryRun bool, now func() time.Time) *rowCounter {
	f, ok := w.(*os.File)
	start := now()
	return &rowCounter{w: w, terminal: ok && term.IsTerminal(int(f.Fd())), dryRun: dryRun, now: now, start: start, next: start.Add(time.Second)}
}

// report is the importer's Options.Progress.
func (c *rowCounter) report(p importer.Progress) {
	now := c.now()
	if now.Before(c.next) && (p.Phase != importer.PhaseFinishing || now.Sub(c.start) < time.Second) {
		return
	}
	c.next = now.Add(time.Second)
	var line string
	switch p.Phase {
	case importer.PhaseChecking:
		line = fmt.Sprintf("checking rows: %d of %d", p.Rows, p.Total)
	case importer.PhaseWriting:
		line = fmt.Sprintf("writing rows: %d of %d", p.Rows, p.Total)
		if c.dryRun {
			line = fmt.Sprintf("preparing the writes: %d of %d rows (dry run: nothing is written)", p.Rows, p.Total)
		}
	case importer.PhaseFinishing:
		line = fmt.Sprintf("finishing the writes of %d rows…", p.Total)
		if c.dryRun {
			line = "finishing…"
		}
	default:
		return
	}
	c.show(line)
}

func (c *rowCounter) show(line string) {
	if c.terminal {
		fmt.Fprintf(c.w, "\r\033[K%s", line)
		c.shown = true
		return
	}
	fmt.Fprintln(c.w, line)
}

// end erases a terminal's line, before the summary.
func (c *rowCounter) end() {
	if c.shown {
		fmt.Fprint(c.w, "\r\033[K")
		c.shown = false
	}
}
