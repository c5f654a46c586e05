package importer

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"closer"
)

// mondayBoard is a monday.com board export: a title, then each group's name
// alone on its row, the header again, the group's items, a blank row.
var mondayBoard = [][]any{
	{"Sales Pipeline"}, {}, {"Active deals"},
	{"Name", "Subitems", "Owner", "Status", "Deal Value", "Close Date", "Company"},
	{"Roof renovation", "", "Sam", "Working on it", 12500.5, "", "Acme"},
	{"Windows", "", "Mia", "Stuck", 3000, "", "Globex"}, {},
	{"Won"},
	{"Name", "Subitems", "Owner", "Status", "Deal Value", "Close Date", "Company"},
	{"Solar panels", "", "Sam", "Done", 8000, "2024-02-10", "Initech"}, {},
	{"Lost"},
	{"Name", "Subitems", "Owner", "Status", "Deal Value", "Close Date", "Company"},
	{"Heat pump", "", "Mia", "Lost", 4000, "2024-01-20", "Acme"},
}

// TestGroupTitlesLeftOut: a group's name alone on the row above a repeated
// header (a monday.com board's "Won", "Lost") is no record: it is left out
// and named in the report, in CSV (LibreOffice writes its empty cells) and
// XLSX (N6 of the fifth QA round: the group names were imported as open
// opportunities). The rows keep the status of their own column.
func TestGroupTitlesLeftOut(t *testing.T) {
	m := mapping(t, `{"entity": "opportunities", "columns": {"title": "Name", "owner": "Owner", "status": "Status", "amount": "Deal Value",
		"closed_on": "Close Date", "account": "Company"},
		"values": {"status": {"Working on it": "open", "Stuck": "open", "Done": "won", "Lost": "lost"}},
		"defaults": {"loss_reason": "Not recorded", "competitor": "unknown"}}`)
	csv := "Sales Pipeline,,,,,,\n,,,,,,\nActive deals,,,,,,\n" +
		"Name,Subitems,Owner,Status,Deal Value,Close Date,Company\n" +
		"Roof renovation,,Sam,Working on it,12500.5,,Acme\nWindows,,Mia,Stuck,3000,,Globex\n,,,,,,\n" +
		"Won,,,,,,\nName,Subitems,Owner,Status,Deal Value,Close Date,Company\nSolar panels,,Sam,Done,8000,2024-02-10,Initech\n,,,,,,\n" +
		"Lost,,,,,,\nName,Subitems,Owner,Status,Deal Value,Close Date,Company\nHeat pump,,Mia,Lost,4000,2024-01-20,Acme\n"
	f := excelize.NewFile()
	rows(f, "Sheet1", mondayBoard...)
	for name, data := range map[string][]byte{"board.csv": []byte(csv), "board.xlsx": workbook(t, f)} {
		tb, err := Read(name, bytes.NewReader(data), m)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s := newFakeStore()
		rep, err := Run(ownerCtx(), s, m, tb, Options{Now: fixedNowLater})
		if err != nil || rep.Imported != 4 {
			t.Fatalf("%s: %v %+v", name, err, rep)
		}
		var titles []string
		for _, o := range s.opps {
			titles = append(titles, o.Title+" "+string(o.Status))
		}
		if want := []string{"Roof renovation open", "Windows open", "Solar panels won", "Heat pump lost"}; !slices.Equal(titles, want) {
			t.Errorf("%s: imported %v, want %v", name, titles, want)
		}
		if !slices.Equal(rep.LeftOut, []int{1, 3, 8, 9, 12, 13}) || !slices.Equal(rep.GroupTitles, []GroupTitle{{8, "Won"}, {12, "Lost"}}) {
			t.Errorf("%s: left out %v, group titles %v", name, rep.LeftOut, rep.GroupTitles)
		}
		var b strings.Builder
		rep.WriteText(&b)
		if !strings.Contains(b.String(), `among them, group titles above a repeated header, not records (each row's status is its own): line 8 "Won", line 12 "Lost"`) {
			t.Errorf("%s: summary\n%s", name, b.String())
		}
	}
}

// TestGroupTitlesOneField: a CSV file whose group names are records of one
// field (no empty cells written after them) leaves them out too.
func TestGroupTitlesOneField(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "status": "Status", "amount": "Amount?"}}`)
	data := "Board\n\nActive\nTitle,Status,Amount\nA,open,1\n\nWon\nTitle,Status,Amount\nB,won,2\n\nLost\nTitle,Status,Amount\nC,lost,0\n"
	tb := readString(t, "board.csv", data, m)
	if len(tb.Rows) != 3 || len(tb.Problems) != 0 || !slices.Equal(tb.LeftOut, []int{1, 3, 7, 8, 11, 12}) ||
		!slices.Equal(tb.GroupTitles, []GroupTitle{{7, "Won"}, {11, "Lost"}}) {
		t.Fatalf("rows %+v, problems %+v, left out %v, groups %v", tb.Rows, tb.Problems, tb.LeftOut, tb.GroupTitles)
	}
}

// TestGroupTitleOnlyAboveRepeatedHeader: a row that fills its first cell
// alone is a record elsewhere (an opportunity with a title only), and so is
// one that fills two cells above a repeated header.
func TestGroupTitleOnlyAboveRepeatedHeader(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "status": "Status?", "amount": "Amount?"}}`)
	data := "Title,Status,Amount\nA,,\nB,open,\nTitle,Status,Amount\nC,,\n"
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNowLater})
	if err != nil || rep.Imported != 3 || len(rep.GroupTitles) != 0 || !slices.Equal(rep.LeftOut, []int{4}) {
		t.Fatalf("%v %+v", err, rep)
	}
	if s.opps[2].Title != "C" || s.opps[2].Status != closer.StatusOpen {
		t.Errorf("%+v", s.opps[2])
	}
}
