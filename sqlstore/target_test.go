package sqlstore_test

import (
	"fmt"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestTargets(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		d := closer.MustDate
		team := &closer.Target{Period: closer.PeriodYear, StartsOn: d("2024-01-01"), Amount: 100_000_00}
		q2 := &closer.Target{UserID: c.salesID, Period: closer.PeriodQuarter, StartsOn: d("2024-04-01"), Amount: 20_000_00}
		may := &closer.Target{UserID: c.salesID, Period: closer.PeriodMonth, StartsOn: d("2024-05-01"), Amount: 7_000_00}
		july := &closer.Target{UserID: c.collID, Period: closer.PeriodMonth, StartsOn: d("2024-07-01"), Amount: 6_000_00}
		lastYear := &closer.Target{Period: closer.PeriodYear, StartsOn: d("2023-01-01"), Amount: 90_000_00}
		for i, tg := range []*closer.Target{team, q2, may, july, lastYear} {
			ctx := c.owner
			if i%2 == 1 {
				ctx = c.manager
			}
			if err := db.SetTarget(ctx, tg); err != nil {
				t.Fatal(err)
			} else if tg.ID == 0 {
				t.Fatal("no id")
			}
		}
		// Setting the same person's period again replaces the amount.
		again := &closer.Target{UserID: c.salesID, Period: closer.PeriodQuarter, StartsOn: d("2024-04-01"), Amount: 25_000_00}
		if err := db.SetTarget(c.manager, again); err != nil {
			t.Fatal(err)
		} else if again.ID != q2.ID {
			t.Fatalf("upsert made a new target %d, want %d", again.ID, q2.ID)
		}

		find := func(user int64, from, to string) string {
			t.Helper()
			var f, tt closer.Date
			if from != "" {
				f = d(from)
			}
			if to != "" {
				tt = d(to)
			}
			list, err := db.FindTargets(c.consultant, user, f, tt)
			if err != nil {
				t.Fatal(err)
			}
			s := ""
			for _, tg := range list {
				s += fmt.Sprintf("%d:%s:%s:%d ", tg.UserID, tg.Period, tg.StartsOn, tg.Amount/100)
			}
			return s
		}
		s, k := c.salesID, c.collID
		for _, tc := range []struct {
			what     string
			user     int64
			from, to string
			want     string
		}{
			{"everything", 0, "", "", fmt.Sprintf("0:year:2023-01-01:90000 0:year:2024-01-01:100000 %d:quarter:2024-04-01:25000 %d:month:2024-05-01:7000 %d:month:2024-07-01:6000 ", s, s, k)},
			{"June: the year and Q2", 0, "2024-06-01", "2024-06-30", fmt.Sprintf("0:year:2024-01-01:100000 %d:quarter:2024-04-01:25000 ", s)},
			{"May 31 to July 1 overlaps May and July", 0, "2024-05-31", "2024-07-01", fmt.Sprintf("0:year:2024-01-01:100000 %d:quarter:2024-04-01:25000 %d:month:2024-05-01:7000 %d:month:2024-07-01:6000 ", s, s, k)},
			{"one salesperson", s, "2024-01-01", "2024-12-31", fmt.Sprintf("%d:quarter:2024-04-01:25000 %d:month:2024-05-01:7000 ", s, s)},
			{"team only", -1, "", "", "0:year:2023-01-01:90000 0:year:2024-01-01:100000 "},
			{"last day of 2023", -1, "2023-12-31", "2023-12-31", "0:year:2023-01-01:90000 "},
			{"before anything", 0, "2020-01-01", "2022-12-31", ""},
			{"open start", s, "", "2024-04-30", fmt.Sprintf("%d:quarter:2024-04-01:25000 ", s)},
		} {
			if got := find(tc.user, tc.from, tc.to); got != tc.want {
				t.Fatalf("%s:\n got %q\nwant %q", tc.what, got, tc.want)
			}
		}

		wantErr(t, "manager deletes a target", db.DeleteTarget(c.manager, july.ID), closer.EFORBIDDEN, "")
		if err := db.DeleteTarget(c.owner, july.ID); err != nil {
			t.Fatal(err)
		}
		if got := find(k, "", ""); got != "" {
			t.Fatalf("deleted target still found: %q", got)
		}
		wantErr(t, "delete twice", db.DeleteTarget(c.owner, july.ID), closer.ENOTFOUND, "")
	})
}

func TestTargetBadInputAndRoles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "acme")
		rival, _ := newOrg(t, db, "rival")
		d := closer.MustDate
		for _, tc := range []struct {
			what  string
			tg    closer.Target
			field string
		}{
			{"no start", closer.Target{Period: closer.PeriodMonth}, "starts_on"},
			{"mid-month", closer.Target{Period: closer.PeriodMonth, StartsOn: d("2024-05-15")}, "starts_on"},
			{"quarter in February", closer.Target{Period: closer.PeriodQuarter, StartsOn: d("2024-02-01")}, "starts_on"},
			{"year in July", closer.Target{Period: closer.PeriodYear, StartsOn: d("2024-07-01")}, "starts_on"},
			{"wrong period", closer.Target{Period: "week", StartsOn: d("2024-07-01")}, "period"},
			{"negative amount", closer.Target{Period: closer.PeriodMonth, StartsOn: d("2024-07-01"), Amount: -1}, "amount"},
			{"foreign member", closer.Target{UserID: userOf(rival), Period: closer.PeriodMonth, StartsOn: d("2024-07-01")}, "owner"},
			{"unknown user", closer.Target{UserID: 999999, Period: closer.PeriodMonth, StartsOn: d("2024-07-01")}, "owner"},
			{"negative user", closer.Target{UserID: -1, Period: closer.PeriodMonth, StartsOn: d("2024-07-01")}, "owner"},
		} {
			tg := tc.tg
			wantErr(t, tc.what, db.SetTarget(c.owner, &tg), closer.EINVALID, tc.field)
		}
		own := &closer.Target{UserID: c.salesID, Period: closer.PeriodMonth, StartsOn: d("2024-07-01"), Amount: 1}
		wantErr(t, "sales sets their own target", db.SetTarget(c.sales, own), closer.EFORBIDDEN, "")
		wantErr(t, "consultant sets a target", db.SetTarget(c.consultant, own), closer.EFORBIDDEN, "")
		if err := db.SetTarget(c.manager, own); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "sales deletes a target", db.DeleteTarget(c.sales, own.ID), closer.EFORBIDDEN, "")
		wantErr(t, "consultant deletes a target", db.DeleteTarget(c.consultant, own.ID), closer.EFORBIDDEN, "")

		foreign := &closer.Target{Period: closer.PeriodYear, StartsOn: d("2024-01-01"), Amount: 5}
		if err := db.SetTarget(rival, foreign); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "delete foreign", db.DeleteTarget(c.owner, foreign.ID), closer.ENOTFOUND, "")
		if list, err := db.FindTargets(c.owner, 0, closer.Date{}, closer.Date{}); err != nil || len(list) != 1 || list[0].ID != own.ID {
			t.Fatalf("targets of this org: %v %v", list, err)
		}
		if list, err := db.FindTargets(rival, 0, closer.Date{}, closer.Date{}); err != nil || len(list) != 1 || list[0].ID != foreign.ID {
			t.Fatalf("the rival's targets: %v %v", list, err)
		}
	})
}
