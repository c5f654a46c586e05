package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

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
	if err := refuseMemberInvitation(ctx, db.db, a.OrgID, email); err != nil {
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

// refuseMemberInvitation refuses to invite an active member of the org who
// can sign in: they are in already, and an invitation would only change
// their role, which the Members page does (and says so in the audit log).
// A deactivated member is invited back; a member made by an import, who has
// no password yet, is invited to get one.
func refuseMemberInvitation(ctx context.Context, q querier, orgID int64, email string) error {
	var role, hash string
	var active bool
	err := q.QueryRowContext(ctx, `SELECT m.role, m.active, u.password_hash FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 AND u.email = $2`, orgID, email).Scan(&role, &active, &hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	case active && hash != "":
		return closer.FieldError("email", "%s is already a member of this organization, as %s: change their role on the Members page rather than invite them.", email, closer.Role(role).Phrase())
	}
	return nil
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
		var email, role string
		if err := tx.QueryRowContext(ctx, `SELECT email, role FROM invitations WHERE id = $1`, id).Scan(&email, &role); err != nil {
			return err
		}
		return db.audit(ctx, tx, closer.AuditInviteRevoke, email, role)
	})
}

// validInvitationSecret tells a string that may be an invitation secret
// from one that cannot, before any query.
func validInvitationSecret(secret string) bool {
	return strings.HasPrefix(secret, invitationPrefix) && len(secret) <= 200
}

// errInvitationUnknown answers a secret that names no invitation.
func errInvitationUnknown() error {
	return closer.Errorf(closer.ENOTFOUND, "This invitation link is not valid.")
}

// claimedInvitation is an invitation being accepted.
type claimedInvitation struct {
	id, orgID         int64
	slug, email, role string
}

