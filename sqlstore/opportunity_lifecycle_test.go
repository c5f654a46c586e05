package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// bringTo creates an opportunity and brings it to status st through the store.
func bringTo(t *testing.T, db *sqlstore.DB, tm *team, st closer.Status) *closer.Opportunity {
	t.Helper()
	o := mustOpportunity(t, db, tm.owner, "Transition")
	var err error
	switch st {
	case closer.StatusOpen:
	case closer.StatusOnHold:
		o, err = db.HoldOpportunity(tm.owner, o.ID, 0, closer.HoldInput{HoldReason: "Appel d'offres", ReviewOn: closer.MustDate("2024-07-01")})
	case closer.StatusWon:
		o, err = db.CloseOpportunity(tm.owner, o.ID, 0, closer.CloseInput{Outcome: closer.StatusWon, ClosedOn: closer.MustDate("2024-06-10"), Amount: cents(200000)})
	case closer.StatusLost:
		o, err = db.CloseOpportunity(tm.owner, o.ID, 0, closer.CloseInput{Outcome: closer.StatusLost, ClosedOn: closer.MustDate("2024-06-10"), LossReason: "Délai", Competitor: "Acme"})
	case closer.StatusVanished:
		o, err = db.CloseOpportunity(tm.owner, o.ID, 0, closer.CloseInput{Outcome: closer.StatusVanished, ClosedOn: closer.MustDate("2024-06-10"), VanishReason: "Pas de budget"})
	}
	if err != nil {
		t.Fatalf("bring to %s: %v", st, err)
	}
	if o.Status != st {
		t.Fatalf("bring to %s: got %s", st, o.Status)
	}
	return o
}

// action is one call of the store on an opportunity.
type action func(db *sqlstore.DB, ctx context.Context, id int64) (*closer.Opportunity, error)

func holdWith(in closer.HoldInput) action {
	return func(db *sqlstore.DB, ctx context.Context, id int64) (*closer.Opportunity, error) {
		return db.HoldOpportunity(ctx, id, 0, in)
	}
}

func closeAs(in closer.CloseInput) action {
	return func(db *sqlstore.DB, ctx context.Context, id int64) (*closer.Opportunity, error) {
		return db.CloseOpportunity(ctx, id, 0, in)
	}
}

func updateWith(upd closer.OpportunityUpdate) action {
	return func(db *sqlstore.DB, ctx context.Context, id int64) (*closer.Opportunity, error) {
		return db.UpdateOpportunity(ctx, id, 0, upd)
	}
}

func resumeIt(db *sqlstore.DB, ctx context.Context, id int64) (*closer.Opportunity, error) {
	return db.ResumeOpportunity(ctx, id, 0)
}

func reopenIt(db *sqlstore.DB, ctx context.Context, id int64) (*closer.Opportunity, error) {
	return db.ReopenOpportunity(ctx, id, 0)
}

