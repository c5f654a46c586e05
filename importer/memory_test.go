package importer

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestImportKeepsNoRecords: between the check and the write, an import of
// accounts, contacts or orders keeps a few bytes per row to write (which
// rows, the ids their check found), not the records built from them:
// those are built again to be written, as opportunities are. The live heap
// is measured after the table is read and when the writes begin (a dry
// run's: they are the same); a record kept per row would add at least the
// size of its struct, above 100 bytes. The store is the in-memory fake:
// what is measured is the importer's, not a database driver's buffers.
func TestImportKeepsNoRecords(t *testing.T) {
	const rows = 60_000
	const most = 64 // bytes per row: what the check keeps (at most 32, an order's), and room for the heap's noise
	files := []struct {
		entity, header string
		row            func(i int) string
	}{
		{EntityAccounts, "name,city,phone,website,note,owner", func(i int) string {
			return fmt.Sprintf("Société %06d SARL,Lyon,+33 4 78 %02d %02d %02d,https://s%d.example,Client depuis %d,Agent %d", i, i%100, i/100%100, i/10000, i, 2000+i%25, i%4)
		}},
		{EntityContacts, "name,account,email,phone,job_title,owner", func(i int) string {
			return fmt.Sprintf("Contact %06d,Client %d,c%d@example.test,+33 4 78 %02d %02d %02d,Acheteur,Agent %d", i, i%50, i, i%100, i/100%100, i/10000, i%4)
		}},
		{EntityOrders, "account,kind,reference,amount,ordered_on,owner", func(i int) string {
			return fmt.Sprintf("Client %d,direct,F-%06d,%d.50,2015-%02d-%02d,Agent %d", i%50, i, 100+i, 1+i%12, 1+i%28, i%4)
		}},
	}
	for _, f := range files {
		var b strings.Builder
		b.WriteString(f.header + "\n")
		for i := range rows {
			b.WriteString(f.row(i) + "\n")
		}
		m := &Mapping{Entity: f.entity, Columns: map[string]string{}, DateFormat: "2006-01-02", DecimalSeparator: "."}
		for _, c := range strings.Split(f.header, ",") {
			m.Columns[c] = c
		}
		store := newFakeStore()
		tb, err := ReadBytes("x.csv", []byte(b.String()), m)
		must(t, err)
		b.Reset()
		before, writing := liveHeap(), uint64(0)
		rep, err := Run(ownerCtx(), store, m, tb, Options{DryRun: true, Now: fixedNow, Progress: func(p Progress) {
			if p.Phase == PhaseWriting && writing == 0 {
				writing = liveHeap()
			}
		}})
		runtime.KeepAlive(tb)
		if err != nil || rep.Imported != rows {
			t.Fatalf("%s: %v, %+v", f.entity, err, rep.Problems[:1])
		}
		if per := (int64(writing) - int64(before)) / rows; per > most {
			t.Errorf("%s: %d bytes more per row when the writes begin, want %d at most", f.entity, per, most)
		} else {
			t.Logf("%s: %d bytes more per row when the writes begin", f.entity, per)
		}
	}
}

// liveHeap returns the bytes of the heap that a collection leaves.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
