package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"closer"
)

const contactColumns = `id, account_id, owner_id, name, email, phone, job_title, created_at`

func scanContact(row interface{ Scan(...any) error }) (*closer.Contact, error) {
	var c closer.Contact
	err := row.Scan(&c.ID, nz(&c.AccountID), nz(&c.OwnerID), &c.Name, &c.Email, &c.Phone, &c.JobTitle, tsc(&c.Created))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, closer.Errorf(closer.ENOTFOUND, "Contact not found.")
	}
	return &c, err
}

// CreateContact stores a new contact, at an account of the org or at
// none. Its owner defaults to the actor; a salesperson may only create
// contacts they own.
func (db *DB) CreateContact(ctx context.Context, c *closer.Contact) error {
	_, err := db.addContact(ctx, c, false)
	return err
}

// ContactNamed finds the org's contact named c.Name (closer.SameName; the
// first made, of homonyms) at c.AccountID, or at any account when it is 0,
// and fills c with it, or creates c as CreateContact does when there is
// none, in one write, as AccountNamed does accounts. It reports whether it
// created the contact.
func (db *DB) ContactNamed(ctx context.Context, c *closer.Contact) (bool, error) {
	return db.addContact(ctx, c, true)
}

// addContact is CreateContact, or, byName, ContactNamed.
func (db *DB) addContact(ctx context.Context, c *closer.Contact, byName bool) (created bool, err error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return false, err
	} else if err := a.CanCreate(); err != nil {
		return false, err
	}
	if c.OwnerID == 0 {
		c.OwnerID = a.UserID
	}
	if err := a.CanAssign(c.OwnerID); err != nil {
		return false, err
	} else if err := c.Validate(); err != nil {
		return false, err
	}
	c.Created = db.Now()
	err = db.write(ctx, func(tx *sql.Tx) error {
		created = false
		if byName {
			found, err := contactNamed(ctx, tx, db.dialect, a.OrgID, c.AccountID, c.Name)
			if err != nil || found != nil {
				if found != nil {
					*c = *found
				}
				return err
			}
		}
		created = true
		return insertContact(ctx, tx, a.OrgID, c)
	})
	return created, err
}

// insertContact writes a new contact, checked, in a transaction.
func insertContact(ctx context.Context, tx *sql.Tx, orgID int64, c *closer.Contact) error {
	if err := memberField(ctx, tx, orgID, c.OwnerID, "owner"); err != nil {
		return err
	} else if err := inOrg(ctx, tx, "accounts", orgID, c.AccountID, "account"); err != nil {
		return err
	}
	return tx.QueryRowContext(ctx, `INSERT INTO contacts (org_id, account_id, owner_id, name, name_key, email, phone, job_title, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		orgID, nullID(c.AccountID), nullID(c.OwnerID), c.Name, closer.SortKey(c.Name), c.Email, c.Phone, c.JobTitle, ts(c.Created)).Scan(&c.ID)
}

// FindContact returns a contact of the actor's org.
func (db *DB) FindContact(ctx context.Context, id int64) (*closer.Contact, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	return findContact(ctx, db.db, a.OrgID, id)
}

func findContact(ctx context.Context, q querier, orgID, id int64) (*closer.Contact, error) {
	return scanContact(q.QueryRowContext(ctx, `SELECT `+contactColumns+` FROM contacts WHERE org_id = $1 AND id = $2`, orgID, id))
}

// FindContacts lists the org's contacts by name, with the total count of
// those that match the filter (Q searches the name, case-insensitively).
func (db *DB) FindContacts(ctx context.Context, f closer.ContactFilter) ([]*closer.Contact, int, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.add("org_id = ?", a.OrgID)
	if err := addNameSearch(&w, f.Q); err != nil {
		return nil, 0, err
	}
	if f.AccountID != 0 {
		w.add("account_id = ?", f.AccountID)
	}
	total, err := count(ctx, db.db, `SELECT COUNT(*) FROM contacts`+w.String(), w.args...)
	if err != nil {
		return nil, 0, err
	}
	p := f.Page.Normalize()
	out, err := queryAll(ctx, db.db, scanContact, `SELECT `+contactColumns+` FROM contacts`+w.String()+
		` ORDER BY name_key, id LIMIT `+w.arg(p.Limit)+` OFFSET `+w.arg(p.Offset), w.args...)
	return out, total, err
}

// UpdateContact replaces the editable fields of a contact (AccountID 0
// detaches it from its account). An OwnerID of 0 keeps the current owner; a
// salesperson cannot give a contact away.
func (db *DB) UpdateContact(ctx context.Context, c *closer.Contact) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		cur, err := findContact(ctx, tx, a.OrgID, c.ID)
		if err != nil {
			return err
		} else if err := a.CanChange(cur.OwnerID); err != nil {
			return err
		}
		if c.OwnerID == 0 {
			c.OwnerID = cur.OwnerID
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if c.OwnerID != cur.OwnerID {
			if err := a.CanAssign(c.OwnerID); err != nil {
				return err
			} else if err := memberField(ctx, tx, a.OrgID, c.OwnerID, "owner"); err != nil {
				return err
			}
		}
		if err := inOrg(ctx, tx, "accounts", a.OrgID, c.AccountID, "account"); err != nil {
			return err
		}
		c.Created = cur.Created
		_, err = tx.ExecContext(ctx, `UPDATE contacts SET account_id = $1, owner_id = $2, name = $3, name_key = $4, email = $5, phone = $6, job_title = $7
			WHERE org_id = $8 AND id = $9`,
			nullID(c.AccountID), nullID(c.OwnerID), c.Name, closer.SortKey(c.Name), c.Email, c.Phone, c.JobTitle, a.OrgID, c.ID)
		return err
	})
}

// DeleteContact erases a contact (owners only). Contacts are personal data
// that must be erasable on request, so the opportunities that name the
// contact are not a reason to refuse: they are unlinked (no contact, version
// bumped so that a form opened before sees the change) and keep their history.
func (db *DB) DeleteContact(ctx context.Context, id int64) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanDelete(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		cur, err := findContact(ctx, tx, a.OrgID, id)
		if err != nil {
			return err
		}
		if err := unlinkContacts(ctx, tx, a.OrgID, `contact_id = $2`, id, db.Now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE org_id = $1 AND id = $2`, a.OrgID, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, closer.AuditDelete("contact"), auditTarget("contact", id), cur.Name)
	})
}

// unlinkContacts clears the contact of the org's opportunities that match
// cond (written with $1 for the org and $2 for arg), bumping their version.
func unlinkContacts(ctx context.Context, tx *sql.Tx, orgID int64, cond string, arg int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE opportunities SET contact_id = NULL, version = version + 1, updated_at = $3
		WHERE org_id = $1 AND `+cond, orgID, arg, ts(now))
	return err
}
