package web

import (
	"sync"

	"closer"
)

// defaultMaxImports is how many imports a server runs at once when
// Server.MaxImports is 0. An import holds its file's table in memory (six
// to nine bytes per byte of a CSV file at its peak: a server peaked at
// 430 MB for the dry run of a file of 62 MB, the largest the API takes, and
// 575 MB for its import), and a real one SQLite's write lock: two at once
// keep a server of 2 GB answering.
const defaultMaxImports = 2

// importSlots bounds the imports (API and import screen alike) that a
// server runs at once: one per org, and Server.MaxImports in all. The
// import screen's mapping step takes one too while it reads its file
// (showImportMapping): it holds the same table. A second
// import of an org would only wait for the first's write lock, or import
// the same rows twice; beyond the bound, memory runs out. An import that
// finds no slot is refused at once (409) rather than queued: the person
// who sent it knows it did not run, and sends it again later.
type importSlots struct {
	mu      sync.Mutex
	running map[int64]bool // by org id
}

// importSlot takes the slot of an import into orgID, or says why there
// is none. The caller calls release when the import ends.
func (s *Server) importSlot(orgID int64) (release func(), err error) {
	slots := &s.imports
	slots.mu.Lock()
	defer slots.mu.Unlock()
	if err := s.noImportSlot(orgID); err != nil {
		return nil, err
	}
	if slots.running == nil {
		slots.running = map[int64]bool{}
	}
	slots.running[orgID] = true
	var once sync.Once
	return func() {
		once.Do(func() {
			slots.mu.Lock()
			delete(slots.running, orgID)
			slots.mu.Unlock()
		})
	}, nil
}

// importSlotFree says why an import into orgID would find no slot now, or
// nil, without taking one: the API asks before it reads a file of up to
// 62 MB, so that a refused client sends no more of it; it takes the slot
// once the file is read (a slow upload holds none meanwhile).
func (s *Server) importSlotFree(orgID int64) error {
	s.imports.mu.Lock()
	defer s.imports.mu.Unlock()
	return s.noImportSlot(orgID)
}

// noImportSlot says why an import into orgID finds no slot, or nil; the
// caller holds s.imports.mu.
func (s *Server) noImportSlot(orgID int64) error {
	limit := s.MaxImports
	if limit <= 0 {
		limit = defaultMaxImports
	}
	switch running := s.imports.running; {
	case running[orgID]:
		return closer.Errorf(closer.ECONFLICT, "An import is already running for this organization: try again when it ends.")
	case len(running) >= limit:
		return closer.Errorf(closer.ECONFLICT, "The server is running %d imports already: try again in a few minutes.", len(running))
	}
	return nil
}
