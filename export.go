package closer

import "context"

// ExportService reads every record of one kind of the actor's org in id
// order, a batch at a time: each call returns up to limit records whose id
// is above after (0 for the first batch), and an empty batch at the end.
// Exports page through it by the last id they got, so that an org of a
// million opportunities streams in constant memory and each batch is one
// range of the primary key. Every member may read it, consultants included,
// but for the contacts (Actor.CanExportContacts).
type ExportService interface {
	// ExportOpportunities returns opportunities with their owner's, account's
	// and contact's names filled.
	ExportOpportunities(ctx context.Context, after int64, limit int) ([]*Opportunity, error)
	ExportAccounts(ctx context.Context, after int64, limit int) ([]*Account, error)
	ExportContacts(ctx context.Context, after int64, limit int) ([]*Contact, error)
	ExportQuotes(ctx context.Context, after int64, limit int) ([]*Quote, error)
	ExportOrders(ctx context.Context, after int64, limit int) ([]*Order, error)
	ExportActivities(ctx context.Context, after int64, limit int) ([]*Activity, error)
	// ExportOrg returns the actor's org: an export writes its currency
	// beside the amounts, so that an import into an org of another
	// currency refuses them instead of relabelling them.
	ExportOrg(ctx context.Context) (*Org, error)
	// ExportContactEmails returns the e-mails of the contacts among ids
	// that have one, which tell homonymous contacts apart in an export of
	// opportunities; none to a consultant (Actor.CanExportContacts).
	ExportContactEmails(ctx context.Context, ids []int64) (map[int64]string, error)
}
