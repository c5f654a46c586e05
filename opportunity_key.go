package closer

import "strings"

// OpportunityKey is what tells an opportunity again when a file is imported
// a second time: its account (0: none), its title as SortKey folds it
// (accents and case aside) and its detection date. Several opportunities
// may share a key (the same deal, at the same customer, detected the same
// day, twice): an import compares how many of a key the org has with how
// many rows of the file have it.
type OpportunityKey struct {
	AccountID  int64
	Title      string
	DetectedOn Date
}

// KeyOf returns the key of an opportunity at that account (0: none), of that
// title and detection date.
func KeyOf(accountID int64, title string, detectedOn Date) OpportunityKey {
	return OpportunityKey{AccountID: accountID, Title: SortKey(strings.TrimSpace(title)), DetectedOn: detectedOn}
}

// KnownOpportunity is an opportunity of the org as an import finds it
// again: its key, and what the row that finds it is compared with, to say
// which rows left as they are differ from what the org has (an import
// never overwrites) and to match a row without a detection date only to an
// opportunity still open (see importer's knownRows).
type KnownOpportunity struct {
	Key      OpportunityKey
	Status   Status
	StageID  int64 // 0: none
	OwnerID  int64
	Amount   Money
	ClosedOn Date
}
