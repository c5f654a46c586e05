package importer

import (
	"golang.org/x/text/unicode/norm"

	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"closer"
)

func importSample(t *testing.T, profile, file string) (*fakeStore, *Report) {
	t.Helper()
	return importSampleIn(t, "EUR", profile, file)
}

// importSampleIn imports a sample file into an org counting in currency.
func importSampleIn(t *testing.T, currency, profile, file string) (*fakeStore, *Report) {
	t.Helper()
	m, ok := Profile(profile)
	if !ok {
		t.Fatalf("no profile %s", profile)
	}
	f, err := os.Open("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := Read(file, f, m)
	if err != nil {
		t.Fatal(err)
	}
	s := newFakeStore()
	s.org.Currency = currency
	rep, err := Run(ownerCtx(), s, m, tb, Options{Now: func() time.Time { return fixedNow().AddDate(7, 0, 0) }})
	if err != nil {
		t.Fatalf("%v %+v", err, rep.Problems)
	}
	return s, rep
}

func TestProfilePipedrive(t *testing.T) {
	s, rep := importSample(t, "pipedrive", "pipedrive_deals.csv")
	if rep.Imported != 3 || rep.ByStatus[closer.StatusWon] != 1 || rep.ByStatus[closer.StatusLost] != 1 || rep.ByStatus[closer.StatusOpen] != 1 {
		t.Fatalf("report: %+v", rep)
	}
	// The deleted deal is left out, and said so.
	if rep.Rows != 4 || rep.SkippedRows != 1 || len(s.opps) != 3 {
		t.Errorf("deleted deal: rows %d, skipped %d, opportunities %d", rep.Rows, rep.SkippedRows, len(s.opps))
	}
	won, lost, open := s.opps[0], s.opps[1], s.opps[2]
	if won.Title != "Acme website redesign" || won.Amount != 1250000 || won.DetectedOn != closer.MustDate("2024-01-08") ||
		won.ClosedOn != closer.MustDate("2024-03-05") || won.ExpectedCloseOn != closer.MustDate("2024-02-29") || won.ContactID == 0 {
		t.Errorf("won: %+v", won)
	}
	if lost.ClosedOn != closer.MustDate("2024-04-02") || !lost.CompetitorUnknown || s.lists.Name(closer.ListLossReasons, lost.LossReasonID) != "Went with a competitor" {
		t.Errorf("lost: %+v", lost)
	}
	if s.lists.Name(closer.ListStages, open.StageID) != "Qualified" || open.Amount != 300000 {
		t.Errorf("open: %+v", open)
	}
	// In Pipedrive's pipeline order, not the order the file names them.
	if strings.Join(rep.CreatedStages, ",") != "Qualified,Proposal Made,Negotiations Started" || rep.StagesInFileOrder {
		t.Errorf("stages: %v %v", rep.CreatedStages, rep.StagesInFileOrder)
	}
}

// TestProfilePipedriveRelatedColumns reads a deals export that also carries
// the fields of the deal's person and organization: "Deal - Organization"
// is the deal's, beside "Person - Organization"; "Deal - Owner" beside
// "Organization - Owner" and "Person - Owner".
func TestProfilePipedriveRelatedColumns(t *testing.T) {
	m, _ := Profile("pipedrive")
	data := "Deal - Title,Deal - Owner,Deal - Value,Deal - Organization,Deal - Status,Deal - Stage,Deal - Deal created,Person - Name,Person - Organization,Person - Owner,Organization - Name,Organization - Owner\n" +
		"Roof,Ann,100,Acme Ltd,open,Qualified,2017-01-05 10:00:00,John,Acme Ltd,Bob,Acme Ltd,Bob\n"
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, readString(t, "deals.csv", data, m), Options{Now: fixedNow})
	if err != nil || len(s.opps) != 1 || strings.Join(rep.CreatedAccounts, ",") != "Acme Ltd" || s.userName(s.opps[0].OwnerID) != "Ann" {
		t.Fatalf("%v %+v", err, rep)
	}
	// Without a main prefix to choose by, two columns that answer a name
	// are an error that names them.
	tb := readString(t, "x.csv", "Title,Person - Owner,Organization - Owner\nA,Bob,Bob\n", m)
	if _, err := Run(ownerCtx(), newFakeStore(), mapping(t, `{"columns": {"title": "Title", "owner": "Owner"}}`), tb, Options{Now: fixedNow}); !strings.Contains(closer.ErrorMessage(err), `"Person - Owner", "Organization - Owner"`) {
		t.Errorf("ambiguous columns: %v", err)
	}
}

