package web

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"closer"
)

// periodNotesStub answers FindNotes with fixed notes, whatever the filter.
type periodNotesStub struct {
	closer.NoteService
	notes []*closer.ConsultantNote
}

func (s periodNotesStub) FindNotes(ctx context.Context, f closer.NoteFilter) ([]*closer.ConsultantNote, int, error) {
	var out []*closer.ConsultantNote
	for _, n := range s.notes {
		if (f.From.IsZero() || !n.StartsOn.Before(f.From)) && (f.To.IsZero() || !n.StartsOn.After(f.To)) {
			out = append(out, n)
		}
	}
	return out, len(out), nil
}

// TestPeriodNotesAndPartial: a page about a quarter gets the notes of the
// quarter, of its months and of its year, and the partial consultant_notes
// shows them escaped, with their period and a link to their page.
func TestPeriodNotesAndPartial(t *testing.T) {
	at := time.Date(2025, 5, 2, 9, 0, 0, 0, time.UTC)
	notes := []*closer.ConsultantNote{
		{ID: 1, Period: closer.PeriodYear, StartsOn: closer.MustDate("2025-01-01"), Body: "Cap de l'année", AuthorName: "Claire", Version: 1, Created: at, Updated: at},
		{ID: 2, Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2025-04-01"), Body: "Relancer <vite>\nles attentes", AuthorName: "Claire", Version: 2, Created: at, Updated: at},
		{ID: 3, Period: closer.PeriodMonth, StartsOn: closer.MustDate("2025-05-01"), Body: "Mai", AuthorName: "Claire", Version: 1, Created: at, Updated: at},
		{ID: 4, Period: closer.PeriodQuarter, StartsOn: closer.MustDate("2025-01-01"), Body: "T1", AuthorName: "Claire", Version: 1, Created: at, Updated: at},
		{ID: 5, Period: closer.PeriodYear, StartsOn: closer.MustDate("2024-01-01"), Body: "2024", AuthorName: "Claire", Version: 1, Created: at, Updated: at},
	}
	s := &Server{Notes: periodNotesStub{notes: notes}}
	got, err := s.periodNotes(context.Background(), closer.QuarterOf(closer.MustDate("2025-05-10")))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, n := range got {
		ids = append(ids, n.ID)
	}
	if len(ids) != 3 || ids[0] != 1 || ids[1] != 2 || ids[2] != 3 {
		t.Fatalf("notes of Q2 2025: %v, want the year's, the quarter's and May's", ids)
	}

	p, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	v := &view{Lang: "fr", Org: &closer.Org{Slug: "acme", Timezone: "Europe/Paris"}}
	var buf bytes.Buffer
	if err := p["notes"].ExecuteTemplate(&buf, "consultant_notes", v.ConsultantNotes(got)); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{"Notes du consultant", "T2 2025", "Relancer &lt;vite&gt;\nles attentes", `href="/o/acme/notes/2"`, "2 versions", `href="/o/acme/notes"`} {
		if !strings.Contains(html, want) {
			t.Errorf("partial lacks %q:\n%s", want, html)
		}
	}
	buf.Reset()
	if err := p["notes"].ExecuteTemplate(&buf, "consultant_notes", v.ConsultantNotes(nil)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Aucune note du consultant pour cette période.") {
		t.Errorf("empty partial: %s", buf.String())
	}
}
