package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"closer"
)

var _ closer.AccountService = (*DB)(nil)

const accountColumns = `id, name, owner_id, city, phone, website, note, created_at`

func scanAccount(row interface{ Scan(...any) error }) (*closer.Account, error) {
	var a closer.Account
	err := row.Scan(&a.ID, &a.Name, nz(&a.OwnerID), &a.City, &a.Phone, &a.Website, &a.Note, tsc(&a.Created))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, closer.Errorf(closer.ENOTFOUND, "Account not found.")
	}
	return &a, err
}

// CreateAccount stores a new account. Its owner defaults to the actor; a
// salesperson may only create accounts they own.
func (db *DB) CreateAccount(ctx context.Context, acc *closer.Account) error {
	_, err := db.addAccount(ctx, acc, false)
	return err
}

// AccountNamed finds the org's account named acc.Name (closer.SameName;
// the first made, of homonyms) and fills acc with it, or creates acc as
// CreateAccount does when there is none: what a form that takes an
// account by its name does. Both are one write, one after the other in an
// org (lockRecordNames): two colleagues typing one new name at the same
// moment make one account. It reports whether it created the account.
func (db *DB) AccountNamed(ctx context.Context, acc *closer.Account) (bool, error) {
	return db.addAccount(ctx, acc, true)
}

// addAccount is CreateAccount, or, byName, AccountNamed.
func (db *DB) addAccount(ctx context.Context, acc *closer.Account, byName bool) (created bool, err error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return false, err
	} else if err := a.CanCreate(); err != nil {
		return false, err
	}
	if acc.OwnerID == 0 {
		acc.OwnerID = a.UserID
	}
	if err := a.CanAssign(acc.OwnerID); err != nil {
		return false, err
	} else if err := acc.Validate(); err != nil {
		return false, err
	}
	acc.Created = db.Now()
	err = db.write(ctx, func(tx *sql.Tx) error {
		created = false
		if byName {
			found, err := accountNamed(ctx, tx, db.dialect, a.OrgID, acc.Name)
			if err != nil || found != nil {
				if found != nil {
					*acc = *found
				}
				return err
			}
		}
		created = true
		return insertAccount(ctx, tx, a.OrgID, acc)
	})
	return created, err
}

// insertAccount writes a new account, checked, in a transaction.
func insertAccount(ctx context.Context, tx *sql.Tx, orgID int64, acc *closer.Account) error {
	if err := memberField(ctx, tx, orgID, acc.OwnerID, "owner"); err != nil {
		return err
	}
	return tx.QueryRowContext(ctx, `INSERT INTO accounts (org_id, name, name_key, owner_id, city, phone, website, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		orgID, acc.Name, closer.SortKey(acc.Name), nullID(acc.OwnerID), acc.City, acc.Phone, acc.Website, acc.Note, ts(acc.Created)).Scan(&acc.ID)
}

// FindAccount returns an account of the actor's org.
func (db *DB) FindAccount(ctx context.Context, id int64) (*closer.Account, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	return findAccount(ctx, db.db, a.OrgID, id)
}

func findAccount(ctx context.Context, q querier, orgID, id int64) (*closer.Account, error) {
	return scanAccount(q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE org_id = $1 AND id = $2`, orgID, id))
}

// FindAccounts lists the org's accounts by name, with the total count of
// those that match the filter (Q searches the name, case-insensitively).
func (db *DB) FindAccounts(ctx context.Context, f closer.AccountFilter) ([]*closer.Account, int, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.add("org_id = ?", a.OrgID)
	if err := addNameSearch(&w, f.Q); err != nil {
		return nil, 0, err
	}
	if f.OwnerID != 0 {
		w.add("owner_id = ?", f.OwnerID)
	}
	total, err := count(ctx, db.db, `SELECT COUNT(*) FROM accounts`+w.String(), w.args...)
	if err != nil {
		return nil, 0, err
	}
	p := f.Page.Normalize()
	out, err := queryAll(ctx, db.db, scanAccount, `SELECT `+accountColumns+` FROM accounts`+w.String()+
		` ORDER BY name_key, id LIMIT `+w.arg(p.Limit)+` OFFSET `+w.arg(p.Offset), w.args...)
	return out, total, err
}

