package importer

import (
	"slices"
	"sort"
)

// ProfileInfo names and describes a built-in mapping profile.
type ProfileInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// profiles are the built-in mappings, by name. Each is tested against a
// sample file of testdata/.
var profiles = map[string]struct {
	description string
	mapping     Mapping
}{
	// maven is exactly the mapping example of SPEC section 4, for the Maven
	// Analytics "CRM + Sales + Opportunities" sales_pipeline.csv: deal_stage
	// Won/Lost/Engaging/Prospecting gives both the status and the stage;
	// who won and why it was lost were never recorded.
	"maven": {
		description: "Maven Analytics sales_pipeline.csv (the SPEC's example mapping)",
		mapping: Mapping{
			Entity: EntityOpportunities,
			Columns: map[string]string{"title": "opportunity_id", "owner": "sales_agent", "account": "account",
				"status": "deal_stage", "stage": "deal_stage", "detected_on": "engage_date",
				"closed_on": "close_date", "amount": "close_value"},
			Values: map[string]map[string]string{
				"status": {"Won": "won", "Lost": "lost", "Engaging": "open", "Prospecting": "open"},
				"stage":  {"Won": "", "Lost": "", "Engaging": "Engaging", "Prospecting": "Prospecting"},
			},
			Defaults:   map[string]string{"loss_reason": "Not recorded", "competitor": "unknown", "vanish_reason": "Not recorded"},
			DateFormat: "2006-01-02", DecimalSeparator: ".", Delimiter: ",",
			// The SPEC's example lists Engaging first; Maven's funnel is
			// Prospecting, then Engaging.
			StageOrder: []string{"Prospecting", "Engaging"},
		},
	},
	// pipedrive reads a Pipedrive deals export (CSV, "Deal - " prefixes
	// optional): Title, Value, Status (Open/Won/Lost), Stage, Owner,
	// Organization, Contact person (or Person), Deal created and Won time /
	// Lost time as "2024-03-05 14:22:10", Expected close date as a date,
	// Lost reason, Currency (checked against the org's: a deal in another
	// currency is a bad row). Columns that exports include only on demand
	// are optional. Pipedrive records no competitor: lost deals get "unknown".
	// Deals deleted in Pipedrive (Status "Deleted", in an export whose
	// filter includes them) are left out, and counted in the report: a deal
	// deleted there is no opportunity won, lost or followed, and no status
	// of Closer says what it was (a duplicate, a test, a mistake).
	"pipedrive": {
		description: "Pipedrive deals export (CSV)",
		mapping: Mapping{
			Entity: EntityOpportunities,
			Columns: map[string]string{"title": "Title", "amount": "Value", "status": "Status", "stage": "Stage",
				"owner": "Owner", "account": "Organization?", "contact": "Contact person|Person?",
				"detected_on": "Deal created|Creation date?", "expected_close_on": "Expected close date?",
				"closed_on": "Close date|Closed on|Won time|Lost time?", "loss_reason": "Lost reason?",
				"next_action_on": "Next activity date?", "currency": "Currency?"},
			Values: map[string]map[string]string{
				"status": {"open": "open", "won": "won", "lost": "lost"},
			},
			Defaults:   map[string]string{"loss_reason": "Not recorded", "competitor": "unknown"},
			Skip:       map[string][]string{"Status?": {"Deleted"}},
			DateFormat: "2006-01-02 15:04:05", DecimalSeparator: ".", Delimiter: "auto", Encoding: "auto",
			// Pipedrive's default pipeline (Demo Scheduled in older accounts).
			StageOrder: []string{"Qualified", "Contact Made", "Demo Scheduled", "Needs Defined", "Proposal Made", "Negotiations Started"},
		},
	},
	// hubspot reads a HubSpot deals export (CSV or XLSX) of the default
	// sales pipeline: Deal Name, Deal Stage (Appointment scheduled … Contract
	// sent, Closed won, Closed lost) giving both the status and the stage,
	// Amount, Deal owner, Create Date, Close Date (the expected one while the
	// deal is open), Associated Company, Closed Lost Reason, Deal
	// Description, Next Activity Date; dates with or without their time;
	// Currency, which a multi-currency account exports (checked against the
	// org's, as Pipedrive's: a deal in another currency is a bad row).
	// HubSpot records no competitor: lost deals get "unknown". A custom
	// pipeline's stages need their own line in "values".
	"hubspot": {
		description: "HubSpot deals export, default sales pipeline (CSV or XLSX)",
		mapping: Mapping{
			Entity: EntityOpportunities,
			Columns: map[string]string{"title": "Deal Name", "status": "Deal Stage", "stage": "Deal Stage", "amount": "Amount?",
				"owner": "Deal owner?", "account": "Associated Company (Primary)|Associated Company|Company name?",
				"detected_on": "Create Date?", "expected_close_on": "Close Date?", "closed_on": "Close Date?",
				"loss_reason": "Closed Lost Reason?", "note": "Deal Description?", "next_action_on": "Next Activity Date?",
				"currency": "Currency|Deal Currency Code?"},
			Values: map[string]map[string]string{
				"status": {"Appointment scheduled": "open", "Qualified to buy": "open", "Presentation scheduled": "open",
					"Decision maker bought-in": "open", "Contract sent": "open", "Closed won": "won", "Closed lost": "lost"},
				"stage": {"Closed won": "", "Closed lost": ""},
			},
			Defaults:   map[string]string{"loss_reason": "Not recorded", "competitor": "unknown"},
			DateFormat: "2006-01-02", DecimalSeparator: ".", Delimiter: "auto", Encoding: "auto",
			StageOrder: []string{"Appointment scheduled", "Qualified to buy", "Presentation scheduled", "Decision maker bought-in", "Contract sent"},
		},
	},
	// salesforce reads Salesforce opportunities: a report exported as
	// "Details Only" (CSV or XLSX; a Classic export's closing copyright
	// lines are left out by Read), or a Data Loader export with the API
	// names (Name, StageName, CloseDate, Owner.Name, Account.Name…). The
	// default Stage picklist gives both the status and the stage; Close
	// Date is the expected one while the deal is open. Report dates follow
	// the user's locale: the profile reads the US one (3/5/2024), and ISO
	// dates (Data Loader) whatever the layout; another locale needs its own
	// date_format. Salesforce has no standard loss reason: a custom field
	// named "Loss Reason" is read when there is one. No competitor either:
	// lost deals get "unknown". Custom stages need their own line in
	// "values". A multi-currency org exports each opportunity's currency
	// (Opportunity Currency or Amount Currency in a report, CurrencyIsoCode
	// from the Data Loader): checked against the org's, as Pipedrive's.
	"salesforce": {
		description: "Salesforce opportunities: report export (Details Only) or Data Loader",
		mapping: Mapping{
			Entity: EntityOpportunities,
			Columns: map[string]string{"title": "Opportunity Name|Name", "status": "Stage|StageName", "stage": "Stage|StageName",
				"amount": "Amount?", "owner": "Opportunity Owner|Owner Name|Owner.Name?", "account": "Account Name|Account.Name?",
				"source": "Lead Source|LeadSource?", "detected_on": "Created Date|CreatedDate?",
				"expected_close_on": "Close Date|CloseDate?", "closed_on": "Close Date|CloseDate?",
				"next_action": "Next Step|NextStep?", "note": "Description?", "loss_reason": "Loss Reason|Loss_Reason__c?",
				"currency": "Opportunity Currency|Amount Currency|CurrencyIsoCode?"},
			Values: map[string]map[string]string{
				"status": {"Prospecting": "open", "Qualification": "open", "Needs Analysis": "open", "Value Proposition": "open",
					"Id. Decision Makers": "open", "Perception Analysis": "open", "Proposal/Price Quote": "open",
					"Negotiation/Review": "open", "Closed Won": "won", "Closed Lost": "lost"},
				"stage": {"Closed Won": "", "Closed Lost": ""},
			},
			Defaults:   map[string]string{"loss_reason": "Not recorded", "competitor": "unknown"},
			DateFormat: "1/2/2006", DecimalSeparator: ".", Delimiter: "auto", Encoding: "auto",
			StageOrder: []string{"Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
				"Perception Analysis", "Proposal/Price Quote", "Negotiation/Review"},
		},
	},
	// closer reads Closer's own export of opportunities (CSV or XLSX, from
	// the command line, the API or the export page): its columns carry the
	// fields' names. It moves an organization's opportunities to another
	// organization or another server. Only the title is required, so that
	// an export trimmed in a spreadsheet still reads.
	"closer": {
		description: "Closer's own export of opportunities (CSV or XLSX)",
		mapping:     Mapping{Entity: EntityOpportunities, Columns: ownColumns(EntityOpportunities), Delimiter: "auto", Encoding: "auto"},
	},
	// closer-accounts, closer-contacts, closer-orders, closer-quotes and
	// closer-activities read Closer's own exports of those records, as
	// closer does its opportunities. Moving an org imports them in this
	// order: accounts, contacts, opportunities (closer), then orders,
	// quotes and activities; each file finds the records of the earlier
	// ones again (an account by its name, city and phone; the opportunity
	// of an order, a quote or an activity by its title, account, dates and
	// amount).
	"closer-accounts": {
		description: "Closer's own export of accounts (CSV or XLSX)",
		mapping:     Mapping{Entity: EntityAccounts, Columns: ownColumns(EntityAccounts), Delimiter: "auto", Encoding: "auto"},
	},
	"closer-contacts": {
		description: "Closer's own export of contacts (CSV or XLSX)",
		mapping:     Mapping{Entity: EntityContacts, Columns: ownColumns(EntityContacts), Delimiter: "auto", Encoding: "auto"},
	},
	"closer-orders": {
		description: "Closer's own export of orders (CSV or XLSX)",
		mapping:     Mapping{Entity: EntityOrders, Columns: ownColumns(EntityOrders), Delimiter: "auto", Encoding: "auto"},
	},
	"closer-quotes": {
		description: "Closer's own export of quotes (CSV or XLSX)",
		mapping:     Mapping{Entity: EntityQuotes, Columns: ownColumns(EntityQuotes), Delimiter: "auto", Encoding: "auto"},
	},
	"closer-activities": {
		description: "Closer's own export of activities (CSV or XLSX)",
		mapping:     Mapping{Entity: EntityActivities, Columns: ownColumns(EntityActivities), Delimiter: "auto", Encoding: "auto"},
	},
	// excel-fr reads the CSV that French Excel writes: ";" between fields,
	// "," before decimals, dates 02/01/2006, UTF-8 with a BOM or
	// Windows-1252 (detected). Columns: Titre, Commercial, Client, Contact,
	// Origine, Statut (Ouverte, En attente, Gagnée, Perdue, Abandonnée),
	// Étape, Montant, Date de détection, Date de clôture prévue, Date de
	// clôture, Prochaine action, Date prochaine action, Motif d'attente,
	// Date de relance, Motif de perte, Concurrent, Motif d'abandon, Note,
	// Devise (checked against the org's currency); only Titre and Statut
	// are required.
	"excel-fr": {
		description: "Excel CSV in French (; and , decimals, dd/mm/yyyy, UTF-8 BOM or Windows-1252)",
		mapping: Mapping{
			Entity: EntityOpportunities,
			Columns: map[string]string{"title": "Titre", "status": "Statut", "owner": "Commercial?", "account": "Client?",
				"contact": "Contact?", "source": "Origine?", "stage": "Étape|Etape?", "amount": "Montant?",
				"detected_on": "Date de détection|Date de detection?", "expected_close_on": "Date de clôture prévue|Date de cloture prevue?",
				"closed_on": "Date de clôture|Date de cloture?", "next_action": "Prochaine action?",
				"next_action_on": "Date prochaine action?", "hold_reason": "Motif d'attente?", "review_on": "Date de relance?",
				"loss_reason": "Motif de perte?", "competitor": "Concurrent?", "vanish_reason": "Motif d'abandon?", "note": "Note?",
				"currency": "Devise?"},
			Values: map[string]map[string]string{
				"status": {"Ouverte": "open", "Ouvert": "open", "En cours": "open", "En attente": "on_hold", "Gagnée": "won",
					"Gagnee": "won", "Gagné": "won", "Perdue": "lost", "Perdu": "lost", "Abandonnée": "vanished",
					"Abandonnee": "vanished", "Abandonné": "vanished", "Sans suite": "vanished"},
				"competitor": {"Inconnu": "unknown", "Non connu": "unknown"},
			},
			Defaults:   map[string]string{"loss_reason": "Non renseigné", "competitor": "unknown", "vanish_reason": "Non renseigné"},
			DateFormat: "02/01/2006", DecimalSeparator: ",", Delimiter: ";", Encoding: "auto",
		},
	},
}

