package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// beforeAutoincrement is the last migration before ids were never given
// twice on SQLite.
const beforeAutoincrement = sqlstore.MigrationIDsNeverReused - 1

// TestMigrationNeverReusesIDs migrates a database of the schema before
// MigrationIDsNeverReused,
// holding records of every kind, some deleted, and statistics: every row
// stays as it was, foreign keys and indexes hold, the statistics are kept,
// the schema is a new database's to the letter, the newest record of each
// kind deleted before the migration keeps its id to itself (the audit log
// names it), and from then on a deleted id is never given again. On
// PostgreSQL the migration changes nothing.
func TestMigrationNeverReusesIDs(t *testing.T) {
	eachOldDatabase(t, beforeAutoincrement, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		pg := db.IsPostgres()
		before := fillEveryTable(t, db)
		if !pg {
			// Statistics, one marked as ANALYZE would not write it: the
			// migration keeps them, it does not analyze again.
			_, err := db.SQL().Exec(`ANALYZE`)
			must(t, err)
			_, err = db.SQL().Exec(`UPDATE sqlite_stat1 SET stat = stat || ' sz=77' WHERE idx = 'opportunities_owner'`)
			must(t, err)
		}
		rows, schema, stats := tableRows(t, db), sqliteSchema(t, db), sqliteStatistics(t, db)

		n, err := db.ApplyMigrationsTo(ctx, sqlstore.MigrationIDsNeverReused)
		must(t, err)
		if n != 1 {
			t.Fatalf("applied %d migrations, want 1", n)
		}
		if got := tableRows(t, db); !equalRows(t, got, rows) {
			t.Fatal("the rows changed")
		}
		if !pg {
			checkSQLiteIntact(t, db)
			if got := sqliteStatistics(t, db); !slices.Equal(got, stats) || !strings.Contains(strings.Join(got, "\n"), " sz=77") {
				t.Errorf("statistics\n%v\nwant\n%v", got, stats)
			}
			after := sqliteSchema(t, db)
			for _, s := range schema {
				if !strings.HasPrefix(s, "table|") && !slices.Contains(after, s) {
					t.Errorf("lost or changed: %s", s)
				}
			}
			if fresh := sqliteSchema(t, sqltest.SQLite(t)); !slices.Equal(after, fresh) {
				t.Errorf("a migrated database's schema is not a new one's:\n%s\nnew:\n%s", strings.Join(after, "\n"), strings.Join(fresh, "\n"))
			}
			checkSequences(t, db, before.goneByTable())
		}
		// The newest record deleted before the migration, which the
		// audit log names, is not given its id again.
		for _, k := range idKinds(db, before.crew, before.acc, before.opp) {
			if k.name == "saved filter" {
				continue // its deletion is not audited: its id cannot be known
			}
			if next := k.create(t); next <= before.gone[k.name] {
				t.Errorf("%s: created after the migration, got %d, deleted before it: %d", k.name, next, before.gone[k.name])
			}
		}
		// From now on, a deleted id is never given again.
		c := newCrew(t, db, "after")
		acc := mustAccount(t, db, c.manager, "Leroy")
		opp := &closer.Opportunity{Title: "Keep", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
		must(t, db.CreateOpportunity(c.sales, opp))
		for _, k := range idKinds(db, c, acc, opp) {
			gone := k.create(t)
			must(t, k.delete(gone))
			if next := k.create(t); next <= gone {
				t.Errorf("%s: created after %d was deleted, got %d", k.name, gone, next)
			}
		}
	})
}

// eachOldDatabase runs fn on a SQLite and a PostgreSQL database migrated up
// to version alone: the databases an older Closer left, for the tests of a
// later migration.
func eachOldDatabase(t *testing.T, version int, fn func(t *testing.T, db *sqlstore.DB)) {
	for _, pg := range []bool{false, true} {
		name := "sqlite"
		if pg {
			name = "postgres"
		}
		t.Run(name, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "old.db")
			if pg {
				dsn = sqltest.NewPostgresDatabase(t)
			}
			db, err := sqlstore.Open(context.Background(), dsn)
			must(t, err)
			defer db.Close()
			must(t, db.MigrateTo(context.Background(), version))
			fn(t, db)
		})
	}
}

