package export

import (
	"context"

	"closer"
)

// table is how one entity is exported: its columns and what writes its
// records (after the header), a batch at a time.
type table struct {
	columns []string
	write   func(ctx context.Context, src Source, n *names, rw rowWriter) error
}

// tables holds every entity's export. Opportunities carry SPEC section 4's
// fields, then held_on (the day an on-hold one was put on hold, the
// relaunch queue's order, which an org moved by export and import keeps);
// the others the fields of their import mapping (when the importer reads
// them) and of the API.
//
// Columns added later go at the end, so that what reads the earlier ones
// by position keeps working. They make a move by export and import keep
// every link, without ids (another database's ids mean nothing in the new
// one): account_city and account_phone tell homonym accounts apart, as the
// accounts import does (by name, city and phone); the
// opportunity_detected_on, opportunity_closed_on and opportunity_amount of
// an order, a quote or an activity tell apart the opportunities of one
// title at one account (a quote's account is its opportunity's); currency
// (the org's, beside every amount) makes an import into an org of another
// currency refuse the amounts rather than relabel them; owner_email tells
// homonymous members apart, contact_email homonymous contacts (see the
// importer's ownerOf and contactAt).
var tables = map[string]table{
	EntityOpportunities: {
		columns: []string{"title", "owner", "account", "contact", "source", "stage", "status", "amount",
			"detected_on", "expected_close_on", "next_action_on", "next_action", "hold_reason", "review_on",
			"closed_on", "loss_reason", "competitor", "vanish_reason", "note", "version", "held_on",
			"account_city", "account_phone", "currency", "owner_email", "contact_email"},
		write: writeOpportunities,
	},
	EntityAccounts: {columns: []string{"name", "city", "phone", "website", "note", "owner", "owner_email"}, write: writeAccounts},
	EntityContacts: {columns: []string{"name", "account", "email", "phone", "job_title", "owner", "account_city", "account_phone",
		"owner_email"}, write: writeContacts},
	EntityQuotes: {columns: []string{"opportunity", "number", "amount", "sent_on", "status",
		"account", "account_city", "account_phone", "opportunity_detected_on", "opportunity_closed_on", "opportunity_amount",
		"currency"}, write: writeQuotes},
	EntityOrders: {columns: []string{"account", "kind", "reference", "amount", "ordered_on", "owner", "opportunity",
		"account_city", "account_phone", "opportunity_detected_on", "opportunity_closed_on", "opportunity_amount",
		"currency", "owner_email"}, write: writeOrders},
	EntityActivities: {columns: []string{"kind", "subject", "owner", "due_on", "done_on", "opportunity", "account", "note",
		"account_city", "account_phone", "opportunity_detected_on", "opportunity_closed_on", "opportunity_amount",
		"owner_email"}, write: writeActivities},
}

// names turns the ids of references into the names an export shows, and
// gives what the org's records share: its currency.
type names struct {
	lists    *closer.Lists
	owners   map[int64]string
	emails   map[int64]string // members' e-mails, by user id
	currency string
}

func newNames(ctx context.Context, src Source) (*names, error) {
	l, err := src.Lists.Lists(ctx)
	if err != nil {
		return nil, err
	}
	members, err := src.Orgs.Members(ctx)
	if err != nil {
		return nil, err
	}
	org, err := src.Records.ExportOrg(ctx)
	if err != nil {
		return nil, err
	}
	n := &names{lists: l, owners: make(map[int64]string, len(members)), emails: make(map[int64]string, len(members)), currency: org.Currency}
	for _, m := range members {
		n.owners[m.UserID] = m.Name
		n.emails[m.UserID] = m.Email
	}
	return n, nil
}

func (n *names) owner(id int64) value { return text(n.owners[id]) }

// ownerEmail is the e-mail of the member id: what tells two members of one
// name apart. Every member of the org sees the members' addresses.
func (n *names) ownerEmail(id int64) value { return text(n.emails[id]) }

