package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"closer"
)

// Members lists the members of the actor's org, active first, by name.
func (db *DB) Members(ctx context.Context) ([]closer.Member, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	return members(ctx, db.db, a.OrgID)
}

func members(ctx context.Context, q querier, orgID int64) ([]closer.Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.email, u.name, m.role, m.active FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 ORDER BY u.id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []closer.Member
	for rows.Next() {
		var m closer.Member
		var role string
		if err := rows.Scan(&m.UserID, &m.Email, &m.Name, &role, &m.Active); err != nil {
			return nil, err
		}
		m.Role = closer.Role(role)
		out = append(out, m)
	}
	// Active first, then by name as people read it (closer.CompareNames):
	// SQL would put "Émilie" after "Zoé" on SQLite.
	slices.SortStableFunc(out, func(a, b closer.Member) int {
		if a.Active != b.Active {
			if a.Active {
				return -1
			}
			return 1
		}
		return closer.CompareNames(a.Name, b.Name)
	})
	return out, rows.Err()
}

// isMember reports whether userID is a member (active or not) of orgID.
// Who may own records is memberField's rule.
func isMember(ctx context.Context, q querier, orgID, userID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID).Scan(&n)
	return n > 0, err
}

// AddMember makes the user of email a member of the org of slug with role,
// or changes the role of an existing member (reactivating them) under the
// rules of UpdateMember: the org keeps an active owner. The system (command
// line) or the org's owner may do it.
func (db *DB) AddMember(ctx context.Context, slug, email string, role closer.Role) error {
	if _, err := closer.ParseRole(string(role)); err != nil {
		return err
	}
	org, err := db.FindOrgBySlug(ctx, slug)
	if err != nil {
		return err
	}
	if !closer.IsSystem(ctx) {
		a, err := closer.CurrentActor(ctx)
		if err != nil {
			return err
		} else if a.OrgID != org.ID {
			return closer.Errorf(closer.ENOTFOUND, "Organization not found.")
		} else if err := a.CanAdminister(); err != nil {
			return err
		}
	}
	u, err := db.FindUserByEmail(ctx, email)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := db.lockMemberships(ctx, tx, org.ID); err != nil {
			return err
		} else if err := stillAdministers(ctx, tx, org.ID); err != nil {
			return err
		}
		var cur string
		var curActive bool
		err := tx.QueryRowContext(ctx, `SELECT role, active FROM memberships WHERE org_id = $1 AND user_id = $2`, org.ID, u.ID).Scan(&cur, &curActive)
		switch {
		case err == sql.ErrNoRows:
			_, err = tx.ExecContext(ctx, `INSERT INTO memberships (org_id, user_id, role, active, created_at) VALUES ($1, $2, $3, TRUE, $4)`, org.ID, u.ID, string(role), ts(db.Now()))
			if err != nil || closer.IsSystem(ctx) {
				return err // the command line: no member acts
			}
			return db.audit(ctx, tx, closer.AuditMemberAdd, u.Email, string(role))
		case err != nil:
			return err
		}
		if err := keepAnOwner(ctx, tx, org.ID, cur, curActive, string(role), true); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE memberships SET role = $1, active = TRUE WHERE org_id = $2 AND user_id = $3`, string(role), org.ID, u.ID); err != nil {
			return err
		}
		if closer.IsSystem(ctx) {
			return nil
		}
		return db.auditMemberChange(ctx, tx, u.ID, cur, string(role), curActive, true)
	})
}

// lockMemberships locks the org's row until tx ends: every change of the
// org's memberships takes this lock before it reads them, so that changes
// of one org's members run one after the other. Without it, keepAnOwner
// was a write skew on PostgreSQL: two owners demoting each other at the
// same moment each counted two owners, and both went through, leaving the
// org without one. Under the lock the second change waits for the first to
// commit, then reads what it did (READ COMMITTED reads anew at each
// statement): the last owner is kept. SQLite needs no lock: its write
// transactions are one at a time already (lockRows).
func (db *DB) lockMemberships(ctx context.Context, tx *sql.Tx, orgID int64) error {
	var id int64
	return tx.QueryRowContext(ctx, `SELECT o.id FROM orgs o WHERE o.id = $1`+db.dialect.lockRows("o"), orgID).Scan(&id)
}

// stillAdministers checks, under lockMemberships, that the acting member is
// still an active owner of orgID: the role in the actor was read when the
// request began, and an owner demoted meanwhile (by the change the lock
// waited for) no longer manages the members. The system (command line) may.
func stillAdministers(ctx context.Context, tx *sql.Tx, orgID int64) error {
	if closer.IsSystem(ctx) {
		return nil
	}
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	}
	var role string
	var active bool
	err = tx.QueryRowContext(ctx, `SELECT role, active FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, a.UserID).Scan(&role, &active)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !active {
		return closer.Errorf(closer.ENOTFOUND, "Organization not found.")
	} else if err != nil {
		return err
	}
	a.Role = closer.Role(role)
	return a.CanAdminister()
}

