package demo

import "strconv"

// The French names, places and products the demo draws from.

var firstNames = []string{"Jean", "Marie", "Pierre", "Nathalie", "Philippe", "Isabelle", "Michel", "Sylvie", "Alain",
	"Catherine", "Patrick", "Valérie", "Nicolas", "Sandrine", "Christophe", "Céline", "Laurent", "Aurélie", "Stéphane",
	"Camille", "Thomas", "Émilie", "François", "Hélène", "Olivier", "Julie", "Sébastien", "Anne", "David", "Caroline"}

var lastNames = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Durand", "Leroy", "Simon",
	"Lefèvre", "Garcia", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "André", "Mercier", "Bonnet", "Legrand",
	"Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Perrin", "Morin", "Mathieu",
	"Clément", "Gauthier", "Dumont", "Fontaine", "Chevalier", "Robin", "Masson", "Le Gall", "Guillou", "Le Goff",
	"Tessier", "Brochard", "Pichon", "Baudry", "Jaunet", "Ménard", "Rialland", "Chauvet", "Hervouet"}

// cities are around Nantes, where the company works; phone numbers start with 02.
var cities = []string{"Nantes", "Saint-Herblain", "Rezé", "Vertou", "Orvault", "Carquefou", "Clisson", "Ancenis",
	"Saint-Nazaire", "La Baule-Escoublac", "Pornic", "Machecoul", "Châteaubriant", "Guérande", "Sainte-Luce-sur-Loire",
	"Bouguenais", "La Chapelle-sur-Erdre", "Basse-Goulaine", "Savenay", "Pornichet"}

var trees = []string{"Tilleuls", "Chênes", "Acacias", "Magnolias", "Érables", "Cèdres", "Pins", "Peupliers", "Charmes", "Glycines"}

var trades = []string{"Boulangerie", "Pharmacie", "Garage", "Cabinet dentaire", "Boucherie", "Salon de coiffure",
	"Cabinet d'architectes", "Agence immobilière", "Restaurant", "Hôtel", "Fromagerie", "Cave à vins"}

// institutions place recurring orders (maintenance contracts, estates).
var institutions = []string{"Atlantique Habitations", "Foncière Loire Océan", "Nantes Habitat Services", "Syndic Estuaire Gestion",
	"Mairie de", "EHPAD Les", "Collège", "Groupe scolaire"}

var holdReasons = []string{"Attente du permis de construire", "Appel d'offres reporté au prochain exercice",
	"Le client rappelle après l'été", "Financement en attente (prêt travaux)", "Copropriété : vote en AG dans trois mois",
	"Chantier gros œuvre en retard", "Succession en cours, vente de la maison suspendue"}

var nextActions = []string{"Relancer pour le métré", "Envoyer le devis révisé", "Rappeler après comparaison des offres",
	"Caler le rendez-vous de signature", "Vérifier les cotes sur place", "Présenter les échantillons de teintes"}

var otherLossNotes = []string{"Le concurrent posait en trois semaines, nous en huit.", "Le client connaissait le gérant du concurrent.",
	"Le client voulait du bois, nous avons proposé du PVC.", "Devis envoyé dix jours après la visite : trop tard.", ""}

// product is something the company sells: a title and, for a price loss
// note, what was compared; q is the quantity.
type product struct {
	title    func(q int) string
	what     func(q int) string
	qty      [2]int // quantity range
	unitEuro [2]int // price of one, in euros
}

func itoa(n int) string { return strconv.Itoa(n) }

func fixed(s string) func(int) string { return func(int) string { return s } }

// smallJobs are quick, easy sales: what the "easy wins" salesperson sells.
var smallJobs = []product{
	{fixed("Fenêtre de toit"), fixed("une fenêtre de toit"), [2]int{1, 1}, [2]int{700, 1400}},
	{func(q int) string { return itoa(q) + " moustiquaires enroulables" }, func(q int) string { return itoa(q) + " moustiquaires" }, [2]int{2, 6}, [2]int{150, 280}},
	{fixed("Porte de service PVC"), fixed("une porte de service PVC"), [2]int{1, 1}, [2]int{900, 1600}},
	{func(q int) string { return itoa(q) + " volets battants bois" }, func(q int) string { return itoa(q) + " volets battants" }, [2]int{2, 4}, [2]int{350, 600}},
	{fixed("Remplacement de vitrage feuilleté"), fixed("un vitrage feuilleté"), [2]int{1, 1}, [2]int{600, 1500}},
	{func(q int) string { return "Motorisation de " + itoa(q) + " volets roulants" }, func(q int) string { return itoa(q) + " moteurs de volets" }, [2]int{2, 5}, [2]int{300, 450}},
}

// homeProjects are a household's windows, doors and shutters.
var homeProjects = []product{
	{func(q int) string { return "Remplacement de " + itoa(q) + " fenêtres PVC" }, func(q int) string { return itoa(q) + " fenêtres PVC" }, [2]int{3, 12}, [2]int{650, 900}},
	{func(q int) string { return itoa(q) + " fenêtres alu" }, func(q int) string { return itoa(q) + " fenêtres alu" }, [2]int{4, 10}, [2]int{900, 1300}},
	{fixed("Porte d'entrée alu"), fixed("une porte d'entrée alu"), [2]int{1, 1}, [2]int{2500, 4800}},
	{fixed("Baie coulissante alu 3 vantaux"), fixed("une baie coulissante 3 vantaux"), [2]int{1, 1}, [2]int{3500, 7000}},
	{func(q int) string { return itoa(q) + " volets roulants solaires" }, func(q int) string { return itoa(q) + " volets roulants solaires" }, [2]int{3, 10}, [2]int{550, 800}},
	{fixed("Porte de garage sectionnelle"), fixed("une porte de garage sectionnelle"), [2]int{1, 1}, [2]int{1800, 3500}},
	{fixed("Portail battant alu et portillon"), fixed("un portail alu"), [2]int{1, 1}, [2]int{3000, 6500}},
}

// bigProjects are verandas, whole houses and small buildings.
var bigProjects = []product{
	{func(q int) string { return "Véranda alu " + itoa(q) + " m²" }, func(q int) string { return "une véranda de " + itoa(q) + " m²" }, [2]int{12, 30}, [2]int{1200, 1800}},
	{fixed("Pergola bioclimatique"), fixed("une pergola bioclimatique"), [2]int{1, 1}, [2]int{8000, 16000}},
	{func(q int) string { return "Menuiseries bois de la maison (" + itoa(q) + " ouvertures)" }, func(q int) string { return itoa(q) + " menuiseries bois" }, [2]int{6, 14}, [2]int{900, 1400}},
	{func(q int) string { return "Lot menuiseries extérieures – " + itoa(q) + " logements" }, func(q int) string { return "le lot menuiseries de " + itoa(q) + " logements" }, [2]int{6, 30}, [2]int{4500, 7000}},
	{func(q int) string { return "Remplacement de " + itoa(q) + " fenêtres alu (copropriété)" }, func(q int) string { return itoa(q) + " fenêtres alu" }, [2]int{20, 60}, [2]int{800, 1100}},
}

// pad writes n with at least width digits.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