// TestLifecycleTransitions walks every rule of SPEC section 1 through the
// store: each allowed transition lands on its status, each refused one names
// the offending field and leaves the stored opportunity as it was.
func TestLifecycleTransitions(t *testing.T) {
	const (
		open, onHold, won, lost, vanished = closer.StatusOpen, closer.StatusOnHold, closer.StatusWon, closer.StatusLost, closer.StatusVanished
	)
	today, tomorrow, past := closer.MustDate("2024-06-15"), closer.MustDate("2024-06-16"), closer.MustDate("2024-06-10")
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "dupont")
		martinCtx, martin := newOrg(t, db, "martin")
		foreignAccount := rawAccount(t, db, martin.ID, "Foreign")
		foreigner, _ := closer.ActorFromContext(martinCtx)
		for _, c := range []struct {
			name  string
			from  closer.Status
			do    action
			field string        // the refused field, "" when allowed
			want  closer.Status // the status after an allowed action
			check func(o *closer.Opportunity) bool
		}{
			// Hold needs a reason and a review date, and keeps the stage.
			{"hold", open, holdWith(closer.HoldInput{HoldReason: "Permis de construire", ReviewOn: closer.MustDate("2024-09-01")}), "", onHold,
				func(o *closer.Opportunity) bool {
					return o.HoldReason == "Permis de construire" && o.HeldOn == today && o.StageID == tm.stages[0].ID
				}},
			{"hold review today", open, holdWith(closer.HoldInput{HoldReason: "Rappeler", ReviewOn: today}), "", onHold, nil},
			{"hold without reason", open, holdWith(closer.HoldInput{HoldReason: "  ", ReviewOn: closer.MustDate("2024-09-01")}), "hold_reason", "", nil},
			{"hold without review date", open, holdWith(closer.HoldInput{HoldReason: "Appel d'offres"}), "review_on", "", nil},
			{"hold with a past review date", open, holdWith(closer.HoldInput{HoldReason: "Appel d'offres", ReviewOn: past}), "review_on", "", nil},
			{"hold twice", onHold, holdWith(closer.HoldInput{HoldReason: "x", ReviewOn: tomorrow}), "status", "", nil},
			{"hold a won one", won, holdWith(closer.HoldInput{HoldReason: "x", ReviewOn: tomorrow}), "status", "", nil},
			// Resume only from on hold, back at its stage.
			{"resumeIt", onHold, resumeIt, "", open, func(o *closer.Opportunity) bool {
				return o.StageID == tm.stages[0].ID && o.HoldReason == "" && o.ReviewOn.IsZero() && o.HeldOn.IsZero()
			}},
			{"resumeIt an open one", open, resumeIt, "status", "", nil},
			{"resumeIt a lost one", lost, resumeIt, "status", "", nil},
			// Won needs the close date and the won amount.
			{"win", open, closeAs(closer.CloseInput{Outcome: won, ClosedOn: today, Amount: cents(250000)}), "", won,
				func(o *closer.Opportunity) bool { return o.Amount == 250000 && o.ClosedOn == today }},
			{"win from hold", onHold, closeAs(closer.CloseInput{Outcome: won, ClosedOn: today, Amount: cents(1)}), "", won,
				func(o *closer.Opportunity) bool { return o.HoldReason == "" && o.ReviewOn.IsZero() }},
			{"win a zero amount", open, closeAs(closer.CloseInput{Outcome: won, ClosedOn: today, Amount: cents(0)}), "", won, nil},
			{"win without close date", open, closeAs(closer.CloseInput{Outcome: won, Amount: cents(1)}), "closed_on", "", nil},
			{"win without amount", open, closeAs(closer.CloseInput{Outcome: won, ClosedOn: today}), "amount", "", nil},
			{"win a negative amount", open, closeAs(closer.CloseInput{Outcome: won, ClosedOn: today, Amount: cents(-1)}), "amount", "", nil},
			{"win an absurd amount", open, closeAs(closer.CloseInput{Outcome: won, ClosedOn: today, Amount: cents(closer.MaxMoney + 1)}), "amount", "", nil},
			{"close in the future", open, closeAs(closer.CloseInput{Outcome: won, ClosedOn: tomorrow, Amount: cents(1)}), "closed_on", "", nil},
			{"close before detection", open, closeAs(closer.CloseInput{Outcome: won, ClosedOn: closer.MustDate("2024-05-31"), Amount: cents(1)}), "closed_on", "", nil},
			{"close as open", open, closeAs(closer.CloseInput{Outcome: open, ClosedOn: today}), "outcome", "", nil},
			{"close as on hold", open, closeAs(closer.CloseInput{Outcome: onHold, ClosedOn: today}), "outcome", "", nil},
			{"close as nonsense", open, closeAs(closer.CloseInput{Outcome: "abandoned", ClosedOn: today}), "outcome", "", nil},
			{"close a won one", won, closeAs(closer.CloseInput{Outcome: won, ClosedOn: today, Amount: cents(1)}), "status", "", nil},
			{"close a lost one", lost, closeAs(closer.CloseInput{Outcome: vanished, ClosedOn: today, VanishReason: "Statu quo"}), "status", "", nil},
			{"close a vanished one", vanished, closeAs(closer.CloseInput{Outcome: lost, ClosedOn: today, LossReason: "Délai", Competitor: "unknown"}), "status", "", nil},
			// Lost needs a reason of the list and who won, a note when the reason is price.
			{"lose to a competitor", open, closeAs(closer.CloseInput{Outcome: lost, ClosedOn: today, LossReason: "Délai", Competitor: "acme"}), "", lost,
				func(o *closer.Opportunity) bool {
					return o.CompetitorID != 0 && !o.CompetitorUnknown && o.LossReasonID != 0
				}},
			{"lose to unknown", open, closeAs(closer.CloseInput{Outcome: lost, ClosedOn: today, LossReason: "Délai", Competitor: "Unknown"}), "", lost,
				func(o *closer.Opportunity) bool {
					return o.CompetitorID == 0 && o.CompetitorUnknown && o.Amount == 100000
				}},
			{"lose without reason", open, closeAs(closer.CloseInput{Outcome: lost, ClosedOn: today, Competitor: "Acme"}), "loss_reason", "", nil},
			{"lose for a reason not in the list", open, closeAs(closer.CloseInput{Outcome: lost, ClosedOn: today, LossReason: "Météo", Competitor: "Acme"}), "loss_reason", "", nil},
			{"lose without saying who won", open, closeAs(closer.CloseInput{Outcome: lost, ClosedOn: today, LossReason: "Délai"}), "competitor", "", nil},
			{"lose to a competitor not in the list", open, closeAs(closer.CloseInput{Outcome: lost, ClosedOn: today, LossReason: "Délai", Competitor: "Globex"}), "competitor", "", nil},
			{"lose on price without note", open, closeAs(closer.CloseInput{Outcome: lost, ClosedOn: today, LossReason: "Prix", Competitor: "Acme", Note: "   "}), "note", "", nil},
			{"lose on price with a note", open, closeAs(closer.CloseInput{Outcome: lost, ClosedOn: today, LossReason: "Prix", Competitor: "Acme", Note: "Acme 12% moins cher sur la pose"}), "", lost,
				func(o *closer.Opportunity) bool { return o.Note == "Acme 12% moins cher sur la pose" }},
			{"lose without close date", open, closeAs(closer.CloseInput{Outcome: lost, LossReason: "Délai", Competitor: "Acme"}), "closed_on", "", nil},
			// Vanished needs a vanish reason and is never lost.
			{"vanish", open, closeAs(closer.CloseInput{Outcome: vanished, ClosedOn: today, VanishReason: "Pas de budget"}), "", vanished,
				func(o *closer.Opportunity) bool {
					return o.VanishReasonID != 0 && o.LossReasonID == 0 && o.CompetitorID == 0 && !o.CompetitorUnknown
				}},
			// what a loss needs is refused, not dropped unsaid
			{"vanish with loss details", open, closeAs(closer.CloseInput{Outcome: vanished, ClosedOn: today, VanishReason: "Pas de budget", LossReason: "Délai", Competitor: "Acme"}), "loss_reason", "", nil},
			{"vanish without reason", open, closeAs(closer.CloseInput{Outcome: vanished, ClosedOn: today}), "vanish_reason", "", nil},
			{"vanish with a loss reason only", open, closeAs(closer.CloseInput{Outcome: vanished, ClosedOn: today, LossReason: "Délai"}), "loss_reason", "", nil},
			{"vanish for a reason not in the list", open, closeAs(closer.CloseInput{Outcome: vanished, ClosedOn: today, VanishReason: "Prix"}), "vanish_reason", "", nil},
			// Reopen only when closed, at its stage.
			{"reopenIt won", won, reopenIt, "", open, func(o *closer.Opportunity) bool { return o.ClosedOn.IsZero() && o.StageID == tm.stages[0].ID }},
			{"reopenIt lost", lost, reopenIt, "", open, func(o *closer.Opportunity) bool { return o.LossReasonID == 0 && o.CompetitorID == 0 }},
			{"reopenIt vanished", vanished, reopenIt, "", open, func(o *closer.Opportunity) bool { return o.VanishReasonID == 0 }},
			{"reopenIt an open one", open, reopenIt, "status", "", nil},
			{"reopenIt an on-hold one", onHold, reopenIt, "status", "", nil},
			// Moving along the stages only while open.
			{"move stage", open, updateWith(closer.OpportunityUpdate{Stage: strp("Proposition")}), "", open,
				func(o *closer.Opportunity) bool {
					return o.StageID == tm.stages[2].ID && o.FurthestStageID == tm.stages[2].ID
				}},
			{"move stage by id", open, updateWith(closer.OpportunityUpdate{Stage: strp(idText(tm.stages[1].ID))}), "", open,
				func(o *closer.Opportunity) bool { return o.StageID == tm.stages[1].ID }},
			{"move to an unknown stage", open, updateWith(closer.OpportunityUpdate{Stage: strp("Livraison")}), "stage", "", nil},
			{"move stage on hold", onHold, updateWith(closer.OpportunityUpdate{Stage: strp("Proposition")}), "stage", "", nil},
			{"move stage when won", won, updateWith(closer.OpportunityUpdate{Stage: strp("Proposition")}), "stage", "", nil},
			// Plain updates are checked the same way.
			{"update title and amount", open, updateWith(closer.OpportunityUpdate{Title: strp(" Véranda "), Amount: cents(300000)}), "", open,
				func(o *closer.Opportunity) bool { return o.Title == "Véranda" && o.Amount == 300000 }},
			{"update a negative amount", open, updateWith(closer.OpportunityUpdate{Amount: cents(-100)}), "amount", "", nil},
			{"update an empty title", open, updateWith(closer.OpportunityUpdate{Title: strp("")}), "title", "", nil},
			{"update detection to the future", open, updateWith(closer.OpportunityUpdate{DetectedOn: &tomorrow}), "detected_on", "", nil},
			{"update detection after the closure", won, updateWith(closer.OpportunityUpdate{DetectedOn: &today}), "detected_on", "", nil},
			{"correct the close date", won, updateWith(closer.OpportunityUpdate{ClosedOn: datep("2024-06-12")}), "", won,
				func(o *closer.Opportunity) bool { return o.ClosedOn == closer.MustDate("2024-06-12") }},
			{"correct the close date to the future", won, updateWith(closer.OpportunityUpdate{ClosedOn: &tomorrow}), "closed_on", "", nil},
			{"correct the close date before detection", lost, updateWith(closer.OpportunityUpdate{ClosedOn: datep("2024-05-01")}), "closed_on", "", nil},
			{"close date on an open one", open, updateWith(closer.OpportunityUpdate{ClosedOn: &today}), "closed_on", "", nil},
			{"hold reason on an open one", open, updateWith(closer.OpportunityUpdate{HoldReason: strp("x")}), "hold_reason", "", nil},
			{"clear the hold reason", onHold, updateWith(closer.OpportunityUpdate{HoldReason: strp("")}), "hold_reason", "", nil},
			{"loss reason on a won one", won, updateWith(closer.OpportunityUpdate{LossReason: strp("Délai")}), "loss_reason", "", nil},
			{"action to a price reason without note", lost, updateWith(closer.OpportunityUpdate{LossReason: strp("Prix")}), "note", "", nil},
			{"action who won", lost, updateWith(closer.OpportunityUpdate{Competitor: strp("unknown")}), "", lost,
				func(o *closer.Opportunity) bool { return o.CompetitorUnknown && o.CompetitorID == 0 }},
			{"owner not a member", open, updateWith(closer.OpportunityUpdate{Owner: &foreigner.UserID}), "owner", "", nil},
			{"no owner", open, updateWith(closer.OpportunityUpdate{Owner: new(int64)}), "owner", "", nil},
			{"account of another org", open, updateWith(closer.OpportunityUpdate{Account: &foreignAccount}), "account", "", nil},
			{"unknown contact", open, updateWith(closer.OpportunityUpdate{Contact: new(int64(424242))}), "contact", "", nil},
			{"unknown source", open, updateWith(closer.OpportunityUpdate{Source: strp("Pigeon voyageur")}), "source", "", nil},
			{"account and contact", open, updateWith(closer.OpportunityUpdate{Account: &tm.accountID, Contact: &tm.contactID, Source: strp("Salon")}), "", open,
				func(o *closer.Opportunity) bool {
					return o.AccountName == "Menuiserie Dupont" && o.ContactName == "Jeanne Dupont" && o.SourceID != 0
				}},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := bringTo(t, db, tm, c.from)
				got, err := c.do(db, tm.owner, before.ID)
				stored, ferr := db.FindOpportunity(tm.owner, before.ID)
				if ferr != nil {
					t.Fatal(ferr)
				}
				if c.field != "" {
					if closer.ErrorCode(err) != closer.EINVALID || closer.ErrorField(err) != c.field {
						t.Fatalf("got %v, want invalid %q", err, c.field)
					}
					if *stored != *before {
						t.Fatalf("a refused action was stored:\nbefore %+v\nafter  %+v", before, stored)
					}
					return
				}
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if got.Status != c.want || stored.Status != c.want || stored.Version != before.Version+1 {
					t.Fatalf("got status %s (stored %s, version %d), want %s, version %d", got.Status, stored.Status, stored.Version, c.want, before.Version+1)
				}
				if *got != *stored {
					t.Fatalf("returned opportunity differs from the stored one:\n%+v\n%+v", got, stored)
				}
				if c.check != nil && !c.check(stored) {
					t.Fatalf("unexpected result: %+v", stored)
				}
			})
		}
	})
}

