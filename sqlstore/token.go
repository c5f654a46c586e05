package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"closer"
)

// tokenPrefix marks Closer's API tokens, so that leaked ones are easy to spot.
const tokenPrefix = "closer_"

// CreateToken makes a personal API token for userID. The secret is returned
// once; only its SHA-256 is stored. The creation is audited in the user's orgs.
func (db *DB) CreateToken(ctx context.Context, userID int64, name string) (string, *closer.Token, error) {
	name = closer.NormalizeName(name)
	if name == "" {
		name = "API"
	} else if len(name) > 100 {
		return "", nil, closer.FieldError("name", "The token name is too long (100 characters at most).")
	} else if err := closer.CheckLine("name", name, 100); err != nil {
		return "", nil, err
	}
	secret := newSecret(tokenPrefix)
	t := &closer.Token{UserID: userID, Name: name, Created: db.Now()}
	err := db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO tokens (user_id, name, hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			userID, name, hashSecret(secret), ts(t.Created)).Scan(&t.ID)
		if err != nil {
			return err
		}
		return db.auditUser(ctx, tx, userID, closer.AuditTokenCreate, name, "")
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// UserByToken returns the user of a token secret and records when it was
// last used (at most once a minute, to keep reads cheap; skipped while a
// long write such as an import holds SQLite's lock, execUnlessBusy).
func (db *DB) UserByToken(ctx context.Context, secret string) (*closer.User, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 200 {
		return nil, closer.Errorf(closer.EUNAUTHORIZED, "Invalid API token.")
	}
	var tokenID int64
	var lastUsed time.Time
	var u closer.User
	var hash string
	err := db.db.QueryRowContext(ctx, `SELECT t.id, t.last_used_at, `+userColumns+` FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = $1 AND t.revoked_at IS NULL`, hashSecret(secret)).
		Scan(&tokenID, tsc(&lastUsed), &u.ID, &u.Email, &u.Name, &u.Lang, tsc(&u.Created), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, closer.Errorf(closer.EUNAUTHORIZED, "Invalid or revoked API token.")
	} else if err != nil {
		return nil, err
	}
	u.HasLogin = hash != ""
	if now := db.Now(); now.Sub(lastUsed) > time.Minute {
		if err := db.execUnlessBusy(ctx, `UPDATE tokens SET last_used_at = $1 WHERE id = $2`, ts(now), tokenID); err != nil {
			return nil, err
		}
	}
	return &u, nil
}
