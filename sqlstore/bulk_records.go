package sqlstore

import (
	"closer"
)

// What an import of quotes or activities finds again among the org's
// records, so that importing a file twice adds nothing the second time, as
// OrderExists does for orders. Each is read once, on the first call, after
// the bulk's writes in flight; what the bulk adds itself is not among
// them: a file that has a record twice imports both, as the API would, and
// importing it again leaves both.

// quoteKey is how an import finds a quote again: its opportunity and its
// number, trimmed and case aside (closer.NameKey).
type quoteKey struct {
	opportunityID int64
	number        string
}

// activityKey is how an import finds an activity again: everything that
// says what it was but its note, which an import never writes over.
type activityKey struct {
	kind                     closer.ActivityKind
	ownerID                  int64
	subject                  string // closer.NameKey
	due, done                closer.Date
	opportunityID, accountID int64
}

func activityKeyOf(a *closer.Activity) activityKey {
	return activityKey{a.Kind, a.OwnerID, closer.NameKey(a.Subject), a.DueOn, a.DoneOn, a.OpportunityID, a.AccountID}
}

// QuoteExists reports whether the org had a quote of that number for the
// opportunity when the bulk began.
func (b *bulk) QuoteExists(opportunityID int64, number string) (bool, error) {
	number = closer.NameKey(number)
	if number == "" || opportunityID <= 0 {
		return false, nil
	}
	if b.quoteKeys == nil {
		if err := b.wait(); err != nil {
			return false, err
		}
		rows, err := b.tx.QueryContext(b.ctx, `SELECT opportunity_id, number FROM quotes WHERE org_id = $1`, b.org.ID)
		if err != nil {
			return false, err
		}
		defer rows.Close()
		b.quoteKeys = map[quoteKey]bool{}
		for rows.Next() {
			var k quoteKey
			if err := rows.Scan(&k.opportunityID, &k.number); err != nil {
				return false, err
			}
			k.number = closer.NameKey(k.number)
			b.quoteKeys[k] = true
		}
		if err := rows.Err(); err != nil {
			return false, err
		}
	}
	return b.quoteKeys[quoteKey{opportunityID, number}], nil
}

// ActivityExists reports whether the org had an activity such as a (its
// note aside) when the bulk began. An activity whose owner, opportunity or
// account the import creates (a negative id) is new.
func (b *bulk) ActivityExists(a *closer.Activity) (bool, error) {
	if a.OwnerID < 0 || a.OpportunityID < 0 || a.AccountID < 0 {
		return false, nil
	}
	if b.activityKeys == nil {
		if err := b.wait(); err != nil {
			return false, err
		}
		// Notes aside: they may be long, and are not compared.
		rows, err := b.tx.QueryContext(b.ctx, `SELECT kind, owner_id, subject, due_on, done_on, opportunity_id, account_id
			FROM activities WHERE org_id = $1`, b.org.ID)
		if err != nil {
			return false, err
		}
		defer rows.Close()
		b.activityKeys = map[activityKey]bool{}
		for rows.Next() {
			var act closer.Activity
			var kind string
			if err := rows.Scan(&kind, &act.OwnerID, &act.Subject, &act.DueOn, &act.DoneOn, nz(&act.OpportunityID), nz(&act.AccountID)); err != nil {
				return false, err
			}
			act.Kind = closer.ActivityKind(kind)
			b.activityKeys[activityKeyOf(&act)] = true
		}
		if err := rows.Err(); err != nil {
			return false, err
		}
	}
	return b.activityKeys[activityKeyOf(a)], nil
}
