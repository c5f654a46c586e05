// Package sqlstore implements Closer's service interfaces over database/sql,
// on SQLite (modernc.org/sqlite, the embedded default) and on PostgreSQL
// (jackc/pgx/v5). One SQL text serves both: placeholders are $N, dates are
// TEXT, and the few differences sit in dialect.go. The schema is embedded and
// migrated on start.
//
// Public methods own their transaction; private helpers take a querier or a
// *sql.Tx. Org-scoped methods read the closer.Actor from the context, filter
// every query by its org and check its role with the domain's rules.
package sqlstore
