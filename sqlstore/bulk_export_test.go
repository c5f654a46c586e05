package sqlstore

// SQLiteDeferIndexes exposes, to the tests of sqlstore_test, how many rows a
// bulk writes into a table before it defers the table's indexes.
const SQLiteDeferIndexes = sqliteDeferIndexes

// FillSortKeys exposes the Go step of migration 0064 to the tests.
var FillSortKeys = fillSortKeys

// JoinStoredLines exposes the Go step of migration 0065 to the tests.
var JoinStoredLines = joinStoredLines