// ownColumns maps each field of entity to the column of its own name, as
// Closer's exports write them: optional, but for the first field.
func ownColumns(entity string) map[string]string {
	cols := map[string]string{}
	for i, f := range entityFields[entity] {
		cols[f] = f + "?"
		if i == 0 {
			cols[f] = f
		}
	}
	return cols
}

// ownProfiles name the profile of each of Closer's own exports, by entity.
var ownProfiles = map[string]string{EntityOpportunities: "closer", EntityAccounts: "closer-accounts",
	EntityContacts: "closer-contacts", EntityOrders: "closer-orders", EntityQuotes: "closer-quotes", EntityActivities: "closer-activities"}

// ownExport returns the entity of which header is Closer's own export:
// every column is a field of that entity, its first field among them, and of that entity only (a file of "name"
// and "phone" could be accounts or contacts). A file of another entity
// than its mapping's then gets the profile to use (see Run).
func ownExport(header []string) (string, bool) {
	found := ""
	for _, entity := range Entities {
		fields := entityFields[entity]
		if !slices.Contains(header, fields[0]) || slices.ContainsFunc(header, func(h string) bool {
			return !slices.Contains(fields, h)
		}) {
			continue
		} else if found != "" {
			return "", false
		}
		found = entity
	}
	return found, found != ""
}

// readsOwnColumns reports whether m reads each field from the column of
// its own name, as the profiles of Closer's exports do.
func readsOwnColumns(m *Mapping) bool {
	for f, spec := range m.Columns {
		if names, _ := SpecColumns(spec); len(names) != 1 || names[0] != f {
			return false
		}
	}
	return true
}

// Profiles lists the built-in mapping profiles by name.
func Profiles() []ProfileInfo {
	var out []ProfileInfo
	for name, p := range profiles {
		out = append(out, ProfileInfo{Name: name, Description: p.description})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Profile returns a copy of the built-in mapping of name, ready to use or to
// adapt; false when there is none.
func Profile(name string) (*Mapping, bool) {
	p, ok := profiles[name]
	if !ok {
		return nil, false
	}
	m := p.mapping.Clone()
	if err := m.Validate(); err != nil {
		panic("importer: built-in profile " + name + ": " + err.Error())
	}
	return m, true
}
