package sqlstore

import (
	"slices"
	"strings"

	"closer"
)

// The closer.Bulk methods. Records arrive validated by the domain; these
// methods only check that every reference (owner, account, contact,
// opportunity, list entry) belongs to the org, so that a bulk never writes
// outside it.

// Org returns the org the bulk writes into.
func (b *bulk) Org() *closer.Org { return b.org }

// Lists returns the org's lists, including the entries added by the bulk.
func (b *bulk) Lists() *closer.Lists { return b.lists }

// Members returns the org's members, including inactive ones and the users
// added by the bulk.
func (b *bulk) Members() []closer.Member { return b.members }

// AccountID returns the id of the first account named exactly name (once
// normalised: closer.NormalizeName), else of the one account so named case
// aside (as the API finds one), or 0.
func (b *bulk) AccountID(name string) int64 {
	if id, ok := b.accounts[closer.NormalizeName(name)]; ok {
		return id
	} else if same := b.folded[closer.NameKey(name)]; len(same) == 1 {
		return same[0].ID
	}
	return 0
}

// AccountsNamed lists the org's accounts named name (closer.SameName: case
// aside, however written), the oldest first, those the bulk added included.
func (b *bulk) AccountsNamed(name string) []closer.AccountRef {
	return b.folded[closer.NameKey(name)]
}

// AddListItem appends an entry at the end of its list, at once.
func (b *bulk) AddListItem(it *closer.ListItem) error {
	if err := b.wait(); err != nil {
		return err
	} else if _, err := closer.ParseListKind(string(it.Kind)); err != nil {
		return err
	} else if err := it.Validate(); err != nil {
		return err
	}
	it.Position = 0
	if b.dry {
		if err := b.dryListItem(it); err != nil {
			return err
		}
	} else if err := insertListItem(b.ctx, b.tx, b.dialect, b.org.ID, it); err != nil {
		return err
	}
	b.lists.Add(*it)
	return nil
}

// dryListItem gives it the id and position that insertListItem would, in a
// dry run, and refuses a name taken as it does (the bulk's lists hold the
// org's entries and those the bulk added).
func (b *bulk) dryListItem(it *closer.ListItem) error {
	same := b.lists.Of(it.Kind)
	for _, o := range same {
		if closer.SameListName(o.Name, it.Name) {
			return nameTaken(o.Name)
		}
	}
	id, err := b.w.nextID("list_items")
	if err != nil {
		return err
	}
	it.ID, it.Position = id, len(same)+1
	return nil
}

// AddUser creates a user without a password and makes them a member with
// role. An e-mail already taken by any user is ECONFLICT: a bulk never grants
// an existing person access to the org.
func (b *bulk) AddUser(name, email string, role closer.Role) (int64, error) {
	if err := b.wait(); err != nil {
		return 0, err
	}
	email, err := closer.NormalizeEmail(email)
	if err != nil {
		return 0, err
	} else if _, err := closer.ParseRole(string(role)); err != nil {
		return 0, err
	}
	name = closer.NormalizeName(name)
	if name == "" {
		name = strings.SplitN(email, "@", 2)[0]
	} else if err := closer.CheckLine("name", name, 200); err != nil {
		return 0, err
	}
	var id int64
	taken := false
	if b.dry {
		id, taken, err = b.dryUser(email)
	} else {
		err = b.tx.QueryRowContext(b.ctx, `INSERT INTO users (email, name, password_hash, lang, created_at) VALUES ($1, $2, '', '', $3) RETURNING id`,
			email, name, b.nowTS).Scan(&id)
		taken = closer.ErrorCode(translate(err)) == closer.ECONFLICT
	}
	if taken {
		return 0, &closer.Error{Code: closer.ECONFLICT, Field: "email", Message: "A user with the e-mail " + email + " already exists."}
	} else if err != nil {
		return 0, err
	}
	if b.dry {
		// nothing to write
	} else if _, err := b.tx.ExecContext(b.ctx, `INSERT INTO memberships (org_id, user_id, role, active, created_at) VALUES ($1, $2, $3, TRUE, $4)`,
		b.org.ID, id, string(role), b.nowTS); err != nil {
		return 0, err
	}
	b.members = append(b.members, closer.Member{UserID: id, Email: email, Name: name, Role: role, Active: true})
	b.isMember[id] = true
	return id, nil
}

