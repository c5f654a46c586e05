package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"closer"
)

var _ closer.AccessService = (*DB)(nil)

// sessionRefLen is how many hex digits of a session's stored hash name it
// in URLs. The hash is not a credential (the cookie holds the secret, and
// a lookup hashes it), so showing a part of it reveals nothing usable.
const sessionRefLen = 16

// sessionRef returns the ref of the session of secret.
func sessionRef(secret string) string { return hashSecret(secret)[:sessionRefLen] }

// UserSessions lists the user's live sessions, newest first.
func (db *DB) UserSessions(ctx context.Context, userID int64, current string) ([]closer.Session, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT hash, created_at, last_seen_at, expires_at, user_agent, ip FROM sessions
		WHERE user_id = $1 AND expires_at >= $2 ORDER BY created_at DESC, hash`, userID, ts(db.Now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cur := ""
	if current != "" {
		cur = hashSecret(current)
	}
	out := []closer.Session{}
	for rows.Next() {
		var s closer.Session
		var hash string
		if err := rows.Scan(&hash, tsc(&s.Created), tsc(&s.LastSeen), tsc(&s.Expires), &s.UserAgent, &s.IP); err != nil {
			return nil, err
		}
		s.Ref, s.Current = hash[:sessionRefLen], hash == cur
		out = append(out, s)
	}
	return out, rows.Err()
}

// RevokeSession ends one of the user's sessions; its next request is sent
// to the sign-in page.
func (db *DB) RevokeSession(ctx context.Context, userID int64, ref string) error {
	if len(ref) != sessionRefLen {
		return closer.Errorf(closer.ENOTFOUND, "Session not found.")
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		var ua string
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND substr(hash, 1, 16) = $2 RETURNING user_agent`, userID, ref).Scan(&ua)
		if errors.Is(err, sql.ErrNoRows) {
			return closer.Errorf(closer.ENOTFOUND, "Session not found.")
		} else if err != nil {
			return err
		}
		return db.auditUser(ctx, tx, userID, closer.AuditSessionRevoke, ua, "")
	})
}

// RevokeOtherSessions ends every session of the user but the current one.
func (db *DB) RevokeOtherSessions(ctx context.Context, userID int64, current string) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = revokeOthers(ctx, tx, userID, current)
		if err != nil || n == 0 {
			return err
		}
		return db.auditUser(ctx, tx, userID, closer.AuditSessionRevoke, "", strconv.FormatInt(n, 10)+" other sessions")
	})
	return int(n), err
}

// revokeOthers deletes the user's sessions but the one of current.
func revokeOthers(ctx context.Context, tx *sql.Tx, userID int64, current string) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND hash <> $2`, userID, hashSecret(current))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// UserTokens lists the user's API tokens, revoked ones included, newest first.
func (db *DB) UserTokens(ctx context.Context, userID int64) ([]closer.Token, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM tokens
		WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []closer.Token{}
	for rows.Next() {
		var t closer.Token
		var used, revoked time.Time
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, tsc(&t.Created), tsc(&used), tsc(&revoked)); err != nil {
			return nil, err
		}
		if !used.IsZero() {
			t.LastUsed = &used
		}
		if !revoked.IsZero() {
			t.Revoked = &revoked
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the user's tokens; revoking it again is a no-op.
func (db *DB) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var name string
		var revoked sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT name, revoked_at FROM tokens WHERE id = $1 AND user_id = $2`, tokenID, userID).Scan(&name, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return closer.Errorf(closer.ENOTFOUND, "Token not found.")
		} else if err != nil || revoked.Valid {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = $1 WHERE id = $2`, ts(db.Now()), tokenID); err != nil {
			return err
		}
		return db.auditUser(ctx, tx, userID, closer.AuditTokenRevoke, name, "")
	})
}

// ChangePassword checks the current password, stores the new one (argon2id,
// at least 8 characters) and ends the user's other sessions. A wrong current
// password counts as a failed sign-in, under the same limits: a stolen
// session cannot be used to guess the password.
func (db *DB) ChangePassword(ctx context.Context, userID int64, currentPassword, newPassword, currentSession string) error {
	var hash, email string
	err := db.db.QueryRowContext(ctx, `SELECT password_hash, email FROM users WHERE id = $1`, userID).Scan(&hash, &email)
	if errors.Is(err, sql.ErrNoRows) {
		return closer.Errorf(closer.ENOTFOUND, "User not found.")
	} else if err != nil {
		return err
	}
	ip, now := closer.ClientIPFromContext(ctx), db.Now()
	if err := db.checkSignInLimits(ctx, email, ip, now); err != nil {
		return err
	}
	if !checkPassword(hash, currentPassword) {
		if err := countSignInFailure(ctx, db.db, email, ip, now); err != nil {
			return err
		}
		return closer.FieldError("current_password", "The current password is wrong.")
	}
	newHash, err := hashPassword(newPassword)
	var e *closer.Error
	if errors.As(err, &e) && e.Code == closer.EINVALID {
		named := *e
		named.Field = "new_password"
		return &named
	} else if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, newHash, userID); err != nil {
			return err
		}
		if _, err := revokeOthers(ctx, tx, userID, currentSession); err != nil {
			return err
		}
		return db.auditUser(ctx, tx, userID, closer.AuditPasswordChange, "", "")
	})
}