// TestReadDecomposedAccents reads a file whose accents are written as
// combining marks (macOS tools): its columns and values match the mapping's
// and the org's names, written with composed letters.
func TestReadDecomposedAccents(t *testing.T) {
	m, _ := Profile("excel-fr")
	data := norm.NFD.String("Titre;Commercial;Statut;Montant;Date de détection;Date de clôture;Étape\nToiture;Boss;Gagnée;1 000;05/01/2017;10/02/2017;Négociation\n")
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
	if err != nil || len(rep.CreatedOwners) != 0 || s.opps[0].Status != closer.StatusWon || s.opps[0].DetectedOn != closer.MustDate("2017-01-05") {
		t.Fatalf("%v %+v %+v", err, rep, s.opps)
	}
	if got := s.lists.Name(closer.ListStages, s.opps[0].StageID); got != norm.NFC.String("Négociation") {
		t.Errorf("stage %q", got)
	}
}

func TestProfileExcelFR(t *testing.T) {
	for _, file := range []string{"excel_fr_utf8.csv", "excel_fr_cp1252.csv"} {
		t.Run(file, func(t *testing.T) {
			s, rep := importSample(t, "excel-fr", file)
			if rep.Imported != 5 {
				t.Fatalf("report: %+v", rep)
			}
			for i, want := range []closer.Status{closer.StatusWon, closer.StatusLost, closer.StatusVanished, closer.StatusOnHold, closer.StatusOpen} {
				if s.opps[i].Status != want {
					t.Errorf("row %d: %s, want %s", i, s.opps[i].Status, want)
				}
			}
			won, lost, vanished, held := s.opps[0], s.opps[1], s.opps[2], s.opps[3]
			if won.Title != "Rénovation toiture" || won.Amount != 1250050 || won.ClosedOn != closer.MustDate("2017-03-01") {
				t.Errorf("won: %+v", won)
			}
			// "Prix" is the org's price reason: the note says what was compared.
			if r, _ := s.lists.Get(closer.ListLossReasons, lost.LossReasonID); r.Name != "Price" && r.Name != "Prix" {
				t.Logf("loss reason %q created (the fake org's lists are in English)", r.Name)
			}
			if lost.Note != "15 % plus cher\r\nque Roux" && lost.Note != "15 % plus cher\nque Roux" {
				t.Errorf("note: %q", lost.Note)
			}
			if s.lists.Name(closer.ListCompetitors, lost.CompetitorID) != "Menuiserie Roux" {
				t.Errorf("competitor: %+v", lost)
			}
			if s.lists.Name(closer.ListVanishReasons, vanished.VanishReasonID) != "Pas de budget" {
				t.Errorf("vanished: %+v", vanished)
			}
			if held.HoldReason != "Permis de construire" || held.ReviewOn != closer.MustDate("2018-03-01") || s.lists.Name(closer.ListStages, held.StageID) != "Proposition" {
				t.Errorf("on hold: %+v", held)
			}
		})
	}
}

func TestProfileHubSpot(t *testing.T) {
	s, rep := importSample(t, "hubspot", "hubspot_deals.csv")
	if rep.Imported != 4 || rep.ByStatus[closer.StatusWon] != 1 || rep.ByStatus[closer.StatusLost] != 1 || rep.ByStatus[closer.StatusOpen] != 2 {
		t.Fatalf("report: %+v", rep)
	}
	won, lost, open, sent := s.opps[0], s.opps[1], s.opps[2], s.opps[3]
	if won.Title != "Acme - support contract" || won.Amount != 1250000 || won.DetectedOn != closer.MustDate("2024-01-08") ||
		won.ClosedOn != closer.MustDate("2024-03-05") || won.Note != "Three-year support" || won.AccountID == 0 {
		t.Errorf("won: %+v", won)
	}
	if lost.ClosedOn != closer.MustDate("2024-04-02") || !lost.CompetitorUnknown || lost.Amount != 800050 ||
		s.lists.Name(closer.ListLossReasons, lost.LossReasonID) != "Chose a cheaper tool" {
		t.Errorf("lost: %+v", lost)
	}
	// An open deal's close date is the expected one.
	if s.lists.Name(closer.ListStages, open.StageID) != "Qualified to buy" || !open.ClosedOn.IsZero() ||
		open.ExpectedCloseOn != closer.MustDate("2024-06-30") {
		t.Errorf("open: %+v", open)
	}
	if sent.Status != closer.StatusOpen || sent.AccountID != 0 || sent.Amount != 0 || sent.ExpectedCloseOn != closer.MustDate("2024-05-31") {
		t.Errorf("contract sent: %+v", sent)
	}
	if strings.Join(rep.CreatedStages, ",") != "Qualified to buy,contract sent" {
		t.Errorf("stages created: %v", rep.CreatedStages)
	}
	if strings.Join(rep.CreatedOwners, ",") != "Jane Doe,Bob Stone" {
		t.Errorf("owners: %v", rep.CreatedOwners)
	}
}

