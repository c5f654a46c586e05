package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"closer"
)

var _ closer.SessionService = (*DB)(nil)

// sessionPrefix marks session secrets.
const sessionPrefix = "cs_"

// CreateSession opens a session for userID and returns its secret. Expired
// sessions of the user are swept at the same time. The request's client
// (address, browser) is kept for the account page.
func (db *DB) CreateSession(ctx context.Context, userID int64) (string, error) {
	secret := newSecret(sessionPrefix)
	now := db.Now()
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND expires_at < $2`, userID, ts(now)); err != nil {
			return err
		}
		c := closer.ClientFromContext(ctx)
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip) VALUES ($1, $2, $3, $3, $4, $5, $6)`,
			hashSecret(secret), userID, ts(now), ts(now.Add(closer.SessionTTL)), cut(c.UserAgent, 300), cut(c.IP, 64))
		return err
	})
	return secret, err
}

// SessionUser returns the user of a live session. The expiry slides forward
// at most once a minute, so that reads stay reads.
func (db *DB) SessionUser(ctx context.Context, secret string) (*closer.User, error) {
	if len(secret) < 10 || len(secret) > 200 {
		return nil, closer.Errorf(closer.EUNAUTHORIZED, "Please sign in.")
	}
	var lastSeen, expires time.Time
	var u closer.User
	var hash string
	err := db.db.QueryRowContext(ctx, `SELECT s.last_seen_at, s.expires_at, `+userColumns+` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = $1`,
		hashSecret(secret)).Scan(tsc(&lastSeen), tsc(&expires), &u.ID, &u.Email, &u.Name, &u.Lang, tsc(&u.Created), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, closer.Errorf(closer.EUNAUTHORIZED, "Please sign in.")
	} else if err != nil {
		return nil, err
	}
	now := db.Now()
	if now.After(expires) {
		return nil, closer.Errorf(closer.EUNAUTHORIZED, "Your session has expired: please sign in again.")
	}
	u.HasLogin = hash != ""
	if now.Sub(lastSeen) > time.Minute {
		if err := db.touchSession(ctx, secret, now); err != nil {
			return nil, err
		}
	}
	return &u, nil
}

// touchSession slides a session's expiry forward from now. It is the only
// write of a page that reads, and one it can do without (execUnlessBusy).
func (db *DB) touchSession(ctx context.Context, secret string, now time.Time) error {
	return db.execUnlessBusy(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE hash = $3`,
		ts(now), ts(now.Add(closer.SessionTTL)), hashSecret(secret))
}

// execUnlessBusy runs a write that a request which reads can do without
// (a session's slide, a token's last use): on SQLite, while another
// connection holds the write lock (a large import), it is skipped at once
// rather than waited for, so that the request reads without waiting the
// busy timeout and failing; a later request makes it.
func (db *DB) execUnlessBusy(ctx context.Context, query string, args ...any) error {
	if db.dialect == postgres {
		_, err := db.db.ExecContext(ctx, query, args...)
		return err
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, query, args...)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA busy_timeout = %d`, sqliteBusyTimeout)); rerr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn }) // not back into the pool without its timeout
		return rerr
	}
	if errors.Is(translate(err), errBusy) {
		return nil
	}
	return err
}

// DeleteSession ends a session (sign-out), recorded in the audit log of
// the user's orgs; an unknown one is already ended.
func (db *DB) DeleteSession(ctx context.Context, secret string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var userID int64
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE hash = $1 RETURNING user_id`, hashSecret(secret)).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		return db.auditUser(ctx, tx, userID, closer.AuditSignOut, "", "")
	})
}

// SetLang records a user's interface language.
func (db *DB) SetLang(ctx context.Context, userID int64, lang string) error {
	if lang != "" && lang != "fr" && lang != "en" {
		return closer.FieldError("lang", "Language must be fr or en.")
	}
	_, err := db.db.ExecContext(ctx, `UPDATE users SET lang = $1 WHERE id = $2`, lang, userID)
	return err
}
