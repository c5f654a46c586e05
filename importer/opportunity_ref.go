package importer

import (
	"slices"
	"strings"

	"closer"
)

// linkedOpportunity finds the opportunity that a row of orders, quotes or
// activities names in its opportunity column, as Closer's exports name it:
// by title (or id), those at accountID first (the row's account; 0 for
// none), and, among several of that title, by the row's
// opportunity_detected_on, opportunity_closed_on and opportunity_amount
// when the mapping reads them (see opportunityOf). It returns a zero
// OpportunityRef when the row names none; a problem when the reference
// finds none, or several it cannot tell apart; an error when the store
// fails. On PostgreSQL the opportunity found is share-locked until the
// import ends (see closer.Bulk's Opportunity).
func linkedOpportunity(c *columns, res *resolver, r *Row, accountID int64) (closer.OpportunityRef, *Problem, error) {
	ref := c.fields["opportunity"].text(r)
	if ref == "" {
		return closer.OpportunityRef{}, nil, nil
	}
	p := Problem{Line: r.Line, Field: "opportunity", Value: ref}
	opp, n, err := res.b.Opportunity(ref, accountID)
	if err == nil && opp.ID == 0 && n > 1 && c.tellsOpportunities() {
		// Several of that title: the row's opportunity_* cells (Closer's
		// exports write them) tell which one.
		titled, bad := n, (*Problem)(nil)
		if opp, n, bad = opportunityOf(c, res, r, ref, accountID); bad != nil {
			return closer.OpportunityRef{}, bad, nil
		} else if n == 0 {
			p = p.because("%d opportunities have this title, none with the row's account, detection date, close date and amount", titled)
			return closer.OpportunityRef{}, &p, nil
		}
	}
	switch {
	case err != nil:
		return closer.OpportunityRef{}, nil, err
	case n == 0:
		p = p.because("no opportunity has this title or id")
	case opp.ID == 0 && c.tellsOpportunities():
		p = p.because("%d opportunities have this title, account, detection date, close date and amount: give its id", n)
	case opp.ID == 0:
		p = p.because("%d opportunities have this title: give its id", n)
	default:
		return opp, nil, nil
	}
	return closer.OpportunityRef{}, &p, nil
}

// knownAccount finds, without creating it, the account of the org that a
// row names by its account, account_city and account_phone (as accountAt
// compares them: the city case and accents aside, the phone by its
// digits): a quote's row names its opportunity's account only to find
// that opportunity among those of one title. It returns 0 when the row
// names none; a problem when it names one the org does not have, or
// several it cannot tell apart.
func knownAccount(c *columns, res *resolver, r *Row) (int64, *Problem) {
	f := c.fields
	name := f["account"].text(r)
	if name == "" {
		return 0, nil
	}
	city, phone := strings.TrimSpace(f["account_city"].text(r)), strings.TrimSpace(f["account_phone"].text(r))
	found := res.b.AccountsNamed(name)
	if city != "" || c.locatesAccounts() {
		found = slices.DeleteFunc(slices.Clone(found), func(a closer.AccountRef) bool {
			return closer.SortKey(strings.TrimSpace(a.City)) != closer.SortKey(city)
		})
	}
	if len(found) > 1 && phone != "" {
		if same := slices.DeleteFunc(slices.Clone(found), func(a closer.AccountRef) bool { return !samePhone(a.Phone, phone) }); len(same) > 0 {
			found = same
		}
	}
	switch len(found) {
	case 0:
		p := Problem{Line: r.Line, Field: "account", Value: name}.because("no account of the organization has this name (and city)")
		return 0, &p
	case 1:
		return found[0].ID, nil
	}
	p := Problem{Line: r.Line, Field: "account", Value: name}.because("%d accounts have this name, city and phone: the import cannot tell which one is meant", len(found))
	return 0, &p
}
