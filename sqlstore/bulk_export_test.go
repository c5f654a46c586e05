package sqlstore

// SQLiteDeferIndexes exposes, to the tests of sqlstore_test, how many rows a
// bulk writes into a table before it defers the table's indexes.
const SQLiteDeferIndexes = sqliteDeferIndexes

// SetBulkRebuildRows sets, for a test, how many rows of a summary table a
// bulk adds one by one before it rebuilds the org's rows instead; the
// returned function restores it.
func SetBulkRebuildRows(n int) (restore func()) {
	old := bulkRebuildRows
	bulkRebuildRows = n
	return func() { bulkRebuildRows = old }
}
