// Package closer is the domain of Closer, a sales CRM that follows every
// opportunity from its detection to its closure and learns from how it closed.
//
// It holds the plain types (organizations, members, accounts, opportunities and
// their five statuses, events, quotes, orders, activities, targets, the org's
// configurable lists), the lifecycle rules of the specification, the role rules,
// one error vocabulary and the service interfaces that adapters implement.
// It imports the standard library only, and golang.org/x/text/unicode/norm
// for the one thing the standard library lacks, Unicode normalisation of
// names (names.go): storage (sqlstore), HTTP (web), import (importer) and
// the command line (cmd/closer) depend on it, never the reverse.
package closer