// TestReviewDateNotMovedToThePast: PATCH refuses a new review date already
// past, as hold does, and lets one that passed while on hold be sent back
// unchanged with other edits.
func TestReviewDateNotMovedToThePast(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tm := newTeam(t, db, "review")
		o := bringTo(t, db, tm, closer.StatusOnHold) // review on 2024-07-01
		_, err := db.UpdateOpportunity(tm.owner, o.ID, 0, closer.OpportunityUpdate{ReviewOn: datep("2024-06-14")})
		wantErr(t, "review date moved to yesterday", err, closer.EINVALID, "review_on")
		if _, err := db.UpdateOpportunity(tm.owner, o.ID, 0, closer.OpportunityUpdate{ReviewOn: datep("2024-06-15")}); err != nil {
			t.Fatalf("review date moved to today: %v", err)
		}
		db.Now = func() time.Time { return fixedNow.AddDate(0, 0, 10) } // the review date is past now
		got, err := db.UpdateOpportunity(tm.owner, o.ID, 0, closer.OpportunityUpdate{ReviewOn: datep("2024-06-15"), NextAction: strp("Call back")})
		if err != nil {
			t.Fatalf("past review date sent back unchanged: %v", err)
		} else if got.ReviewOn.String() != "2024-06-15" || got.NextAction != "Call back" {
			t.Fatalf("after the edit: review %s, next action %q", got.ReviewOn, got.NextAction)
		}
		_, err = db.UpdateOpportunity(tm.owner, o.ID, 0, closer.OpportunityUpdate{ReviewOn: datep("2024-06-20")})
		wantErr(t, "review date moved to another past day", err, closer.EINVALID, "review_on")
	})
}
