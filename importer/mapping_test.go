package importer

import (
	"slices"
	"strings"
	"testing"

	"closer"
)

const specMapping = `{"entity": "opportunities",
 "columns": {"title": "opportunity_id", "owner": "sales_agent", "account": "account",
             "status": "deal_stage", "stage": "deal_stage", "detected_on": "engage_date",
             "closed_on": "close_date", "amount": "close_value"},
 "values": {"status": {"Won": "won", "Lost": "lost", "Engaging": "open", "Prospecting": "open"},
            "stage":  {"Won": "", "Lost": "", "Engaging": "Engaging", "Prospecting": "Prospecting"}},
 "defaults": {"loss_reason": "Not recorded", "competitor": "unknown", "vanish_reason": "Not recorded"},
 "date_format": "2006-01-02", "decimal_separator": ".", "delimiter": ","}`

func TestParseMappingSpecExample(t *testing.T) {
	m, err := ParseMapping(strings.NewReader(specMapping))
	if err != nil {
		t.Fatal(err)
	}
	maven, _ := Profile("maven")
	// The example lists Engaging first, which ParseMapping keeps as the
	// stages' order; the profile knows Maven's funnel.
	if !slices.Equal(m.StageOrder, []string{"Engaging", "Prospecting"}) || !slices.Equal(maven.StageOrder, []string{"Prospecting", "Engaging"}) {
		t.Errorf("stage orders: %v, %v", m.StageOrder, maven.StageOrder)
	}
	m.StageOrder, maven.StageOrder = nil, nil
	if m.String() != maven.String() {
		t.Errorf("the maven profile differs from the SPEC's example:\n%s\n%s", m, maven)
	}
}

// TestParseMappingDateNotations reads the date formats people write, and
// keeps their Go layout.
func TestParseMappingDateNotations(t *testing.T) {
	for in, want := range map[string]string{"DD/MM/YYYY": "02/01/2006", "%m/%d/%Y": "01/02/2006", "02.01.2006": "02.01.2006"} {
		m, err := ParseMapping(strings.NewReader(`{"columns": {"title": "a"}, "date_format": "` + in + `"}`))
		if err != nil || m.DateFormat != want {
			t.Errorf("%s: %v %+v", in, err, m)
		}
	}
}

// TestParseMappingBOM reads a mapping saved by Windows Notepad, with its
// byte order mark.
func TestParseMappingBOM(t *testing.T) {
	m, err := ParseMapping(strings.NewReader("\uFEFF" + specMapping))
	if err != nil || m.Columns["title"] != "opportunity_id" {
		t.Fatalf("%v %+v", err, m)
	}
}

