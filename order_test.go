package closer

import "testing"

// TestCheckLinkedTo: a linked order names a won opportunity and is not dated
// before that opportunity was detected; an unlinked order is not checked.
func TestCheckLinkedTo(t *testing.T) {
	detected := MustDate("2024-03-10")
	for _, c := range []struct {
		name      string
		opp       int64
		st        Status
		orderedOn string
		field     string // "" when accepted
	}{
		{"won, ordered after the detection", 7, StatusWon, "2024-04-02", ""},
		{"won, ordered on the detection day", 7, StatusWon, "2024-03-10", ""},
		{"won, ordered the day before the detection", 7, StatusWon, "2024-03-09", "ordered_on"},
		{"won, ordered a year before", 7, StatusWon, "2023-03-10", "ordered_on"},
		{"open", 7, StatusOpen, "2024-04-02", "opportunity"},
		{"lost and dated before: the status first", 7, StatusLost, "2024-03-01", "opportunity"},
		{"unlinked, dated before", 0, StatusOpen, "2024-03-01", ""},
	} {
		o := &Order{OpportunityID: c.opp, OrderedOn: MustDate(c.orderedOn)}
		err := o.CheckLinkedTo(c.st, detected)
		if ErrorField(err) != c.field || (c.field != "") != (ErrorCode(err) == EINVALID) {
			t.Errorf("%s: got %v, want field %q", c.name, err, c.field)
		}
	}
	// no date yet: Validate says it is required, not this rule
	if err := (&Order{OpportunityID: 7}).CheckLinkedTo(StatusWon, detected); err != nil {
		t.Errorf("order without a date: %v", err)
	}
}