// claimInvitation marks the pending invitation of secret used, in tx: a
// used, revoked or expired one is ENOTFOUND saying which. Two concurrent
// claims cannot both succeed: the update only takes an unused row.
func (db *DB) claimInvitation(ctx context.Context, tx *sql.Tx, secret string) (claimedInvitation, error) {
	var inv claimedInvitation
	if !validInvitationSecret(secret) {
		return inv, errInvitationUnknown()
	}
	var expires string
	var accepted, revoked sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT i.id, i.org_id, o.slug, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at
		FROM invitations i JOIN orgs o ON o.id = i.org_id WHERE i.hash = $1`, hashSecret(secret)).
		Scan(&inv.id, &inv.orgID, &inv.slug, &inv.email, &inv.role, &expires, &accepted, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return inv, errInvitationUnknown()
	} else if err != nil {
		return inv, err
	}
	now := db.Now()
	switch invitationState(accepted, revoked, expires, now) {
	case closer.InvitationUsed:
		return inv, closer.Errorf(closer.ENOTFOUND, "This invitation has already been used.")
	case closer.InvitationRevoked:
		return inv, closer.Errorf(closer.ENOTFOUND, "This invitation has been revoked.")
	case closer.InvitationExpired:
		return inv, closer.Errorf(closer.ENOTFOUND, "This invitation has expired.")
	}
	res, err := tx.ExecContext(ctx, `UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL`, ts(now), inv.id)
	if err != nil {
		return inv, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return inv, err
	} else if n != 1 {
		return inv, closer.Errorf(closer.ENOTFOUND, "This invitation has already been used.")
	}
	return inv, nil
}

// invitationState is where an invitation stands at now.
func invitationState(accepted, revoked sql.NullString, expires string, now time.Time) closer.InvitationState {
	switch {
	case accepted.Valid:
		return closer.InvitationUsed
	case revoked.Valid:
		return closer.InvitationRevoked
	case !parseTS(expires).After(now):
		return closer.InvitationExpired
	}
	return closer.InvitationPending
}

// joinOrg makes userID a member of the claimed invitation's org with its
// role, as the invitation's page promised, and records the acceptance in
// the org's audit log. A deactivated member comes back with the invited
// role. A member already (an invitation older than their membership, or one
// that gives a user made by an import their password) takes the invited
// role too, under the rule of every change of role: the org keeps an
// active owner; the change of role is recorded as such, beside the
// acceptance. Nothing is applied, and the invitation stays unused, when
// the change is refused.
func (db *DB) joinOrg(ctx context.Context, tx *sql.Tx, inv claimedInvitation, userID int64, name string) error {
	if err := db.lockMemberships(ctx, tx, inv.orgID); err != nil {
		return err
	}
	var role string
	var active bool
	err := tx.QueryRowContext(ctx, `SELECT role, active FROM memberships WHERE org_id = $1 AND user_id = $2`, inv.orgID, userID).Scan(&role, &active)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO memberships (org_id, user_id, role, active, created_at) VALUES ($1, $2, $3, TRUE, $4)`,
			inv.orgID, userID, inv.role, ts(db.Now()))
	case err == nil:
		if err := keepAnOwner(ctx, tx, inv.orgID, role, active, inv.role, true); closer.ErrorCode(err) == closer.EINVALID {
			return closer.Errorf(closer.EINVALID, "You are the last active owner of this organization: accepting this invitation as %s would leave it without one. Make someone else an owner first, or ask for another invitation.", closer.Role(inv.role).Phrase())
		} else if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE memberships SET role = $1, active = TRUE WHERE org_id = $2 AND user_id = $3`, inv.role, inv.orgID, userID)
	}
	if err != nil {
		return err
	}
	entry := closer.AuditEntry{OrgID: inv.orgID, UserID: userID, UserName: name, Action: closer.AuditInviteAccept, Target: inv.email, Detail: inv.role}
	if err := db.insertAudit(ctx, tx, entry); err != nil {
		return err
	}
	if role != "" && role != inv.role {
		entry.Action, entry.Detail = closer.AuditMemberRole, role+" → "+inv.role
		return db.insertAudit(ctx, tx, entry)
	}
	return nil
}

// AcceptInvitation makes userID a member of the invitation's org with its
// role, in one transaction that also marks the invitation used.
func (db *DB) AcceptInvitation(ctx context.Context, secret string, userID int64) (*closer.Org, error) {
	var slug string
	err := db.write(ctx, func(tx *sql.Tx) error {
		inv, err := db.claimInvitation(ctx, tx, secret)
		if err != nil {
			return err
		}
		slug = inv.slug
		var userEmail, name string
		if err := tx.QueryRowContext(ctx, `SELECT email, name FROM users WHERE id = $1`, userID).Scan(&userEmail, &name); err != nil {
			return err
		}
		if !strings.EqualFold(userEmail, inv.email) {
			return closer.Errorf(closer.EFORBIDDEN, "This invitation is for %s: sign in with that address.", inv.email)
		}
		return db.joinOrg(ctx, tx, inv, userID, name)
	})
	if err != nil {
		return nil, err
	}
	return db.FindOrgBySlug(ctx, slug)
}

// InvitationBySecret tells the holder of a secret what it invites to, in
// whatever state; an unknown secret is ENOTFOUND and names nothing.
func (db *DB) InvitationBySecret(ctx context.Context, secret string) (*closer.InvitationDetails, error) {
	if !validInvitationSecret(secret) {
		return nil, errInvitationUnknown()
	}
	d := &closer.InvitationDetails{}
	var role, expires string
	var accepted, revoked sql.NullString
	err := db.db.QueryRowContext(ctx, `SELECT i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at, o.slug, o.name, o.timezone, COALESCE(u.name, '')
		FROM invitations i JOIN orgs o ON o.id = i.org_id LEFT JOIN users u ON u.id = i.invited_by WHERE i.hash = $1`, hashSecret(secret)).
		Scan(&d.Email, &role, &expires, &accepted, &revoked, &d.OrgSlug, &d.OrgName, &d.Timezone, &d.InviterName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errInvitationUnknown()
	} else if err != nil {
		return nil, err
	}
	d.Role, d.Expires = closer.Role(role), parseTS(expires)
	d.State = invitationState(accepted, revoked, expires, db.Now())
	var hash, memberRole string
	err = db.db.QueryRowContext(ctx, `SELECT u.password_hash, COALESCE(m.role, '') FROM users u
		LEFT JOIN memberships m ON m.user_id = u.id AND m.active AND m.org_id = (SELECT id FROM orgs WHERE slug = $2)
		WHERE u.email = $1`, d.Email, d.OrgSlug).Scan(&hash, &memberRole)
	switch {
	case err == nil:
		d.UserExists, d.UserHasLogin, d.MemberRole = true, hash != "", closer.Role(memberRole)
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	return d, nil
}

// JoinByInvitation creates the invited person's account (or sets the
// password of a user of the invited e-mail who has none) and accepts the
// invitation, all in one transaction: a refused invitation creates no
// account, and an account is never created without its membership.
func (db *DB) JoinByInvitation(ctx context.Context, secret string, u *closer.User, password string) (*closer.Org, error) {
	if !validInvitationSecret(secret) {
		return nil, errInvitationUnknown()
	}
	u.Name = closer.NormalizeName(u.Name)
	if u.Name == "" {
		return nil, closer.FieldError("name", "Enter your name.")
	} else if err := closer.CheckLine("name", u.Name, 200); err != nil {
		return nil, err
	}
	if u.Lang != "" && u.Lang != "fr" && u.Lang != "en" {
		return nil, closer.FieldError("lang", "Language must be fr or en.")
	}
	hash, err := hashPassword(password)
	if err != nil {
		return nil, err
	}
	var slug string
	err = db.write(ctx, func(tx *sql.Tx) error {
		inv, err := db.claimInvitation(ctx, tx, secret)
		if err != nil {
			return err
		}
		slug, u.Email = inv.slug, inv.email
		var oldHash string
		err = tx.QueryRowContext(ctx, `SELECT id, password_hash FROM users WHERE email = $1`, inv.email).Scan(&u.ID, &oldHash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			u.Created = db.Now()
			err = tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, lang, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				u.Email, u.Name, hash, u.Lang, ts(u.Created)).Scan(&u.ID)
		case err != nil:
		case oldHash != "":
			err = closer.Errorf(closer.ECONFLICT, "An account already exists for %s: sign in to accept the invitation.", inv.email)
		default:
			_, err = tx.ExecContext(ctx, `UPDATE users SET name = $1, lang = $2, password_hash = $3 WHERE id = $4`, u.Name, u.Lang, hash, u.ID)
		}
		if err != nil {
			return err
		}
		u.HasLogin = true
		return db.joinOrg(ctx, tx, inv, u.ID, u.Name)
	})
	if err != nil {
		return nil, err
	}
	return db.FindOrgBySlug(ctx, slug)
}
