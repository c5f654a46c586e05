package closer

import (
	"strings"
	"testing"
)

// TestResolveRetired refuses a retired entry for a new choice as what it
// is, retired, naming it and the field, whether given by id or by name:
// the list still shows it, so "not in the list" was untrue. A record that
// keeps it still resolves it, and an unknown entry is still "not in the
// list".
func TestResolveRetired(t *testing.T) {
	l := testLists()
	for _, c := range []struct {
		k     ListKind
		ref   string
		field string
		name  string
	}{
		{ListStages, "4", "stage", "Old"},
		{ListStages, " old ", "stage", "Old"},
		{ListLossReasons, "12", "loss_reason", "Old reason"},
		{ListVanishReasons, "Old vanish", "vanish_reason", "Old vanish"},
		{ListCompetitors, "GONE", "competitor", "Gone"},
		{ListSources, "41", "source", "Fax"},
	} {
		_, err := l.Resolve(c.k, c.ref, true)
		if ErrorField(err) != c.field || ErrorCode(err) != EINVALID {
			t.Errorf("%s %q: %v, want an error on %s", c.k, c.ref, err, c.field)
		} else if msg := ErrorMessage(err); msg != "«"+c.name+"» is retired: choose an active one (or restore it in Settings)." {
			t.Errorf("%s %q: %q", c.k, c.ref, msg)
		}
		if it, err := l.Resolve(c.k, c.ref, false); err != nil || it.Name != c.name {
			t.Errorf("%s %q kept by a record: %+v, %v", c.k, c.ref, it, err)
		}
	}
	if _, err := l.Resolve(ListStages, "Nowhere", true); !strings.Contains(ErrorMessage(err), "is not in the org's list of stages") {
		t.Errorf("unknown stage: %v", err)
	}
	// Through the lifecycle: a new stage, a loss reason at closing.
	o := testOpportunity(t, StatusOpen)
	if err := o.MoveStage(l, "Old", testToday); !strings.Contains(ErrorMessage(err), "«Old» is retired") || ErrorField(err) != "stage" {
		t.Errorf("move to a retired stage: %v", err)
	}
	err := o.Close(l, CloseInput{Outcome: StatusLost, ClosedOn: testToday, LossReason: "12", Competitor: "unknown"}, testToday)
	if !strings.Contains(ErrorMessage(err), "«Old reason» is retired") || ErrorField(err) != "loss_reason" {
		t.Errorf("lost for a retired reason: %v", err)
	}
}

// TestResolveSpellings finds an entry by its name however the name is
// written, both ways: an entry stored before names were normalised (in
// NFD, with a no-break space) and one typed so today.
func TestResolveSpellings(t *testing.T) {
	l := &Lists{}
	l.Add(ListItem{ID: 1, Kind: ListLossReasons, Name: "Qualite\u0301", Position: 1})      // stored decomposed
	l.Add(ListItem{ID: 2, Kind: ListCompetitors, Name: "Rival\u00a0SA", Position: 1})      // stored with a no-break space
	l.Add(ListItem{ID: 3, Kind: ListCompetitors, Name: "Électricité Dupont", Position: 2}) // stored composed
	for _, c := range []struct {
		k   ListKind
		ref string
		id  int64
	}{
		{ListLossReasons, "Qualité", 1},
		{ListLossReasons, "QUALITE\u0301", 1},
		{ListCompetitors, "Rival SA", 2},
		{ListCompetitors, "rival\u200bSA", 0}, // the zero-width space goes, and "rivalsa" is another name
		{ListCompetitors, "E\u0301lectricite\u0301\u00a0Dupont", 3},
	} {
		it, err := l.Resolve(c.k, c.ref, true)
		if it.ID != c.id || (c.id != 0) != (err == nil) {
			t.Errorf("%s %q: %+v, %v; want entry %d", c.k, c.ref, it, err, c.id)
		}
	}
	// A new entry that only looks different is the same name.
	for _, name := range []string{"Qualité", "qualite\u0301 ", "\ufeffQualité"} {
		if !SameListName("Qualite\u0301", name) {
			t.Errorf("%q is not the same name as the stored one", name)
		}
	}
	it := ListItem{Kind: ListCompetitors, Name: "unknown\u200b"}
	if err := it.Validate(); ErrorField(err) != "name" {
		t.Errorf("the built-in unknown, with a zero-width space: %v", err)
	}
}
