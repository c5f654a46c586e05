// Package export writes an org's records (opportunities by default, or its
// accounts, contacts, quotes, orders or activities) as CSV, JSON or XLSX,
// for the API's GET .../exports and the command line's closer export.
//
// The columns carry SPEC section 4's field names, the same as the API and
// the import mapping, so that an export re-imports with a mapping naming
// each field's own column. References (owner, account, contact, stage,
// reasons, competitor, opportunity) are exported as names; dates as
// YYYY-MM-DD; amounts in major units with "." before the decimals
// ("1234.50"), which is what a mapping reads by default.
//
// Columns added after the first ones come last, so that existing readers
// keep working: account_city and account_phone beside an account's name
// (opportunities, contacts, orders), and an order's opportunity_detected_on,
// opportunity_closed_on and opportunity_amount; then currency beside
// amounts (opportunities, quotes, orders: the org's, so that an import into
// an org of another currency refuses them), owner_email wherever an owner
// is (what tells homonymous members apart) and an opportunity's
// contact_email (homonymous contacts; empty in a consultant's export, who
// exports no contact's personal data). With them the importer's
// built-in profiles (closer, closer-accounts, closer-contacts,
// closer-orders) move an org into another one, or another database, and
// find every account among its homonyms, every owner and contact among
// theirs, and every order's opportunity among those of its title, without
// ids. An opportunity's version is read and left aside by the import.
//
// Formats:
//   - csv: UTF-8 without a byte order mark, "," between fields, a header
//     row, "\n" line ends (RFC 4180 quoting).
//   - json: one JSON array of objects, one per record; an empty cell is
//     null, an amount a JSON number in major units, the version an integer.
//   - xlsx: one sheet named after the entity, a header row, amounts and
//     versions as numbers, dates as YYYY-MM-DD text.
//
// Records are read from closer.ExportService a batch at a time, so memory
// stays bounded whatever the org's size (XLSX rows go to a temporary file
// until the archive is written; a sheet holds at most 1,048,575 records).
package export
