// Package importer turns a CSV or XLSX file into opportunities (or accounts,
// contacts, orders, quotes or activities) of one org, through a mapping document (SPEC section
// 4). Built-in profiles read common CRMs' exports and Closer's own, so that
// an org moves by export and import (see the closer-* profiles).
//
// An import is all or nothing: Read parses the file into a Table, Run checks
// every row against the domain's rules and writes everything in one
// closer.Bulk transaction, or nothing at all and a Report listing each bad
// row with its line number and reason.
package importer