// TestProfileSalesforce imports a report export, closing lines included,
// and a Data Loader export with the API names.
func TestProfileSalesforce(t *testing.T) {
	s, rep := importSampleIn(t, "USD", "salesforce", "salesforce_report.csv")
	if rep.Imported != 4 || rep.ByStatus[closer.StatusWon] != 1 || rep.ByStatus[closer.StatusLost] != 1 || rep.ByStatus[closer.StatusOpen] != 2 ||
		!slices.Equal(rep.LeftOut, []int{7, 8, 9, 10}) {
		t.Fatalf("report: %+v", rep)
	}
	won, lost, open, unnamed := s.opps[0], s.opps[1], s.opps[2], s.opps[3]
	if won.Title != "Acme - 200 licences" || won.Amount != 2500000 || won.DetectedOn != closer.MustDate("2024-01-08") ||
		won.ClosedOn != closer.MustDate("2024-03-05") || won.AccountID == 0 || s.lists.Name(closer.ListSources, won.SourceID) != "Web" {
		t.Errorf("won: %+v", won)
	}
	if lost.ClosedOn != closer.MustDate("2024-04-02") || !lost.CompetitorUnknown || lost.Amount != 800050 ||
		s.lists.Name(closer.ListLossReasons, lost.LossReasonID) != "Not recorded" {
		t.Errorf("lost: %+v", lost)
	}
	if s.lists.Name(closer.ListStages, open.StageID) != "Qualification" || !open.ClosedOn.IsZero() ||
		open.ExpectedCloseOn != closer.MustDate("2024-12-15") || open.NextAction != "Send the proposal" {
		t.Errorf("open: %+v", open)
	}
	if unnamed.AccountID != 0 || unnamed.Amount != 0 || s.lists.Name(closer.ListStages, unnamed.StageID) != "Id. Decision Makers" {
		t.Errorf("without an account: %+v", unnamed)
	}
	if strings.Join(rep.CreatedOwners, ",") != "Jane Doe,Bob Stone" {
		t.Errorf("owners: %v", rep.CreatedOwners)
	}

	s, rep = importSample(t, "salesforce", "salesforce_dataloader.csv")
	if rep.Imported != 3 || len(rep.LeftOut) != 0 {
		t.Fatalf("data loader report: %+v", rep)
	}
	won, lost, open = s.opps[0], s.opps[1], s.opps[2]
	if won.DetectedOn != closer.MustDate("2024-01-08") || won.ClosedOn != closer.MustDate("2024-03-05") || won.Amount != 2500000 || won.Note != "Three-year deal" {
		t.Errorf("data loader won: %+v", won)
	}
	if s.lists.Name(closer.ListLossReasons, lost.LossReasonID) != "Chose a cheaper tool" || lost.Amount != 800050 {
		t.Errorf("data loader lost: %+v", lost)
	}
	if open.Status != closer.StatusOpen || s.lists.Name(closer.ListStages, open.StageID) != "Negotiation/Review" || open.NextAction != "Call Tuesday" {
		t.Errorf("data loader open: %+v", open)
	}
}

// TestOwnExportsNeedTheirProfile: Closer's export of one entity read with
// the profile of another is refused, naming the profile to use, rather than
// imported as the wrong records (accounts as contacts) or refused for a
// missing column; a file that could be either is read as the mapping says.
func TestOwnExportsNeedTheirProfile(t *testing.T) {
	for _, c := range []struct {
		profile, file, want string
	}{
		{"closer-contacts", "name,city,phone,website,note,owner\nAcme,Nantes,,,,\n", "profile closer-accounts."},
		{"closer-accounts", "name,account,email,phone,job_title,owner,account_city,account_phone\nAnn,Acme,,,,,,\n", "profile closer-contacts."},
		{"closer", "account,kind,reference,amount,ordered_on,owner,opportunity\nAcme,direct,C-1,10,2017-01-02,,\n", "profile closer-orders."},
		{"closer-orders", "title,status,version\nWindows,open,1\n", "profile closer."},
		{"closer-orders", "kind,subject,owner,due_on,done_on,opportunity,account,note\ncall,First call,,2017-01-02,,,Acme,\n", "profile closer-activities."},
		{"closer", "opportunity,number,amount,sent_on,status\nWindows,Q-1,10,2017-01-02,sent\n", "profile closer-quotes."},
		{"closer-quotes", "account,kind,reference,amount,ordered_on,owner,opportunity\nAcme,direct,C-1,10,2017-01-02,,\n", "profile closer-orders."},
		{"closer-contacts", "name,phone\nAnn,0102\n", ""},
	} {
		m, _ := Profile(c.profile)
		rep, err := Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", c.file, m), Options{Now: fixedNow})
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.profile, err)
		case c.want != "" && (closer.ErrorField(err) != "columns" || !strings.HasSuffix(closer.ErrorMessage(err), c.want)):
			t.Errorf("%s: %v %+v, want %q", c.profile, err, rep, c.want)
		}
	}
}
