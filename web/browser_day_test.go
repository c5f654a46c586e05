package web_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"closer"

	"github.com/chromedp/chromedp"
)

// The salesperson's day in a real browser: the board (drag and drop, and
// the form that works without JavaScript), the relaunch queue, Today, and
// what a consultant may not do.

// dayToday is today in the fixture org's time zone (the browser server runs
// on the real clock).
func dayToday() closer.Date {
	loc, _ := time.LoadLocation("Europe/Paris")
	return closer.DateOf(time.Now(), loc)
}

// signInFrench signs in a user who chose French (whatever the browser's
// Accept-Language), as the org's users do.
func signInFrench(t *testing.T, b *browserEnv, email string) {
	t.Helper()
	readFrench(t, b, email)
	b.signIn(t, email)
}

// browserOpp creates an opportunity through the store as the acme owner.
func browserOpp(t *testing.T, b *browserEnv, o closer.Opportunity) *closer.Opportunity {
	t.Helper()
	must(t, b.DB.CreateOpportunity(b.Owner, &o))
	return &o
}

func stagesOf(t *testing.T, b *browserEnv) []closer.ListItem {
	t.Helper()
	l, err := b.DB.Lists(b.Owner)
	must(t, err)
	return l.Stages
}

func TestBrowserBoardMoves(t *testing.T) {
	b := newBrowser(t)
	st := stagesOf(t, b)
	sales := userID(t, b.DB, "sales@acme.test")
	today := dayToday()
	four := browserOpp(t, b, closer.Opportunity{Title: "Four à pain", OwnerID: sales, StageID: st[0].ID, Amount: 1250000,
		NextActionOn: today.AddDays(-3), NextAction: "Rappeler le gérant"})
	browserOpp(t, b, closer.Opportunity{Title: "Pétrin", OwnerID: sales, StageID: st[0].ID, Amount: 480000})
	browserOpp(t, b, closer.Opportunity{Title: "Vitrine", OwnerID: userID(t, b.DB, "sales2@acme.test"), StageID: st[2].ID, Amount: 90000})

	signInFrench(t, b, "sales@acme.test")
	b.run(t, chromedp.Navigate(b.URL+"/o/acme/board"), chromedp.WaitVisible(chromedp.CSS(".board")))
	// One column per stage, with its count.
	for i, want := range []string{"2", "0", "1", "0"} {
		sel := `.column[data-stage="` + idOf(st[i].ID) + `"] .count`
		if got := b.text(t, sel); got != want {
			t.Errorf("column %s: count %q, want %q", st[i].Name, got, want)
		}
	}
	if got := b.text(t, "#opp-"+idOf(four.ID)+" .late"); !strings.Contains(got, "En retard") {
		t.Errorf("late next action: %q", got)
	}

	// Drag the card to the next stage with the mouse: the page reloads with
	// the card in its new column.
	col1 := `.column[data-stage="` + idOf(st[1].ID) + `"]`
	b.run(t,
		chromedp.DragAndDrop(chromedp.CSS("#opp-"+idOf(four.ID)+" > a"), chromedp.CSS(col1+" h2")),
		chromedp.WaitVisible(chromedp.CSS(col1+" #opp-"+idOf(four.ID))),
	)
	if got := b.text(t, ".flash"); !strings.Contains(got, "« Four à pain » est passée à l'étape Qualification") {
		t.Errorf("flash after the drag: %q", got)
	}
	if got := b.text(t, col1+" .count"); got != "1" {
		t.Errorf("count of the new column: %q", got)
	}

	// The drop events alone (as a touch polyfill or an assistive tool would
	// send them) take the same path.
	col2 := `.column[data-stage="` + idOf(st[2].ID) + `"]`
	get(t, b, chromedp.Evaluate[bool](`(() => {
		const card = document.getElementById("opp-`+idOf(four.ID)+`");
		const col = document.querySelector('`+col2+`');
		const dt = new DataTransfer();
		card.dispatchEvent(new DragEvent("dragstart", {dataTransfer: dt, bubbles: true}));
		col.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
		col.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		return true;
	})()`))
	b.run(t, chromedp.WaitVisible(chromedp.CSS(col2+" #opp-"+idOf(four.ID))))

	// Without dragging: the card's Move form.
	card := "#opp-" + idOf(four.ID)
	col3 := `.column[data-stage="` + idOf(st[3].ID) + `"]`
	b.run(t,
		chromedp.Click(chromedp.CSS(card+" summary")),
		chromedp.WaitVisible(chromedp.CSS(card+" select[name=stage]")),
		chromedp.SetValue(chromedp.CSS(card+" select[name=stage]"), idOf(st[3].ID)),
		chromedp.Click(chromedp.CSS(card+" form.move button")),
		chromedp.WaitVisible(chromedp.CSS(col3+" "+card)),
	)
	if got := b.text(t, ".flash"); !strings.Contains(got, "Négociation") {
		t.Errorf("flash after the form: %q", got)
	}
	o, err := b.DB.FindOpportunity(b.Owner, four.ID)
	must(t, err)
	if o.StageID != st[3].ID || o.Version != four.Version+3 {
		t.Errorf("stored: stage %d version %d", o.StageID, o.Version)
	}
	// A colleague's card offers no move.
	if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll(".opp-card form.move").length`)); n != 2 {
		t.Errorf("%d move forms for a salesperson with 2 cards", n)
	}
	if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll(".opp-card").length`)); n != 3 {
		t.Errorf("%d cards on the board, want 3", n)
	}
}

