package sqlstore

// SQLiteDeferIndexes exposes, to the tests of sqlstore_test, how many rows a
// bulk writes into a table before it defers the table's indexes.
const SQLiteDeferIndexes = sqliteDeferIndexes