func TestParseMappingRefuses(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{``, "empty or cut short"},
		{`[]`, "must be a JSON object, not a list"},
		{`{"columns": ["title"]}`, `"columns" has a list where an object is expected`},
		{`{"columns": {"title": "a"}, "delimiter": 1}`, `"delimiter" has a number where a text is expected`},
		{`{"columns": {"title": "a"`, "cut short"},
		{`{"columns": {"title": "a"}}}`, "extra data"},
		{`{"columns" {"title": "a"}}`, "not valid JSON"},
		{`{"columns": {"title": "a"}, "colums": {}}`, `unknown field "colums"`},
		{`{"columns": {"titel": "a"}}`, `Unknown field "titel" in columns`},
		{`{"columns": {"title": "a"}, "values": {"satus": {}}}`, `"satus" in values`},
		{`{"columns": {"title": "a"}, "values": {"status": {"Won": "won"}}}`, `reads no column for it`},
		{`{"columns": {"title": "a"}, "defaults": {"x": "1"}}`, `"x" in defaults`},
		{`{"entity": "widgets", "columns": {"title": "a"}}`, `entity "widgets"`},
		{`{"columns": {}}`, "names no column"},
		{`{"columns": {"title": ""}}`, "empty"},
		{`{"columns": {"title": "a"}, "delimiter": "::"}`, "delimiter"},
		{`{"columns": {"title": "a"}, "decimal_separator": ";"}`, "decimal separator"},
		{`{"columns": {"title": "a"}, "encoding": "ebcdic"}`, "encoding"},
		{`{"columns": {"title": "a"}, "date_format": "the day, then the month"}`, "Go layout"},
		{`{"columns": {"title": "a"}, "date_format": "%d/%m/%q"}`, "Go layout"},
		{`{"columns": {"title": "a"}} {"again": 1}`, "extra data"},
		{`{"columns": {"title": 5}}`, `"columns.title" has a number where a text is expected`},
		{`{"columns": {"title": "Title", "amount": 12}}`, `"columns.amount" has a number where a text is expected`},
		{`{"columns": {"title": "Title", "status": "S"}, "values": {"status": {"Won": true}}}`, `"values.status.Won" has true or false where a text is expected`},
		{`{"columns": {"title": "Title"}, "defaults": {"note": ["x"]}}`, `"defaults.note" has a list where a text is expected`},
		{`{"columns": {"title": "Title", "status": "Status", "status": "Stage"}}`, `The key "status" is written twice in columns`},
		{`{"columns": {"title": "Title"}, "values": {}, "columns": {"title": "Title"}}`, `The key "columns" is written twice in the mapping`},
		{`{"columns": {"title": "T", "status": "S"}, "values": {"status": {"Won": "won", "Won": "lost"}}}`, `The key "Won" is written twice in values.status`},
		{`{"columns": {"title": "Title"}, "Columns": {"title": "Title"}}`, `"Columns" is not a key of the mapping: did you mean "columns"?`},
		{`{"Entity": "opportunities", "columns": {"title": "Title"}}`, `"Entity" is not a key of the mapping: did you mean "entity"?`},
		{`{"columns": {"title": "Title"}, "Date_Format": "02/01/2006"}`, `did you mean "date_format"?`},
		{`{"columns": {"title": "Title", "status": "Status"}, "values": {"status": {"Won": "gagné"}}}`, `values.status: "Won" → "gagné" is not a status (open, on_hold, won, lost, vanished)`},
		{`{"columns": {"title": "Title", "status": "Status"}, "values": {"status": {"Won": "closed won"}}}`, `"closed won" is not a status`},
		{`{"columns": {"title": "Title"}, "defaults": {"status": "pending"}}`, `defaults.status: "pending" is not a status`},
		{`{"entity": "orders", "columns": {"account": "A", "kind": "K"}, "values": {"kind": {"R": "repeat"}}}`, `values.kind: "R" → "repeat" is not a kind (linked, direct, recurring)`},
		{`{"columns": {"name": "a"}}`, `"name" in columns`},
		{`{"entity": "accounts", "columns": {"title": "a"}}`, `"title" in columns`},
		{`{"columns": {"title": "` + strings.Repeat("a", 2<<20) + `"}}`, "too large"},
	} {
		_, err := ParseMapping(strings.NewReader(c.doc))
		if closer.ErrorCode(err) != closer.EINVALID || !strings.Contains(closer.ErrorMessage(err), c.want) {
			t.Errorf("%.60s: got %v, want %q", c.doc, err, c.want)
		}
	}
}

func TestProfilesAreValid(t *testing.T) {
	if len(Profiles()) != 11 {
		t.Fatalf("profiles: %+v", Profiles())
	}
	for _, p := range Profiles() {
		m, ok := Profile(p.Name)
		if !ok || p.Description == "" {
			t.Fatalf("profile %s", p.Name)
		}
		again, err := ParseMapping(strings.NewReader(m.String()))
		if err != nil || again.String() != m.String() {
			t.Errorf("profile %s does not survive JSON: %v", p.Name, err)
		}
		m.Columns["title"] = "changed"
		if m2, _ := Profile(p.Name); m2.Columns["title"] == "changed" {
			t.Errorf("profile %s shares its maps with its users", p.Name)
		}
	}
	if _, ok := Profile("nope"); ok {
		t.Error("unknown profile found")
	}
}

