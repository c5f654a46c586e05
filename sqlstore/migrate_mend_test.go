package sqlstore_test

import (
	"context"
	"testing"

	"closer"
	"closer/sqlstore"
)

// TestMigrationMendsStoredRecords: records that older versions stored and
// today's rules refuse made every later change of them refused, lifecycle
// actions included (F1, F2 of QA round 6). A database of the schema before
// migration 0067 holds such records, written as older versions wrote them;
// once migrated, each is changed through the store, each repair is in the
// audit log, and the migration run again changes nothing.
func TestMigrationMendsStoredRecords(t *testing.T) {
	eachOldDatabase(t, sqlstore.MigrationMend-1, testMendStoredRecords)
}

func testMendStoredRecords(t *testing.T, db *sqlstore.DB) {
	ctx := context.Background()
	c := newCrew(t, db, "mend")
	exec := func(q string, args ...any) {
		t.Helper()
		_, err := db.SQL().Exec(q, args...)
		must(t, err)
	}
	acc := mustAccount(t, db, c.owner, "Acme")
	ct := &closer.Contact{Name: "Jean", AccountID: acc.ID}
	must(t, db.CreateContact(c.owner, ct))
	newOpp := func(title string) *closer.Opportunity {
		o := &closer.Opportunity{Title: title, AccountID: acc.ID, DetectedOn: closer.MustDate("2024-06-01")}
		must(t, db.CreateOpportunity(c.owner, o))
		return o
	}
	titled, early := newOpp("Ligne"), newOpp("Tôt")
	exec(`UPDATE opportunities SET title = $1 WHERE id = $2`, "Ligne\u2028deux", titled.ID)
	exec(`UPDATE opportunities SET expected_close_on = '2024-01-01' WHERE id = $1`, early.ID)
	exec(`UPDATE accounts SET name = $1 WHERE id = $2`, "Se\u0301p\u2029arée", acc.ID)
	exec(`UPDATE contacts SET job_title = $1 WHERE id = $2`, "Directeur\u0085commercial", ct.ID)

	// Quotes: accepted without a sent date (entered at salesNow, 2024-06-15),
	// sent before the detection, a draft with a sent date.
	quote := func(number, status string, sentOn any) int64 {
		var id int64
		must(t, db.SQL().QueryRow(`INSERT INTO quotes (org_id, opportunity_id, number, amount, sent_on, status, created_at) VALUES ($1, $2, $3, 5000, $4, $5, '2024-06-14T23:30:00.000000Z') RETURNING id`,
			c.org.ID, early.ID, number, sentOn, status).Scan(&id))
		return id
	}
	accepted, sentEarly, draftSent := quote("D-1", "accepted", nil), quote("D-2", "sent", "2024-05-01"), quote("D-3", "draft", "2024-06-10")

	// An order left linked by the deletion of its opportunity.
	won := rawWonOpportunity(t, db, c.org.ID, c.ownerID, acc.ID)
	order := &closer.Order{AccountID: acc.ID, OpportunityID: won, Kind: closer.OrderLinked, Amount: 100, OrderedOn: closer.MustDate("2024-06-02")}
	must(t, db.CreateOrder(c.owner, order))
	exec(`UPDATE orders SET opportunity_id = NULL WHERE id = $1`, order.ID)

	// Look-alike entries: "Délai" decomposed beside the default's, two
	// competitors created at once in two cases, and one whose name, numbered,
	// would be another's.
	lists, err := db.Lists(c.owner)
	must(t, err)
	delai, err := lists.Resolve(closer.ListLossReasons, "Délai", false)
	must(t, err)
	entry := func(kind closer.ListKind, name string) int64 {
		var id int64
		must(t, db.SQL().QueryRow(`INSERT INTO list_items (org_id, kind, name, position) VALUES ($1, $2, $3, (SELECT COUNT(*) + 1 FROM list_items WHERE org_id = $1 AND kind = $2)) RETURNING id`,
			c.org.ID, string(kind), name).Scan(&id))
		return id
	}
	delaiNFD := entry(closer.ListLossReasons, "De\u0301lai")
	racer, racerCaps, racer2 := entry(closer.ListCompetitors, "Racer"), entry(closer.ListCompetitors, "RACER"), entry(closer.ListCompetitors, "racer (2)")

	// What the migration mends: every change is refused.
	note := "Relancé"
	if _, err := db.UpdateOpportunity(c.owner, early.ID, 0, closer.OpportunityUpdate{Note: &note}); closer.ErrorField(err) != "expected_close_on" {
		t.Fatalf("before the migration: %v", err)
	}
	if _, err := db.UpdateOpportunity(c.owner, titled.ID, 0, closer.OpportunityUpdate{Note: &note}); closer.ErrorField(err) != "title" {
		t.Fatalf("before the migration: %v", err)
	}
	if err := db.UpdateListItem(c.owner, &closer.ListItem{ID: racer, Name: "Racer", Retired: true}); closer.ErrorCode(err) != closer.ECONFLICT {
		t.Fatalf("before the migration: %v", err)
	}

	n, err := db.ApplyMigrations(ctx)
	must(t, err)
	if n != 1 {
		t.Fatalf("applied %d migrations, want 1", n)
	}

	// Every record is changed through the store.
	for _, id := range []int64{titled.ID, early.ID} {
		if _, err := db.UpdateOpportunity(c.owner, id, 0, closer.OpportunityUpdate{Note: &note}); err != nil {
			t.Errorf("opportunity %d: %v", id, err)
		}
	}
	got, err := db.HoldOpportunity(c.owner, early.ID, 0, closer.HoldInput{HoldReason: "Appel d'offres", ReviewOn: closer.MustDate("2024-09-01")})
	if err != nil {
		t.Fatalf("hold: %v", err)
	} else if got.ExpectedCloseOn != closer.MustDate("2024-06-01") {
		t.Errorf("expected close %s, want the detection 2024-06-01", got.ExpectedCloseOn)
	}
	if o, err := db.FindOpportunity(c.owner, titled.ID); err != nil || o.Title != "Ligne deux" {
		t.Errorf("title %q (%v)", o.Title, err)
	}
	a, err := db.FindAccount(c.owner, acc.ID)
	must(t, err)
	if a.Name != "Sép arée" {
		t.Errorf("account %q, want it composed and on one line", a.Name)
	}
	a.City = "Lyon"
	must(t, db.UpdateAccount(c.owner, a))
	if accs, _, err := db.FindAccounts(c.owner, closer.AccountFilter{Q: "sep aree"}); err != nil || len(accs) != 1 {
		t.Errorf("search by the mended name: %v %v", accs, err)
	}
	cont, err := db.FindContact(c.owner, ct.ID)
	must(t, err)
	if cont.JobTitle != "Directeur commercial" {
		t.Errorf("job title %q", cont.JobTitle)
	}
	must(t, db.UpdateContact(c.owner, cont))
	for id, want := range map[int64]struct{ status, sentOn string }{
		accepted:  {"accepted", "2024-06-15"}, // its creation, in Paris
		sentEarly: {"sent", "2024-06-01"},     // the detection
		draftSent: {"sent", "2024-06-10"},
	} {
		q, err := db.FindQuote(c.owner, id)
		must(t, err)
		if string(q.Status) != want.status || q.SentOn.String() != want.sentOn {
			t.Errorf("quote %s: %s sent %s, want %s sent %s", q.Number, q.Status, q.SentOn, want.status, want.sentOn)
		}
		q.Amount++
		if err := db.UpdateQuote(c.owner, q); err != nil {
			t.Errorf("quote %s: %v", q.Number, err)
		}
	}
	o, err := db.FindOrder(c.owner, order.ID)
	must(t, err)
	if o.Kind != closer.OrderDirect {
		t.Errorf("orphan order %s", o.Kind)
	}
	o.Amount++
	must(t, db.UpdateOrder(c.owner, o))
	if st, err := db.Stats(c.owner, closer.StatsQuery{Period: closer.Period{From: closer.MustDate("2024-06-01"), To: closer.MustDate("2024-06-30")}}); err != nil {
		t.Fatal(err)
	} else if st.Total.OrdersLinked != 0 || st.Total.OrdersDirect != 1 {
		t.Errorf("orders linked %d, direct %d, want 0 and 1", st.Total.OrdersLinked, st.Total.OrdersDirect)
	}
	lists, err = db.Lists(c.owner)
	must(t, err)
	for id, want := range map[int64]string{delai.ID: "Délai", delaiNFD: "Délai (2)", racer: "Racer", racerCaps: "RACER (3)", racer2: "racer (2)"} {
		kind := closer.ListCompetitors
		if id == delai.ID || id == delaiNFD {
			kind = closer.ListLossReasons
		}
		it, ok := lists.Get(kind, id)
		if !ok || it.Name != want {
			t.Errorf("entry %d: %q, want %q", id, it.Name, want)
		}
		it.Retired = true
		if err := db.UpdateListItem(c.owner, &it); err != nil {
			t.Errorf("retire %q: %v", it.Name, err)
		}
	}

	// Each repair a person sees is in the log; run again, nothing changes.
	entries, total, err := db.AuditLog(c.owner, closer.AuditFilter{Action: closer.AuditRepair, Page: closer.Page{Limit: 100}})
	must(t, err)
	if total != 10 {
		for _, e := range entries {
			t.Logf("%s %s", e.Target, e.Detail)
		}
		t.Errorf("%d repairs in the log, want 10 (title, account, job title, expected close, 3 quotes, order, 2 entries)", total)
	}
	tx, err := db.SQL().BeginTx(ctx, nil)
	must(t, err)
	defer tx.Rollback()
	must(t, sqlstore.MendStoredRecords(ctx, tx, salesNow))
	var again int
	must(t, tx.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = $1`, closer.AuditRepair).Scan(&again))
	if again != total {
		t.Errorf("run again: %d repairs, want %d", again, total)
	}
}
