package importer

import (
	"fmt"
	"strings"

	"closer"
)

// Difference is a row found again, left as it is, whose values differ from
// those of the opportunity it found: an import never overwrites one, so an
// updated export imported again says what it did not change.
type Difference struct {
	Line   int         `json:"line"`
	Fields []FieldDiff `json:"fields"`
}

// FieldDiff is a field whose value in the file differs from the stored
// one: a status, a stage's or an owner's name, an amount in major units
// ("9999.00"), a date (YYYY-MM-DD); "" for none.
type FieldDiff struct {
	Field  string `json:"field"`
	File   string `json:"file"`
	Stored string `json:"stored"`
}

// maxDifferences bounds the rows that differ listed in a report; the
// others are counted.
const maxDifferences = 20

// noteDifferences compares a row found again with the opportunity it found,
// field by field where the row gives a value: status, stage, owner, amount,
// close date (of a row and an opportunity both closed). The detection date,
// account and title are what matched.
func (rs *opportunityRows) noteDifferences(r *Row, st closer.Status, o *closer.KnownOpportunity) {
	var diffs []FieldDiff
	if st != o.Status {
		diffs = append(diffs, FieldDiff{"status", string(st), string(o.Status)})
	}
	if name := rs.stage.text(r); name != "" {
		if stored := rs.res.lists.Name(closer.ListStages, o.StageID); !closer.SameListName(name, stored) {
			diffs = append(diffs, FieldDiff{"stage", name, stored})
		}
	}
	if ref := rs.owner.text(r); ref != "" && !rs.ownerIs(ref, o.OwnerID) {
		diffs = append(diffs, FieldDiff{"owner", ref, rs.ownerName(o.OwnerID)})
	}
	if rs.amount.amountGiven(r) {
		if m, p := rs.c.amount(rs.amount, r); p == nil && m != o.Amount {
			diffs = append(diffs, FieldDiff{"amount", decimal(m), decimal(o.Amount)})
		}
	}
	if st.IsClosure() && o.Status.IsClosure() {
		if d, p := rs.c.date(rs.closedOn, r); p == nil && !d.IsZero() && d != o.ClosedOn {
			diffs = append(diffs, FieldDiff{"closed_on", d.String(), o.ClosedOn.String()})
		}
	}
	if len(diffs) == 0 {
		return
	} else if len(rs.differing) >= maxDifferences {
		rs.moreDiffering++
		return
	}
	rs.differing = append(rs.differing, Difference{Line: r.Line, Fields: diffs})
}

// ownerIs reports whether a row's owner (a name, case and accents aside, or
// an e-mail address) is the member id, as the resolver would find them.
func (rs *opportunityRows) ownerIs(ref string, id int64) bool {
	m, ok := rs.memberByID()[id]
	if !ok {
		return false
	}
	if name, address, ok := mailbox(ref); ok {
		if email, ok := ownerEmail(address); ok && strings.EqualFold(email, m.Email) {
			return true
		}
		ref = name
	} else if email, ok := ownerEmail(ref); ok {
		return strings.EqualFold(email, m.Email)
	}
	return closer.SortKey(ref) == closer.SortKey(strings.TrimSpace(m.Name))
}

// ownerName returns a member's name (or e-mail), "#id" for none known.
func (rs *opportunityRows) ownerName(id int64) string {
	m, ok := rs.memberByID()[id]
	switch {
	case !ok:
		return fmt.Sprintf("#%d", id)
	case m.Name != "":
		return m.Name
	}
	return m.Email
}

// memberByID returns the org's members by user id, read once.
func (rs *opportunityRows) memberByID() map[int64]closer.Member {
	if rs.members == nil {
		rs.members = map[int64]closer.Member{}
		for _, m := range rs.res.b.Members() {
			rs.members[m.UserID] = m
		}
	}
	return rs.members
}

// decimal writes an amount in major units, with its two decimals.
func decimal(m closer.Money) string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return fmt.Sprintf("%s%d.%02d", sign, int64(m)/100, int64(m)%100)
}

// String returns `line 5 (status won, stored open; amount 9999.00, stored 0.00)`.
func (d Difference) String() string {
	parts := make([]string, len(d.Fields))
	for i, f := range d.Fields {
		stored := f.Stored
		if stored == "" {
			stored = "none"
		}
		parts[i] = fmt.Sprintf("%s %s, stored %s", f.Field, f.File, stored)
	}
	return fmt.Sprintf("line %d (%s)", d.Line, strings.Join(parts, "; "))
}