// keepAnOwner refuses to demote or deactivate the org's last active owner:
// an org always keeps someone who manages its members and settings. Every
// change of a membership goes through it, under lockMemberships.
func keepAnOwner(ctx context.Context, q querier, orgID int64, role string, active bool, newRole string, newActive bool) error {
	if role != string(closer.RoleOwner) || !active || (newRole == role && newActive) {
		return nil
	}
	owners, err := count(ctx, q, `SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'owner' AND active`, orgID)
	if err != nil {
		return err
	} else if owners <= 1 {
		// named by what the change set: the role, or, when it only
		// deactivates, active
		field := "role"
		if newRole == role {
			field = "active"
		}
		return closer.FieldError(field, "The organization must keep at least one active owner.")
	}
	return nil
}

// UpdateMember changes a member's role or active flag (owners only). The
// last active owner cannot be demoted or deactivated: an org keeps an owner.
func (db *DB) UpdateMember(ctx context.Context, userID int64, role *closer.Role, active *bool) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanAdminister(); err != nil {
		return err
	}
	if role != nil {
		if _, err := closer.ParseRole(string(*role)); err != nil {
			return err
		}
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := db.lockMemberships(ctx, tx, a.OrgID); err != nil {
			return err
		} else if err := stillAdministers(ctx, tx, a.OrgID); err != nil {
			return err
		}
		var cur string
		var curActive bool
		err := tx.QueryRowContext(ctx, `SELECT role, active FROM memberships WHERE org_id = $1 AND user_id = $2`, a.OrgID, userID).Scan(&cur, &curActive)
		if err == sql.ErrNoRows {
			return closer.Errorf(closer.ENOTFOUND, "Member not found.")
		} else if err != nil {
			return err
		}
		newRole, newActive := cur, curActive
		if role != nil {
			newRole = string(*role)
		}
		if active != nil {
			newActive = *active
		}
		if err := keepAnOwner(ctx, tx, a.OrgID, cur, curActive, newRole, newActive); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE memberships SET role = $1, active = $2 WHERE org_id = $3 AND user_id = $4`, newRole, newActive, a.OrgID, userID)
		if err != nil {
			return err
		}
		return db.auditMemberChange(ctx, tx, userID, cur, newRole, curActive, newActive)
	})
}

// auditMemberChange records a change of role and of the active flag, each
// as its own entry, naming the member by e-mail.
func (db *DB) auditMemberChange(ctx context.Context, tx *sql.Tx, userID int64, oldRole, newRole string, wasActive, isActive bool) error {
	var email string
	if err := tx.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, userID).Scan(&email); err != nil {
		return err
	}
	if oldRole != newRole {
		if err := db.audit(ctx, tx, closer.AuditMemberRole, email, oldRole+" → "+newRole); err != nil {
			return err
		}
	}
	switch {
	case wasActive && !isActive:
		return db.audit(ctx, tx, closer.AuditMemberDeactivate, email, "")
	case !wasActive && isActive:
		return db.audit(ctx, tx, closer.AuditMemberActivate, email, "")
	}
	return nil
}
