package sqlstore_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestContactPersonalDataAndErasure(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "gdpr")
		acc := mustAccount(t, db, tm.owner, "Dupont SARL")
		c := &closer.Contact{Name: "Marie Dupont", Email: "marie@dupont.test", Phone: "0601020304", JobTitle: "Gérante", AccountID: acc.ID}
		if err := db.CreateContact(tm.owner, c); err != nil {
			t.Fatal(err)
		}
		won := &closer.Opportunity{Title: "Fenêtres", ContactID: c.ID, AccountID: acc.ID, Amount: 150000, DetectedOn: closer.MustDate("2024-05-02")}
		if err := db.CreateOpportunity(tm.owner, won); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CloseOpportunity(tm.owner, won.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-10"), Amount: cents(140000)}); err != nil {
			t.Fatal(err)
		}
		act := &closer.Activity{Kind: closer.ActivityCall, Subject: "Rappel", OpportunityID: won.ID, Note: "Marie préfère le matin", DueOn: closer.MustDate("2024-06-20")}
		if err := db.CreateActivity(tm.owner, act); err != nil {
			t.Fatal(err)
		}

		_, err := db.ContactPersonalData(tm.sales1, c.ID)
		wantErr(t, "sales exports", err, closer.EFORBIDDEN, "")
		wantErr(t, "consultant erases", db.EraseContact(tm.consultant, c.ID), closer.EFORBIDDEN, "")
		other, _ := newOrg(t, db, "gdpr-other")
		wantErr(t, "foreign org erases", db.EraseContact(other, c.ID), closer.ENOTFOUND, "")

		pd, err := db.ContactPersonalData(tm.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(pd)
		for _, want := range []string{"marie@dupont.test", "Dupont SARL", "Fenêtres", "Marie préfère le matin", `"kind":"status"`, `"erasure":null`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("export lacks %s: %s", want, b)
			}
		}

		period := closer.Period{From: closer.MustDate("2024-01-01"), To: closer.MustDate("2024-12-31")}
		before, err := db.Stats(tm.owner, closer.StatsQuery{Period: period, Group: closer.GroupOwner})
		if err != nil {
			t.Fatal(err)
		}
		if before.Total.Won != 1 || before.Total.WonAmount != 140000 {
			t.Fatalf("figures before erasing: %+v", before.Total)
		}
		if err := db.EraseContact(tm.manager, c.ID); err != nil {
			t.Fatal(err)
		}
		after, err := db.Stats(tm.owner, closer.StatsQuery{Period: period, Group: closer.GroupOwner})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("erasing changed the figures:\nbefore %+v\nafter  %+v", before, after)
		}
		pd, err = db.ContactPersonalData(tm.owner, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := pd.Contact
		if got.Name != closer.ErasedContactName(c.ID) || got.Email != "" || got.Phone != "" || got.JobTitle != "" {
			t.Errorf("erased contact: %+v", got)
		}
		if len(pd.Activities) != 1 || pd.Activities[0].Note != "" {
			t.Errorf("the activity note stays: %+v", pd.Activities)
		}
		if len(pd.Opportunities) != 1 || pd.Opportunities[0].Status != closer.StatusWon || pd.Opportunities[0].Amount != 140000 {
			t.Errorf("the opportunity changed: %+v", pd.Opportunities)
		}
		if pd.Erasure == nil || pd.Erasure.UserID != userOf(tm.manager) {
			t.Errorf("erasure not recorded: %+v", pd.Erasure)
		}
	})
}