func (n *names) item(k closer.ListKind, id int64) value { return text(n.lists.Name(k, id)) }

// each pages through one kind of record by id, a batch at a time, until
// fetch answers a short batch; it stops when ctx is done.
func each[T any](ctx context.Context, fetch func(context.Context, int64, int) ([]*T, error), id func(*T) int64, batch func([]*T) error) error {
	var after int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		recs, err := fetch(ctx, after, batchSize)
		if err != nil {
			return err
		} else if len(recs) == 0 {
			return nil
		}
		if err := batch(recs); err != nil {
			return err
		}
		if len(recs) < batchSize {
			return nil
		}
		after = id(recs[len(recs)-1])
	}
}

// refs gathers the distinct non-zero ids that a batch references.
func refs[T any](recs []*T, ids ...func(*T) int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, r := range recs {
		for _, id := range ids {
			if v := id(r); v != 0 && !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// opportunities returns the opportunities among ids.
func opportunities(ctx context.Context, src Source, ids []int64) (map[int64]closer.OpportunityRef, error) {
	if len(ids) == 0 {
		return map[int64]closer.OpportunityRef{}, nil
	}
	return src.Lookups.OpportunityRefs(ctx, ids)
}

// accounts returns the accounts among ids, with their city and phone.
func accounts(ctx context.Context, src Source, ids []int64) (map[int64]closer.AccountRef, error) {
	if len(ids) == 0 {
		return map[int64]closer.AccountRef{}, nil
	}
	return src.Lookups.AccountRefs(ctx, ids)
}

func writeOpportunities(ctx context.Context, src Source, n *names, rw rowWriter) error {
	return each(ctx, src.Records.ExportOpportunities, func(o *closer.Opportunity) int64 { return o.ID }, func(batch []*closer.Opportunity) error {
		accts, err := accounts(ctx, src, refs(batch, func(o *closer.Opportunity) int64 { return o.AccountID }))
		if err != nil {
			return err
		}
		contactEmails, err := src.Records.ExportContactEmails(ctx, refs(batch, func(o *closer.Opportunity) int64 { return o.ContactID }))
		if err != nil {
			return err
		}
		for _, o := range batch {
			competitor := n.item(closer.ListCompetitors, o.CompetitorID)
			if o.CompetitorUnknown {
				competitor = text(closer.CompetitorUnknown)
			}
			err := rw.row([]value{text(o.Title), text(o.OwnerName), text(o.AccountName), text(o.ContactName),
				n.item(closer.ListSources, o.SourceID), n.item(closer.ListStages, o.StageID), text(string(o.Status)),
				amount(o.Amount), date(o.DetectedOn), date(o.ExpectedCloseOn), date(o.NextActionOn), text(o.NextAction),
				text(o.HoldReason), date(o.ReviewOn), date(o.ClosedOn), n.item(closer.ListLossReasons, o.LossReasonID),
				competitor, n.item(closer.ListVanishReasons, o.VanishReasonID), text(o.Note), integer(o.Version), date(o.HeldOn),
				text(accts[o.AccountID].City), text(accts[o.AccountID].Phone), text(n.currency), n.ownerEmail(o.OwnerID),
				text(contactEmails[o.ContactID])})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func writeAccounts(ctx context.Context, src Source, n *names, rw rowWriter) error {
	return each(ctx, src.Records.ExportAccounts, func(a *closer.Account) int64 { return a.ID }, func(batch []*closer.Account) error {
		for _, a := range batch {
			if err := rw.row([]value{text(a.Name), text(a.City), text(a.Phone), text(a.Website), text(a.Note), n.owner(a.OwnerID),
				n.ownerEmail(a.OwnerID)}); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeContacts(ctx context.Context, src Source, n *names, rw rowWriter) error {
	return each(ctx, src.Records.ExportContacts, func(c *closer.Contact) int64 { return c.ID }, func(batch []*closer.Contact) error {
		accts, err := accounts(ctx, src, refs(batch, func(c *closer.Contact) int64 { return c.AccountID }))
		if err != nil {
			return err
		}
		for _, c := range batch {
			a := accts[c.AccountID]
			if err := rw.row([]value{text(c.Name), text(a.Name), text(c.Email), text(c.Phone), text(c.JobTitle), n.owner(c.OwnerID),
				text(a.City), text(a.Phone), n.ownerEmail(c.OwnerID)}); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeQuotes(ctx context.Context, src Source, n *names, rw rowWriter) error {
	return each(ctx, src.Records.ExportQuotes, func(q *closer.Quote) int64 { return q.ID }, func(batch []*closer.Quote) error {
		opps, err := opportunities(ctx, src, refs(batch, func(q *closer.Quote) int64 { return q.OpportunityID }))
		if err != nil {
			return err
		}
		// A quote's account is its opportunity's.
		var ids []int64
		seen := map[int64]bool{}
		for _, o := range opps {
			if o.AccountID != 0 && !seen[o.AccountID] {
				seen[o.AccountID] = true
				ids = append(ids, o.AccountID)
			}
		}
		accts, err := accounts(ctx, src, ids)
		if err != nil {
			return err
		}
		for _, q := range batch {
			opp := opps[q.OpportunityID]
			a := accts[opp.AccountID]
			err := rw.row([]value{text(opp.Title), text(q.Number), amount(q.Amount), date(q.SentOn), text(string(q.Status)),
				text(a.Name), text(a.City), text(a.Phone), date(opp.DetectedOn), date(opp.ClosedOn), amount(opp.Amount),
				text(n.currency)})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func writeOrders(ctx context.Context, src Source, n *names, rw rowWriter) error {
	return each(ctx, src.Records.ExportOrders, func(o *closer.Order) int64 { return o.ID }, func(batch []*closer.Order) error {
		accts, err := accounts(ctx, src, refs(batch, func(o *closer.Order) int64 { return o.AccountID }))
		if err != nil {
			return err
		}
		opps, err := opportunities(ctx, src, refs(batch, func(o *closer.Order) int64 { return o.OpportunityID }))
		if err != nil {
			return err
		}
		for _, o := range batch {
			a, opp := accts[o.AccountID], opps[o.OpportunityID]
			oppAmount := value{}
			if o.OpportunityID != 0 {
				oppAmount = amount(opp.Amount)
			}
			err := rw.row([]value{text(a.Name), text(string(o.Kind)), text(o.Reference), amount(o.Amount),
				date(o.OrderedOn), n.owner(o.OwnerID), text(opp.Title),
				text(a.City), text(a.Phone), date(opp.DetectedOn), date(opp.ClosedOn), oppAmount,
				text(n.currency), n.ownerEmail(o.OwnerID)})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func writeActivities(ctx context.Context, src Source, n *names, rw rowWriter) error {
	return each(ctx, src.Records.ExportActivities, func(a *closer.Activity) int64 { return a.ID }, func(batch []*closer.Activity) error {
		accts, err := accounts(ctx, src, refs(batch, func(a *closer.Activity) int64 { return a.AccountID }))
		if err != nil {
			return err
		}
		opps, err := opportunities(ctx, src, refs(batch, func(a *closer.Activity) int64 { return a.OpportunityID }))
		if err != nil {
			return err
		}
		for _, a := range batch {
			acct, opp := accts[a.AccountID], opps[a.OpportunityID]
			oppAmount := value{}
			if a.OpportunityID != 0 {
				oppAmount = amount(opp.Amount)
			}
			err := rw.row([]value{text(string(a.Kind)), text(a.Subject), n.owner(a.OwnerID), date(a.DueOn), date(a.DoneOn),
				text(opp.Title), text(acct.Name), text(a.Note),
				text(acct.City), text(acct.Phone), date(opp.DetectedOn), date(opp.ClosedOn), oppAmount,
				n.ownerEmail(a.OwnerID)})
			if err != nil {
				return err
			}
		}
		return nil
	})
}
