package closer

import (
	"context"
	"time"
)

// SessionTTL is how long a web session lives without use; each use extends it.
const SessionTTL = 14 * 24 * time.Hour

// SessionService keeps signed-in browser sessions. Only a hash of the
// session secret is stored; the secret lives in the browser's cookie.
type SessionService interface {
	// CreateSession opens a session for userID and returns its secret.
	CreateSession(ctx context.Context, userID int64) (string, error)
	// SessionUser returns the user of a live session and extends it;
	// EUNAUTHORIZED when the session is unknown, expired or revoked.
	SessionUser(ctx context.Context, secret string) (*User, error)
	// DeleteSession ends one session (sign out).
	DeleteSession(ctx context.Context, secret string) error
	// SetLang records a user's interface language ("fr", "en" or "" for the browser's).
	SetLang(ctx context.Context, userID int64, lang string) error
}
