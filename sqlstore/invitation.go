package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"closer"
)

var _ closer.InvitationService = (*DB)(nil)

// invitationPrefix marks invitation secrets.
const invitationPrefix = "inv_"

// CreateInvitation invites email to the actor's org with role (owners only);
// the secret is returned once, only its hash is stored.
func (db *DB) CreateInvitation(ctx context.Context, email string, role closer.Role) (string, *closer.Invitation, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return "", nil, err
	} else if err := a.CanAdminister(); err != nil {
		return "", nil, err
	}
	if _, err := closer.ParseRole(string(role)); err != nil {
		return "", nil, err
	}
	email, err = closer.NormalizeEmail(email)
	if err != nil {
		return "", nil, err
	}
	now := db.Now()
	inv := &closer.Invitation{Email: email, Role: role, InvitedBy: a.UserID, Created: now, Expires: now.Add(closer.InvitationTTL)}
	secret := newSecret(invitationPrefix)
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO invitations (org_id, email, role, hash, invited_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			a.OrgID, email, string(role), hashSecret(secret), a.UserID, ts(inv.Created), ts(inv.Expires)).Scan(&inv.ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, closer.AuditInviteCreate, email, string(role))
	})
	if err != nil {
		return "", nil, err
	}
	return secret, inv, nil
}

// Invitations lists the pending invitations of the actor's org (owners only), newest first.
func (db *DB) Invitations(ctx context.Context) ([]*closer.Invitation, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	} else if err := a.CanAdminister(); err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, email, role, COALESCE(invited_by, 0), created_at, expires_at FROM invitations
		WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2 ORDER BY id DESC`, a.OrgID, ts(db.Now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*closer.Invitation{}
	for rows.Next() {
		inv := &closer.Invitation{}
		var role, created, expires string
		if err := rows.Scan(&inv.ID, &inv.Email, &role, &inv.InvitedBy, &created, &expires); err != nil {
			return nil, err
		}
		inv.Role, inv.Created, inv.Expires = closer.Role(role), parseTS(created), parseTS(expires)
		out = append(out, inv)
	}
	return out, rows.Err()
}

// RevokeInvitation makes a pending invitation of the actor's org unusable (owners only).
func (db *DB) RevokeInvitation(ctx context.Context, id int64) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanAdminister(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET revoked_at = $1 WHERE org_id = $2 AND id = $3
			AND accepted_at IS NULL AND revoked_at IS NULL`, ts(db.Now()), a.OrgID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return closer.Errorf(closer.ENOTFOUND, "Invitation not found (or already used or revoked).")
		}
		return nil
	})
}

// AcceptInvitation makes userID a member of the invitation's org with its
// role, in one transaction that also marks the invitation used.
func (db *DB) AcceptInvitation(ctx context.Context, secret string, userID int64) (*closer.Org, error) {
	if !strings.HasPrefix(secret, invitationPrefix) || len(secret) > 200 {
		return nil, closer.Errorf(closer.ENOTFOUND, "This invitation link is not valid.")
	}
	var slug string
	err := db.write(ctx, func(tx *sql.Tx) error {
		var id, orgID int64
		var email, role, expires string
		var accepted, revoked sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT i.id, i.org_id, o.slug, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at
			FROM invitations i JOIN orgs o ON o.id = i.org_id WHERE i.hash = $1`, hashSecret(secret)).
			Scan(&id, &orgID, &slug, &email, &role, &expires, &accepted, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return closer.Errorf(closer.ENOTFOUND, "This invitation link is not valid.")
		} else if err != nil {
			return err
		}
		now := db.Now()
		switch {
		case accepted.Valid:
			return closer.Errorf(closer.ENOTFOUND, "This invitation has already been used.")
		case revoked.Valid:
			return closer.Errorf(closer.ENOTFOUND, "This invitation has been revoked.")
		case !parseTS(expires).After(now):
			return closer.Errorf(closer.ENOTFOUND, "This invitation has expired.")
		}
		var userEmail string
		if err := tx.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, userID).Scan(&userEmail); err != nil {
			return err
		}
		if !strings.EqualFold(userEmail, email) {
			return closer.Errorf(closer.EFORBIDDEN, "This invitation is for %s: sign in with that address.", email)
		}
		// A deactivated member comes back with the invited role; an active
		// one keeps theirs (an invitation never demotes the last owner).
		var active sql.NullBool
		err = tx.QueryRowContext(ctx, `SELECT active FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID).Scan(&active)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO memberships (org_id, user_id, role, active, created_at) VALUES ($1, $2, $3, TRUE, $4)`,
				orgID, userID, role, ts(now))
		case err == nil && !active.Bool:
			_, err = tx.ExecContext(ctx, `UPDATE memberships SET role = $1, active = TRUE WHERE org_id = $2 AND user_id = $3`, role, orgID, userID)
		}
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `UPDATE invitations SET accepted_at = $1 WHERE id = $2`, ts(now), id); err != nil {
			return err
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, userID).Scan(&name); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, closer.AuditEntry{OrgID: orgID, UserID: userID, UserName: name,
			Action: closer.AuditInviteAccept, Target: email, Detail: role})
	})
	if err != nil {
		return nil, err
	}
	return db.FindOrgBySlug(ctx, slug)
}