// filled is what fillEveryTable wrote: its crew, an account and an
// opportunity, and the id of the newest record of each kind of idKinds,
// deleted.
type filled struct {
	crew *crew
	acc  *closer.Account
	opp  *closer.Opportunity
	gone map[string]int64
}

// goneByTable returns the ids deleted of the kinds whose deletion the audit
// log names, by table.
func (f filled) goneByTable() map[string]int64 {
	tables := map[string]string{"opportunity": "opportunities", "account": "accounts", "contact": "contacts",
		"quote": "quotes", "order": "orders", "activity": "activities", "target": "targets"}
	out := map[string]int64{}
	for kind, id := range f.gone {
		if table, ok := tables[kind]; ok {
			out[table] = id
		}
	}
	return out
}

// fillEveryTable writes records of every kind, with the store of the
// schema it finds, and deletes some, the newest of each kind among them.
func fillEveryTable(t *testing.T, db *sqlstore.DB) filled {
	t.Helper()
	c := newCrew(t, db, "before")
	acc := mustAccount(t, db, c.manager, "Leroy")
	for i := range 40 {
		o := &closer.Opportunity{Title: "Vitrine " + strconv.Itoa(i), AccountID: acc.ID, Amount: 1500, DetectedOn: closer.MustDate("2024-05-20")}
		must(t, db.CreateOpportunity(c.sales, o))
		if i%2 == 0 {
			_, err := db.CloseOpportunity(c.sales, o.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-15"), Amount: new(closer.Money(2000))})
			must(t, err)
		}
	}
	opp := &closer.Opportunity{Title: "Keep", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
	must(t, db.CreateOpportunity(c.sales, opp))
	gone := map[string]int64{}
	for _, k := range idKinds(db, c, acc, opp) {
		k.create(t)
		k.create(t)
		gone[k.name] = k.create(t)
		must(t, k.delete(gone[k.name]))
	}
	erased := &closer.Contact{Name: "Jeanne", AccountID: acc.ID}
	must(t, db.CreateContact(c.manager, erased))
	must(t, db.EraseContact(c.owner, erased.ID))
	must(t, db.CreateNote(c.consultant, &closer.ConsultantNote{Period: closer.PeriodMonth, StartsOn: closer.MustDate("2024-06-01"), Body: "Relancer"}))
	_, _, err := db.CreateToken(c.sales, c.salesID, "script")
	must(t, err)
	_, _, err = db.CreateInvitation(c.owner, "new@before.test", closer.RoleSales)
	must(t, err)
	must(t, db.CreateListItem(c.owner, &closer.ListItem{Kind: closer.ListCompetitors, Name: "Rival"}))
	return filled{crew: c, acc: acc, opp: opp, gone: gone}
}

// userTables lists the database's tables but SQLite's own and
// schema_migrations.
func userTables(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`
	if db.IsPostgres() {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`
	}
	names := queryStrings(t, db, q)
	return slices.DeleteFunc(names, func(n string) bool { return n == "schema_migrations" })
}

// tableRows returns every row of every table as text, by table, in id order
// (or the rows' order, sorted).
func tableRows(t *testing.T, db *sqlstore.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range userTables(t, db) {
		rows, err := db.SQL().Query(`SELECT * FROM ` + table)
		must(t, err)
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			var b strings.Builder
			for i, v := range vals {
				b.WriteString(cols[i] + "=" + string(v) + "|")
			}
			lines = append(lines, b.String())
		}
		rows.Close()
		slices.Sort(lines)
		out[table] = lines
	}
	return out
}

// equalRows reports whether two tableRows are the same, telling the first
// differences.
func equalRows(t *testing.T, got, want map[string][]string) bool {
	t.Helper()
	same := len(got) == len(want)
	for table, w := range want {
		if g := got[table]; !slices.Equal(g, w) {
			same = false
			t.Errorf("%s: %d rows, want %d", table, len(g), len(w))
			for i := range min(len(g), len(w)) {
				if g[i] != w[i] {
					t.Errorf("%s: row\n%s\nwant\n%s", table, g[i], w[i])
					break
				}
			}
		}
	}
	return same
}

// sqliteSchema returns SQLite's schema but its statistics tables (the
// statistics are compared apart), as "type|name|table|sql", sorted; nil on
// PostgreSQL.
func sqliteSchema(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	if db.IsPostgres() {
		return nil
	}
	return queryStrings(t, db, `SELECT type || '|' || name || '|' || tbl_name || '|' || COALESCE(sql, '') FROM sqlite_schema
		WHERE name NOT LIKE 'sqlite\_stat%' ESCAPE '\' ORDER BY type, name`)
}

