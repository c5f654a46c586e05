package closer

import (
	"context"
	"time"
)

// InvitationTTL is how long an invitation link stays valid.
const InvitationTTL = 7 * 24 * time.Hour

// Invitation asks a person, by e-mail, to join an org with a role. Its link
// carries a random secret, used once; only the secret's hash is stored.
type Invitation struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Role      Role      `json:"role"`
	InvitedBy int64     `json:"invited_by"`
	Created   time.Time `json:"created_at"`
	Expires   time.Time `json:"expires_at"`
}

// InvitationService invites people to the actor's org (owners only) and lets
// the invited person accept.
type InvitationService interface {
	// CreateInvitation invites email with role and returns the link's secret, shown once.
	CreateInvitation(ctx context.Context, email string, role Role) (string, *Invitation, error)
	// Invitations lists the org's pending invitations (neither used, revoked nor expired).
	Invitations(ctx context.Context) ([]*Invitation, error)
	// RevokeInvitation makes a pending invitation unusable.
	RevokeInvitation(ctx context.Context, id int64) error
	// AcceptInvitation makes userID, whose e-mail must be the invited one, a
	// member of the invitation's org with its role (reactivating a deactivated
	// membership) and answers the org. An unknown, used, revoked or expired secret is
	// ENOTFOUND, its message saying which.
	AcceptInvitation(ctx context.Context, secret string, userID int64) (*Org, error)
}