// UpdateAccount replaces the editable fields of an account. Whoever may
// change it (its owner, managers, owners) may update it; an OwnerID of 0
// keeps the current owner, and a new owner must be a member the actor may
// hand records to (a salesperson cannot give an account away).
func (db *DB) UpdateAccount(ctx context.Context, acc *closer.Account) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		cur, err := findAccount(ctx, tx, a.OrgID, acc.ID)
		if err != nil {
			return err
		} else if err := a.CanChange(cur.OwnerID); err != nil {
			return err
		}
		if acc.OwnerID == 0 {
			acc.OwnerID = cur.OwnerID
		}
		if err := acc.Validate(); err != nil {
			return err
		}
		if acc.OwnerID != cur.OwnerID {
			if err := a.CanAssign(acc.OwnerID); err != nil {
				return err
			} else if err := memberField(ctx, tx, a.OrgID, acc.OwnerID, "owner"); err != nil {
				return err
			}
		}
		acc.Created = cur.Created
		_, err = tx.ExecContext(ctx, `UPDATE accounts SET name = $1, name_key = $2, owner_id = $3, city = $4, phone = $5, website = $6, note = $7
			WHERE org_id = $8 AND id = $9`,
			acc.Name, closer.SortKey(acc.Name), nullID(acc.OwnerID), acc.City, acc.Phone, acc.Website, acc.Note, a.OrgID, acc.ID)
		return err
	})
}

// DeleteAccount deletes an account (owners only). An account that
// opportunities or orders still use is refused (ECONFLICT, saying how many):
// they are the org's history. Its contacts are deleted with it (contacts are
// personal data; the opportunities that named one keep no contact), and its
// activities stay with their owner, no longer tied to the account.
func (db *DB) DeleteAccount(ctx context.Context, id int64) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanDelete(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		cur, err := findAccount(ctx, tx, a.OrgID, id)
		if err != nil {
			return err
		}
		var opps, orders int
		err = tx.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM opportunities WHERE org_id = $1 AND account_id = $2),
			(SELECT COUNT(*) FROM orders WHERE org_id = $1 AND account_id = $2)`, a.OrgID, id).Scan(&opps, &orders)
		if err != nil {
			return err
		} else if opps > 0 || orders > 0 {
			var uses []string
			if opps > 0 {
				uses = append(uses, plural(opps, "opportunity", "opportunities"))
			}
			if orders > 0 {
				uses = append(uses, plural(orders, "order", "orders"))
			}
			return closer.Errorf(closer.ECONFLICT, "This account is used by %s: reassign or delete them first.", strings.Join(uses, " and "))
		}
		if err := unlinkContacts(ctx, tx, a.OrgID, `contact_id IN (SELECT id FROM contacts WHERE org_id = $1 AND account_id = $2)`, id, db.Now()); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM contacts WHERE org_id = $1 AND account_id = $2`,
			`UPDATE activities SET account_id = NULL WHERE org_id = $1 AND account_id = $2`,
			`DELETE FROM accounts WHERE org_id = $1 AND id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, a.OrgID, id); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, closer.AuditDelete("account"), auditTarget("account", id), cur.Name)
	})
}

// maxNameSearch bounds a search text: longer is a paste accident or an attack.
const maxNameSearch = 200

// addNameSearch adds a search of q in the name, regardless of case and accents
// (name_key, the name's closer.SortKey).
func addNameSearch(w *where, q string) error {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	} else if !utf8.ValidString(q) || utf8.RuneCountInString(q) > maxNameSearch {
		return closer.FieldError("q", "The search text must be valid text of %d characters at most.", maxNameSearch)
	}
	w.add(`name_key LIKE ? ESCAPE '\'`, likePattern(q))
	return nil
}

// plural writes "1 order", "3 orders".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
