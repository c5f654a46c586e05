package closer

import (
	"context"
	"time"
)

// Sign-in limits: past either count of failures within SignInWindow, a
// sign-in is refused (ETOOMANY) before the password is even checked.
const (
	SignInWindow        = 15 * time.Minute
	SignInMaxPerEmail   = 5  // failures for one e-mail address
	SignInMaxPerAddress = 20 // failures from one client address, whatever the e-mail
)

// Session is one signed-in browser of a user, as the account page lists it.
// Ref names it in URLs: it is derived from the stored hash, never the secret.
type Session struct {
	Ref       string    `json:"ref"`
	Created   time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen_at"`
	Expires   time.Time `json:"expires_at"`
	UserAgent string    `json:"user_agent"`
	IP        string    `json:"ip"`
	Current   bool      `json:"current"` // the session of the request that lists them
}

// AccessService is what a user manages on their own account page: their
// sessions, their API tokens and their password. Every method acts on the
// user it is given only: another user's session or token is ENOTFOUND.
type AccessService interface {
	// UserSessions lists the user's live sessions, newest first; the one whose
	// secret is current is marked.
	UserSessions(ctx context.Context, userID int64, current string) ([]Session, error)
	// RevokeSession ends one of the user's sessions.
	RevokeSession(ctx context.Context, userID int64, ref string) error
	// RevokeOtherSessions ends every session of the user but the current one
	// and returns how many it ended.
	RevokeOtherSessions(ctx context.Context, userID int64, current string) (int, error)
	// UserTokens lists the user's API tokens, revoked ones included, newest first.
	UserTokens(ctx context.Context, userID int64) ([]Token, error)
	// RevokeToken revokes one of the user's tokens: it stops working at once.
	RevokeToken(ctx context.Context, userID, tokenID int64) error
	// ChangePassword checks the current password, sets the new one and ends
	// the user's other sessions.
	ChangePassword(ctx context.Context, userID int64, currentPassword, newPassword, currentSession string) error
}
