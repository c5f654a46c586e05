package sqlstore

import (
	"database/sql"
	"os"
	"slices"
	"testing"

	"closer"
)

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

// The packed group keys must read back what SQL packed, on both databases:
// owners, months and quarters, every status code, and cycle days either
// side of zero.
func TestPackedKeys(t *testing.T) {
	dsns := map[string]string{"sqlite": ":memory:"}
	if u := os.Getenv("CLOSER_TEST_POSTGRES"); u != "" {
		dsns["pgx"] = u
	}
	cases := []struct {
		g       closer.Grouping
		owner   int64
		closed  string
		status  string
		days    int
		group   string
		code    int
		withDay bool
	}{
		{closer.GroupOwner, 2147483000, "2017-03-31", "won", 0, "2147483000", 1, true},
		{closer.GroupOwner, 0, "2017-03-31", "lost", -4000000, "0", 2, true},
		{closer.GroupMonth, 7, "9999-12-31", "vanished", 4000000, "9999-12", 3, true},
		{closer.GroupMonth, 7, "0001-01-01", "open", 12, "0001-01", 0, false},
		{closer.GroupQuarter, 7, "2017-10-01", "won", 365, "2017-Q4", 1, true},
		{closer.GroupQuarter, 7, "2017-03-31", "on_hold", -1, "2017-Q1", 0, true},
		{closer.GroupNone, 7, "2017-03-31", "vanished", 1, "", 3, false},
	}
	for driver, dsn := range dsns {
		t.Run(driver, func(t *testing.T) {
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, c := range cases {
				days := ""
				if c.withDay {
					days = "CAST($4 AS INTEGER)"
				}
				var key int64
				q := `SELECT ` + packedKey(groupNumber(c.g, "closed_on"), statusCode, days) + ` FROM (SELECT CAST($1 AS BIGINT) AS owner_id, CAST($2 AS TEXT) AS closed_on, CAST($3 AS TEXT) AS status, CAST($4 AS INTEGER) AS d) o`
				if err := db.QueryRow(q, c.owner, c.closed, c.status, c.days).Scan(&key); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				group, code, d := unpack(key, c.withDay)
				if !c.withDay {
					c.days = 0
				}
				if got := groupLabel(c.g, group); got != c.group || code != c.code || d != c.days {
					t.Errorf("%+v: read back %q, code %d, %d days", c, got, code, d)
				}
			}
		})
	}
}

// splitQuarters cuts a range of whole months into whole calendar quarters
// and the months before and after them.
func TestSplitQuarters(t *testing.T) {
	m := func(y, mo int) int { return y*12 + mo - 1 }
	for _, c := range []struct {
		in       monthRange
		edges    []monthRange
		quarters monthRange
		ok       bool
	}{
		{monthRange{m(2024, 4), m(2024, 6)}, nil, monthRange{2024*4 + 1, 2024*4 + 1}, true},                                                                 // Q2
		{monthRange{m(2024, 1), m(2024, 12)}, nil, monthRange{2024 * 4, 2024*4 + 3}, true},                                                                  // a year
		{monthRange{m(2024, 2), m(2024, 11)}, []monthRange{{m(2024, 2), m(2024, 3)}, {m(2024, 10), m(2024, 11)}}, monthRange{2024*4 + 1, 2024*4 + 2}, true}, // Feb–Nov
		{monthRange{m(2024, 5), m(2024, 7)}, []monthRange{{m(2024, 5), m(2024, 7)}}, monthRange{}, false},                                                   // across two quarters
		{monthRange{m(2024, 3), m(2024, 3)}, []monthRange{{m(2024, 3), m(2024, 3)}}, monthRange{}, false},                                                   // one month
		{monthRange{m(2023, 12), m(2024, 3)}, []monthRange{{m(2023, 12), m(2023, 12)}}, monthRange{2024 * 4, 2024 * 4}, true},                               // Dec–Mar
	} {
		edges, quarters, ok := splitQuarters(c.in)
		if !slices.Equal(edges, c.edges) || quarters != c.quarters || ok != c.ok {
			t.Errorf("splitQuarters(%v) = %v, %v, %v; want %v, %v, %v", c.in, edges, quarters, ok, c.edges, c.quarters, c.ok)
		}
	}
}

// The schema text's placeholders and PostgreSQL-only lines become each
// dialect's; on SQLite an id is AUTOINCREMENT from migrationIDsNeverReused on.
func TestDialectSchema(t *testing.T) {
	text := "-- postgres: CREATE INDEX a ON t (x);\nCREATE TABLE t (id {{ID}}, x INT) {{CLUSTERED}};\n-- postgres: ANALYZE t;\n-- a comment -- postgres: not at a line's start\n"
	for _, c := range []struct {
		d       dialect
		version int
		want    string
	}{
		{sqlite, migrationIDsNeverReused - 1, "-- postgres: CREATE INDEX a ON t (x);\nCREATE TABLE t (id INTEGER PRIMARY KEY, x INT) WITHOUT ROWID;\n-- postgres: ANALYZE t;\n-- a comment -- postgres: not at a line's start\n"},
		{sqlite, migrationIDsNeverReused, "-- postgres: CREATE INDEX a ON t (x);\nCREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x INT) WITHOUT ROWID;\n-- postgres: ANALYZE t;\n-- a comment -- postgres: not at a line's start\n"},
		{postgres, migrationIDsNeverReused - 1, "CREATE INDEX a ON t (x);\nCREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x INT) ;\nANALYZE t;\n-- a comment -- postgres: not at a line's start\n"},
		{postgres, migrationIDsNeverReused, "CREATE INDEX a ON t (x);\nCREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x INT) ;\nANALYZE t;\n-- a comment -- postgres: not at a line's start\n"},
	} {
		if got := c.d.schema(text, c.version); got != c.want {
			t.Errorf("dialect %d, migration %d:\n%s\nwant\n%s", c.d, c.version, got, c.want)
		}
	}
}
