package sqlstore

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	"closer"
)

// The index opportunities_closures stores cycleDays; a migration whose text
// drifted from the Go expression would leave the planners parsing two dates
// per closure again, silently.
func TestCycleDaysIndexed(t *testing.T) {
	text, err := migrations.ReadFile("migrations/0008_stats_speed.sql")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(text)), " "), cycleDays) {
		t.Errorf("migration 0008 does not index cycleDays verbatim:\n%s", cycleDays)
	}
}

// cycleDays must count the days as closer.Date does, across month and year
// ends, leap days and century years, on both databases.
func TestCycleDaysArithmetic(t *testing.T) {
	dsns := map[string]string{"sqlite": ":memory:"}
	if u := os.Getenv("CLOSER_TEST_POSTGRES"); u != "" {
		dsns["pgx"] = u
	}
	var from, to []closer.Date
	for _, d := range []string{"1999-12-31", "2000-02-28", "2000-02-29", "2000-03-01", "2023-01-01", "2024-02-29", "2024-03-01", "2100-02-28", "2100-03-01"} {
		a := closer.MustDate(d)
		for _, n := range []int{0, 1, 2, 27, 28, 29, 30, 31, 59, 60, 365, 366, 1461, 36524, 36525} {
			from, to = append(from, a), append(to, a.AddDays(n))
			from, to = append(from, a.AddDays(-n)), append(to, a)
		}
	}
	for driver, dsn := range dsns {
		t.Run(driver, func(t *testing.T) {
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for i := range from {
				var got int
				if err := db.QueryRow(`SELECT `+cycleDays+` FROM (SELECT CAST($1 AS TEXT) AS detected_on, CAST($2 AS TEXT) AS closed_on) o`,
					from[i].String(), to[i].String()).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if want := from[i].DaysUntil(to[i]); got != want {
					t.Errorf("%s to %s: %d days, want %d", from[i], to[i], got, want)
				}
			}
		})
	}
}

func TestDayCountsMedian(t *testing.T) {
	for _, c := range []struct {
		name string
		h    dayCounts
		want *float64
	}{
		{"empty", dayCounts{}, nil},
		{"one", dayCounts{7: 1}, ptr(7)},
		{"odd", dayCounts{1: 1, 5: 1, 9: 1}, ptr(5)},
		{"even, two values", dayCounts{4: 1, 67: 1}, ptr(35.5)},
		{"even, middles on one day", dayCounts{1: 1, 3: 2, 8: 1}, ptr(3)},
		{"even, middles across days", dayCounts{2: 2, 10: 2}, ptr(6)},
		{"odd, many on a day", dayCounts{0: 3, 1: 1, 2: 1}, ptr(0)},
		{"negative days", dayCounts{-3: 1, 5: 1}, ptr(1)},
	} {
		got := c.h.median()
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%s: median %v, want %v", c.name, deref(got), deref(c.want))
		}
	}
}

func ptr(f float64) *float64 { return &f }

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
