package closer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FindingText is a finding in words: a title, the evidence (the numbers in
// a sentence) and what to look at.
type FindingText struct {
	Title    string `json:"title"`
	Evidence string `json:"evidence"`
	Advice   string `json:"advice"`
}

// FindingView is a finding with its text in one language, as the API sends it.
type FindingView struct {
	Finding
	FindingText
}

// In returns the findings with their text in lang ("fr", else English).
func (d *Diagnosis) In(lang string) []FindingView {
	out := make([]FindingView, 0, len(d.Findings))
	for _, f := range d.Findings {
		out = append(out, FindingView{f, f.Text(lang)})
	}
	return out
}

// Text returns the finding in French (lang "fr") or English (anything else).
func (f Finding) Text(lang string) FindingText {
	w := words{fr: lang == "fr", n: f.Numbers, onHold: f.Code == FindingManyOnHold}
	who := f.Scope.Name
	if f.Scope.IsTeam() || who == "" {
		who = w.pick("L'équipe", "The team")
	}
	n := f.Numbers
	switch f.Code {
	case FindingManyOnHold:
		t := FindingText{Title: w.pick("Beaucoup d'opportunités en attente", "Many opportunities on hold")}
		t.Evidence = w.pick(
			fmt.Sprintf("%s a aujourd'hui %d opportunités en attente (%s de son portefeuille ouvert, %s) ; %d ont une date de relance dépassée.", who, n.Count, w.pct(n.Value), w.compare(f.Basis), n.Overdue),
			fmt.Sprintf("%s has %d opportunities on hold today (%s of the open portfolio, %s); %d are past their review date.", who, n.Count, w.pct(n.Value), w.compare(f.Basis), n.Overdue))
		if n.Overdue*2 >= n.Count {
			t.Advice = w.pick("Les relances ne sont pas faites à temps : revoir le processus de relance (une date, une action, un responsable) en commençant par les plus anciennes.",
				"Reviews are not done on time: fix the relaunch process (a date, an action, a person) starting with the oldest ones.")
		} else {
			t.Advice = w.pick("Les relances sont tenues : le marché est peut-être lent (appels d'offres, permis). Vérifier avec chaque client que le projet vit encore, et classer « sans suite » ceux qui sont morts.",
				"Reviews are kept: the market may be slow (tenders, permits). Check with each customer that the project is still alive, and close as vanished those that are dead.")
		}
		return t
	case FindingEasyWins:
		return FindingText{
			Title: w.pick("Taux de réussite élevé mais chiffre d'affaires sous l'objectif", "High win rate but revenue under target"),
			Evidence: w.pick(
				fmt.Sprintf("%s gagne %s des affaires conclues (%d sur %d, %s), mais n'a signé que %s pour un objectif de %s.", who, w.pct(n.Value), n.Count, n.Of, w.compare(f.Basis), w.money(n.Amount), w.money(n.Target)),
				fmt.Sprintf("%s wins %s of closed opportunities (%d of %d, %s), but signed only %s against a target of %s.", who, w.pct(n.Value), n.Count, n.Of, w.compare(f.Basis), w.money(n.Amount), w.money(n.Target))),
			Advice: w.pick("Un taux élevé avec un chiffre faible signale souvent que seules les opportunités faciles sont créées : ouvrir davantage d'opportunités, y compris incertaines, et viser des affaires plus grosses.",
				"A high rate with low revenue often means only the easy opportunities are created: open more of them, uncertain ones included, and aim at bigger deals."),
		}
	case FindingManyLost:
		t := FindingText{
			Title: w.pick("Beaucoup d'affaires perdues", "Many opportunities lost"),
			Evidence: w.pick(
				fmt.Sprintf("%s a perdu %d affaires sur %d conclues (%s, %s). Gagnants : %s. Raisons : %s.", who, n.Count, n.Of, w.pct(n.Value), w.compare(f.Basis), w.rows(n.TopCompetitors), w.rows(n.TopReasons)),
				fmt.Sprintf("%s lost %d of %d closed opportunities (%s, %s). Winners: %s. Reasons: %s.", who, n.Count, n.Of, w.pct(n.Value), w.compare(f.Basis), w.rows(n.TopCompetitors), w.rows(n.TopReasons))),
			Advice: w.pick("Revoir la proposition de valeur et la stratégie de prix face aux concurrents cités, et débriefer les affaires perdues avec les clients.",
				"Review the value proposition and the pricing strategy against the competitors named, and debrief lost deals with the customers."),
		}
		if n.PriceDominates {
			t.Advice += w.pick(
				fmt.Sprintf(" Attention : « prix » explique %s des pertes. C'est souvent la réponse facile : lire les notes (qu'est-ce qui a été comparé, de combien ?) avant de baisser les prix.", w.pct(n.PriceShare)),
				fmt.Sprintf(" Beware: \"price\" explains %s of the losses. It is often the easy answer: read the notes (what was compared, by how much?) before cutting prices.", w.pct(n.PriceShare)))
		}
		return t
	case FindingManyVanished:
		return FindingText{
			Title: w.pick("Beaucoup d'affaires sans suite", "Many opportunities vanished"),
			Evidence: w.pick(
				fmt.Sprintf("%s a %d affaires sans suite sur %d conclues (%s, %s).", who, n.Count, n.Of, w.pct(n.Value), w.compare(f.Basis)),
				fmt.Sprintf("%s saw %d of %d closed opportunities vanish (%s, %s).", who, n.Count, n.Of, w.pct(n.Value), w.compare(f.Basis))),
			Advice: w.pick("Personne n'a eu la commande : écouter davantage (besoin, urgence, budget), vérifier que l'offre répond au besoin, et regarder la concurrence indirecte (faire soi-même, autres priorités, statu quo).",
				"Nobody got the order: listen more (need, urgency, budget), check that the offer fits the need, and look at indirect competition (doing it themselves, other priorities, status quo)."),
		}
	case FindingNoVanished:
		cmp := ""
		if f.Basis == BasisTeam {
			cmp = w.pick(fmt.Sprintf(" (le reste de l'équipe : %s)", w.pct(n.Compare)), fmt.Sprintf(" (the rest of the team: %s)", w.pct(n.Compare)))
		}
		return FindingText{
			Title: w.pick("Aucune affaire sans suite", "Not a single vanished opportunity"),
			Evidence: w.pick(
				fmt.Sprintf("%s a conclu %d affaires sans aucune sans suite%s.", who, n.Of, cmp),
				fmt.Sprintf("%s closed %d opportunities without a single vanished one%s.", who, n.Of, cmp)),
			Advice: w.pick("Ne jamais voir un projet s'évanouir signifie souvent ne suivre que des clients acquis : sortir de sa zone de confort et prospecter de nouveaux comptes. Vérifier aussi que les projets abandonnés sont bien classés « sans suite », pas laissés ouverts ni comptés perdus.",
				"Never seeing a project vanish often means following only safe customers: leave the comfort zone and prospect new accounts. Also check that abandoned projects are closed as vanished, not left open or counted as lost."),
		}
	case FindingUnlinkedOrders:
		return FindingText{
			Title: w.pick("Des commandes sans opportunité gonflent le taux apparent", "Orders without opportunities inflate the apparent rate"),
			Evidence: w.pick(
				fmt.Sprintf("%s a %d commandes sur %d sans opportunité (%d directes, %d récurrentes) : compter les commandes donnerait un taux de %s, quand le taux de réussite réel est de %s.", who, n.Count, n.Of, n.Direct, n.Recurring, w.pct(n.Value), w.pct(n.Compare)),
				fmt.Sprintf("%s has %d of %d orders without an opportunity (%d direct, %d recurring): counting orders would read %s, while the real win rate is %s.", who, n.Count, n.Of, n.Direct, n.Recurring, w.pct(n.Value), w.pct(n.Compare))),
			Advice: w.pick("Mesurer la performance commerciale sur les opportunités conclues, pas sur les commandes ; suivre à part les commandes directes et récurrentes, et créer une opportunité quand une vraie vente se prépare.",
				"Measure sales performance on closed opportunities, not on orders; follow direct and recurring orders apart, and open an opportunity whenever a real sale is in the making."),
		}
	}
	return FindingText{Title: string(f.Code)}
}

// words formats numbers and phrases in one language.
type words struct {
	fr     bool
	n      Numbers
	onHold bool // the comparison counts opportunities, not closures
}

func (w words) pick(fr, en string) string {
	if w.fr {
		return fr
	}
	return en
}

// pct writes a fraction as a rounded percentage (Percent): "42 %" or "42%".
func (w words) pct(v float64) string {
	return strconv.Itoa(Percent(v)) + w.pick("\u00a0%", "%")
}

// money writes an amount in whole major units with its currency.
func (w words) money(m Money) string {
	s := strconv.FormatInt(int64(math.Round(m.Major())), 10)
	sep := w.pick("\u202f", ",")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if w.n.Currency != "" {
		b.WriteString(" " + w.n.Currency)
	}
	return b.String()
}

// compare says what the figure is compared with, and what that rests on
// (SPEC 3: a finding says how many closures it rests on, its comparison's
// too): "against 0% over the previous 4 periods, from 11 closures, all in
// one of them".
func (w words) compare(b Basis) string {
	n := w.n
	switch b {
	case BasisTeam:
		s := w.pick("contre "+w.pct(n.Compare)+" pour le reste de l'équipe", "against "+w.pct(n.Compare)+" for the rest of the team") + w.base(n.CompareOf, 0)
		if n.History != nil {
			s += w.pick(fmt.Sprintf(", et %s sur les %d périodes précédentes", w.pct(*n.History), n.Periods),
				fmt.Sprintf(", and %s over the previous %d periods", w.pct(*n.History), n.Periods)) + w.base(n.HistoryOf, n.PeriodsClosed)
		}
		return s
	case BasisHistory:
		return w.pick(fmt.Sprintf("contre %s sur les %d périodes précédentes", w.pct(n.Compare), n.Periods),
			fmt.Sprintf("against %s over the previous %d periods", w.pct(n.Compare), n.Periods)) + w.base(n.CompareOf, n.PeriodsClosed)
	case BasisSelf:
	}
	return w.pick("contre "+w.pct(n.Compare), "against "+w.pct(n.Compare))
}

// base says how many closures (on hold: opportunities) a comparison rests
// on, and, for a history, in how many of its periods (active) when some of
// them hold none: ", from 11 closures, all in one of them" (no brackets: the
// finding's evidence is in brackets already). Nothing when the count is
// unknown (0).
func (w words) base(of, active int) string {
	if of <= 0 {
		return ""
	}
	unit := w.pick("clôtures", "closures")
	if of == 1 {
		unit = w.pick("clôture", "closure")
	}
	if w.onHold {
		unit = w.pick("opportunités", "opportunities")
	}
	s := fmt.Sprintf(w.pick(", d'après %d %s", ", from %d %s"), of, unit)
	switch {
	case active <= 0 || active >= w.n.Periods: // the rest of the team, or every period
	case active == 1:
		s += w.pick(", toutes dans une seule d'entre elles", ", all in one of them")
	default:
		s += w.pick(fmt.Sprintf(", dans %d d'entre elles seulement", active), fmt.Sprintf(", in only %d of them", active))
	}
	return s
}

// rows lists the first rows of a breakdown: "Dupont (5), unknown (3)".
func (w words) rows(b Breakdown) string {
	if len(b) == 0 {
		return w.pick("non renseignés", "not recorded")
	}
	var parts []string
	for _, r := range b {
		label := r.Label
		if r.Key == CompetitorUnknown {
			label = w.pick("inconnu", "unknown")
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", label, r.Count))
	}
	return strings.Join(parts, ", ")
}