// sqliteStatistics returns the rows of sqlite_stat1 as text, sorted; nil
// on PostgreSQL.
func sqliteStatistics(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	if db.IsPostgres() {
		return nil
	}
	return queryStrings(t, db, `SELECT tbl || '|' || COALESCE(idx, '') || '|' || stat FROM sqlite_stat1 ORDER BY 1`)
}

// checkSQLiteIntact runs SQLite's integrity and foreign key checks.
func checkSQLiteIntact(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	if got := queryStrings(t, db, `PRAGMA integrity_check`); !slices.Equal(got, []string{"ok"}) {
		t.Errorf("integrity check: %v", got)
	}
	if got := queryStrings(t, db, `SELECT "table" || ' row ' || rowid || ' -> ' || parent FROM pragma_foreign_key_check`); len(got) > 0 {
		t.Errorf("foreign keys without their row: %v", got)
	}
}

// checkSequences checks that every table with an id column has
// AUTOINCREMENT, its sequence at its largest id, or at the id of gone when
// larger (the newest record, deleted).
func checkSequences(t *testing.T, db *sqlstore.DB, gone map[string]int64) {
	t.Helper()
	withID := queryStrings(t, db, `SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'id' ORDER BY m.name`)
	if len(withID) < 17 {
		t.Errorf("only %d tables with an id: %v", len(withID), withID)
	}
	for _, table := range withID {
		var text string
		var maxID, seq sql.NullInt64
		must(t, db.SQL().QueryRow(`SELECT sql, (SELECT MAX(id) FROM `+table+`), (SELECT seq FROM sqlite_sequence WHERE name = $1)
			FROM sqlite_schema WHERE name = $1`, table).Scan(&text, &maxID, &seq))
		if !strings.Contains(text, "INTEGER PRIMARY KEY AUTOINCREMENT") {
			t.Errorf("%s: no AUTOINCREMENT: %s", table, text)
		}
		want := maxID
		if id, ok := gone[table]; ok && id > want.Int64 {
			want = sql.NullInt64{Int64: id, Valid: true}
		}
		if seq != want {
			t.Errorf("%s: sequence %v, want %v (largest id %v)", table, seq, want, maxID)
		}
	}
}

func queryStrings(t *testing.T, db *sqlstore.DB, q string) []string {
	t.Helper()
	rows, err := db.SQL().Query(q)
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		must(t, rows.Scan(&s))
		out = append(out, s)
	}
	must(t, rows.Err())
	return out
}

// TestMigrationStartsPastReferencedIDs migrates a SQLite database whose
// newest opportunity is gone, unaudited, while a quote still refers to it
// (a row kept by mistake, foreign keys off): the next opportunity does not
// take its id, which would hand it the stray quote.
func TestMigrationStartsPastReferencedIDs(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "old.db"))
	must(t, err)
	defer db.Close()
	must(t, db.MigrateTo(ctx, beforeAutoincrement))
	c := newCrew(t, db, "refs")
	acc := mustAccount(t, db, c.manager, "Leroy")
	opp := &closer.Opportunity{Title: "Gone", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
	must(t, db.CreateOpportunity(c.sales, opp))
	must(t, db.CreateQuote(c.manager, &closer.Quote{OpportunityID: opp.ID, Number: "DV-1", Amount: 100, Status: closer.QuoteDraft}))
	conn, err := db.SQL().Conn(ctx)
	must(t, err)
	for _, q := range []string{`PRAGMA foreign_keys = OFF`, `DELETE FROM events`, `DELETE FROM opportunities`, `PRAGMA foreign_keys = ON`} {
		_, err := conn.ExecContext(ctx, q)
		must(t, err)
	}
	must(t, conn.Close())

	_, err = db.ApplyMigrations(ctx)
	must(t, err)
	next := &closer.Opportunity{Title: "New", AccountID: acc.ID, DetectedOn: closer.MustDate("2024-05-20")}
	must(t, db.CreateOpportunity(c.sales, next))
	if next.ID <= opp.ID {
		t.Errorf("created after the migration: opportunity %d, a quote still refers to %d", next.ID, opp.ID)
	}
}
