package sqlstore

import "sync"

// together runs the independent queries of one statistic at the same time,
// each on its own connection of the pool, and returns the first error once
// all have ended. A dashboard's figures are several passes over different
// index ranges (closures, orders, on hold, history): run one after the
// other they add up; run together they take about as long as the longest
// wherever the machine has a free core (PostgreSQL serves each connection
// with its own process; SQLite in WAL mode reads from several connections
// at once). Each function must write only to its own variables.
func together(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
