package demo_test

import (
	"context"
	"testing"
	"time"

	"closer"
	"closer/demo"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// TestNoEventAfterNow: a demo loaded in the morning has no event later
// than the load, and each closure's event falls on its close date in the
// org's time zone.
func TestNoEventAfterNow(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		paris, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2025, 6, 30, 8, 30, 0, 0, paris) // before the 9 o'clock of a detection event
		db.Now = func() time.Time { return now }          // the store writes at the same instant
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, demo.Options{Opportunities: 3000, Now: now}); err != nil {
			t.Fatal(err)
		}
		const layout = "2006-01-02T15:04:05.000000Z"
		var later int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM events WHERE at > $1`, now.UTC().Format(layout)).Scan(&later); err != nil {
			t.Fatal(err)
		}
		if later != 0 {
			t.Errorf("%d events after the load", later)
		}
		rows, err := db.SQL().Query(`SELECT e.at, e.to_value, COALESCE(o.closed_on, o.held_on) FROM events e JOIN opportunities o ON o.id = e.opportunity_id
			WHERE e.kind = 'status' AND e.to_value = o.status AND o.status <> 'open'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		today, closures := 0, 0
		for rows.Next() {
			var at, status, on string
			if err := rows.Scan(&at, &status, &on); err != nil {
				t.Fatal(err)
			}
			instant, err := time.Parse(layout, at)
			if err != nil {
				t.Fatal(err)
			}
			closures++
			if day := closer.DateOf(instant, paris).String(); day != on[:10] {
				t.Errorf("%s at %s (%s in Paris), closed on %s", status, at, day, on)
			} else if day == "2025-06-30" {
				today++
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if closures == 0 || today == 0 {
			t.Fatalf("%d closures, %d of them today: the test checks nothing", closures, today)
		}
	})
}