// dryUser gives the user AddUser would create the id the database would, in
// a dry run, or reports the e-mail taken, by any user or by one the bulk
// added, as the unique constraint would.
func (b *bulk) dryUser(email string) (id int64, taken bool, err error) {
	for _, m := range b.members {
		if m.Email == email {
			return 0, true, nil
		}
	}
	if err := b.tx.QueryRowContext(b.ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)`, email).Scan(&taken); err != nil || taken {
		return 0, taken, err
	}
	id, err = b.w.nextID("users")
	return id, false, err
}

// AddAccount buffers an account and assigns its id.
func (b *bulk) AddAccount(a *closer.Account) error {
	if err := b.owner(a.OwnerID, false); err != nil {
		return err
	}
	id, err := b.newID(tAccounts)
	if err != nil {
		return err
	}
	a.ID, a.Created = id, b.now
	b.nameAccount(closer.AccountRef{ID: id, Name: a.Name, City: a.City, Phone: a.Phone})
	return b.add(tAccounts, id, b.org.ID, a.Name, closer.SortKey(a.Name), nullID(a.OwnerID), a.City, a.Phone, a.Website, a.Note, b.nowTS)
}

// AddContact buffers a contact and assigns its id.
func (b *bulk) AddContact(c *closer.Contact) error {
	if err := b.inOrg(tAccounts, c.AccountID, "account"); err != nil {
		return err
	} else if err := b.owner(c.OwnerID, false); err != nil {
		return err
	}
	id, err := b.newID(tContacts)
	if err != nil {
		return err
	}
	c.ID, c.Created = id, b.now
	b.noteContactEmail(c.Email, id, c.AccountID)
	return b.add(tContacts, id, b.org.ID, nullID(c.AccountID), nullID(c.OwnerID), c.Name, closer.SortKey(c.Name), c.Email, c.Phone, c.JobTitle, b.nowTS)
}

// AddOpportunity buffers an opportunity (version 1) and its events: created
// (to open) at its detection, the extra events given (stage moves…), and the
// status change that leads to its status (at its close date, or the day it
// was put on hold) unless the extra events already reach it. Events are
// stored in time order; generated ones are the owner's.
func (b *bulk) AddOpportunity(o *closer.Opportunity, extra ...closer.Event) error {
	if err := b.checkOpportunity(o, extra); err != nil {
		return err
	}
	id, err := b.newID(tOpportunities)
	if err != nil {
		return err
	}
	o.ID, o.OrgID, o.Version, o.Created, o.Updated = id, b.org.ID, 1, b.now, b.now
	if err := b.add(tOpportunities, id, b.org.ID, o.Title, closer.SortKey(o.Title), o.OwnerID, nullID(o.AccountID), nullID(o.ContactID), nullID(o.SourceID),
		nullID(o.StageID), nullID(o.FurthestStageID), string(o.Status), int64(o.Amount), dateArg(o.DetectedOn), dateArg(o.ExpectedCloseOn),
		dateArg(o.NextActionOn), o.NextAction, o.HoldReason, dateArg(o.HeldOn), dateArg(o.ReviewOn), dateArg(o.ClosedOn),
		nullID(o.LossReasonID), nullID(o.CompetitorID), o.CompetitorUnknown, nullID(o.VanishReasonID), o.Note, int64(1), b.nowTS, b.nowTS); err != nil {
		return err
	}
	if b.counts == nil {
		b.counts = map[countKey]int{}
	}
	b.counts[countKey{o.Status, o.OwnerID}]++
	b.summaries.add(o)
	return b.addEvents(o, extra)
}

func (b *bulk) checkOpportunity(o *closer.Opportunity, extra []closer.Event) error {
	if err := b.owner(o.OwnerID, true); err != nil {
		return err
	} else if err := b.inOrg(tAccounts, o.AccountID, "account"); err != nil {
		return err
	} else if err := b.inOrg(tContacts, o.ContactID, "contact"); err != nil {
		return err
	}
	for _, c := range []struct {
		k  closer.ListKind
		id int64
	}{{closer.ListSources, o.SourceID}, {closer.ListStages, o.StageID}, {closer.ListStages, o.FurthestStageID},
		{closer.ListLossReasons, o.LossReasonID}, {closer.ListCompetitors, o.CompetitorID}, {closer.ListVanishReasons, o.VanishReasonID}} {
		if err := b.listItem(c.k, c.id); err != nil {
			return err
		}
	}
	for _, e := range extra {
		if err := b.member(e.UserID, "user", false); err != nil {
			return err
		}
	}
	return nil
}

func (b *bulk) addEvents(o *closer.Opportunity, extra []closer.Event) error {
	var buf [8]closer.Event
	evs := append(buf[:0], closer.Event{Kind: closer.EventCreated, At: b.at(o.DetectedOn, 9), To: string(closer.StatusOpen)})
	status := string(closer.StatusOpen)
	for _, e := range extra {
		if e.At.IsZero() {
			e.At = evs[0].At
		}
		if e.Kind == closer.EventStatus {
			status = e.To
		}
		evs = append(evs, e)
	}
	if status != string(o.Status) {
		on := o.ClosedOn
		if o.Status == closer.StatusOnHold {
			on = o.HeldOn
		}
		if on.IsZero() {
			on = o.DetectedOn
		}
		evs = append(evs, closer.Event{Kind: closer.EventStatus, At: b.at(on, 18), From: status, To: string(o.Status)})
	}
	if len(extra) > 0 {
		slices.SortStableFunc(evs, func(x, y closer.Event) int { return x.At.Compare(y.At) })
	}
	for i := range evs {
		e := &evs[i]
		if e.UserID == 0 {
			e.UserID = o.OwnerID
		}
		if e.At.After(b.lastEvent) {
			b.lastEvent = e.At
		}
		id, err := b.w.nextID("events")
		if err != nil {
			return err
		}
		if err := b.add(tEvents, id, b.org.ID, o.ID, ts(e.At), e.UserID, string(e.Kind), e.From, e.To); err != nil {
			return err
		}
	}
	return nil
}

// AddQuote buffers a quote of an opportunity of the org.
func (b *bulk) AddQuote(q *closer.Quote) error {
	if q.OpportunityID == 0 {
		return closer.FieldError("opportunity", "A quote belongs to an opportunity.")
	} else if err := b.inOrg(tOpportunities, q.OpportunityID, "opportunity"); err != nil {
		return err
	}
	id, err := b.w.nextID("quotes")
	if err != nil {
		return err
	}
	q.ID, q.Created = id, b.now
	return b.add(tQuotes, id, b.org.ID, q.OpportunityID, q.Number, int64(q.Amount), dateArg(q.SentOn), string(q.Status), b.nowTS)
}

// AddOrder buffers an order of an account of the org.
func (b *bulk) AddOrder(o *closer.Order) error {
	if o.AccountID == 0 {
		return closer.FieldError("account", "An order belongs to an account.")
	} else if err := b.inOrg(tAccounts, o.AccountID, "account"); err != nil {
		return err
	} else if err := b.inOrg(tOpportunities, o.OpportunityID, "opportunity"); err != nil {
		return err
	} else if err := b.owner(o.OwnerID, false); err != nil {
		return err
	}
	id, err := b.w.nextID("orders")
	if err != nil {
		return err
	}
	o.ID, o.Created = id, b.now
	if err := b.add(tOrders, id, b.org.ID, o.AccountID, nullID(o.OpportunityID), nullID(o.OwnerID), string(o.Kind), o.Reference,
		int64(o.Amount), dateArg(o.OrderedOn), b.nowTS); err != nil {
		return err
	}
	b.summaries.addOrder(o)
	return nil
}

// AddActivity buffers an activity of a member of the org.
func (b *bulk) AddActivity(a *closer.Activity) error {
	if err := b.owner(a.OwnerID, true); err != nil {
		return err
	} else if err := b.inOrg(tOpportunities, a.OpportunityID, "opportunity"); err != nil {
		return err
	} else if err := b.inOrg(tAccounts, a.AccountID, "account"); err != nil {
		return err
	}
	id, err := b.w.nextID("activities")
	if err != nil {
		return err
	}
	a.ID, a.Created = id, b.now
	return b.add(tActivities, id, b.org.ID, string(a.Kind), a.OwnerID, a.Subject, dateArg(a.DueOn), dateArg(a.DoneOn),
		nullID(a.OpportunityID), nullID(a.AccountID), a.Note, b.nowTS)
}

// AddTarget buffers a target of a member, or of the team (UserID 0). A
// second target for the same person and period is ECONFLICT when written.
func (b *bulk) AddTarget(t *closer.Target) error {
	if err := b.owner(t.UserID, false); err != nil {
		return err
	}
	id, err := b.w.nextID("targets")
	if err != nil {
		return err
	}
	t.ID = id
	return b.add(tTargets, id, b.org.ID, t.UserID, string(t.Period), dateArg(t.StartsOn), int64(t.Amount))
}
