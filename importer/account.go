package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"closer"
)

// importAccounts checks every row of an accounts file and returns what
// writes them. An account whose name, city and phone (case aside) the org
// already has is left as it is and counted as unchanged; the same name,
// city and phone twice in the file is a problem.
func importAccounts(ctx context.Context, c *columns, res *resolver, t *Table, rep *Report) func() error {
	f := c.fields
	seen := map[string]int{}
	var accounts []closer.Account
	for i := range t.Rows {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil
		}
		r := &t.Rows[i]
		a := closer.Account{Name: f["name"].text(r), City: f["city"].text(r), Phone: f["phone"].text(r),
			Website: f["website"].text(r), Note: f["note"].text(r)}
		if err := a.Validate(); err != nil {
			rep.problem(*rowProblem(r, f[closer.ErrorField(err)], err))
			continue
		}
		// Homonyms are different accounts when their city or phone differ
		// (three "M. et Mme Martin" in one town); the same row twice is not.
		key := strings.ToLower(a.Name + "\x00" + a.City + "\x00" + a.Phone)
		if line, dup := seen[key]; dup {
			rep.problem(Problem{Line: r.Line, Field: "name", Value: a.Name}.because("the account is already on line %d", line))
			continue
		}
		seen[key] = r.Line
		// The org's account of the same name, city and phone, as above:
		// a homonym elsewhere is another customer.
		if slices.ContainsFunc(res.b.AccountsNamed(a.Name), func(x closer.AccountRef) bool { return x.SameAs(a.Name, a.City, a.Phone) }) {
			rep.Unchanged++ // nor is its owner created
			continue
		}
		var err error
		if a.OwnerID, err = res.owner(f["owner"].text(r)); err != nil {
			rep.problem(*rowProblem(r, f["owner"], err))
			continue
		}
		accounts = append(accounts, a)
	}
	return func() error {
		for i := range accounts {
			a := &accounts[i]
			a.OwnerID = res.id(a.OwnerID)
			if err := res.b.AddAccount(a); err != nil {
				return fmt.Errorf("account %q: %w", a.Name, err)
			}
			rep.Imported++
		}
		return nil
	}
}