// TestParseMappingConflictingValues refuses two keys of a field's values
// that one cell would match (case or spaces aside) but that translate it
// differently: which one applied would change from run to run.
func TestParseMappingConflictingValues(t *testing.T) {
	for _, c := range []struct{ values, want string }{
		{`{"status": {"won": "won", "WON": "lost"}}`, `values.status: "WON" and "won" translate the same value differently ("lost" and "won")`},
		{`{"status": {"Open ": "open", "Open": "on_hold"}}`, `values.status: "Open" and "Open " translate`},
		{`{"stage": {"Won": "", " won": "Signed"}}`, `values.stage: " won" and "Won"`},
	} {
		doc := `{"columns": {"title": "Title", "status": "Status", "stage": "Stage"}, "values": ` + c.values + `}`
		for range 5 { // the same error on every run, whatever the maps' order
			_, err := ParseMapping(strings.NewReader(doc))
			if closer.ErrorCode(err) != closer.EINVALID || !strings.Contains(closer.ErrorMessage(err), c.want) {
				t.Fatalf("%s: got %v, want %q", c.values, err, c.want)
			}
		}
	}
	// The same translation written twice is harmless.
	doc := `{"columns": {"title": "Title", "status": "Status"}, "values": {"status": {"Won": "won", "WON ": "won", "won": " won"}}}`
	if _, err := ParseMapping(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
}

// TestConflictingValuesNeverReachRun: a mapping built in code goes through
// Validate in Run, and gets the same refusal.
func TestConflictingValuesNeverReachRun(t *testing.T) {
	m := &Mapping{Columns: map[string]string{"title": "Title", "status": "Status"},
		Values: map[string]map[string]string{"status": {"won": "won", "Won": "lost"}}}
	tb, err := Read("x.csv", strings.NewReader("Title,Status\nA,WON\n"), m)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(ownerCtx(), newFakeStore(), m, tb, Options{})
	if closer.ErrorCode(err) != closer.EINVALID || !strings.Contains(closer.ErrorMessage(err), `values.status: "Won" and "won"`) {
		t.Fatalf("got %v", err)
	}
}

// TestNewStagesInPipelineOrder adds the stages an import creates in the
// order the mapping's values.stage gives them, not in the order the file
// names them first; without an order, the report says so.
func TestNewStagesInPipelineOrder(t *testing.T) {
	file := "Title,Stage\nA,Trial\nB,Discovery\nC,Signature\nD,Contact\n"
	doc := `{"columns": {"title": "Title", "stage": "Stage"},
		"values": {"stage": {"contact": "Contact", "discovery": "Discovery", "Trial": "Trial", "signature": "Signature"}}}`
	m, err := ParseMapping(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	s := newFakeStore()
	rep, err := runCSV(t, s, m, file)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rep.CreatedStages, ","); got != "Contact,Discovery,Trial,Signature" || rep.StagesInFileOrder {
		t.Errorf("created %s %v", got, rep.StagesInFileOrder)
	}
	var names []string
	for _, st := range s.lists.Stages {
		names = append(names, st.Name)
	}
	if got := strings.Join(names[len(names)-4:], ","); got != "Contact,Discovery,Trial,Signature" {
		t.Errorf("pipeline ends with %s", got)
	}
	// Furthest stages follow the pipeline's order too.
	for _, o := range s.opps {
		if o.FurthestStageID != o.StageID {
			t.Errorf("%s: furthest %d, stage %d", o.Title, o.FurthestStageID, o.StageID)
		}
	}

	// No order given: the file's, and the report says they may need reordering.
	m = &Mapping{Columns: map[string]string{"title": "Title", "stage": "Stage"}}
	rep, err = runCSV(t, newFakeStore(), m, file)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteText(&b)
	if got := strings.Join(rep.CreatedStages, ","); got != "Trial,Discovery,Signature,Contact" || !rep.StagesInFileOrder ||
		!strings.Contains(b.String(), "in the order the file names them first: reorder them in Settings") {
		t.Errorf("created %s %v\n%s", got, rep.StagesInFileOrder, b.String())
	}
}

// TestParseMappingRefusesBadDefaults reads each default date and amount
// once, with the mapping's format and separator: a bad one is the
// mapping's fault, named as defaults.<field>, not every row's.
func TestParseMappingRefusesBadDefaults(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`{"columns": {"title": "a"}, "defaults": {"detected_on": "yesterday"}}`, `defaults.detected_on: "yesterday" is not a date of the form 2006-01-02`},
		{`{"columns": {"title": "a"}, "defaults": {"detected_on": "2024-13-45"}}`, `defaults.detected_on: "2024-13-45" is not a date`},
		{`{"columns": {"title": "a"}, "defaults": {"closed_on": "2024-03-01"}, "date_format": "02/01/2006"}`, ""}, // ISO reads whatever the layout
		{`{"columns": {"title": "a"}, "defaults": {"closed_on": "31/02/2024"}, "date_format": "02/01/2006"}`, `defaults.closed_on: "31/02/2024" is not a date of the form 02/01/2006`},
		{`{"columns": {"title": "a"}, "defaults": {"closed_on": "01/03/2024"}, "date_format": "02/01/2006"}`, ""},
		{`{"columns": {"title": "a"}, "defaults": {"amount": "abc"}}`, `defaults.amount: "abc" is not an amount`},
		{`{"columns": {"title": "a"}, "defaults": {"amount": "1,5"}}`, `defaults.amount: "1,5" is not an amount (decimal separator ".")`},
		{`{"columns": {"title": "a"}, "defaults": {"amount": "1,5"}, "decimal_separator": ","}`, ""},
		{`{"columns": {"title": "a"}, "defaults": {"amount": "0 €"}, "decimal_separator": ","}`, ""},
		{`{"columns": {"title": "a"}, "defaults": {"currency": "euros"}}`, `defaults.currency: "euros" is not a currency`},
		{`{"columns": {"title": "a"}, "defaults": {"currency": "EUR"}}`, ""},
		{`{"entity": "orders", "columns": {"account": "a"}, "defaults": {"ordered_on": "soon"}}`, `defaults.ordered_on: "soon" is not a date`},
	} {
		_, err := ParseMapping(strings.NewReader(c.doc))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.doc, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || closer.ErrorField(err) != "defaults"):
			t.Errorf("%s: got %v, want %q", c.doc, err, c.want)
		}
	}
}
