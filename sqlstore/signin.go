package sqlstore

import (
	"context"
	"database/sql"
	"math"
	"strings"
	"time"

	"closer"
)

// Authenticate checks an e-mail and a password. Unknown users and wrong
// passwords get the same answer, after the same work. Past
// closer.SignInMaxPerEmail failures for the e-mail, or
// closer.SignInMaxPerAddress from the client's address, within
// closer.SignInWindow, it refuses with ETOOMANY before looking at the
// password. The failures are counted in the database, so that every
// instance of the server shares them. A sign-in and a failed one of a known
// user are recorded in the audit log of each of their orgs; a failure for an
// unknown e-mail is only counted.
func (db *DB) Authenticate(ctx context.Context, email, password string) (*closer.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	ip := closer.ClientIPFromContext(ctx)
	now := db.Now()
	if err := db.checkSignInLimits(ctx, email, ip, now); err != nil {
		return nil, err
	}
	u, hash, err := scanUser(db.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email = $1`, email))
	if err != nil && closer.ErrorCode(err) != closer.ENOTFOUND {
		return nil, err
	}
	if !checkPassword(hash, password) || u == nil {
		err := db.write(ctx, func(tx *sql.Tx) error {
			if err := countSignInFailure(ctx, tx, email, ip, now); err != nil {
				return err
			}
			if u == nil {
				return nil
			}
			return db.auditUser(ctx, tx, u.ID, closer.AuditSignInFailed, u.Email, "")
		})
		if err != nil {
			return nil, err
		}
		return nil, closer.Errorf(closer.EUNAUTHORIZED, "Wrong e-mail or password.")
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		// A success forgives the e-mail's earlier failures, not the address's.
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_failures WHERE email = $1`, email); err != nil {
			return err
		}
		return db.auditUser(ctx, tx, u.ID, closer.AuditSignIn, u.Email, "")
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// checkSignInLimits refuses with ETOOMANY, saying how long to wait, when
// the e-mail or the address has reached its limit of failures.
func (db *DB) checkSignInLimits(ctx context.Context, email, ip string, now time.Time) error {
	wait, err := db.signInWait(ctx, email, ip, now)
	if err != nil {
		return err
	} else if wait > 0 {
		minutes := int(math.Ceil(wait.Minutes()))
		return closer.Errorf(closer.ETOOMANY, "Too many attempts: try again in %d minutes.", minutes)
	}
	return nil
}

// countSignInFailure stores a failed attempt and sweeps those that left the window.
func countSignInFailure(ctx context.Context, q querier, email, ip string, now time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM signin_failures WHERE at < $1`, ts(now.Add(-closer.SignInWindow))); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO signin_failures (email, ip, at) VALUES ($1, $2, $3)`, cut(email, 254), cut(ip, 64), ts(now))
	return err
}

// signInWait returns how long the e-mail or the address must wait before a
// new attempt: 0 when neither has reached its limit within the window.
func (db *DB) signInWait(ctx context.Context, email, ip string, now time.Time) (time.Duration, error) {
	since := ts(now.Add(-closer.SignInWindow))
	wait := time.Duration(0)
	check := func(column, value string, limit int) error {
		// The limit-th most recent failure in the window: the wait ends
		// when it leaves the window.
		var at time.Time
		err := db.db.QueryRowContext(ctx, `SELECT at FROM signin_failures WHERE `+column+` = $1 AND at >= $2 ORDER BY at DESC LIMIT 1 OFFSET $3`,
			value, since, limit-1).Scan(tsc(&at))
		if err == sql.ErrNoRows {
			return nil
		} else if err != nil {
			return err
		}
		if w := at.Add(closer.SignInWindow).Sub(now); w > wait {
			wait = w
		}
		return nil
	}
	if err := check("email", email, closer.SignInMaxPerEmail); err != nil {
		return 0, err
	}
	if ip != "" {
		if err := check("ip", ip, closer.SignInMaxPerAddress); err != nil {
			return 0, err
		}
	}
	return wait, nil
}
