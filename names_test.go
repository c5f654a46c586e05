package closer

import "testing"

// TestNormalizeName writes every spelling of a name that looks the same
// one way: composed, plain spaces, no invisible characters, trimmed.
// Line breaks stay for CheckLine to refuse, and bad UTF-8 for CheckText.
func TestNormalizeName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"  Acme SARL ", "Acme SARL"},
		{"Qualite\u0301", "Qualité"},                   // decomposed (macOS)
		{"Ho\u0302tel Ze\u0301phyr", "Hôtel Zéphyr"},   // two of them
		{"Rival\u00a0SA", "Rival SA"},                  // no-break space
		{"Rival\u202fSA", "Rival SA"},                  // narrow no-break space
		{"Rival\u2009SA\u3000", "Rival SA"},            // thin space; ideographic space, trimmed
		{"Rival\u200bSA", "RivalSA"},                   // zero-width space
		{"\ufeffRival SA", "Rival SA"},                 // byte order mark
		{"Ri\u00adval SA", "Rival SA"},                 // soft hyphen
		{"\u202eAS laviR\u202c", "AS laviR"},           // direction override
		{"e\u200b\u0301", "é"},                         // composed once the invisible is gone
		{"Ζευ\u0301ς", "Ζεύς"},                         // not only Latin
		{"Prix\u00a0\u00a0net", "Prix  net"},           // spaces are not collapsed
		{"a\u2028b", "a\u2028b"},                       // a line break stays, for CheckLine
		{"a\nb", "a\nb"},                               //
		{"bad \xff\u00a0utf-8", "bad \xff\u00a0utf-8"}, // left for CheckText
		{"Électricité Dupont", "Électricité Dupont"},   // already normal
		{"\u00a0Trim\u00a0", "Trim"},                   //
	} {
		if got := NormalizeName(c.in); got != c.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSameName compares names as people read them: case aside, and
// however an accent or a space is written; a different letter is another
// name.
func TestSameName(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Qualité", "Qualite\u0301", true},
		{"QUALITÉ", "qualite\u0301 ", true},
		{"Rival SA", "Rival\u00a0SA", true},
		{"RivalSA", "Rival\u200bSA", true},
		{"Hôtel Zéphyr", "HO\u0302TEL ZE\u0301PHYR", true},
		{"Qualité", "Qualite", false}, // an accent is a letter of the name
		{"Rival SA", "RivalSA", false},
		{"Rival SA", "Rival  SA", false},
	} {
		if got := SameName(c.a, c.b); got != c.same {
			t.Errorf("SameName(%q, %q) = %v", c.a, c.b, got)
		}
		if got := NameKey(c.a) == NameKey(c.b); got != c.same {
			t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q", c.a, NameKey(c.a), c.b, NameKey(c.b))
		}
	}
}

// TestSortKeyOfSpellings gives the spellings of one name one sort key, so
// that a search finds a name however it was typed, and however the search
// is typed.
func TestSortKeyOfSpellings(t *testing.T) {
	for _, spellings := range [][]string{
		{"Rival SA", "Rival\u00a0SA", "Rival\u2009SA", "Rival\u202fSA"},
		{"RivalSA", "Rival\u200bSA", "\ufeffRival\u00adSA"},
		{"Ζεύς", "Ζευ\u0301ς"},        // a Greek accent is kept, however written
		{"Йог", "И\u0306ог"},          // so is a Cyrillic breve
		{"Ångström", "\u212bngström"}, // the angstrom sign is the letter Å
	} {
		for _, s := range spellings[1:] {
			if SortKey(s) != SortKey(spellings[0]) {
				t.Errorf("SortKey(%q) = %q, SortKey(%q) = %q", s, SortKey(s), spellings[0], SortKey(spellings[0]))
			}
		}
	}
}

// TestValidateNormalizesNames checks that every record's names and titles
// are kept normalised, whatever the entry point validates them.
func TestValidateNormalizesNames(t *testing.T) {
	const nfd, nfc = " Qualite\u0301\u00a0Pro\u200b ", "Qualité Pro"
	today := MustDate("2026-11-27")
	it := ListItem{Kind: ListLossReasons, Name: nfd}
	a := Account{Name: nfd, City: nfd, Phone: "02\u00a040\u00a010"}
	c := Contact{Name: nfd, JobTitle: nfd}
	org := Org{Name: nfd, Slug: "q"}
	f := SavedFilter{Name: nfd, Page: "opportunities"}
	act := Activity{Kind: ActivityCall, Subject: nfd, DueOn: today}
	q := Quote{OpportunityID: 1, Number: "DV\u00a01"}
	ord := Order{AccountID: 1, Reference: "F\u200b-1", OrderedOn: today}
	for _, err := range []error{it.Validate(), a.Validate(), c.Validate(), org.Validate(), f.Validate(), act.Validate(today), q.Validate(today), ord.Validate(today)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for what, got := range map[string]string{"list entry": it.Name, "account": a.Name, "city": a.City, "contact": c.Name,
		"job title": c.JobTitle, "org": org.Name, "filter": f.Name, "activity": act.Subject} {
		if got != nfc {
			t.Errorf("%s: %q, want %q", what, got, nfc)
		}
	}
	if a.Phone != "02 40 10" || q.Number != "DV 1" || ord.Reference != "F-1" {
		t.Errorf("phone %q, quote number %q, order reference %q", a.Phone, q.Number, ord.Reference)
	}

	l := &Lists{Stages: []ListItem{{ID: 1, Kind: ListStages, Name: "Qualification", Position: 1}}}
	o := Opportunity{Title: nfd}
	o.Prepare(l, 7, today)
	if o.Title != nfc {
		t.Errorf("new opportunity: %q", o.Title)
	}
	title := "Toiture\u00a0Qualite\u0301 "
	if err := o.Apply(l, OpportunityUpdate{Title: &title}, today); err != nil {
		t.Fatal(err)
	} else if o.Title != "Toiture Qualité" {
		t.Errorf("changed title: %q", o.Title)
	}
}

// BenchmarkNormalizeName measures what every name's validation and
// comparison costs.
func BenchmarkNormalizeName(b *testing.B) {
	for i := 0; i < b.N; i++ {
		for _, n := range sortKeyNames {
			_ = NormalizeName(n)
		}
	}
}