func TestBrowserConsultantCannotMove(t *testing.T) {
	b := newBrowser(t)
	st := stagesOf(t, b)
	o := browserOpp(t, b, closer.Opportunity{Title: "Four à pain", OwnerID: userID(t, b.DB, "sales@acme.test"), StageID: st[0].ID})
	signInFrench(t, b, "consultant@acme.test")
	b.run(t, chromedp.Navigate(b.URL+"/o/acme/board"), chromedp.WaitVisible(chromedp.CSS("#opp-"+idOf(o.ID))))
	for _, sel := range []string{"form.move", ".opp-card[draggable]", ".board details"} {
		if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll("`+sel+`").length`)); n != 0 {
			t.Errorf("a consultant sees %d %s", n, sel)
		}
	}
	// A forged POST from their session is refused, and nothing moves.
	status := get(t, b, chromedp.Evaluate[int](`fetch("/o/acme/opportunities/`+idOf(o.ID)+`/stage", {method: "POST",
		body: new URLSearchParams({version: "`+strconv.Itoa(o.Version)+`", stage: "`+idOf(st[1].ID)+`"})}).then(r => r.status)`,
		chromedp.EvalAwaitPromise))
	if status != 403 {
		t.Errorf("forged move: status %d, want 403", status)
	}
	stored, err := b.DB.FindOpportunity(b.Owner, o.ID)
	must(t, err)
	if stored.StageID != st[0].ID {
		t.Errorf("the forged move moved it")
	}
}

func TestBrowserRelaunch(t *testing.T) {
	b := newBrowser(t)
	st := stagesOf(t, b)
	today := dayToday()
	o := browserOpp(t, b, closer.Opportunity{Title: "Chambre froide", OwnerID: userID(t, b.DB, "sales@acme.test"), StageID: st[2].ID, Amount: 2300000})
	held, err := b.DB.HoldOpportunity(b.Owner, o.ID, o.Version, closer.HoldInput{HoldReason: "Appel d'offres en cours", ReviewOn: today})
	must(t, err)

	signInFrench(t, b, "sales@acme.test")
	row := "#held-" + idOf(held.ID)
	b.run(t, chromedp.Navigate(b.URL+"/o/acme/relaunch"), chromedp.WaitVisible(chromedp.CSS(row)))
	if got := b.text(t, row); !strings.Contains(got, "Appel d'offres en cours") || !strings.Contains(got, "Chambre froide") {
		t.Errorf("relaunch row: %q", got)
	}
	// One click, and it is back on the board at its stage.
	b.run(t,
		chromedp.Click(chromedp.CSS(row+" button")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.WaitNotPresent(chromedp.CSS(row)),
	)
	if got := b.text(t, ".flash"); !strings.Contains(got, "est relancée") {
		t.Errorf("flash: %q", got)
	}
	b.run(t, chromedp.Navigate(b.URL+"/o/acme/board"),
		chromedp.WaitVisible(chromedp.CSS(`.column[data-stage="`+idOf(st[2].ID)+`"] #opp-`+idOf(held.ID))))
}

func TestBrowserTodayShowsOverdue(t *testing.T) {
	b := newBrowser(t)
	today := dayToday()
	browserOpp(t, b, closer.Opportunity{Title: "Four à pain", OwnerID: userID(t, b.DB, "sales@acme.test"),
		NextActionOn: today.AddDays(-4), NextAction: "Rappeler le gérant"})
	signInFrench(t, b, "sales@acme.test")
	b.run(t, chromedp.WaitVisible(chromedp.CSS("#due")))
	got := b.text(t, "#due")
	for _, want := range []string{"Actions à faire (1)", "Rappeler le gérant", "Four à pain", "4 jours de retard"} {
		if !strings.Contains(got, want) {
			t.Errorf("Today's due block lacks %q: %q", want, got)
		}
	}
	// The row leads to the opportunity.
	if href := get(t, b, chromedp.AttributeValue(chromedp.CSS("#due tbody a"), "href")); !strings.Contains(href.Value, "/o/acme/opportunities/") {
		t.Errorf("link: %+v", href)
	}
}

// TestScreenshots writes docs/screenshots/today.png and board.png over a
// realistic pipeline, for the README. Run with CLOSER_SCREENSHOTS=1.
func TestScreenshots(t *testing.T) {
	if os.Getenv("CLOSER_SCREENSHOTS") != "1" {
		t.Skip("set CLOSER_SCREENSHOTS=1 to write the screenshots")
	}
	b := newBrowser(t)
	st := stagesOf(t, b)
	today := dayToday()
	owners := []int64{userID(t, b.DB, "sales@acme.test"), userID(t, b.DB, "sales2@acme.test"), userID(t, b.DB, "manager@acme.test")}
	accounts := map[string]int64{}
	for _, name := range []string{"Boulangerie Dupont", "Hôtel des Vosges", "Garage Lefèvre", "Mairie de Rambouillet", "Brasserie du Port",
		"Clinique Saint-Joseph", "Camping Les Pins", "Fromagerie Morel", "Lycée Jules Ferry", "Atelier Mercier"} {
		a := &closer.Account{Name: name}
		must(t, b.DB.CreateAccount(b.Owner, a))
		accounts[name] = a.ID
	}
	opps := []struct {
		title, account, next string
		stage, late          int
		amount               closer.Money
	}{
		{"Four à sole pour le fournil", "Boulangerie Dupont", "Rappeler le gérant pour le devis", 2, 3, 1850000},
		{"Rénovation de la cuisine", "Hôtel des Vosges", "Visite technique", 1, -2, 4200000},
		{"Pont élévateur 3,5 t", "Garage Lefèvre", "Envoyer la fiche technique", 0, 1, 780000},
		{"Cuisine centrale (appel d'offres)", "Mairie de Rambouillet", "Préparer le mémoire technique", 2, -5, 12500000},
		{"Tireuse à bière", "Brasserie du Port", "Relancer par téléphone", 3, 6, 320000},
		{"Lave-vaisselle à capot", "Clinique Saint-Joseph", "Démonstration sur site", 1, 0, 960000},
		{"Mobilier de terrasse", "Camping Les Pins", "", 0, 0, 540000},
		{"Cave d'affinage", "Fromagerie Morel", "Valider les dimensions", 3, -1, 2100000},
		{"Équipement de la cantine", "Lycée Jules Ferry", "Rendez-vous avec l'intendant", 2, -7, 6800000},
		{"Hotte aspirante", "Atelier Mercier", "Envoyer le devis révisé", 1, 2, 450000},
		{"Vitrine réfrigérée", "Boulangerie Dupont", "Appeler pour la livraison", 3, -3, 390000},
		{"Salle de séminaire", "Hôtel des Vosges", "", 0, 0, 1500000},
		{"Compresseur d'atelier", "Garage Lefèvre", "Relance devis", 2, 10, 260000},
		{"Chambre froide positive", "Fromagerie Morel", "Mesurer la pièce", 1, -4, 1750000},
		{"Sono salle des fêtes", "", "Identifier le bon interlocuteur", 0, -1, 680000},
		{"Bar à salades", "Lycée Jules Ferry", "Confirmer le budget", 3, 0, 830000},
	}
	for i, o := range opps {
		op := closer.Opportunity{Title: o.title, OwnerID: owners[i%len(owners)], AccountID: accounts[o.account], StageID: st[o.stage].ID, Amount: o.amount, NextAction: o.next}
		if o.next != "" {
			op.NextActionOn = today.AddDays(-o.late)
		}
		browserOpp(t, b, op)
	}
	hold := browserOpp(t, b, closer.Opportunity{Title: "Extension du restaurant", OwnerID: owners[0], AccountID: accounts["Brasserie du Port"], StageID: st[2].ID, Amount: 5400000})
	_, err := b.DB.HoldOpportunity(b.Owner, hold.ID, hold.Version, closer.HoldInput{HoldReason: "Attente du permis de construire", ReviewOn: today})
	must(t, err)
	won := closer.Money(2250000)
	for i, c := range []struct {
		title   string
		outcome closer.CloseInput
	}{
		{"Piano de cuisson", closer.CloseInput{Outcome: closer.StatusWon, Amount: &won}},
		{"Four mixte", closer.CloseInput{Outcome: closer.StatusLost, LossReason: "Délai", Competitor: "unknown"}},
		{"Plonge automatique", closer.CloseInput{Outcome: closer.StatusVanished, VanishReason: "Pas de budget"}},
	} {
		o := browserOpp(t, b, closer.Opportunity{Title: c.title, OwnerID: owners[0], AccountID: accounts["Hôtel des Vosges"], Amount: 1900000, DetectedOn: today.AddDays(-40)})
		c.outcome.ClosedOn = today.AddDays(-i - 1)
		_, err := b.DB.CloseOpportunity(b.Owner, o.ID, o.Version, c.outcome)
		must(t, err)
	}
	dir := filepath.Join("..", "docs", "screenshots")
	must(t, os.MkdirAll(dir, 0o755))
	signInFrench(t, b, "sales@acme.test")
	for _, page := range []string{"today", "board"} {
		b.run(t, chromedp.Navigate(b.URL+"/o/acme/"+page), chromedp.WaitVisible(chromedp.CSS("main h1")))
		png := get(t, b, chromedp.FullScreenshot(100)) // 100: PNG; less is JPEG
		must(t, os.WriteFile(filepath.Join(dir, page+".png"), png, 0o644))
	}
}
