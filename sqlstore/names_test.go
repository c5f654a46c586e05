package sqlstore_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// rawListItem stores an entry of a list directly, as it was stored before
// names were normalised, and returns its id.
func rawListItem(t *testing.T, db *sqlstore.DB, orgID int64, kind closer.ListKind, name string, position int) int64 {
	t.Helper()
	var id int64
	if err := db.SQL().QueryRow(`INSERT INTO list_items (org_id, kind, name, position) VALUES ($1, $2, $3, $4) RETURNING id`,
		orgID, string(kind), name, position).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// A name that only looks like another (an accent typed as a combining
// mark, a no-break space, an invisible zero-width space) is that name: a
// list refuses it as a second entry, which would split the losses by
// reason or by competitor, and an entry stored so before the rule is found
// by the name typed today. Names are kept normalised.
func TestListNamesHoweverWritten(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "spellings")
		add := func(k closer.ListKind, name string) (*closer.ListItem, error) {
			it := &closer.ListItem{Kind: k, Name: name}
			return it, db.CreateListItem(c.owner, it)
		}
		for _, first := range []struct {
			k       closer.ListKind
			name    string
			stored  string
			doubles []string
		}{
			{closer.ListLossReasons, "Qualité", "Qualité", []string{"Qualite\u0301", "QUALITE\u0301", "\ufeffQualité"}},
			{closer.ListCompetitors, "Rival\u00a0SA", "Rival SA", []string{"Rival SA", "rival\u202fsa", "Rival\u2009SA"}},
			{closer.ListCompetitors, "Ri\u200bvalSA", "RivalSA", []string{"RivalSA", "Rival\u200bSA"}},
		} {
			it, err := add(first.k, first.name)
			if err != nil {
				t.Fatalf("%q: %v", first.name, err)
			} else if it.Name != first.stored {
				t.Errorf("%q stored as %q, want %q", first.name, it.Name, first.stored)
			}
			for _, d := range first.doubles {
				_, err := add(first.k, d)
				wantErr(t, "add "+d, err, closer.ECONFLICT, "name")
			}
		}

		// An entry stored decomposed before the rule: the same name typed
		// composed is taken, and finds it.
		legacy := rawListItem(t, db, c.org.ID, closer.ListLossReasons, "Qualite\u0301 perc\u0327ue", 50)
		_, err := add(closer.ListLossReasons, "Qualité perçue")
		wantErr(t, "add the legacy name composed", err, closer.ECONFLICT, "name")
		o := mustOpportunity(t, db, c.owner, "Toiture")
		lost, err := db.CloseOpportunity(c.owner, o.ID, o.Version, closer.CloseInput{Outcome: closer.StatusLost,
			ClosedOn: closer.MustDate("2024-06-10"), LossReason: "qualité perçue", Competitor: "Rival\u00a0SA"})
		if err != nil {
			t.Fatal(err)
		} else if lost.LossReasonID != legacy {
			t.Errorf("lost for reason %d, want the legacy entry %d", lost.LossReasonID, legacy)
		}
		l, err := db.Lists(c.owner)
		if err != nil {
			t.Fatal(err)
		} else if l.Name(closer.ListCompetitors, lost.CompetitorID) != "Rival SA" {
			t.Errorf("lost to %d", lost.CompetitorID)
		}
	})
}

// Accounts, contacts, opportunities and members keep their names
// normalised, and an account stored decomposed before the rule is found by
// its name typed composed.
func TestRecordNamesNormalised(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "records")
		acc := mustAccount(t, db, c.owner, "Ho\u0302tel\u00a0Ze\u0301phyr\u200b")
		if acc.Name != "Hôtel Zéphyr" {
			t.Errorf("account stored as %q", acc.Name)
		}
		ct := &closer.Contact{Name: "Ame\u0301lie\u00a0Roux", AccountID: acc.ID}
		if err := db.CreateContact(c.owner, ct); err != nil || ct.Name != "Amélie Roux" {
			t.Errorf("contact stored as %q: %v", ct.Name, err)
		}
		o := mustOpportunity(t, db, c.owner, "Re\u0301novation\u2009toiture")
		if got, _ := db.FindOpportunity(c.owner, o.ID); got.Title != "Rénovation toiture" {
			t.Errorf("opportunity stored as %q", got.Title)
		}
		sys := closer.NewSystemContext(context.Background())
		u := &closer.User{Email: "jose@records.test", Name: "Jose\u0301\u00a0Garci\u0301a"}
		if err := db.CreateUser(sys, u, ""); err != nil || u.Name != "José García" {
			t.Errorf("member stored as %q: %v", u.Name, err)
		}
		_, tok, err := db.CreateToken(sys, u.ID, "Inte\u0301gration\u200b")
		if err != nil || tok.Name != "Intégration" {
			t.Errorf("token named %+v: %v", tok, err)
		}

		legacy := rawAccount(t, db, c.org.ID, "Cafe\u0301 de la Gare")
		accs, _, err := db.FindAccounts(c.owner, closer.AccountFilter{Q: "Café de la Gare"})
		if err != nil || len(accs) != 1 || accs[0].ID != legacy || !closer.SameName(accs[0].Name, "Café de la Gare") {
			t.Errorf("legacy account by its composed name: %v, %v", accs, err)
		}
	})
}

// A retired entry is refused for a new choice as retired, naming it and
// the field: the list still shows it, so "not in the list" was untrue.
func TestRetiredEntryRefusedAsRetired(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		c := newCrew(t, db, "retired")
		l, err := db.Lists(c.owner)
		if err != nil {
			t.Fatal(err)
		}
		stage, reason := l.Stages[1], l.LossReasons[1] // Qualification, Délai
		for _, it := range []closer.ListItem{stage, reason} {
			it.Retired = true
			if err := db.UpdateListItem(c.owner, &it); err != nil {
				t.Fatal(err)
			}
		}
		o := mustOpportunity(t, db, c.owner, "Toiture")
		for _, ref := range []string{stage.Name, strings.ToUpper(stage.Name)} {
			_, err := db.UpdateOpportunity(c.owner, o.ID, o.Version, closer.OpportunityUpdate{Stage: &ref})
			wantErr(t, "move to the retired stage", err, closer.EINVALID, "stage")
			if want := "«" + stage.Name + "» is retired: choose an active one (or restore it in Settings)."; closer.ErrorMessage(err) != want {
				t.Errorf("%q: %q, want %q", ref, closer.ErrorMessage(err), want)
			}
		}
		_, err = db.CloseOpportunity(c.owner, o.ID, o.Version, closer.CloseInput{Outcome: closer.StatusLost,
			ClosedOn: closer.MustDate("2024-06-10"), LossReason: strconv.FormatInt(reason.ID, 10), Competitor: "unknown"})
		wantErr(t, "lost for the retired reason", err, closer.EINVALID, "loss_reason")
		if !strings.HasPrefix(closer.ErrorMessage(err), "«"+reason.Name+"» is retired") {
			t.Errorf("retired reason: %q", closer.ErrorMessage(err))
		}
	})
}
